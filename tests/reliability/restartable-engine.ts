import type { LocalEngine } from '../../src/engine/local'
import type { ChatEngine, EngineEventHandler, EngineEventName, FailureUser, UserIDListOptions } from '../../src/engine/types'

/** The Chat server's "account does not exist". */
export const USER_NOT_FOUND = 70107

/**
 * The kit's engine in the randomized model: the embedded engine, except that for a while after a restart of the
 * engine's world (`forget`) some users are unknown, as on a presence server whose node restarted before they came
 * back: queries answer them as failure entries (70107) and subscribing them fails (they are not subscribed).
 */
export class RestartableEngine implements ChatEngine {
  private unknown = new Set<string>()
  private unknownUntil = -Infinity

  constructor(
    readonly inner: LocalEngine,
    /** Told of every failure entry answered for an unknown user (the harness counts "unknown" as a world value). */
    private readonly onUnknown: (userIDs: string[], at: number) => void,
  ) {}

  /** `userIDs` are unknown until `until` (ms, on the clock). */
  forget(userIDs: Iterable<string>, until: number): void {
    this.unknown = new Set(userIDs)
    this.unknownUntil = until
  }

  get unknownUntilMs(): number {
    return this.unknownUntil
  }

  isUnknown(userID: string): boolean {
    return Date.now() < this.unknownUntil && this.unknown.has(userID)
  }

  private failures(ids: readonly string[]): FailureUser[] {
    const gone = ids.filter((id) => this.isUnknown(id))
    if (gone.length) this.onUnknown(gone, Date.now())
    return gone.map((userID) => ({ userID, code: USER_NOT_FOUND, message: 'account does not exist (the server restarted)' }))
  }

  login(options: Parameters<ChatEngine['login']>[0]) {
    return this.inner.login(options)
  }
  logout() {
    return this.inner.logout()
  }
  isReady() {
    return this.inner.isReady()
  }
  getLoginUser() {
    return this.inner.getLoginUser()
  }
  getConversationList() {
    return this.inner.getConversationList()
  }
  getFriendList() {
    return this.inner.getFriendList()
  }
  async getUserStatus(options: UserIDListOptions) {
    const response = await this.inner.getUserStatus(options)
    const failures = this.failures(options.userIDList.filter((id) => response.data.successUserList.some((s) => s.userID === id)))
    if (!failures.length) return response
    const gone = new Set(failures.map((f) => f.userID))
    return {
      ...response,
      data: {
        successUserList: response.data.successUserList.filter((s) => !gone.has(s.userID)),
        failureUserList: [...response.data.failureUserList, ...failures],
      },
    }
  }
  async subscribeUserStatus(options: UserIDListOptions) {
    const failures = this.failures(options.userIDList)
    if (!failures.length) return this.inner.subscribeUserStatus(options)
    const gone = new Set(failures.map((f) => f.userID))
    const rest = options.userIDList.filter((id) => !gone.has(id))
    if (!rest.length) return { code: 0, data: { failureUserList: failures } }
    const response = await this.inner.subscribeUserStatus({ userIDList: rest })
    return { ...response, data: { failureUserList: [...response.data.failureUserList, ...failures] } }
  }
  unsubscribeUserStatus(options?: Partial<UserIDListOptions>) {
    return this.inner.unsubscribeUserStatus(options)
  }
  setSelfStatus(options: Parameters<ChatEngine['setSelfStatus']>[0]) {
    return this.inner.setSelfStatus(options)
  }
  on<E extends EngineEventName>(name: E, handler: EngineEventHandler<E>): void {
    this.inner.on(name, handler)
  }
  off<E extends EngineEventName>(name: E, handler: EngineEventHandler<E>): void {
    this.inner.off(name, handler)
  }
}
