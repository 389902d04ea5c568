import type { ChatSDK } from '@tencentcloud/chat'
import { DEFAULT_ENGINE_LIMITS, EVENT, TYPES, type EngineLimits } from '../constants'
import { EngineEmitter } from '../emitter'
import { ChatError, kickedOutCode } from '../errors'
import {
  EVENT_DECODERS,
  invalid,
  isRecord,
  readConversationList,
  readData,
  readFailureList,
  readFriendList,
  readStatusLists,
  readUserStatus,
} from '../guards'
import type { ChatEngine, EngineEventHandler, EngineEventName, UserIDListOptions } from '../types'
import { call, firstOfEach, ok, readLimits, readUserIDs, requireUserIDList } from './calls'
import { ConversationSync } from './conversations'
import { ReadyWaiters } from './ready'

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
type _ChatSDKFitsTencentChatLike = Expect<ChatSDK extends TencentChatLike ? true : false>

export interface TencentEngineOptions {
  /**
   * How long `login()` waits, after the SDK's `login` has resolved, for `SDK_READY`. Past it, `login()` rejects
   * with 3000 (the SDK is still logging in).
   * @defaultValue 30_000
   */
  readyTimeoutMs?: number
  /**
   * Set it to what you passed to `TencentCloudChat.create({ partialUpdatedConversations })`. With `true`, the SDK's
   * `CONVERSATION_LIST_UPDATED` carries only the conversations that changed; the adapter merges them into the list
   * it knows, so the kit's handlers always receive the whole list.
   * @defaultValue false
   */
  partialUpdatedConversations?: boolean
  /**
   * Per-call caps of your app's cloud config, when they differ from the SDK's defaults (500 / 100 / 100). The
   * kit batches its calls to these (`engine.limits`).
   */
  limits?: Partial<EngineLimits>
}

/** The adapter's engine: a `ChatEngine` whose `limits` are always set. */
export interface TencentEngine extends ChatEngine {
  readonly limits: EngineLimits
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
 * The adapter is thin: names, limits and error codes are the SDK's, including its "not ready" family (2024 before
 * login, 3000 while logging in, 3005 after logout, 3002-3006 after a kick-out), which the kit treats as one
 * category (`isNotReady`). It does not batch (the kit does, to `engine.limits`), so lists longer than the SDK's caps
 * are silently truncated by the SDK, as documented. What it adds:
 * - `login()` resolves once the SDK is ready (SDK_READY), so calls made right after it are not refused;
 * - results are checked and mapped to the kit's types (the SDK types them as `any`); self answered twice by an
 *   oversized `getUserStatus` is kept once;
 * - empty or malformed `userIDList` are rejected with 3153 / 6017, and the SDK's untyped synchronous throw
 *   ("Params validate failed.") becomes a 6017 ChatError;
 * - conversations: `SDK_READY` comes before the list has synced (`isSyncCompleted: false`); the adapter keeps the
 *   list it knows and completes it with the SDK's later `CONVERSATION_LIST_UPDATED`; with
 *   `partialUpdatedConversations` it merges the changed conversations into that list, so handlers always get the
 *   whole list;
 * - one SDK listener per event, registered at creation; the app's handlers are kept by the adapter, so `off`
 *   removes exactly what `on` added.
 */
export function createTencentEngine(chat: TencentChatLike, options: TencentEngineOptions = {}): TencentEngine {
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000
  const limits: EngineLimits = Object.freeze({ ...DEFAULT_ENGINE_LIMITS, ...readLimits(options.limits) })
  let ready = chat.isReady()
  const readyWaiters = new ReadyWaiters(readyTimeoutMs)
  const emitter = new EngineEmitter()
  const conversations = new ConversationSync(options.partialUpdatedConversations === true)

  // The adapter's own listeners, registered first so its state is up to date when the app's handlers run; every
  // app handler is called through them.
  const sdkListeners: Record<EngineEventName, TencentEventHandler> = {
    sdkStateReady: () => {
      ready = true
      readyWaiters.settle(null)
      emitter.emit(EVENT.SDK_READY, undefined)
    },
    sdkStateNotReady: () => {
      ready = false
      conversations.reset()
      emitter.emit(EVENT.SDK_NOT_READY, undefined)
    },
    kickedOut: (event) => {
      ready = false
      const decoded = EVENT_DECODERS.kickedOut(isRecord(event) ? event.data : undefined)
      const type = decoded?.data.type ?? 'unknown'
      readyWaiters.settle(new ChatError(kickedOutCode(type), `login: kicked out (${type}) before the SDK became ready; log in again.`))
      if (decoded) emitter.emit(EVENT.KICKED_OUT, decoded.data)
    },
    onConversationListUpdated: (event) => {
      const decoded = EVENT_DECODERS.onConversationListUpdated(isRecord(event) ? event.data : undefined)
      if (decoded) emitter.emit(EVENT.CONVERSATION_LIST_UPDATED, conversations.applyUpdate(decoded.data))
    },
    onFriendListUpdated: (event) => {
      const decoded = EVENT_DECODERS.onFriendListUpdated(isRecord(event) ? event.data : undefined)
      if (decoded) emitter.emit(EVENT.FRIEND_LIST_UPDATED, decoded.data)
    },
    onUserStatusUpdated: (event) => {
      const decoded = EVENT_DECODERS.onUserStatusUpdated(isRecord(event) ? event.data : undefined)
      if (decoded) emitter.emit(EVENT.USER_STATUS_UPDATED, decoded.data)
    },
    netStateChange: (event) => {
      const decoded = EVENT_DECODERS.netStateChange(isRecord(event) ? event.data : undefined)
      if (decoded) emitter.emit(EVENT.NET_STATE_CHANGE, decoded.data)
    },
  }
  for (const name of Object.values(EVENT)) chat.on(name, sdkListeners[name])

  const engine: TencentEngine = {
    limits,

    async login(loginOptions) {
      if (!isRecord(loginOptions)) throw invalid('login: options must be an object like { userID, userSig }.')
      const { userID, userSig } = loginOptions
      const waiting = readyWaiters.listen()
      let repeatLogin: boolean
      try {
        repeatLogin = await call(
          'login',
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
        'logout',
        () => chat.logout(),
        () => undefined,
      )
      ready = false
      conversations.reset()
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
        'getConversationList',
        () => chat.getConversationList(),
        (response) => {
          const data = readData('getConversationList', response)
          const list = readConversationList('getConversationList', data)
          // 3.6: false when asked right after SDK_READY; the SDK's later CONVERSATION_LIST_UPDATED completes it.
          const isSyncCompleted = !(isRecord(data) && data.isSyncCompleted === false)
          return ok({ conversationList: conversations.applyAnswer(list), isSyncCompleted })
        },
      )
    },

    getFriendList() {
      return call(
        'getFriendList',
        () => chat.getFriendList(),
        (response) => ok(readFriendList('getFriendList', readData('getFriendList', response))),
      )
    },

    async getUserStatus(statusOptions: UserIDListOptions) {
      const userIDList = requireUserIDList('getUserStatus', statusOptions)
      return call(
        'getUserStatus',
        () => chat.getUserStatus({ userIDList }),
        (response) => {
          const { successUserList, failureUserList } = readStatusLists('getUserStatus', readData('getUserStatus', response))
          return ok({ successUserList: firstOfEach(successUserList), failureUserList })
        },
      )
    },

    async subscribeUserStatus(statusOptions: UserIDListOptions) {
      const userIDList = requireUserIDList('subscribeUserStatus', statusOptions)
      return call(
        'subscribeUserStatus',
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
        'unsubscribeUserStatus',
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
        'setSelfStatus',
        () => chat.setSelfStatus({ customStatus }),
        (response) => {
          const status = readUserStatus(readData('setSelfStatus', response))
          // The SDK answers { userID, statusType: ONLINE, customStatus }; fill what a broken answer lacks.
          return ok(status ?? { userID: engine.getLoginUser(), statusType: TYPES.USER_STATUS_ONLINE, customStatus })
        },
      )
    },

    on<E extends EngineEventName>(name: E, handler: EngineEventHandler<E>) {
      if (typeof EVENT_DECODERS[name] !== 'function') throw invalid(`on: unknown event "${String(name)}".`)
      emitter.on(name, handler)
    },

    off<E extends EngineEventName>(name: E, handler: EngineEventHandler<E>) {
      emitter.off(name, handler)
    },
  }
  return engine
}

