import { ERROR_CODE, EVENT, LIMITS, TYPES } from '../../src/engine/constants'
import { kickedOutCode } from '../../src/engine/errors'
import { FixedWindow } from '../../src/engine/local/rate-limit'
import type { TencentChatLike, TencentEvent, TencentEventHandler } from '../../src/engine/tencent'
import type { NetState, UserStatusType } from '../../src/engine/types'

/**
 * A scripted double of a `@tencentcloud/chat` 3.6 instance (`TencentCloudChat.create(...)`), limited to the
 * methods the adapter uses. It follows the Web SDK user-status guide (seed 003), the SDK's `index.d.ts`, what
 * `index.es.js` of 3.6.6 does for these methods, and what the real package does offline (tests/engine/real-sdk.test.ts
 * checks the rows that can be checked without a server):
 *
 * - answers `{ code: 0, data }`; rejects with an Error carrying `{ code, message }`; emits `{ name, data }`;
 * - NOT READY, never 2999: every method but login/logout/isReady/getLoginUser/on/off rejects with 2024 before any
 *   login, 3000 while a login is in flight (until SDK_READY), 3005 after logout, 3002-3006 after a kick-out (by
 *   type); `logout` while not logged in (or while logging in) rejects 2024;
 * - LOGIN: resolves `{ repeatLogin: false }` a few microtasks later (in flight meanwhile), then SDK_READY follows;
 *   a second login while one is in flight rejects 2025; a login while logged in (as anyone) resolves
 *   `{ repeatLogin: true }` and stays the old user;
 * - parameter errors (missing or empty `userIDList` for get/subscribe, a non-string `customStatus`) THROW
 *   synchronously `Error("Params validate failed.")` (no code), as the SDK's validation wrapper does, before any
 *   request (after the not-ready check);
 * - `getUserStatus` answers the logged-in user locally (statusType ONLINE, own custom status) with no edition,
 *   switch or rate check; anything else needs the edition (else 3122, checked in the client), then passes the
 *   RATE LIMIT (2996, in the client: a fixed 5 s window per API that opens at the first call, every attempt that
 *   gets this far counting, rejected ones included), then reaches the server: console switch (72001);
 * - SILENT TRUNCATION: the SDK keeps the first 500 IDs of `getUserStatus` (the first 500 of the list as passed,
 *   self included) and the first 100 of subscribe/unsubscribe, drops the rest without an error (a console warning
 *   only) and answers as if that was the whole request. Every truncation is recorded in `truncations`. An
 *   oversized `getUserStatus` that includes self sends self to the server too: SELF COMES BACK TWICE;
 * - subscribe: self is a failure entry (6017), an unknown user a failure entry (70107, "account does not exist");
 *   at most 200 subscriptions, the oldest evicted (recorded in `evictions`); re-subscribing keeps the entry's age;
 * - unsubscribe with `userIDList` undefined or [] unsubscribes everyone;
 * - `setSelfStatus` is never rate limited and needs no edition or switch; it resolves
 *   `{ userID, statusType: ONLINE, customStatus }` and the server then pushes USER_STATUS_UPDATED to self;
 * - status changes of others (driven with `setUserStatus`) are pushed to a logged-in client when it subscribed
 *   them, or when they are friends and "friend status auto-notify" is on; only with the edition and the switch;
 * - CONVERSATIONS: SDK_READY comes before the list has synced: until then `getConversationList` answers the
 *   `conversationsBeforeSync` most recent conversations with `isSyncCompleted: false`; the sync then ends with a
 *   CONVERSATION_LIST_UPDATED (`autoSync`, or `completeSync()`). With `partialUpdatedConversations: true` (the
 *   create option), CONVERSATION_LIST_UPDATED carries only the conversations that changed (on sync: the ones not
 *   answered before), else the whole list;
 * - logout and kick-out emit SDK_NOT_READY (kick-out: KICKED_OUT `{ type }` first); subscriptions are cleared by
 *   the server `subscriptionClearDelayMs` after logout (at once on kick-out).
 *
 * Server pushes, the login answer and SDK_READY are delivered in order, each after the current call has returned;
 * `await double.idle()` waits for all of them. Time comes from `now()` (Date.now, so fake timers drive the rate
 * limit).
 *
 * Not simulated: several devices of one account, network loss (NET_STATE_CHANGE is emitted as told), the server's
 * 400 s heartbeat and 30 s custom-status clearing, the 15 s expiry of an in-flight login, the one-per-second
 * throttling of list events, `getServerTime`, messages.
 */

/** The methods that reach the double (and appear in `calls`). */
export type DoubleMethod =
  | 'login'
  | 'logout'
  | 'getConversationList'
  | 'getFriendList'
  | 'getUserStatus'
  | 'subscribeUserStatus'
  | 'unsubscribeUserStatus'
  | 'setSelfStatus'

type StatusMethod = 'getUserStatus' | 'subscribeUserStatus' | 'unsubscribeUserStatus'

/** One call to the double. */
export interface DoubleCall {
  method: DoubleMethod
  /** `options.userIDList` as passed (a copy), when it was an array. */
  userIDList?: string[]
  /** What was sent to the "server" after the SDK's local handling (self removed, truncated). */
  sent?: string[]
  at: number
  /** 'ok', or the code the call rejected with ('throw' for a synchronous parameter error). */
  outcome: 'ok' | 'throw' | number
}

/** One silent truncation: the SDK dropped `dropped` without telling the caller. */
export interface Truncation {
  method: StatusMethod
  requested: number
  kept: number
  dropped: string[]
  at: number
}

/** The error object the SDK rejects with (`{ code, message }`, an Error subclass). */
export class SdkError extends Error {
  readonly code: number

  constructor(code: number, message: string) {
    super(message)
    this.name = 'TIMError'
    this.code = code
  }
}

/** SDK-shaped profile (a subset of the SDK's `Profile` fields, with their names). */
export interface SdkProfile {
  userID: string
  nick: string
  avatar: string
  gender: string
  selfSignature: string
  profileCustomField: unknown[]
}

/** SDK-shaped `Friend`. */
export interface SdkFriend {
  userID: string
  remark: string
  groupList: string[]
  source: string
  wording: string
  profile: SdkProfile
  friendCustomField: unknown[]
}

/** SDK-shaped `Conversation` (the fields of `index.d.ts`; `lastMessage` as the SDK fills it). */
export interface SdkConversation {
  conversationID: string
  type: string
  unreadCount: number
  lastMessage: {
    lastTime: number
    lastSequence: number
    fromAccount: string
    messageForShow: string
    type: string
    payload: unknown
    isRevoked: boolean
  }
  groupProfile?: { groupID: string; name: string; avatar: string; type: string }
  userProfile?: Partial<SdkProfile>
  groupAtInfoList: unknown[]
  remark: string
  isPinned: boolean
  messageRemindType: string
  markList: number[]
  customData: string
  conversationGroupList: string[]
  draftText: string
}

export interface DoubleUser {
  userID: string
  nick?: string
  avatar?: string
  /** @default USER_STATUS_UNLOGINED */
  statusType?: UserStatusType
  /** @default '' */
  customStatus?: string
}

export interface TencentDoubleOptions {
  /** Users the "server" knows. Login registers the logged-in user too. */
  users?: Array<string | DoubleUser>
  /** The edition includes user status (Pro, Pro Plus, Enterprise). false -> 3122. @default true */
  editionIncludesUserStatus?: boolean
  /** Console switch "user status query and status change notification". false -> 72001. @default true */
  userStatusEnabled?: boolean
  /** Console switch "friend status auto-notify". @default false */
  friendAutoNotify?: boolean
  /** Emit SDK_READY by itself after login. false: call `emitReady()`. @default true */
  autoReady?: boolean
  /** End the conversation sync by itself after SDK_READY. false: call `completeSync()`. @default true */
  autoSync?: boolean
  /** Conversations (most recent first) the SDK already has at SDK_READY, before the sync. @default 0 */
  conversationsBeforeSync?: number
  /** The create option `partialUpdatedConversations`. @default false */
  partialUpdatedConversations?: boolean
  /** @default 30_000 */
  subscriptionClearDelayMs?: number
  /** @default Date.now (follows vi.useFakeTimers) */
  now?: () => number
}

/** How many microtasks a push waits, so that `await call()` returns before the push it caused. */
const PUSH_DELAY_MICROTASKS = 5

/** Code of a failure entry for an unknown userID (the Chat server's "account does not exist"). */
export const USER_NOT_FOUND = 70107
/** Code of the failure entry for subscribing oneself. */
export const CANNOT_SUBSCRIBE_SELF = ERROR_CODE.INVALID_PARAMETERS

interface UserRecord {
  userID: string
  nick: string
  avatar: string
  statusType: UserStatusType
  customStatus: string
}

interface FailureItem {
  userID: string
  code: number
  message: string
}

function paramsError(): Error {
  return new Error('Params validate failed.')
}

function stringArray(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null
  const items: readonly unknown[] = value
  if (!items.every((item): item is string => typeof item === 'string')) return null
  return [...items]
}

export class TencentChatDouble implements TencentChatLike {
  /** Every call, oldest first. */
  readonly calls: DoubleCall[] = []
  /** Every silent truncation, oldest first. */
  readonly truncations: Truncation[] = []
  /** Subscriptions evicted past the 200 cap, oldest first. */
  readonly evictions: string[] = []

  editionIncludesUserStatus: boolean
  userStatusEnabled: boolean
  friendAutoNotify: boolean
  autoReady: boolean
  autoSync: boolean
  readonly partialUpdatedConversations: boolean

  private readonly now: () => number
  private readonly subscriptionClearDelayMs: number
  private readonly users = new Map<string, UserRecord>()
  private readonly listeners = new Map<string, TencentEventHandler[]>()
  private readonly rateWindows = new Map<StatusMethod, FixedWindow>()
  private readonly failures = new Map<DoubleMethod, Array<{ code: number; message: string }>>()
  /** Subscribed userIDs, oldest first. */
  private readonly subscriptions = new Set<string>()
  private friends: SdkFriend[] = []
  private conversations: SdkConversation[] = []
  private user = ''
  private subscriptionOwner = ''
  private ready = false
  /** A login is in flight (from the call until SDK_READY). */
  private loggingIn = false
  /** Why calls are refused while not logged in: 2024, 3005 or 3002-3006. */
  private notReadyCode: number = ERROR_CODE.NOT_LOGGED_IN
  private synced = false
  private readonly conversationsBeforeSync: number
  /** What the app has been given of each conversation (JSON), to tell what changed in partial mode. */
  private readonly delivered = new Map<string, string>()
  private loggedOutAt: number | null = null
  private delivery: Promise<void> = Promise.resolve()

  constructor(options: TencentDoubleOptions = {}) {
    this.editionIncludesUserStatus = options.editionIncludesUserStatus ?? true
    this.userStatusEnabled = options.userStatusEnabled ?? true
    this.friendAutoNotify = options.friendAutoNotify ?? false
    this.autoReady = options.autoReady ?? true
    this.autoSync = options.autoSync ?? true
    this.partialUpdatedConversations = options.partialUpdatedConversations ?? false
    this.conversationsBeforeSync = options.conversationsBeforeSync ?? 0
    this.subscriptionClearDelayMs = options.subscriptionClearDelayMs ?? 30_000
    this.now = options.now ?? (() => Date.now())
    for (const user of options.users ?? []) this.addUser(typeof user === 'string' ? { userID: user } : user)
  }

  // ================================================================ the SDK surface

  login(options: { userID: string; userSig: string }): Promise<unknown> {
    const call = this.record('login')
    if (!options || typeof options.userID !== 'string' || typeof options.userSig !== 'string') {
      call.outcome = 'throw'
      throw paramsError()
    }
    if (this.loggingIn) return this.reject(call, ERROR_CODE.LOGIN_IN_PROGRESS, 'login: a login is in progress (2025).')
    // Logged in already, as anyone: the SDK answers repeatLogin and stays the old user.
    if (this.ready) return this.resolve(call, { repeatLogin: true })
    const injected = this.takeFailure('login')
    if (injected) return this.reject(call, injected.code, injected.message)
    const { userID, userSig } = options
    if (userID === '' || userSig === '') return this.reject(call, ERROR_CODE.LOGIN_FAILED, 'login: userID and userSig are required.')
    this.loggingIn = true
    return new Promise((resolve) => {
      this.deliver(() => {
        this.expireSubscriptions()
        // Subscriptions belong to the account: another account starts with none.
        if (this.subscriptionOwner !== userID) this.subscriptions.clear()
        this.subscriptionOwner = userID
        this.user = userID
        this.loggedOutAt = null
        this.synced = false
        this.delivered.clear()
        this.ensureUser(userID).statusType = TYPES.USER_STATUS_ONLINE
        call.outcome = 'ok'
        resolve({ code: 0, data: { repeatLogin: false } })
        if (this.autoReady) this.deliver(() => this.emitReady())
      })
    })
  }

  logout(): Promise<unknown> {
    const call = this.record('logout')
    if (this.user === '' || !this.ready) return this.reject(call, ERROR_CODE.NOT_LOGGED_IN, 'logout: not logged in (2024).')
    const injected = this.takeFailure('logout')
    if (injected) return this.reject(call, injected.code, injected.message)
    const self = this.ensureUser(this.user)
    self.statusType = TYPES.USER_STATUS_UNLOGINED
    this.user = ''
    this.loggedOutAt = this.now()
    this.ready = false
    this.notReadyCode = ERROR_CODE.LOGGED_OUT
    // The SDK's reset() emits SDK_NOT_READY while logging out.
    this.emit(EVENT.SDK_NOT_READY, undefined)
    return this.resolve(call, {})
  }

  isReady(): boolean {
    return this.ready
  }

  getLoginUser(): string {
    return this.user
  }

  getConversationList(): Promise<unknown> {
    const call = this.record('getConversationList')
    const refused = this.refuse(call, 'getConversationList')
    if (refused) return refused
    const known = this.synced ? this.conversations : this.conversations.slice(0, this.conversationsBeforeSync)
    for (const conversation of known) this.delivered.set(conversation.conversationID, JSON.stringify(conversation))
    return this.resolve(call, { conversationList: structuredClone(known), isSyncCompleted: this.synced })
  }

  getFriendList(): Promise<unknown> {
    const call = this.record('getFriendList')
    const refused = this.refuse(call, 'getFriendList')
    if (refused) return refused
    return this.resolve(call, structuredClone(this.friends))
  }

  getUserStatus(options: { userIDList: string[] }): Promise<unknown> {
    const method = 'getUserStatus'
    const call = this.record(method, options)
    const notReady = this.notReady(call, method)
    if (notReady) return notReady
    const passed = this.requireList(call, options, false)
    // The SDK answers self locally and sends the rest.
    const others = passed.filter((id) => id !== this.user)
    const selfStatus = others.length < passed.length ? this.selfStatus() : null
    if (others.length === 0) {
      call.sent = []
      return this.resolve(call, { successUserList: selfStatus ? [selfStatus] : [], failureUserList: [] })
    }
    if (!this.editionIncludesUserStatus) return this.rejectEdition(call, method)
    const limited = this.overRate(call, method)
    if (limited) return limited
    // As the SDK does: the first 500 of the list as passed (self included); self is removed from the request
    // only when the list was not truncated, so an oversized list sends self to the server, which answers it too.
    const oversized = passed.length > LIMITS.GET_USER_STATUS_MAX_IDS
    const kept = this.truncate(method, passed, LIMITS.GET_USER_STATUS_MAX_IDS)
    const sent = oversized ? kept : kept.filter((id) => id !== this.user)
    call.sent = sent
    const refused = this.refuseOnServer(call, method)
    if (refused) return refused
    const successUserList: Array<{ userID: string; statusType: UserStatusType; customStatus: string }> = []
    const failureUserList: FailureItem[] = []
    for (const userID of sent) {
      const user = this.users.get(userID)
      if (userID === this.user) successUserList.push(this.selfStatus())
      else if (user) successUserList.push({ userID, statusType: user.statusType, customStatus: user.customStatus })
      else failureUserList.push(this.unknownUser(userID))
    }
    if (selfStatus) successUserList.unshift(selfStatus)
    return this.resolve(call, { successUserList, failureUserList })
  }

  subscribeUserStatus(options: { userIDList: string[] }): Promise<unknown> {
    const method = 'subscribeUserStatus'
    const call = this.record(method, options)
    const notReady = this.notReady(call, method)
    if (notReady) return notReady
    const passed = this.requireList(call, options, false)
    if (!this.editionIncludesUserStatus) return this.rejectEdition(call, method)
    const limited = this.overRate(call, method)
    if (limited) return limited
    const sent = this.truncate(method, passed, LIMITS.SUBSCRIBE_MAX_IDS)
    call.sent = sent
    const refused = this.refuseOnServer(call, method)
    if (refused) return refused
    const failureUserList: FailureItem[] = []
    for (const userID of sent) {
      if (userID === this.user) {
        failureUserList.push({ userID, code: CANNOT_SUBSCRIBE_SELF, message: 'Cannot subscribe to the status of oneself.' })
      } else if (!this.users.has(userID)) {
        failureUserList.push(this.unknownUser(userID))
      } else if (!this.subscriptions.has(userID)) {
        this.subscriptions.add(userID)
        for (const oldest of this.subscriptions) {
          if (this.subscriptions.size <= LIMITS.MAX_SUBSCRIPTIONS) break
          this.subscriptions.delete(oldest)
          this.evictions.push(oldest)
        }
      }
    }
    return this.resolve(call, { failureUserList })
  }

  unsubscribeUserStatus(options: { userIDList: string[] | undefined }): Promise<unknown> {
    const method = 'unsubscribeUserStatus'
    const call = this.record(method, options)
    const notReady = this.notReady(call, method)
    if (notReady) return notReady
    const passed = this.requireList(call, options, true)
    if (!this.editionIncludesUserStatus) return this.rejectEdition(call, method)
    const limited = this.overRate(call, method)
    if (limited) return limited
    const sent = this.truncate(method, passed, LIMITS.UNSUBSCRIBE_MAX_IDS)
    call.sent = sent
    const refused = this.refuseOnServer(call, method)
    if (refused) return refused
    const failureUserList: FailureItem[] = []
    if (sent.length === 0) this.subscriptions.clear()
    for (const userID of sent) {
      if (this.users.has(userID)) this.subscriptions.delete(userID)
      else failureUserList.push(this.unknownUser(userID))
    }
    return this.resolve(call, { failureUserList })
  }

  setSelfStatus(options: { customStatus: string }): Promise<unknown> {
    const call = this.record('setSelfStatus')
    const refused = this.refuse(call, 'setSelfStatus', () => {
      if (!options || typeof options.customStatus !== 'string') {
        call.outcome = 'throw'
        throw paramsError()
      }
    })
    if (refused) return refused
    const self = this.ensureUser(this.user)
    self.customStatus = options.customStatus
    const status = this.selfStatus()
    // The server notifies the user's own devices (this one included).
    this.deliver(() => this.emit(EVENT.USER_STATUS_UPDATED, [status]))
    return this.resolve(call, status)
  }

  on(eventName: string, handler: TencentEventHandler): void {
    const list = this.listeners.get(eventName) ?? []
    list.push(handler)
    this.listeners.set(eventName, list)
  }

  off(eventName: string, handler: TencentEventHandler): void {
    const list = this.listeners.get(eventName)
    const index = list ? list.indexOf(handler) : -1
    if (list && index >= 0) list.splice(index, 1)
  }

  // ================================================================ driving the "server" (tests)

  addUser(user: DoubleUser): void {
    const record = this.ensureUser(user.userID)
    if (user.nick !== undefined) record.nick = user.nick
    if (user.avatar !== undefined) record.avatar = user.avatar
    if (user.statusType !== undefined) record.statusType = user.statusType
    if (user.customStatus !== undefined) record.customStatus = user.customStatus
  }

  /**
   * Changes another user's status on the "server". The logged-in client gets USER_STATUS_UPDATED when it
   * subscribed them, or when they are a friend and auto-notify is on (edition and switch permitting).
   * Returns whether a notification was sent.
   */
  setUserStatus(userID: string, change: { statusType?: UserStatusType; customStatus?: string }): boolean {
    const user = this.ensureUser(userID)
    const statusType = change.statusType ?? user.statusType
    const customStatus = change.customStatus ?? user.customStatus
    if (statusType === user.statusType && customStatus === user.customStatus) return false
    user.statusType = statusType
    user.customStatus = customStatus
    if (!this.ready || userID === this.user) return false
    if (!this.editionIncludesUserStatus || !this.userStatusEnabled) return false
    const isFriend = this.friends.some((friend) => friend.userID === userID)
    if (!this.subscriptions.has(userID) && !(isFriend && this.friendAutoNotify)) return false
    const item = { userID, statusType, customStatus }
    this.deliver(() => this.emit(EVENT.USER_STATUS_UPDATED, [item]))
    return true
  }

  /** The server's record of a user's status. */
  statusOf(userID: string): { statusType: UserStatusType; customStatus: string } | undefined {
    const user = this.users.get(userID)
    return user && { statusType: user.statusType, customStatus: user.customStatus }
  }

  /** Subscribed userIDs, oldest first (what the server holds for this account). */
  subscribedIDs(): string[] {
    this.expireSubscriptions()
    return [...this.subscriptions]
  }

  /** Replaces the friend list (SDK-shaped), registers the friends, and emits FRIEND_LIST_UPDATED when ready. */
  setFriends(friends: SdkFriend[]): void {
    this.friends = structuredClone(friends)
    for (const friend of friends) this.ensureUser(friend.userID)
    if (this.ready) {
      const data = structuredClone(this.friends)
      this.deliver(() => this.emit(EVENT.FRIEND_LIST_UPDATED, data))
    }
  }

  /**
   * Replaces the conversation list (SDK-shaped, most recent first) and, once synced, emits CONVERSATION_LIST_UPDATED:
   * the whole list, or with `partialUpdatedConversations` only the conversations that changed.
   */
  setConversations(conversations: SdkConversation[]): void {
    this.conversations = structuredClone(conversations)
    if (this.ready && this.synced) this.emitConversations()
  }

  /** Emits SDK_READY (use with `autoReady: false`); the conversation sync ends later (`autoSync`). */
  emitReady(): void {
    if (this.user === '' || this.ready) return
    this.ready = true
    this.loggingIn = false
    this.emit(EVENT.SDK_READY, undefined)
    if (this.autoSync) this.deliver(() => this.completeSync())
  }

  /** Ends the conversation sync (use with `autoSync: false`): CONVERSATION_LIST_UPDATED with what the app lacks. */
  completeSync(): void {
    if (!this.ready || this.synced) return
    this.synced = true
    this.emitConversations()
  }

  private emitConversations(): void {
    const changed = this.partialUpdatedConversations
      ? this.conversations.filter((conversation) => this.delivered.get(conversation.conversationID) !== JSON.stringify(conversation))
      : this.conversations
    for (const conversation of this.conversations) this.delivered.set(conversation.conversationID, JSON.stringify(conversation))
    const data = structuredClone(changed)
    this.deliver(() => this.emit(EVENT.CONVERSATION_LIST_UPDATED, data))
  }

  /** Emits NET_STATE_CHANGE `{ state }`. */
  setNetState(state: NetState): void {
    this.emit(EVENT.NET_STATE_CHANGE, { state })
  }

  /** The server logs this instance out: KICKED_OUT `{ type }`, then SDK_NOT_READY; subscriptions cleared. */
  kickOut(type: string = TYPES.KICKED_OUT_MULT_ACCOUNT): void {
    if (this.user === '') return
    this.ensureUser(this.user).statusType = TYPES.USER_STATUS_UNLOGINED
    this.user = ''
    this.ready = false
    this.loggingIn = false
    this.notReadyCode = kickedOutCode(type)
    this.subscriptions.clear()
    this.emit(EVENT.KICKED_OUT, { type })
    this.emit(EVENT.SDK_NOT_READY, undefined)
  }

  /** The next `times` calls of `method` that get past the client's own checks reject with `code`. */
  failNext(method: DoubleMethod, code: number, message = `Injected failure ${code}.`, times = 1): void {
    const queue = this.failures.get(method) ?? []
    for (let i = 0; i < times; i++) queue.push({ code, message })
    this.failures.set(method, queue)
  }

  /** Emits an arbitrary event object, for decoding tests. */
  emitRaw(name: string, data: unknown): void {
    this.emit(name, data)
  }

  /** Number of SDK listeners for `name` (all events when omitted). */
  listenerCount(name?: string): number {
    if (name !== undefined) return this.listeners.get(name)?.length ?? 0
    let count = 0
    for (const list of this.listeners.values()) count += list.length
    return count
  }

  /** Resolves once every queued push (status events, SDK_READY) has been delivered. */
  async idle(): Promise<void> {
    // A delivered task can queue more (SDK_READY queues the end of the sync): wait until nothing is left.
    let pending: Promise<void>
    do {
      pending = this.delivery
      await pending
    } while (pending !== this.delivery)
  }

  // ================================================================ internals

  private record(method: DoubleMethod, options?: unknown): DoubleCall {
    const call: DoubleCall = { method, at: this.now(), outcome: 'ok' }
    if (options && typeof options === 'object' && 'userIDList' in options) {
      const list = stringArray(options.userIDList)
      if (list) call.userIDList = list
    }
    this.calls.push(call)
    return call
  }

  private resolve(call: DoubleCall, data: unknown): Promise<unknown> {
    call.outcome = 'ok'
    return Promise.resolve({ code: 0, data })
  }

  private reject(call: DoubleCall, code: number, message: string): Promise<unknown> {
    call.outcome = code
    return Promise.reject(new SdkError(code, message))
  }

  private notReady(call: DoubleCall, method: DoubleMethod): Promise<unknown> | null {
    if (this.ready) return null
    const code = this.loggingIn ? ERROR_CODE.LOGGING_IN : this.notReadyCode
    return this.reject(call, code, `${method}: the SDK is not ready (${code}).`)
  }

  /** Not ready (2024 / 3000 / 3005 / 3002-3006), then `validate` (may throw), then an injected failure. */
  private refuse(call: DoubleCall, method: DoubleMethod, validate?: () => void): Promise<unknown> | null {
    const notReady = this.notReady(call, method)
    if (notReady) return notReady
    validate?.()
    const injected = this.takeFailure(method)
    return injected ? this.reject(call, injected.code, injected.message) : null
  }

  /** The SDK's parameter check: throws synchronously. */
  private requireList(call: DoubleCall, options: { userIDList?: string[] } | undefined, emptyMeansAll: boolean): string[] {
    const list = options?.userIDList
    if (emptyMeansAll && list === undefined) return []
    const ids = stringArray(list)
    if (!ids || (ids.length === 0 && !emptyMeansAll)) {
      call.outcome = 'throw'
      throw paramsError()
    }
    return ids
  }

  private rejectEdition(call: DoubleCall, method: StatusMethod): Promise<unknown> {
    return this.reject(
      call,
      ERROR_CODE.EDITION_NOT_SUPPORTED,
      `${method}: your package does not support this API; upgrade to the Premium edition (3122).`,
    )
  }

  /**
   * The SDK's client-side rate limit (2996): a fixed 5 s window per API from the first call; every attempt that
   * gets here counts, rejected ones included.
   */
  private overRate(call: DoubleCall, method: StatusMethod): Promise<unknown> | null {
    let window = this.rateWindows.get(method)
    if (!window) {
      window = new FixedWindow()
      this.rateWindows.set(method, window)
    }
    if (window.attempt(this.now())) return null
    return this.reject(call, ERROR_CODE.OVER_FREQUENCY_LIMIT, `${method}: over the frequency limit (2996).`)
  }

  /** The request reached the server: injected failure, then the console switch (72001). */
  private refuseOnServer(call: DoubleCall, method: StatusMethod): Promise<unknown> | null {
    const injected = this.takeFailure(method)
    if (injected) return this.reject(call, injected.code, injected.message)
    if (!this.userStatusEnabled) {
      return this.reject(call, ERROR_CODE.FEATURE_NOT_ENABLED, `${method}: the user status feature is not enabled in the console (72001).`)
    }
    return null
  }

  private truncate(method: StatusMethod, ids: string[], max: number): string[] {
    if (ids.length <= max) return ids
    this.truncations.push({ method, requested: ids.length, kept: max, dropped: ids.slice(max), at: this.now() })
    return ids.slice(0, max)
  }

  private takeFailure(method: DoubleMethod): { code: number; message: string } | undefined {
    return this.failures.get(method)?.shift()
  }

  private unknownUser(userID: string): FailureItem {
    return { userID, code: USER_NOT_FOUND, message: `The account ${userID} does not exist.` }
  }

  private selfStatus(): { userID: string; statusType: UserStatusType; customStatus: string } {
    const self = this.ensureUser(this.user)
    return { userID: self.userID, statusType: TYPES.USER_STATUS_ONLINE, customStatus: self.customStatus }
  }

  private ensureUser(userID: string): UserRecord {
    let user = this.users.get(userID)
    if (!user) {
      user = { userID, nick: '', avatar: '', statusType: TYPES.USER_STATUS_UNLOGINED, customStatus: '' }
      this.users.set(userID, user)
    }
    return user
  }

  /** The server clears the subscriptions some time after logout. */
  private expireSubscriptions(): void {
    if (this.loggedOutAt !== null && this.now() - this.loggedOutAt >= this.subscriptionClearDelayMs) {
      this.subscriptions.clear()
      this.loggedOutAt = null
    }
  }

  /**
   * Queues a push, in order, a few microtasks later: after the caller has seen the answer of the call that caused
   * it (as with the real SDK, where it comes from the network), still without timers (fake timers do not stop it).
   */
  private deliver(task: () => void): void {
    this.delivery = this.delivery.then(async () => {
      for (let i = 0; i < PUSH_DELAY_MICROTASKS; i++) await Promise.resolve()
      task()
    })
  }

  private emit(name: string, data: unknown): void {
    const event: TencentEvent = { name, data }
    for (const handler of [...(this.listeners.get(name) ?? [])]) handler(event)
  }
}

// ================================================================ SDK-shaped builders

export function sdkProfile(userID: string, nick = '', avatar = ''): SdkProfile {
  return { userID, nick, avatar, gender: 'Gender_Type_Unknown', selfSignature: '', profileCustomField: [] }
}

export function sdkFriend(userID: string, options: { nick?: string; avatar?: string; remark?: string; groupList?: string[] } = {}): SdkFriend {
  return {
    userID,
    remark: options.remark ?? '',
    groupList: options.groupList ?? [],
    source: 'AddSource_Type_Web',
    wording: '',
    profile: sdkProfile(userID, options.nick, options.avatar),
    friendCustomField: [],
  }
}

export interface SdkConversationOptions {
  unreadCount?: number
  isPinned?: boolean
  text?: string
  lastTime?: number
  fromAccount?: string
  /** C2C: the partner's profile as the SDK has it; `{}` (not loaded yet) is allowed. */
  userProfile?: Partial<SdkProfile>
  groupName?: string
}

/** A C2C (`C2C<userID>`), group (`GROUP<groupID>`) or system (`@TIM#SYSTEM`) conversation, SDK-shaped. */
export function sdkConversation(conversationID: string, options: SdkConversationOptions = {}): SdkConversation {
  const isC2C = conversationID.startsWith(TYPES.CONV_C2C)
  const isGroup = conversationID.startsWith(TYPES.CONV_GROUP)
  const type = isC2C ? TYPES.CONV_C2C : isGroup ? TYPES.CONV_GROUP : '@TIM#SYSTEM'
  const conversation: SdkConversation = {
    conversationID,
    type,
    unreadCount: options.unreadCount ?? 0,
    lastMessage: {
      lastTime: options.lastTime ?? 0,
      lastSequence: 0,
      fromAccount: options.fromAccount ?? '',
      messageForShow: options.text ?? '',
      type: options.text === undefined ? '' : 'TIMTextElem',
      payload: options.text === undefined ? null : { text: options.text },
      isRevoked: false,
    },
    groupAtInfoList: [],
    remark: '',
    isPinned: options.isPinned ?? false,
    messageRemindType: '',
    markList: [],
    customData: '',
    conversationGroupList: [],
    draftText: '',
  }
  if (isC2C) conversation.userProfile = options.userProfile ?? sdkProfile(conversationID.slice(TYPES.CONV_C2C.length))
  if (isGroup) {
    const groupID = conversationID.slice(TYPES.CONV_GROUP.length)
    conversation.groupProfile = { groupID, name: options.groupName ?? groupID, avatar: '', type: 'Public' }
  }
  return conversation
}
