import type { EngineLimits, EVENT, TYPES } from './constants'

/** `TYPES.USER_STATUS_*`: 0 unknown, 1 online, 2 offline, 3 unlogined. */
export type UserStatusType = 0 | 1 | 2 | 3

/** One user's status as the SDK reports it (`successUserList` items and `USER_STATUS_UPDATED` payload items). */
export interface UserStatus {
  userID: string
  statusType: UserStatusType
  /** Free text set by the user with `setSelfStatus`; '' when none. */
  customStatus: string
  /**
   * When the current `statusType` began (epoch ms), where the engine knows it: the embedded engine and the
   * presence server send it; `@tencentcloud/chat` has no such field and leaves it out.
   */
  since?: number
}

/** A per-user failure inside an otherwise successful call (`failureUserList` items). */
export interface FailureUser {
  userID: string
  code: number
  message: string
}

/** The SDK resolves every call with `{ code: 0, data }`. */
export interface ChatResponse<T> {
  code: number
  data: T
}

export interface Profile {
  userID: string
  nick: string
  avatar: string
}

export interface GroupProfile {
  groupID: string
  name: string
  avatar: string
}

export interface LastMessage {
  /** Text shown in a conversation list ("[Image]", or the text). */
  messageForShow: string
  /** Seconds since the epoch, as in the SDK. */
  lastTime: number
  fromAccount: string
}

export type ConversationType = typeof TYPES.CONV_C2C | typeof TYPES.CONV_GROUP

/** A conversation, shaped like the SDK's `Conversation` (the fields the kit reads). */
export interface Conversation {
  /** `C2C${userID}` or `GROUP${groupID}`. */
  conversationID: string
  type: ConversationType
  unreadCount: number
  isPinned: boolean
  lastMessage: LastMessage | null
  /** Set for C2C conversations: the partner. */
  userProfile?: Profile
  /** Set for group conversations. */
  groupProfile?: GroupProfile
}

/** A friend, shaped like the SDK's `Friend`. */
export interface Friend {
  userID: string
  /** The remark (alias) the logged-in user gave the friend; '' when none. */
  remark: string
  profile: Profile
  /** Friend groups ("Team", "Family"), as in the SDK's `groupList`. */
  groupList: string[]
}

export type NetState = typeof TYPES.NET_STATE_CONNECTED | typeof TYPES.NET_STATE_CONNECTING | typeof TYPES.NET_STATE_DISCONNECTED

export interface LoginOptions {
  userID: string
  userSig: string
}

export interface UserIDListOptions {
  userIDList: string[]
}

export interface SetSelfStatusOptions {
  customStatus: string
  /**
   * When the engine clears the status itself (epoch ms), notifying as for any change. Only engines with
   * `capabilities.statusExpiry` (the presence server) keep it; others ignore it and the kit clears the status.
   */
  expiresAt?: number
}

/** What an engine does beyond the SDK's API; absent = no. */
export interface EngineCapabilities {
  /** `setSelfStatus({ expiresAt })` is kept by the backend, which clears the status itself at that time. */
  readonly statusExpiry?: boolean
}

export type EngineEventName = (typeof EVENT)[keyof typeof EVENT]

/** Event payloads (`event.data`) by event name. */
export interface EngineEventData {
  sdkStateReady: undefined
  sdkStateNotReady: undefined
  onConversationListUpdated: Conversation[]
  onFriendListUpdated: Friend[]
  onUserStatusUpdated: UserStatus[]
  netStateChange: { state: NetState }
  kickedOut: { type: string }
}

/** What an event handler receives: `{ name, data }`, as in the SDK. */
export interface EngineEvent<E extends EngineEventName = EngineEventName> {
  name: E
  data: EngineEventData[E]
}

export type EngineEventHandler<E extends EngineEventName> = (event: EngineEvent<E>) => void

/**
 * The boundary between the kit and a chat backend. Names and shapes are those of `@tencentcloud/chat`
 * (`ChatSDK`), so the Tencent adapter is thin; the embedded engine implements the same rules.
 *
 * Every method rejects with a {@link ChatError} (`{ code, message }`).
 */
export interface ChatEngine {
  /**
   * The engine's per-call caps (`getUserStatus`, `subscribeUserStatus`, `unsubscribeUserStatus`); read them with
   * `engineLimits(engine)`, which fills the SDK's defaults (500 / 100 / 100) for an engine without them.
   */
  readonly limits?: EngineLimits
  /** What the engine does beyond the SDK's API (see {@link EngineCapabilities}); absent for the SDK. */
  readonly capabilities?: EngineCapabilities
  login(options: LoginOptions): Promise<ChatResponse<{ repeatLogin: boolean }>>
  logout(): Promise<ChatResponse<Record<string, never>>>
  /** True between SDK_READY and SDK_NOT_READY. */
  isReady(): boolean
  /** The logged-in userID, or '' when logged out. */
  getLoginUser(): string

  /**
   * `isSyncCompleted: false` (Tencent, right after SDK_READY): the list is not complete yet; the engine's later
   * CONVERSATION_LIST_UPDATED brings the whole list.
   */
  getConversationList(): Promise<ChatResponse<{ conversationList: Conversation[]; isSyncCompleted?: boolean }>>
  getFriendList(): Promise<ChatResponse<Friend[]>>

  /** Up to 500 IDs; others need Pro edition and the console switch. Self is answered locally. */
  getUserStatus(options: UserIDListOptions): Promise<ChatResponse<{ successUserList: UserStatus[]; failureUserList: FailureUser[] }>>
  /** Up to 100 IDs; self cannot be subscribed (a failure entry). */
  subscribeUserStatus(options: UserIDListOptions): Promise<ChatResponse<{ failureUserList: FailureUser[] }>>
  /** Up to 100 IDs; no options, or an empty list, unsubscribes everyone. */
  unsubscribeUserStatus(options?: Partial<UserIDListOptions>): Promise<ChatResponse<{ failureUserList: FailureUser[] }>>
  /** '' clears the custom status. Not rate limited, any edition. */
  setSelfStatus(options: SetSelfStatusOptions): Promise<ChatResponse<UserStatus>>

  on<E extends EngineEventName>(name: E, handler: EngineEventHandler<E>): void
  off<E extends EngineEventName>(name: E, handler: EngineEventHandler<E>): void
}
