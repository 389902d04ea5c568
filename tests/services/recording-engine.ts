import { ChatError } from '../../src/engine/errors'
import type { ChatEngine, EngineEventData, EngineEventHandler, EngineEventName, UserStatus } from '../../src/engine/types'

export interface RecordedCall {
  method: 'getUserStatus' | 'subscribeUserStatus' | 'unsubscribeUserStatus'
  userIDList: string[] | undefined
  at: number
}

/**
 * A minimal engine for scheduling tests: records every status call with the (fake) time, answers
 * every user as online, and can be told to fail the next call with a code.
 */
export class RecordingEngine implements ChatEngine {
  readonly calls: RecordedCall[] = []
  readonly server = new Set<string>()
  failNextWith: number | null = null
  private user = ''
  private readonly handlers = new Map<string, Set<(event: { name: string; data: unknown }) => void>>()

  async login({ userID }: { userID: string }) {
    this.user = userID
    return { code: 0, data: { repeatLogin: false } }
  }
  async logout() {
    this.user = ''
    return { code: 0, data: {} }
  }
  isReady() {
    return this.user !== ''
  }
  getLoginUser() {
    return this.user
  }
  async getConversationList() {
    return { code: 0, data: { conversationList: [] } }
  }
  async getFriendList() {
    return { code: 0, data: [] }
  }
  private record(method: RecordedCall['method'], userIDList: string[] | undefined) {
    this.calls.push({ method, userIDList: userIDList ? [...userIDList] : undefined, at: Date.now() })
    if (this.failNextWith !== null) {
      const code = this.failNextWith
      this.failNextWith = null
      throw new ChatError(code, `failed with ${code}`)
    }
  }
  async getUserStatus({ userIDList }: { userIDList: string[] }) {
    this.record('getUserStatus', userIDList)
    const successUserList: UserStatus[] = userIDList.map((userID) => ({ userID, statusType: 1, customStatus: '' }))
    return { code: 0, data: { successUserList, failureUserList: [] } }
  }
  async subscribeUserStatus({ userIDList }: { userIDList: string[] }) {
    this.record('subscribeUserStatus', userIDList)
    const failureUserList = userIDList.filter((id) => id === this.user).map((userID) => ({ userID, code: 70107, message: 'self' }))
    for (const id of userIDList) if (id !== this.user) this.server.add(id)
    return { code: 0, data: { failureUserList } }
  }
  async unsubscribeUserStatus(options?: { userIDList?: string[] }) {
    this.record('unsubscribeUserStatus', options?.userIDList)
    if (!options?.userIDList?.length) this.server.clear()
    else for (const id of options.userIDList) this.server.delete(id)
    return { code: 0, data: { failureUserList: [] } }
  }
  async setSelfStatus({ customStatus }: { customStatus: string }) {
    return { code: 0, data: { userID: this.user, statusType: 1 as const, customStatus } }
  }
  on<E extends EngineEventName>(name: E, handler: EngineEventHandler<E>) {
    const set = this.handlers.get(name) ?? new Set()
    set.add(handler as unknown as (event: { name: string; data: unknown }) => void)
    this.handlers.set(name, set)
  }
  off<E extends EngineEventName>(name: E, handler: EngineEventHandler<E>) {
    this.handlers.get(name)?.delete(handler as unknown as (event: { name: string; data: unknown }) => void)
  }
  emit<E extends EngineEventName>(name: E, data: EngineEventData[E]) {
    for (const handler of this.handlers.get(name) ?? []) handler({ name, data })
  }
  statusCalls(method?: RecordedCall['method']) {
    return this.calls.filter((c) => !method || c.method === method)
  }
}
