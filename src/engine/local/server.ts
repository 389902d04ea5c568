import { ERROR_CODE, EVENT, LIMITS, TYPES } from '../constants'
import { ChatError, kickedOutCode, MESSAGES, notReadyError } from '../errors'
import type { ChatResponse, FailureUser, UserStatus } from '../types'
import type { Clock } from './clock'
import { Faults } from './faults'
import { conversationList, friendList, UserRecord } from './records'
import type { Session, SessionServer } from './session'
import type { Edition, EngineCall, EngineMethod, SessionApi, StatusChangeListener } from './types'
import { isRecord } from '../guards'
import { loggableUserIDList, readCustomStatus, readLogin, readUserIDList } from './validate'

/** Codes of the `failureUserList` entries the embedded engine produces. */
export const FAILURE_CODE = {
  /** The userID was never registered (70107 is the Chat server's "account does not exist"). */
  USER_NOT_FOUND: 70107,
  /** subscribeUserStatus with one's own userID (self changes arrive without subscribing). */
  CANNOT_SUBSCRIBE_SELF: ERROR_CODE.INVALID_PARAMETERS,
} as const

export interface ServerSettings {
  edition: Edition
  userStatusEnabled: boolean
  friendAutoNotify: boolean
  maxDevicesPerUser: number
  subscriptionClearDelayMs: number
  latencyMs: number
  callLogLimit: number
}

type Reply<M extends EngineMethod> = ReturnType<SessionApi[M]>

const STATUS_EDITIONS: ReadonlySet<Edition> = new Set<Edition>(['pro', 'ultimate', 'enterprise'])

function failure(userID: string, code: number, message: string): FailureUser {
  return { userID, code, message }
}

function unknownUser(userID: string): FailureUser {
  return failure(userID, FAILURE_CODE.USER_NOT_FOUND, `User ${userID} does not exist.`)
}

/**
 * The server inside a world: users, sessions, presence, subscriptions and the rules of every engine call.
 * Internal; `World` is the public face.
 */
export class Server implements SessionServer {
  readonly users = new Map<string, UserRecord>()
  readonly sessions = new Map<string, Session>()
  readonly faults = new Faults()
  readonly calls: EngineCall[] = []
  readonly callListeners = new Set<(call: EngineCall) => void>()
  readonly statusListeners = new Set<StatusChangeListener>()
  readonly clock: Clock
  readonly settings: ServerSettings

  constructor(clock: Clock, settings: ServerSettings) {
    this.clock = clock
    this.settings = settings
  }

  ensureUser(userID: string): UserRecord {
    let user = this.users.get(userID)
    if (!user) {
      user = new UserRecord(userID)
      this.users.set(userID, user)
    }
    return user
  }

  // ---- engine calls ---------------------------------------------------------------------------------------

  login(session: Session, options: unknown): Reply<'login'> {
    const asked = isRecord(options) && typeof options.userID === 'string' ? options.userID : session.userID
    return this.handle(
      session,
      'login',
      options,
      (reach) => {
        if (session.closed) throw new ChatError(ERROR_CODE.LOGGED_OUT, 'login: this client was destroyed; create a new one.')
        const { userID } = readLogin(options)
        // As the SDK: logged in already (as anyone) resolves repeatLogin and stays the same user.
        if (session.loggedIn) return { repeatLogin: true }
        reach()
        this.attach(session, userID)
        return { repeatLogin: false }
      },
      asked,
    )
  }

  /**
   * Succeeds without a connection too (the SDK logs out locally); never delayed nor faulted. Not logged in: 2024,
   * as the SDK (whatever ended the session before).
   */
  logout(session: Session): Reply<'logout'> {
    return this.handle(session, 'logout', undefined, () => {
      if (!session.loggedIn) throw notReadyError('logout', ERROR_CODE.NOT_LOGGED_IN)
      this.detach(session)
      return {}
    })
  }

  getConversationList(session: Session): Reply<'getConversationList'> {
    return this.handle(session, 'getConversationList', undefined, (reach) => {
      const user = this.requireLogin(session, 'getConversationList')
      reach()
      return { conversationList: conversationList(user, this.users) }
    })
  }

  getFriendList(session: Session): Reply<'getFriendList'> {
    return this.handle(session, 'getFriendList', undefined, (reach) => {
      const user = this.requireLogin(session, 'getFriendList')
      reach()
      return friendList(user, this.users)
    })
  }

  getUserStatus(session: Session, options: unknown): Reply<'getUserStatus'> {
    const method = 'getUserStatus'
    return this.handle(session, method, options, (reach) => {
      const self = this.requireLogin(session, method)
      const ids = readUserIDList(options, { method, max: LIMITS.GET_USER_STATUS_MAX_IDS })
      // Self only: answered locally, with no connection, edition, switch or rate check.
      if (ids.length === 1 && ids[0] === self.userID) return { successUserList: [self.status()], failureUserList: [] }
      reach()
      this.requireFeature(session, method)
      const successUserList: UserStatus[] = []
      const failureUserList: FailureUser[] = []
      for (const userID of ids) {
        const user = this.users.get(userID)
        if (user) successUserList.push(user.status())
        else failureUserList.push(unknownUser(userID))
      }
      return { successUserList, failureUserList }
    })
  }

  subscribeUserStatus(session: Session, options: unknown): Reply<'subscribeUserStatus'> {
    const method = 'subscribeUserStatus'
    return this.handle(session, method, options, (reach) => {
      const self = this.requireLogin(session, method)
      const ids = readUserIDList(options, { method, max: LIMITS.SUBSCRIBE_MAX_IDS })
      reach()
      this.requireFeature(session, method)
      const failureUserList: FailureUser[] = []
      for (const userID of ids) {
        if (userID === self.userID) {
          failureUserList.push(
            failure(userID, FAILURE_CODE.CANNOT_SUBSCRIBE_SELF, 'You cannot subscribe to yourself; your own changes arrive without it.'),
          )
        } else if (!this.users.has(userID)) {
          failureUserList.push(unknownUser(userID))
        } else {
          this.addSubscription(session, userID)
        }
      }
      return { failureUserList }
    })
  }

  unsubscribeUserStatus(session: Session, options: unknown): Reply<'unsubscribeUserStatus'> {
    const method = 'unsubscribeUserStatus'
    return this.handle(session, method, options, (reach) => {
      this.requireLogin(session, method)
      const ids = readUserIDList(options, { method, max: LIMITS.UNSUBSCRIBE_MAX_IDS, emptyMeansAll: true })
      reach()
      this.requireFeature(session, method)
      const failureUserList: FailureUser[] = []
      if (ids.length === 0) this.clearSubscriptions(session)
      for (const userID of ids) {
        if (this.users.has(userID)) this.removeSubscription(session, userID)
        else failureUserList.push(unknownUser(userID))
      }
      return { failureUserList }
    })
  }

  setSelfStatus(session: Session, options: unknown): Reply<'setSelfStatus'> {
    return this.handle(session, 'setSelfStatus', options, (reach) => {
      const user = this.requireLogin(session, 'setSelfStatus')
      const customStatus = readCustomStatus(options)
      reach()
      this.setCustomStatus(user, customStatus)
      return user.status()
    })
  }

  close(session: Session): void {
    if (session.closed) return
    if (session.loggedIn) this.detach(session)
    this.clearSubscriptions(session)
    session.closed = true
    this.sessions.delete(session.id)
  }

  /**
   * Runs one call: `body` applies the checks in order and the effect, synchronously, and calls `reach()` at the
   * point where the request leaves the client (connection check, injected failures). Every call is logged.
   * Answers that reached the server are resolved after `latencyMs` plus any injected delay, on the clock.
   */
  private handle<T>(
    session: Session,
    method: EngineMethod,
    options: unknown,
    body: (reach: () => void) => T,
    userID = session.userID,
  ): Promise<ChatResponse<T>> {
    const call: EngineCall = { clientId: session.id, userID, method, at: this.clock.now(), ok: true }
    const logged = this.settings.callLogLimit > 0
    const userIDList = logged || this.callListeners.size > 0 ? loggableUserIDList(options) : undefined
    if (userIDList) call.userIDList = userIDList
    let remote = false
    const reach = (): void => {
      if (session.link !== 'up') {
        throw new ChatError(ERROR_CODE.NETWORK_ERROR, `${method}: the connection is down; retry once it is back.`)
      }
      remote = true
      const code = this.faults.takeFailure(method)
      if (code !== undefined) throw new ChatError(code, `${method}: failure injected with world.faults.failNext.`)
    }
    let answer: () => Promise<ChatResponse<T>>
    try {
      const response = { code: 0, data: body(reach) }
      answer = () => Promise.resolve(response)
    } catch (error) {
      call.ok = false
      if (error instanceof ChatError) call.code = error.code
      answer = () => Promise.reject(error)
    }
    if (logged) {
      this.calls.push(call)
      if (this.calls.length > this.settings.callLogLimit) this.calls.shift()
    }
    for (const listener of this.callListeners) listener(call)
    const wait = remote ? this.settings.latencyMs + this.faults.delayOf(method) : 0
    if (wait <= 0) return answer()
    return new Promise((resolve) => {
      this.clock.setTimeout(() => resolve(answer()), wait)
    })
  }

  private requireLogin(session: Session, method: EngineMethod): UserRecord {
    const user = session.loggedIn ? this.users.get(session.userID) : undefined
    if (!user) throw notReadyError(method, session.notReadyCode)
    return user
  }

  /**
   * Edition (3122), then the rate window of this client for this method (2996; like the SDK's client-side check,
   * every attempt that gets this far counts), then the console switch (72001, on the server).
   */
  private requireFeature(session: Session, method: EngineMethod): void {
    if (!STATUS_EDITIONS.has(this.settings.edition)) {
      throw new ChatError(ERROR_CODE.EDITION_NOT_SUPPORTED, `${method}: ${MESSAGES.editionNotSupported}`)
    }
    if (!session.rateWindowOf(method).attempt(this.clock.now())) {
      throw new ChatError(ERROR_CODE.OVER_FREQUENCY_LIMIT, `${method}: ${MESSAGES.overFrequency}`)
    }
    if (!this.settings.userStatusEnabled) {
      throw new ChatError(ERROR_CODE.FEATURE_NOT_ENABLED, `${method}: ${MESSAGES.featureNotEnabled}`)
    }
  }

  // ---- login, logout, kick-out, connection ----------------------------------------------------------------

  private attach(session: Session, userID: string): void {
    const user = this.ensureUser(userID)
    this.cancelSubscriptionClear(session)
    if (session.subscriptionOwner !== userID) this.clearSubscriptions(session)
    session.pendingKick = undefined
    while (user.sessions.size >= this.settings.maxDevicesPerUser) {
      const oldest = user.sessions.values().next().value
      if (!oldest) break
      this.kick(oldest, TYPES.KICKED_OUT_MULT_ACCOUNT)
    }
    session.userID = userID
    session.notReadyCode = ERROR_CODE.NOT_LOGGED_IN
    session.subscriptionOwner = userID
    user.sessions.add(session)
    session.emit({ name: EVENT.NET_STATE_CHANGE, data: { state: TYPES.NET_STATE_CONNECTED } })
    session.emit({ name: EVENT.SDK_READY, data: undefined })
    this.refresh(user)
  }

  private detach(session: Session): void {
    const user = this.users.get(session.userID)
    session.userID = ''
    session.notReadyCode = ERROR_CODE.LOGGED_OUT
    this.stopHeartbeat(session)
    this.scheduleSubscriptionClear(session)
    session.emit({ name: EVENT.SDK_NOT_READY, data: undefined })
    if (user) {
      user.sessions.delete(session)
      this.refresh(user)
    }
  }

  /** Logs the session out at once and clears its subscriptions; does not refresh the user's status. */
  kick(session: Session, type: string): void {
    this.users.get(session.userID)?.sessions.delete(session)
    session.userID = ''
    session.notReadyCode = kickedOutCode(type)
    this.stopHeartbeat(session)
    this.clearSubscriptions(session)
    if (session.link === 'up') this.tellKicked(session, type)
    else session.pendingKick = type
  }

  private stopHeartbeat(session: Session): void {
    this.clock.clearTimeout(session.heartbeatTimer)
    session.heartbeatTimer = undefined
  }

  private tellKicked(session: Session, type: string): void {
    session.emit({ name: EVENT.KICKED_OUT, data: { type } })
    session.emit({ name: EVENT.SDK_NOT_READY, data: undefined })
  }

  dropConnection(session: Session, silent: boolean): void {
    if (session.link !== 'up') return
    session.link = silent ? 'silent' : 'down'
    if (!session.loggedIn) return
    session.emit({ name: EVENT.NET_STATE_CHANGE, data: { state: TYPES.NET_STATE_DISCONNECTED } })
    if (silent) {
      session.heartbeatTimer = this.clock.setTimeout(() => {
        session.heartbeatTimer = undefined
        this.connectionLost(session)
      }, LIMITS.HEARTBEAT_TIMEOUT_MS)
    } else {
      this.connectionLost(session)
    }
  }

  /** The server knows the device is gone: OFFLINE unless another device is on; subscriptions cleared later. */
  private connectionLost(session: Session): void {
    session.link = 'down'
    this.scheduleSubscriptionClear(session)
    const user = this.users.get(session.userID)
    if (user) this.refresh(user)
  }

  restoreConnection(session: Session): void {
    if (session.link === 'up') return
    session.link = 'up'
    this.stopHeartbeat(session)
    if (session.pendingKick !== undefined) {
      const type = session.pendingKick
      session.pendingKick = undefined
      this.tellKicked(session, type)
      return
    }
    const user = this.users.get(session.userID)
    if (!user) return
    this.cancelSubscriptionClear(session)
    session.emit({ name: EVENT.NET_STATE_CHANGE, data: { state: TYPES.NET_STATE_CONNECTING } })
    session.emit({ name: EVENT.NET_STATE_CHANGE, data: { state: TYPES.NET_STATE_CONNECTED } })
    this.refresh(user)
  }

  // ---- subscriptions --------------------------------------------------------------------------------------

  /** Re-subscribing is a no-op (the entry keeps its age); past 200 the oldest subscriptions are evicted. */
  private addSubscription(session: Session, userID: string): void {
    if (session.subscriptions.has(userID)) return
    session.subscriptions.add(userID)
    this.users.get(userID)?.subscribers.add(session)
    for (const oldest of session.subscriptions) {
      if (session.subscriptions.size <= LIMITS.MAX_SUBSCRIPTIONS) break
      this.removeSubscription(session, oldest)
    }
  }

  private removeSubscription(session: Session, userID: string): void {
    if (session.subscriptions.delete(userID)) this.users.get(userID)?.subscribers.delete(session)
  }

  clearSubscriptions(session: Session): void {
    for (const userID of session.subscriptions) this.users.get(userID)?.subscribers.delete(session)
    session.subscriptions.clear()
    this.cancelSubscriptionClear(session)
  }

  private cancelSubscriptionClear(session: Session): void {
    this.clock.clearTimeout(session.subscriptionClearTimer)
    session.subscriptionClearTimer = undefined
  }

  private scheduleSubscriptionClear(session: Session): void {
    this.cancelSubscriptionClear(session)
    if (session.subscriptions.size === 0) return
    session.subscriptionClearTimer = this.clock.setTimeout(
      () => this.clearSubscriptions(session),
      this.settings.subscriptionClearDelayMs,
    )
  }

  // ---- presence and notifications -------------------------------------------------------------------------

  /** Recomputes the user's status; on a change, notifies and starts or cancels the custom-status clearing. */
  refresh(user: UserRecord): void {
    const next = user.computeStatusType()
    const previous = user.statusType
    if (next === previous) return
    const before = user.status()
    user.statusType = next
    user.since = this.clock.now()
    if (previous === TYPES.USER_STATUS_UNLOGINED) {
      this.clock.clearTimeout(user.customStatusTimer)
      user.customStatusTimer = undefined
    }
    if (next === TYPES.USER_STATUS_UNLOGINED) {
      user.customStatusTimer = this.clock.setTimeout(() => {
        user.customStatusTimer = undefined
        this.setCustomStatus(user, '')
      }, LIMITS.CUSTOM_STATUS_CLEAR_AFTER_LOGOUT_MS)
    }
    this.notify(user, before)
  }

  setCustomStatus(user: UserRecord, customStatus: string): void {
    if (user.customStatus === customStatus) return
    const before = user.status()
    user.customStatus = customStatus
    this.notify(user, before)
  }

  /**
   * Sends the user's status to their own clients (always), and, when the edition and the console switch allow
   * it, to the clients that subscribed them and (auto-notify on) to their friends' clients. Work is proportional
   * to these listeners; each client gets one event per change.
   */
  private notify(user: UserRecord, previous: UserStatus): void {
    const targets = new Set<Session>(user.sessions)
    if (STATUS_EDITIONS.has(this.settings.edition) && this.settings.userStatusEnabled) {
      for (const session of user.subscribers) targets.add(session)
      if (this.settings.friendAutoNotify) {
        for (const friendID of user.friends.keys()) {
          const friend = this.users.get(friendID)
          if (friend) for (const session of friend.sessions) targets.add(session)
        }
      }
    }
    for (const session of targets) {
      session.push({ name: EVENT.USER_STATUS_UPDATED, data: [user.status()] })
    }
    for (const listener of this.statusListeners) listener(user.status(), previous)
  }
}
