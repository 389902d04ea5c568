/**
 * The wire protocol between `createSocketEngine` and the presence server (server/), JSON text frames over one
 * WebSocket. Shared by both sides; docs/server.md describes it for other clients.
 *
 * - request  (client -> server): `{ id, method, params? }`; `id` a non-negative integer or a string of at most 64
 *   characters, unique among the client's requests in flight.
 * - response (server -> client): `{ id, ok: true, data }` or `{ id, ok: false, error: { code, message } }`;
 *   `id: null` when the frame that caused it had no readable id (malformed JSON, a frame too large).
 * - push     (server -> client): `{ event, data }` with an `EVENT` name of the engine (see {@link PUSH_EVENTS}).
 */

/** The methods a client can call. `ping` answers `{ now }`; all but `login` and `ping` need a login first. */
export const SERVER_METHODS = [
  'login',
  'logout',
  'getConversationList',
  'getFriendList',
  'getUserStatus',
  'subscribeUserStatus',
  'unsubscribeUserStatus',
  'setSelfStatus',
  'ping',
] as const

export type ServerMethod = (typeof SERVER_METHODS)[number]

/** The engine events the server pushes. The client makes its own SDK_READY / SDK_NOT_READY / netStateChange. */
export const PUSH_EVENTS = ['onUserStatusUpdated', 'onFriendListUpdated', 'onConversationListUpdated', 'kickedOut'] as const

export type PushEventName = (typeof PUSH_EVENTS)[number]

export type RequestId = number | string

export interface RequestFrame {
  id: RequestId
  method: ServerMethod
  params?: unknown
}

export interface ErrorBody {
  code: number
  message: string
}

export type ResponseFrame =
  | { id: RequestId | null; ok: true; data: unknown }
  | { id: RequestId | null; ok: false; error: ErrorBody }

export interface PushFrame {
  event: PushEventName
  data: unknown
}

/** Login params: the userID and its token (v1.HS256 token signed with the server's secret; see docs/security.md). */
export interface LoginParams {
  userID: string
  token: string
}

/** Limits the server enforces on every frame (a longer value is 6017, a larger frame an error frame). */
export const PROTOCOL_LIMITS = {
  /** Largest text frame answered normally; larger ones get an error frame (and past 16x that, a close 1009). */
  MAX_FRAME_BYTES: 64 * 1024,
  MAX_USER_ID_LENGTH: 128,
  MAX_TOKEN_LENGTH: 512,
  MAX_CUSTOM_STATUS_LENGTH: 256,
  /** Most entries of one userIDList, before the per-method limit of the engine (500 / 100 distinct IDs). */
  MAX_LIST_LENGTH: 1_000,
  MAX_STRING_ID_LENGTH: 64,
} as const

/** Codes the server answers with besides the engine's `ERROR_CODE` (the Chat service's userSig codes). */
export const SERVER_ERROR_CODE = {
  /** The token has expired: get a new one from your backend. */
  TOKEN_EXPIRED: 70001,
  /** The token is not in the expected format. */
  TOKEN_MALFORMED: 70003,
  /** The token's signature does not match the userID (another user's token, or another secret). */
  TOKEN_INVALID: 70009,
} as const

/** Close codes of the server. */
export const CLOSE_CODE = {
  /** The server is shutting down: reconnect (maybe to another node). */
  GOING_AWAY: 1001,
  /** A frame over the hard size cap. */
  TOO_BIG: 1009,
  /** No login within the login timeout. */
  LOGIN_TIMEOUT: 4001,
  /** Kept flooding after being told 2996. */
  POLICY: 4008,
  /** The client could not read what the server sent fast enough. */
  SLOW_CONSUMER: 4009,
} as const

export function isServerMethod(value: unknown): value is ServerMethod {
  return typeof value === 'string' && (SERVER_METHODS as readonly string[]).includes(value)
}

export function isPushEvent(value: unknown): value is PushEventName {
  return typeof value === 'string' && (PUSH_EVENTS as readonly string[]).includes(value)
}
