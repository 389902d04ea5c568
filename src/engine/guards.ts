import { ERROR_CODE, TYPES } from './constants'
import { ChatError, toChatError } from './errors'
import type {
  Conversation,
  EngineEventData,
  EngineEventName,
  FailureUser,
  Friend,
  GroupProfile,
  LastMessage,
  NetState,
  Profile,
  UserStatus,
  UserStatusType,
} from './types'

/**
 * Guards and readers for everything that crosses a wire into the kit: what `@tencentcloud/chat` resolves and emits
 * (the SDK types every result as `Promise<any>`), the presence server's frames (socket engine), and the server's
 * own reading of client frames. Nothing received is trusted: each reader checks the shape and returns the kit's
 * own types. One set for every engine, so a frame from a server is held to the same rules as an SDK answer.
 *
 * Policy: a broken container (no `data`, a list that is not an array) is an error; a broken item inside a
 * good container is repaired when a safe default exists (`customStatus` -> '', an unknown `statusType` ->
 * USER_STATUS_UNKNOWN) and dropped when it has no usable ID.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A parameter with the wrong type or out of range: 6017, with a message saying what to pass instead. */
export function invalid(message: string): ChatError {
  return new ChatError(ERROR_CODE.INVALID_PARAMETERS, message)
}

export function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback
}

export function finite(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback
}

export function nonEmptyText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

/** An answer that does not have the documented shape. Kept as the error's `data` for debugging. */
export function unexpectedResponse(api: string, detail: string, response: unknown): ChatError {
  return new ChatError(
    ERROR_CODE.NETWORK_ERROR,
    `${api} answered with an unexpected shape (${detail}).`,
    response,
  )
}

/**
 * `{ code: 0, data }` -> data. A non-zero `code` becomes a ChatError with that code (the SDK rejects in that case,
 * but a resolved error is handled the same way).
 */
export function readData(api: string, response: unknown): unknown {
  if (!isRecord(response)) throw unexpectedResponse(api, 'not an object', response)
  if (typeof response.code === 'number' && response.code !== 0) throw toChatError(response)
  if (!('data' in response)) throw unexpectedResponse(api, 'no data', response)
  return response.data
}

/** A list field of `data`: missing means empty; anything else than an array is an error. */
function readList(api: string, data: unknown, field: string): readonly unknown[] {
  if (!isRecord(data)) throw unexpectedResponse(api, 'data is not an object', data)
  const list = data[field]
  if (list === undefined) return []
  if (!Array.isArray(list)) throw unexpectedResponse(api, `data.${field} is not an array`, data)
  return list
}

function collect<T>(items: readonly unknown[], read: (item: unknown) => T | null): T[] {
  const out: T[] = []
  for (const item of items) {
    const value = read(item)
    if (value !== null) out.push(value)
  }
  return out
}

// ---------------------------------------------------------------- user status

export function toStatusType(value: unknown): UserStatusType {
  switch (value) {
    case TYPES.USER_STATUS_ONLINE:
    case TYPES.USER_STATUS_OFFLINE:
    case TYPES.USER_STATUS_UNLOGINED:
    case TYPES.USER_STATUS_UNKNOWN:
      return value
    default:
      return TYPES.USER_STATUS_UNKNOWN
  }
}

/** `{ userID, statusType, customStatus, since? }` (the SDK has already decoded `customStatus`; it sends no `since`). */
export function readUserStatus(item: unknown): UserStatus | null {
  if (!isRecord(item)) return null
  const userID = nonEmptyText(item.userID)
  if (userID === null) return null
  const status: UserStatus = { userID, statusType: toStatusType(item.statusType), customStatus: text(item.customStatus) }
  if (typeof item.since === 'number' && Number.isFinite(item.since) && item.since >= 0) status.since = item.since
  return status
}

/** `{ userID, code, message }`. */
export function readFailureUser(item: unknown): FailureUser | null {
  if (!isRecord(item)) return null
  const userID = nonEmptyText(item.userID)
  if (userID === null) return null
  const code = finite(item.code, ERROR_CODE.NETWORK_ERROR)
  return { userID, code, message: text(item.message, `Chat SDK error ${code}`) }
}

export function readStatusLists(api: string, data: unknown): { successUserList: UserStatus[]; failureUserList: FailureUser[] } {
  return {
    successUserList: collect(readList(api, data, 'successUserList'), readUserStatus),
    failureUserList: collect(readList(api, data, 'failureUserList'), readFailureUser),
  }
}

export function readFailureList(api: string, data: unknown): { failureUserList: FailureUser[] } {
  return { failureUserList: collect(readList(api, data, 'failureUserList'), readFailureUser) }
}

// ---------------------------------------------------------------- profiles, conversations, friends

/** The SDK's `Profile` (many fields) -> `{ userID, nick, avatar }`; the userID falls back to `fallbackUserID`. */
export function readProfile(value: unknown, fallbackUserID: string): Profile {
  const profile = isRecord(value) ? value : {}
  return {
    userID: nonEmptyText(profile.userID) ?? fallbackUserID,
    nick: text(profile.nick),
    avatar: text(profile.avatar),
  }
}

function readGroupProfile(value: unknown, fallbackGroupID: string): GroupProfile {
  const group = isRecord(value) ? value : {}
  return {
    groupID: nonEmptyText(group.groupID) ?? fallbackGroupID,
    name: text(group.name),
    avatar: text(group.avatar),
  }
}

/**
 * The SDK's `lastMessage` -> `{ messageForShow, lastTime, fromAccount }`, or null for a conversation without
 * messages (the SDK gives an object with `lastTime: 0` and empty texts then).
 */
function readLastMessage(value: unknown): LastMessage | null {
  if (!isRecord(value)) return null
  const lastMessage: LastMessage = {
    messageForShow: text(value.messageForShow),
    lastTime: finite(value.lastTime, 0),
    fromAccount: text(value.fromAccount),
  }
  const empty = lastMessage.lastTime === 0 && lastMessage.messageForShow === '' && lastMessage.fromAccount === ''
  return empty ? null : lastMessage
}

const C2C_PREFIX = TYPES.CONV_C2C
const GROUP_PREFIX = TYPES.CONV_GROUP

/**
 * The SDK's `Conversation` -> ours. C2C and group conversations only: the system conversation
 * (`@TIM#SYSTEM`) has no one to show a status for and is dropped. For C2C the partner's userID comes from
 * `userProfile.userID`, else from `conversationID` minus the 'C2C' prefix (the SDK can hand out a conversation
 * before the partner's profile has loaded).
 */
export function readConversation(value: unknown): Conversation | null {
  if (!isRecord(value)) return null
  const conversationID = nonEmptyText(value.conversationID)
  if (conversationID === null) return null
  const base = {
    conversationID,
    unreadCount: Math.max(0, finite(value.unreadCount, 0)),
    isPinned: value.isPinned === true,
    lastMessage: readLastMessage(value.lastMessage),
  }
  const isC2C = value.type === TYPES.CONV_C2C || (value.type === undefined && conversationID.startsWith(C2C_PREFIX))
  if (isC2C) {
    const partnerID = conversationID.startsWith(C2C_PREFIX) ? conversationID.slice(C2C_PREFIX.length) : ''
    const userProfile = readProfile(value.userProfile, partnerID)
    if (userProfile.userID === '') return null
    return { ...base, type: TYPES.CONV_C2C, userProfile }
  }
  const isGroup = value.type === TYPES.CONV_GROUP || (value.type === undefined && conversationID.startsWith(GROUP_PREFIX))
  if (isGroup) {
    const groupID = conversationID.startsWith(GROUP_PREFIX) ? conversationID.slice(GROUP_PREFIX.length) : ''
    const groupProfile = readGroupProfile(value.groupProfile, groupID)
    if (groupProfile.groupID === '') return null
    return { ...base, type: TYPES.CONV_GROUP, groupProfile }
  }
  return null
}

export function readConversationList(api: string, data: unknown): Conversation[] {
  return collect(readList(api, data, 'conversationList'), readConversation)
}

function readStringList(value: unknown): string[] {
  if (!Array.isArray(value)) return []
  const items: readonly unknown[] = value
  return items.filter((item): item is string => typeof item === 'string')
}

/** The SDK's `Friend` -> `{ userID, remark, profile: { userID, nick, avatar }, groupList }`. */
export function readFriend(value: unknown): Friend | null {
  if (!isRecord(value)) return null
  const profile = readProfile(value.profile, text(value.userID))
  const userID = nonEmptyText(value.userID) ?? profile.userID
  if (userID === '') return null
  return { userID, remark: text(value.remark), profile: { ...profile, userID }, groupList: readStringList(value.groupList) }
}

export function readFriendList(api: string, data: unknown): Friend[] {
  if (!Array.isArray(data)) throw unexpectedResponse(api, 'data is not an array of friends', data)
  const items: readonly unknown[] = data
  return collect(items, readFriend)
}

// ---------------------------------------------------------------- events

function readNetState(value: unknown): NetState | null {
  switch (value) {
    case TYPES.NET_STATE_CONNECTED:
    case TYPES.NET_STATE_CONNECTING:
    case TYPES.NET_STATE_DISCONNECTED:
      return value
    default:
      return null
  }
}

/** A decoded event payload, or null when the event cannot be delivered (for example an unknown net state). */
type Decoded<T> = { data: T } | null

type EventDecoders = { [E in EngineEventName]: (data: unknown) => Decoded<EngineEventData[E]> }

function listOf<T>(value: unknown, read: (item: unknown) => T | null): T[] {
  if (!Array.isArray(value)) return []
  const items: readonly unknown[] = value
  return collect(items, read)
}

/** `event.data` of each SDK event -> the kit's payload. */
export const EVENT_DECODERS: EventDecoders = {
  sdkStateReady: () => ({ data: undefined }),
  sdkStateNotReady: () => ({ data: undefined }),
  onConversationListUpdated: (data) => (Array.isArray(data) ? { data: listOf(data, readConversation) } : null),
  onFriendListUpdated: (data) => (Array.isArray(data) ? { data: listOf(data, readFriend) } : null),
  onUserStatusUpdated: (data) => (Array.isArray(data) ? { data: listOf(data, readUserStatus) } : null),
  netStateChange: (data) => {
    const state = isRecord(data) ? readNetState(data.state) : null
    return state === null ? null : { data: { state } }
  },
  kickedOut: (data) => ({ data: { type: isRecord(data) ? text(data.type, 'unknown') : 'unknown' } }),
}
