import { TYPES } from '../constants'
import type {
  Conversation,
  ConversationType,
  Friend,
  LastMessage,
  Profile,
  UserStatus,
  UserStatusType,
} from '../types'
import type { Session } from './session'
import type { Presence } from './types'

/** The world's records (its "database") and the SDK-shaped copies handed to clients. */

export interface FriendLink {
  remark: string
  groupList: string[]
}

export interface ConversationRecord {
  conversationID: string
  type: ConversationType
  /** C2C: the partner's userID. */
  partnerID?: string
  /** GROUP: the group. */
  group?: { groupID: string; name: string }
  unreadCount: number
  isPinned: boolean
  lastMessage: LastMessage | null
}

export class UserRecord {
  readonly userID: string
  nick: string
  avatar: string
  customStatus = ''
  /** The last status computed and notified. */
  statusType: UserStatusType = TYPES.USER_STATUS_UNLOGINED
  /** When `statusType` last changed (clock ms); undefined for a user never seen online. */
  since: number | undefined = undefined
  /** The virtual device of a simulated user (`world.setPresence`). */
  presence: Presence = 'unlogined'
  /** Logged-in client sessions, oldest login first. */
  readonly sessions = new Set<Session>()
  /** Reverse index: the sessions that subscribed this user. */
  readonly subscribers = new Set<Session>()
  /** Friends by userID, in the order they were added. */
  readonly friends = new Map<string, FriendLink>()
  readonly conversations = new Map<string, ConversationRecord>()
  /** Clears the custom status 30 s after the user became UNLOGINED. */
  customStatusTimer: unknown = undefined

  constructor(userID: string, nick = '', avatar = '') {
    this.userID = userID
    this.nick = nick
    this.avatar = avatar
  }

  profile(): Profile {
    return { userID: this.userID, nick: this.nick, avatar: this.avatar }
  }

  status(): UserStatus {
    const status: UserStatus = { userID: this.userID, statusType: this.statusType, customStatus: this.customStatus }
    if (this.since !== undefined) status.since = this.since
    return status
  }

  /**
   * Status is per user: ONLINE when any device counts as connected (a silently dropped one does until its
   * heartbeat times out); else OFFLINE when a device was lost without logout; else UNLOGINED.
   */
  computeStatusType(): UserStatusType {
    if (this.presence === 'online') return TYPES.USER_STATUS_ONLINE
    const devices = this.sessionPresence()
    if (devices === 'online') return TYPES.USER_STATUS_ONLINE
    return this.presence === 'offline' || devices === 'offline' ? TYPES.USER_STATUS_OFFLINE : TYPES.USER_STATUS_UNLOGINED
  }

  /** The user's client sessions alone (without the virtual device), as a `Presence`. */
  sessionPresence(): Presence {
    let lost = false
    for (const session of this.sessions) {
      if (session.link !== 'down') return 'online'
      lost = true
    }
    return lost ? 'offline' : 'unlogined'
  }
}

export function toFriend(userID: string, link: FriendLink, users: ReadonlyMap<string, UserRecord>): Friend {
  const profile = users.get(userID)?.profile() ?? { userID, nick: '', avatar: '' }
  return { userID, remark: link.remark, profile, groupList: [...link.groupList] }
}

export function friendList(user: UserRecord, users: ReadonlyMap<string, UserRecord>): Friend[] {
  return Array.from(user.friends, ([userID, link]) => toFriend(userID, link, users))
}

export function toConversation(record: ConversationRecord, users: ReadonlyMap<string, UserRecord>): Conversation {
  const conversation: Conversation = {
    conversationID: record.conversationID,
    type: record.type,
    unreadCount: record.unreadCount,
    isPinned: record.isPinned,
    lastMessage: record.lastMessage && { ...record.lastMessage },
  }
  if (record.partnerID !== undefined) {
    const partnerID = record.partnerID
    conversation.userProfile = users.get(partnerID)?.profile() ?? { userID: partnerID, nick: '', avatar: '' }
  }
  if (record.group) conversation.groupProfile = { ...record.group, avatar: '' }
  return conversation
}

/** Pinned first, then by last message time (newest first), then by conversationID. */
export function compareConversations(a: Conversation, b: Conversation): number {
  if (a.isPinned !== b.isPinned) return a.isPinned ? -1 : 1
  const timeA = a.lastMessage?.lastTime ?? -1
  const timeB = b.lastMessage?.lastTime ?? -1
  if (timeA !== timeB) return timeB - timeA
  return a.conversationID < b.conversationID ? -1 : a.conversationID > b.conversationID ? 1 : 0
}

export function conversationList(user: UserRecord, users: ReadonlyMap<string, UserRecord>): Conversation[] {
  return Array.from(user.conversations.values(), (record) => toConversation(record, users)).sort(compareConversations)
}
