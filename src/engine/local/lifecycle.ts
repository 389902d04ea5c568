import { ERROR_CODE, EVENT, LIMITS, TYPES } from '../constants'
import { kickedOutCode } from '../errors'
import type { UserStatus } from '../types'
import type { Clock } from './clock'
import { Faults } from './faults'
import { UserRecord } from './records'
import type { Session } from './session'
import type { Edition, EngineCall, StatusChangeListener } from './types'

export interface ServerSettings {
  edition: Edition
  userStatusEnabled: boolean
  friendAutoNotify: boolean
  maxDevicesPerUser: number
  subscriptionClearDelayMs: number
  latencyMs: number
  callLogLimit: number
}

/** The editions whose users have user status (the others answer 3122 and notify nobody else). */
export const STATUS_EDITIONS: ReadonlySet<Edition> = new Set<Edition>(['pro', 'ultimate', 'enterprise'])

/**
 * The world's state and what happens to it between calls: sessions logging in and out, kick-outs, connections
 * dropped and restored, subscriptions and their delayed clearing, status changes and who is notified of them.
 * The rules of the engine calls are in `Server`, built on it.
 */
export class SessionLifecycle {
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

  // ---- login, logout, kick-out, connection ----------------------------------------------------------------

  protected attach(session: Session, userID: string): void {
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

  protected detach(session: Session): void {
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

  protected stopHeartbeat(session: Session): void {
    this.clock.clearTimeout(session.heartbeatTimer)
    session.heartbeatTimer = undefined
  }

  protected tellKicked(session: Session, type: string): void {
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
  protected connectionLost(session: Session): void {
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
  protected addSubscription(session: Session, userID: string): void {
    if (session.subscriptions.has(userID)) return
    session.subscriptions.add(userID)
    this.users.get(userID)?.subscribers.add(session)
    for (const oldest of session.subscriptions) {
      if (session.subscriptions.size <= LIMITS.MAX_SUBSCRIPTIONS) break
      this.removeSubscription(session, oldest)
    }
  }

  protected removeSubscription(session: Session, userID: string): void {
    if (session.subscriptions.delete(userID)) this.users.get(userID)?.subscribers.delete(session)
  }

  clearSubscriptions(session: Session): void {
    for (const userID of session.subscriptions) this.users.get(userID)?.subscribers.delete(session)
    session.subscriptions.clear()
    this.cancelSubscriptionClear(session)
  }

  protected cancelSubscriptionClear(session: Session): void {
    this.clock.clearTimeout(session.subscriptionClearTimer)
    session.subscriptionClearTimer = undefined
  }

  protected scheduleSubscriptionClear(session: Session): void {
    this.cancelSubscriptionClear(session)
    if (session.subscriptions.size === 0) return
    session.subscriptionClearTimer = this.clock.setTimeout(
      () => this.clearSubscriptions(session),
      this.settings.subscriptionClearDelayMs,
    )
  }

  // ---- presence and notifications -------------------------------------------------------------------------

  /**
   * Recomputes the user's status; on a change, notifies and starts or cancels the custom-status clearing. `since`:
   * when the new status began, if not now (a status learnt from another server node).
   */
  refresh(user: UserRecord, since?: number): void {
    const next = user.computeStatusType()
    const previous = user.statusType
    if (next === previous) return
    const before = user.status()
    user.statusType = next
    user.since = since ?? this.clock.now()
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
  protected notify(user: UserRecord, previous: UserStatus): void {
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
