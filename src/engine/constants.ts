/**
 * Constants with the exact names and values of `@tencentcloud/chat` 3.6.x (`TencentCloudChat.TYPES` /
 * `TencentCloudChat.EVENT`), so that code written against the kit reads the same as code written against the SDK.
 */
export const TYPES = {
  USER_STATUS_UNKNOWN: 0,
  USER_STATUS_ONLINE: 1,
  USER_STATUS_OFFLINE: 2,
  USER_STATUS_UNLOGINED: 3,
  CONV_C2C: 'C2C',
  CONV_GROUP: 'GROUP',
  NET_STATE_CONNECTED: 'connected',
  NET_STATE_CONNECTING: 'connecting',
  NET_STATE_DISCONNECTED: 'disconnected',
  KICKED_OUT_MULT_ACCOUNT: 'multipleAccount',
  KICKED_OUT_MULT_DEVICE: 'multipleDevice',
  KICKED_OUT_USERSIG_EXPIRED: 'userSigExpired',
  KICKED_OUT_REST_API: 'REST_API_Kick',
} as const

export const EVENT = {
  SDK_READY: 'sdkStateReady',
  SDK_NOT_READY: 'sdkStateNotReady',
  CONVERSATION_LIST_UPDATED: 'onConversationListUpdated',
  FRIEND_LIST_UPDATED: 'onFriendListUpdated',
  USER_STATUS_UPDATED: 'onUserStatusUpdated',
  NET_STATE_CHANGE: 'netStateChange',
  KICKED_OUT: 'kickedOut',
} as const

/** Error codes of the SDK that the kit produces or handles. */
export const ERROR_CODE = {
  /** Console switch "user status query and status change notification" is off. */
  FEATURE_NOT_ENABLED: 72001,
  /** The app's edition (plan) does not include the feature: Pro, Pro Plus or Enterprise is needed. */
  EDITION_NOT_SUPPORTED: 3122,
  /** More than 20 calls in 5 seconds to a rate-limited API. */
  OVER_FREQUENCY_LIMIT: 2996,
  /** Not logged in: a call before any login, or `logout` while not logged in (what the real SDK answers). */
  NOT_LOGGED_IN: 2024,
  /** A second `login` within 15 s of one still in flight. */
  LOGIN_IN_PROGRESS: 2025,
  /** A call while a login is in flight. */
  LOGGING_IN: 3000,
  /** A call after `logout`. */
  LOGGED_OUT: 3005,
  /** A call after a kick-out by a login on another device of the same platform (`multipleDevice`). */
  KICKED_OUT_MULT_DEVICE: 3002,
  /** A call after a kick-out by a login of the same account elsewhere (`multipleAccount`). */
  KICKED_OUT_MULT_ACCOUNT: 3003,
  /** A call after a kick-out because the userSig expired (`userSigExpired`). */
  KICKED_OUT_USERSIG_EXPIRED: 3004,
  /** A call after a kick-out by the server's REST API (`REST_API_Kick`). */
  KICKED_OUT_REST_API: 3006,
  /** Login failed (bad userSig, unknown user). */
  LOGIN_FAILED: 3001,
  /** A required option was empty (for example an empty `userIDList`). */
  OPTIONS_IS_EMPTY: 3153,
  /** A parameter had the wrong type or was out of range. */
  INVALID_PARAMETERS: 6017,
  /** The service is overloaded; retry later. */
  OPEN_SERVICE_OVERLOAD: 60022,
  /** Network error: the request could not reach the service. */
  NETWORK_ERROR: 2800,
} as const

export type ErrorCode = (typeof ERROR_CODE)[keyof typeof ERROR_CODE]

/**
 * Codes the real SDK (`@tencentcloud/chat` 3.6.6) rejects a call with while it is not ready: 2024 before any login,
 * 3000 while logging in, 3005 after logout, 3002-3006 after a kick-out. The kit treats them as one category: the
 * session is over (or not yet begun), so it stops and never retries.
 */
export const NOT_READY_CODES: ReadonlySet<number> = new Set([2024, 3000, 3002, 3003, 3004, 3005, 3006])

/** The code of calls after a kick-out of each `KICKED_OUT` type (3002-3006), as the real SDK rejects them. */
export const KICKED_OUT_CODES: Readonly<Record<string, number>> = {
  [TYPES.KICKED_OUT_MULT_DEVICE]: ERROR_CODE.KICKED_OUT_MULT_DEVICE,
  [TYPES.KICKED_OUT_MULT_ACCOUNT]: ERROR_CODE.KICKED_OUT_MULT_ACCOUNT,
  [TYPES.KICKED_OUT_USERSIG_EXPIRED]: ERROR_CODE.KICKED_OUT_USERSIG_EXPIRED,
  [TYPES.KICKED_OUT_REST_API]: ERROR_CODE.KICKED_OUT_REST_API,
}

/** Per-call caps of the user-status APIs. Cloud config can change them; an engine reports its own as `limits`. */
export interface EngineLimits {
  /** Most userIDs in one `getUserStatus`. @defaultValue 500 */
  readonly getUserStatusMaxIDs: number
  /** Most userIDs in one `subscribeUserStatus`. @defaultValue 100 */
  readonly subscribeMaxIDs: number
  /** Most userIDs in one `unsubscribeUserStatus`. @defaultValue 100 */
  readonly unsubscribeMaxIDs: number
}

/** Per-call and rate limits of the user-status APIs (SPEC section 3). */
export const LIMITS = {
  GET_USER_STATUS_MAX_IDS: 500,
  SUBSCRIBE_MAX_IDS: 100,
  UNSUBSCRIBE_MAX_IDS: 100,
  RATE_LIMIT_CALLS: 20,
  RATE_LIMIT_WINDOW_MS: 5_000,
  MAX_SUBSCRIPTIONS: 200,
  HEARTBEAT_TIMEOUT_MS: 400_000,
  CUSTOM_STATUS_CLEAR_AFTER_LOGOUT_MS: 30_000,
  /**
   * Longest custom status, in UTF-8 bytes. The Web SDK's user-status guide (shared/seeds/003, "setSelfStatus")
   * states no limit; the SDK's API reference does: `V2TIMUserStatus.customStatus`, "用户的自定义状态, 最大 100 字节"
   * (https://im.sdk.qcloud.com/doc/zh-cn/interfaceV2TIMUserStatus.html), and one backend serves every platform.
   */
  CUSTOM_STATUS_MAX_BYTES: 100,
} as const

/** The per-call caps of `@tencentcloud/chat` 3.6 unless its cloud config says otherwise: 500 / 100 / 100. */
export const DEFAULT_ENGINE_LIMITS: EngineLimits = Object.freeze({
  getUserStatusMaxIDs: LIMITS.GET_USER_STATUS_MAX_IDS,
  subscribeMaxIDs: LIMITS.SUBSCRIBE_MAX_IDS,
  unsubscribeMaxIDs: LIMITS.UNSUBSCRIBE_MAX_IDS,
})
