import { EVENT, TYPES } from '../constants'
import type { Conversation, LastMessage, Profile, UserStatus } from '../types'
import { systemClock, type Clock } from './clock'
import { conversationList, friendList, toConversation, type ConversationRecord, type UserRecord } from './records'
import { Server } from './server'
import { Session } from './session'
import type {
  ClientRef,
  Edition,
  EngineCall,
  FaultInjector,
  Presence,
  SessionSink,
  StatusChangeListener,
  WorldOptions,
  WorldSession,
} from './types'

export interface AddUserOptions {
  userID: string
  nick?: string
  avatar?: string
}

export interface AddFriendOptions {
  /** The remark the first user gives the second. @default '' */
  remark?: string
  /** The first user's friend groups for the second. @default [] */
  groupList?: string[]
}

export type ConversationTarget = { userID: string } | { groupID: string; name: string }

export interface ConversationOptions {
  lastMessage?: LastMessage | null
  unreadCount?: number
  isPinned?: boolean
}

export interface DropConnectionOptions {
  /** Lost without FIN: the server keeps the device online until the heartbeat times out (400 s). @default false */
  silent?: boolean
}

export interface OpenSessionOptions {
  /** The client's id in `world.calls`; must be unique in the world. @default 'c1', 'c2', ... */
  id?: string
}

/**
 * An in-memory chat server: users, friendships, conversations, presence, user-status rules and limits, on an
 * injectable clock. Clients talk to it through sessions (`openSession(sink)`); tests and the playground drive it
 * with the commands below. It does not depend on the DOM or on Vue.
 *
 * World commands create unknown users on the fly, like `login` does.
 */
export class World {
  readonly clock: Clock
  /** Fault injection: `failNext(method, code)`, `delay(method, ms)`, `clear()`. */
  readonly faults: FaultInjector
  /** Every engine call the world received, oldest first. */
  readonly calls: readonly EngineCall[]
  private readonly server: Server
  private nextClientNumber = 1

  constructor(options: WorldOptions = {}) {
    const maxDevicesPerUser = options.maxDevicesPerUser ?? Infinity
    if (!(maxDevicesPerUser >= 1)) throw new RangeError('createWorld: maxDevicesPerUser must be at least 1.')
    this.clock = options.clock ?? systemClock
    this.server = new Server(this.clock, {
      edition: options.edition ?? 'ultimate',
      userStatusEnabled: options.userStatusEnabled ?? true,
      friendAutoNotify: options.friendAutoNotify ?? false,
      maxDevicesPerUser,
      subscriptionClearDelayMs: options.subscriptionClearDelayMs ?? 30_000,
      latencyMs: options.latencyMs ?? 0,
      callLogLimit: Math.max(0, options.callLogLimit ?? Infinity),
    })
    this.faults = this.server.faults
    this.calls = this.server.calls
  }

  // ---- settings -------------------------------------------------------------------------------------------

  get edition(): Edition {
    return this.server.settings.edition
  }

  get userStatusEnabled(): boolean {
    return this.server.settings.userStatusEnabled
  }

  get friendAutoNotify(): boolean {
    return this.server.settings.friendAutoNotify
  }

  get latencyMs(): number {
    return this.server.settings.latencyMs
  }

  get maxDevicesPerUser(): number {
    return this.server.settings.maxDevicesPerUser
  }

  get subscriptionClearDelayMs(): number {
    return this.server.settings.subscriptionClearDelayMs
  }

  setEdition(edition: Edition): void {
    this.server.settings.edition = edition
  }

  /** The console switch "user status query and status change notification". */
  setUserStatusEnabled(enabled: boolean): void {
    this.server.settings.userStatusEnabled = enabled
  }

  /** The console switch "friend status auto-notify". */
  setFriendAutoNotify(enabled: boolean): void {
    this.server.settings.friendAutoNotify = enabled
  }

  // ---- clients --------------------------------------------------------------------------------------------

  /** Opens a client session; `sink` receives the events for that client, synchronously, as the world sends them. */
  openSession(sink: SessionSink, options: OpenSessionOptions = {}): WorldSession {
    let id = options.id
    if (id === undefined) {
      do id = `c${this.nextClientNumber++}`
      while (this.server.sessions.has(id))
    } else if (this.server.sessions.has(id)) {
      throw new Error(`openSession: a client with id ${id} already exists in this world.`)
    }
    const session = new Session(id, sink, this.server)
    this.server.sessions.set(id, session)
    return session
  }

  /** The open client sessions, in opening order. */
  clients(): WorldSession[] {
    return [...this.server.sessions.values()]
  }

  /** Cuts the client's connection. Explicit: OFFLINE at once (unless another device is on); silent: after 400 s. */
  dropConnection(client: ClientRef, options: DropConnectionOptions = {}): void {
    this.server.dropConnection(this.resolve(client), options.silent ?? false)
  }

  /** Restores the connection: `connecting` then `connected`, and ONLINE again. */
  restoreConnection(client: ClientRef): void {
    this.server.restoreConnection(this.resolve(client))
  }

  /** Kicks a logged-in client out (`kickedOut` then SDK_NOT_READY); its subscriptions are cleared at once. */
  kickOut(client: ClientRef, type: string = TYPES.KICKED_OUT_REST_API): void {
    const session = this.resolve(client)
    const user = this.server.users.get(session.userID)
    if (!user) return
    this.server.kick(session, type)
    this.server.refresh(user)
  }

  /** The client's subscriptions, oldest first. */
  subscriptionsOf(client: ClientRef): string[] {
    return [...this.resolve(client).subscriptions]
  }

  /** The client sessions that subscribed the user (including ones whose logout clearing is pending). */
  subscribersOf(userID: string): WorldSession[] {
    return [...(this.server.users.get(userID)?.subscribers ?? [])]
  }

  /** Adds a listener for every engine call; returns a function that removes it. */
  onCall(listener: (call: EngineCall) => void): () => void {
    this.server.callListeners.add(listener)
    return () => {
      this.server.callListeners.delete(listener)
    }
  }

  /**
   * Adds a listener for every change of a user's status or custom status, whatever caused it (a client, a world
   * command, a timer); returns a function that removes it. For servers that mirror presence elsewhere.
   */
  onStatusChange(listener: StatusChangeListener): () => void {
    this.server.statusListeners.add(listener)
    return () => {
      this.server.statusListeners.delete(listener)
    }
  }

  clearCalls(): void {
    this.server.calls.length = 0
  }

  // ---- users and presence ---------------------------------------------------------------------------------

  /** Registers a user, or updates the given profile fields of an existing one. */
  addUser(options: AddUserOptions): Profile {
    if (typeof options.userID !== 'string' || options.userID === '') {
      throw new TypeError('addUser: userID must be a non-empty string.')
    }
    const user = this.server.ensureUser(options.userID)
    if (options.nick !== undefined) user.nick = options.nick
    if (options.avatar !== undefined) user.avatar = options.avatar
    return user.profile()
  }

  hasUser(userID: string): boolean {
    return this.server.users.has(userID)
  }

  /**
   * Sets the virtual device of a simulated user; the user's status combines it with their real clients.
   * `since` back-dates the start of the resulting status (clock ms), for a world that begins mid-day.
   */
  setPresence(userID: string, presence: Presence, options: { since?: number } = {}): void {
    const user = this.server.ensureUser(userID)
    user.presence = presence
    this.server.refresh(user, options.since)
    if (options.since !== undefined) user.since = options.since
  }

  /**
   * The user's client sessions alone, without the virtual device of `setPresence`: 'online' when one counts as
   * connected, 'offline' when every logged-in one was lost without logout, 'unlogined' when none is logged in.
   * A server that shares presence between processes publishes this and applies the others' with `setPresence`.
   */
  devicePresence(userID: string): Presence {
    return this.server.users.get(userID)?.sessionPresence() ?? 'unlogined'
  }

  /** Sets a user's custom status as if they called setSelfStatus ('' clears). */
  setCustomStatus(userID: string, customStatus: string): void {
    this.server.setCustomStatus(this.server.ensureUser(userID), customStatus)
  }

  /** The user's status as the server has it; statusType 0 (unknown) for a userID that was never registered. */
  getStatus(userID: string): UserStatus {
    return this.server.users.get(userID)?.status() ?? { userID, statusType: TYPES.USER_STATUS_UNKNOWN, customStatus: '' }
  }

  // ---- friends and conversations --------------------------------------------------------------------------

  /** Makes two users friends (both ways); both users' clients get onFriendListUpdated. */
  addFriend(userID: string, friendID: string, options: AddFriendOptions = {}): void {
    if (userID === friendID) throw new Error('addFriend: a user cannot befriend themselves.')
    const user = this.server.ensureUser(userID)
    const friend = this.server.ensureUser(friendID)
    user.friends.set(friendID, { remark: options.remark ?? '', groupList: [...(options.groupList ?? [])] })
    if (!friend.friends.has(userID)) friend.friends.set(userID, { remark: '', groupList: [] })
    this.emitFriendList(user)
    this.emitFriendList(friend)
  }

  /** Ends a friendship (both ways); both users' clients get onFriendListUpdated. */
  removeFriend(userID: string, friendID: string): void {
    const user = this.server.users.get(userID)
    const friend = this.server.users.get(friendID)
    if (!user || !friend || !user.friends.has(friendID)) return
    user.friends.delete(friendID)
    friend.friends.delete(userID)
    this.emitFriendList(user)
    this.emitFriendList(friend)
  }

  /** Creates or updates a conversation of `ownerID`; the owner's clients get onConversationListUpdated. */
  addConversation(ownerID: string, target: ConversationTarget, options: ConversationOptions = {}): Conversation {
    const owner = this.server.ensureUser(ownerID)
    const record =
      'userID' in target ? this.c2c(owner, target.userID) : this.groupConversation(owner, target.groupID, target.name)
    if (options.lastMessage !== undefined) record.lastMessage = options.lastMessage && { ...options.lastMessage }
    if (options.unreadCount !== undefined) record.unreadCount = options.unreadCount
    if (options.isPinned !== undefined) record.isPinned = options.isPinned
    this.emitConversationList(owner)
    return toConversation(record, this.server.users)
  }

  /** A C2C text message: updates both users' conversations (the receiver's unread count +1) and notifies both. */
  sendMessage(fromUserID: string, toUserID: string, text: string): void {
    if (fromUserID === toUserID) throw new Error('sendMessage: sender and receiver must differ.')
    const sender = this.server.ensureUser(fromUserID)
    const receiver = this.server.ensureUser(toUserID)
    const message: LastMessage = {
      messageForShow: text,
      lastTime: Math.floor(this.clock.now() / 1000),
      fromAccount: fromUserID,
    }
    this.c2c(sender, toUserID).lastMessage = { ...message }
    const incoming = this.c2c(receiver, fromUserID)
    incoming.lastMessage = { ...message }
    incoming.unreadCount += 1
    this.emitConversationList(sender)
    this.emitConversationList(receiver)
  }

  // ---- internals ------------------------------------------------------------------------------------------

  private resolve(client: ClientRef): Session {
    const handle = 'session' in client ? client.session : client
    const session = this.server.sessions.get(handle.id)
    if (!session || session !== handle) throw new Error(`Client ${handle.id} is not open in this world.`)
    return session
  }

  private c2c(owner: UserRecord, partnerID: string): ConversationRecord {
    this.server.ensureUser(partnerID)
    return this.conversation(owner, `C2C${partnerID}`, () => ({ type: TYPES.CONV_C2C, partnerID }))
  }

  private groupConversation(owner: UserRecord, groupID: string, name: string): ConversationRecord {
    const record = this.conversation(owner, `GROUP${groupID}`, () => ({ type: TYPES.CONV_GROUP, group: { groupID, name } }))
    record.group = { groupID, name }
    return record
  }

  private conversation(
    owner: UserRecord,
    conversationID: string,
    create: () => Pick<ConversationRecord, 'type' | 'partnerID' | 'group'>,
  ): ConversationRecord {
    let record = owner.conversations.get(conversationID)
    if (!record) {
      record = { conversationID, unreadCount: 0, isPinned: false, lastMessage: null, ...create() }
      owner.conversations.set(conversationID, record)
    }
    return record
  }

  private emitFriendList(user: UserRecord): void {
    for (const session of user.sessions) {
      session.push({ name: EVENT.FRIEND_LIST_UPDATED, data: friendList(user, this.server.users) })
    }
  }

  private emitConversationList(user: UserRecord): void {
    for (const session of user.sessions) {
      session.push({ name: EVENT.CONVERSATION_LIST_UPDATED, data: conversationList(user, this.server.users) })
    }
  }
}
