import type { ChatSDK } from '@tencentcloud/chat'
import { ERROR_CODE, EVENT, TYPES } from '../constants'
import { ChatError, toChatError } from '../errors'
import type { ChatEngine, ChatResponse, EngineEventHandler, EngineEventName, UserIDListOptions } from '../types'
import {
  EVENT_DECODERS,
  isRecord,
  readConversationList,
  readData,
  readFailureList,
  readFriendList,
  readStatusLists,
  readUserStatus,
} from './decode'

/** An event object as the SDK emits it: `{ name, data }`. */
export interface TencentEvent {
  readonly name: string
  readonly data?: unknown
}

export type TencentEventHandler = (event: TencentEvent) => void

/**
 * The part of a `ChatSDK` instance (`TencentCloudChat.create(...)`) that the adapter uses. A real instance
 * satisfies it; so does a test double. Results are `unknown` because the SDK types them as `Promise<any>`: the
 * adapter checks every shape it reads.
 */
export interface TencentChatLike {
  login(options: { userID: string; userSig: string }): Promise<unknown>
  logout(): Promise<unknown>
  isReady(): boolean
  getLoginUser(): unknown
  getConversationList(): Promise<unknown>
  getFriendList(): Promise<unknown>
  getUserStatus(options: { userIDList: string[] }): Promise<unknown>
  subscribeUserStatus(options: { userIDList: string[] }): Promise<unknown>
  /** `userIDList: undefined` unsubscribes everyone. */
  unsubscribeUserStatus(options: { userIDList: string[] | undefined }): Promise<unknown>
  setSelfStatus(options: { customStatus: string }): Promise<unknown>
  on(eventName: string, handler: TencentEventHandler): void
  off(eventName: string, handler: TencentEventHandler): void
}

/** Fails to compile if a real `ChatSDK` instance stops fitting `TencentChatLike` (an SDK upgrade changed a method). */
type Expect<T extends true> = T
type ChatSDKFitsTencentChatLike = Expect<ChatSDK extends TencentChatLike ? true : false>

export interface TencentEngineOptions {
  /**
   * How long `login()` waits, after the SDK's `login` has resolved, for `SDK_READY` (the SDK syncs
   * conversations and profiles first). Past it, `login()` rejects with 2999.
   * @default 30_000
   */
  readyTimeoutMs?: number
}

/** Outcome of waiting for SDK_READY: null when ready, else why not. */
type ReadyListener = (error: ChatError | null) => void

function invalid(message: string): ChatError {
  return new ChatError(ERROR_CODE.INVALID_PARAMETERS, message)
}

/** `options.userIDList` for getUserStatus / subscribeUserStatus: a non-empty array of non-empty strings. */
function requireUserIDList(api: string, options: unknown): string[] {
  if (!isRecord(options) || options.userIDList === undefined) {
    throw new ChatError(ERROR_CODE.OPTIONS_IS_EMPTY, `${api}: options.userIDList is required, for example { userIDList: ['user1'] }.`)
  }
  return readUserIDs(api, options.userIDList, false)
}

function readUserIDs(api: string, list: unknown, emptyMeansAll: boolean): string[] {
  if (!Array.isArray(list)) throw invalid(`${api}: userIDList must be an array of userIDs.`)
  const items: readonly unknown[] = list
  if (items.length === 0 && !emptyMeansAll) {
    throw new ChatError(ERROR_CODE.OPTIONS_IS_EMPTY, `${api}: userIDList must not be empty.`)
  }
  const ids: string[] = []
  for (const item of items) {
    if (typeof item !== 'string' || item === '') throw invalid(`${api}: userIDList must contain non-empty strings only.`)
    ids.push(item)
  }
  return ids
}

/**
 * Calls the SDK and reads its answer. Every failure, including a synchronous throw (the SDK's parameter check
 * throws instead of rejecting), becomes a {@link ChatError} that keeps the SDK's `code` and `message`.
 */
async function call<T>(run: () => Promise<unknown>, read: (response: unknown) => T): Promise<T> {
  let response: unknown
  try {
    response = await run()
  } catch (error) {
    throw toChatError(error)
  }
  return read(response)
}

function ok<T>(data: T): ChatResponse<T> {
  return { code: 0, data }
}

/**
 * A {@link ChatEngine} over a `@tencentcloud/chat` instance.
 *
 * ```ts
 * import TencentCloudChat from '@tencentcloud/chat'
 * import { createTencentEngine } from 'tui-presence-kit/tencent'
 * const engine = createTencentEngine(TencentCloudChat.create({ SDKAppID }))
 * ```
 *
 * The adapter is thin: names, limits and errors are the SDK's. It does not batch (the kit's presence manager
 * does), so lists longer than the SDK's limits (500 for getUserStatus, 100 for subscribe/unsubscribe) are
 * silently truncated by the SDK, as documented. What it adds:
 * - `login()` resolves once the SDK is ready (SDK_READY), so calls made right after it do not fail with 2999;
 * - results are checked and mapped to the kit's types (the SDK types them as `any`);
 * - empty or malformed `userIDList` are rejected with 3153 / 6017 instead of the SDK's untyped throw;
 * - `on`/`off` hand the SDK one listener per (event, handler), so `off` removes exactly what `on` added.
 */
export function createTencentEngine(chat: TencentChatLike, options: TencentEngineOptions = {}): ChatEngine {
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000
  let ready = chat.isReady()
  const readyListeners = new Set<ReadyListener>()
  const listeners = new Map<EngineEventName, Map<unknown, TencentEventHandler>>()

  function settleReady(error: ChatError | null): void {
    for (const listener of [...readyListeners]) listener(error)
  }

  // Registered first, so the state is up to date when the app's own handlers run.
  chat.on(EVENT.SDK_READY, () => {
    ready = true
    settleReady(null)
  })
  chat.on(EVENT.SDK_NOT_READY, () => {
    ready = false
  })
  chat.on(EVENT.KICKED_OUT, () => {
    ready = false
    settleReady(new ChatError(ERROR_CODE.SDK_NOT_READY, 'login: kicked out before the SDK became ready.'))
  })

  /**
   * Starts listening for SDK_READY before `chat.login` is called, so the event cannot be missed; `wait()` then
   * waits for it, at most `readyTimeoutMs` from that moment.
   */
  function listenForReady(): { wait: () => Promise<void>; cancel: () => void } {
    let outcome: ChatError | null | undefined
    let wake: ReadyListener | null = null
    const listener: ReadyListener = (error) => {
      if (outcome !== undefined) return
      outcome = error
      wake?.(error)
    }
    readyListeners.add(listener)
    const cancel = () => {
      readyListeners.delete(listener)
    }
    const wait = () =>
      new Promise<void>((resolve, reject) => {
        let timer: ReturnType<typeof setTimeout> | undefined
        const finish: ReadyListener = (error) => {
          clearTimeout(timer)
          cancel()
          if (error) reject(error)
          else resolve()
        }
        if (outcome !== undefined) return finish(outcome)
        wake = finish
        timer = setTimeout(() => {
          finish(new ChatError(ERROR_CODE.SDK_NOT_READY, `login: the SDK did not become ready (SDK_READY) within ${readyTimeoutMs} ms.`))
        }, readyTimeoutMs)
      })
    return { wait, cancel }
  }

  const engine: ChatEngine = {
    async login(loginOptions) {
      if (!isRecord(loginOptions)) throw invalid('login: options must be an object like { userID, userSig }.')
      const { userID, userSig } = loginOptions
      const waiting = listenForReady()
      let repeatLogin: boolean
      try {
        repeatLogin = await call(
          () => chat.login({ userID, userSig }),
          (response) => {
            const data = readData('login', response)
            return isRecord(data) && data.repeatLogin === true
          },
        )
      } catch (error) {
        waiting.cancel()
        throw error
      }
      if (ready || chat.isReady()) {
        waiting.cancel()
        ready = true
      } else {
        await waiting.wait()
      }
      return ok({ repeatLogin })
    },

    async logout() {
      await call(
        () => chat.logout(),
        () => undefined,
      )
      ready = false
      return ok({})
    },

    isReady() {
      return ready
    },

    getLoginUser() {
      const userID = chat.getLoginUser()
      if (typeof userID === 'string') return userID
      return userID instanceof String ? userID.valueOf() : ''
    },

    getConversationList() {
      return call(
        () => chat.getConversationList(),
        (response) => ok({ conversationList: readConversationList('getConversationList', readData('getConversationList', response)) }),
      )
    },

    getFriendList() {
      return call(
        () => chat.getFriendList(),
        (response) => ok(readFriendList('getFriendList', readData('getFriendList', response))),
      )
    },

    async getUserStatus(statusOptions: UserIDListOptions) {
      const userIDList = requireUserIDList('getUserStatus', statusOptions)
      return call(
        () => chat.getUserStatus({ userIDList }),
        (response) => ok(readStatusLists('getUserStatus', readData('getUserStatus', response))),
      )
    },

    async subscribeUserStatus(statusOptions: UserIDListOptions) {
      const userIDList = requireUserIDList('subscribeUserStatus', statusOptions)
      return call(
        () => chat.subscribeUserStatus({ userIDList }),
        (response) => ok(readFailureList('subscribeUserStatus', readData('subscribeUserStatus', response))),
      )
    },

    async unsubscribeUserStatus(statusOptions?: Partial<UserIDListOptions>) {
      if (statusOptions !== undefined && statusOptions !== null && !isRecord(statusOptions)) {
        throw invalid('unsubscribeUserStatus: options must be an object like { userIDList: [\'user1\'] }, or nothing to unsubscribe everyone.')
      }
      const list = statusOptions?.userIDList
      const ids = list === undefined ? [] : readUserIDs('unsubscribeUserStatus', list, true)
      // The SDK reads `userIDList: undefined` as "unsubscribe everyone".
      const userIDList = ids.length === 0 ? undefined : ids
      return call(
        () => chat.unsubscribeUserStatus({ userIDList }),
        (response) => ok(readFailureList('unsubscribeUserStatus', readData('unsubscribeUserStatus', response))),
      )
    },

    async setSelfStatus(statusOptions) {
      if (!isRecord(statusOptions) || typeof statusOptions.customStatus !== 'string') {
        throw invalid("setSelfStatus: options.customStatus must be a string ('' clears the custom status).")
      }
      const { customStatus } = statusOptions
      return call(
        () => chat.setSelfStatus({ customStatus }),
        (response) => {
          const status = readUserStatus(readData('setSelfStatus', response))
          // The SDK answers { userID, statusType: ONLINE, customStatus }; fill what a broken answer lacks.
          return ok(status ?? { userID: engine.getLoginUser(), statusType: TYPES.USER_STATUS_ONLINE, customStatus })
        },
      )
    },

    on<E extends EngineEventName>(name: E, handler: EngineEventHandler<E>) {
      const decode = EVENT_DECODERS[name]
      if (typeof decode !== 'function') throw invalid(`on: unknown event "${String(name)}".`)
      let byHandler = listeners.get(name)
      if (!byHandler) {
        byHandler = new Map()
        listeners.set(name, byHandler)
      }
      if (byHandler.has(handler)) return
      const listener: TencentEventHandler = (event) => {
        const decoded = decode(isRecord(event) ? event.data : undefined)
        if (decoded) handler({ name, data: decoded.data })
      }
      byHandler.set(handler, listener)
      chat.on(name, listener)
    },

    off<E extends EngineEventName>(name: E, handler: EngineEventHandler<E>) {
      const byHandler = listeners.get(name)
      const listener = byHandler?.get(handler)
      if (!byHandler || !listener) return
      byHandler.delete(handler)
      chat.off(name, listener)
    },
  }
  return engine
}
