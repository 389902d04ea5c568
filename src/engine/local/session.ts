import { ERROR_CODE } from '../constants'
import { FixedWindow } from './rate-limit'
import type { LoginOptions, SetSelfStatusOptions, UserIDListOptions } from '../types'
import type { AnyEngineEvent, EngineMethod, LinkState, SessionApi, SessionSink, WorldSession } from './types'

/** What the world does for a session: one handler per engine call, plus closing. */
export type SessionServer = {
  [M in EngineMethod]: (session: Session, options: unknown) => ReturnType<SessionApi[M]>
} & { close(session: Session): void }

/**
 * The world's record of one client (one device). It holds what belongs to the client session (login, connection,
 * subscriptions, rate windows) and forwards every call to the world, which applies the rules.
 */
export class Session implements WorldSession {
  readonly id: string
  /** The logged-in user, '' when not logged in. */
  userID = ''
  link: LinkState = 'up'
  closed = false
  /** The user the subscriptions were made as (kept after logout, so a quick re-login keeps them). */
  subscriptionOwner = ''
  /** Subscribed userIDs, oldest first. */
  readonly subscriptions = new Set<string>()
  /** The rate window of each rate-limited method. */
  readonly rateWindows = new Map<EngineMethod, FixedWindow>()
  heartbeatTimer: unknown = undefined
  subscriptionClearTimer: unknown = undefined
  /** The code calls reject with while not logged in: 2024 (never logged in), 3005 (logged out), 3002-3006 (kicked out). */
  notReadyCode: number = ERROR_CODE.NOT_LOGGED_IN
  /** Kicked out while unreachable: told on reconnect. */
  pendingKick: string | undefined = undefined

  // ES private fields: kept out of test diffs and snapshots, which would otherwise print the whole world.
  readonly #sink: SessionSink
  readonly #server: SessionServer

  constructor(id: string, sink: SessionSink, server: SessionServer) {
    this.id = id
    this.#sink = sink
    this.#server = server
  }

  get loggedIn(): boolean {
    return this.userID !== ''
  }

  /** Sends an event the client learns by itself (its own login/logout, its network state, a kick-out). */
  emit(event: AnyEngineEvent): void {
    this.#sink(event)
  }

  /** Sends a server notification: only a logged-in, connected client receives it, and nothing is kept for later. */
  push(event: AnyEngineEvent): void {
    if (this.loggedIn && this.link === 'up') this.#sink(event)
  }

  rateWindowOf(method: EngineMethod): FixedWindow {
    let window = this.rateWindows.get(method)
    if (!window) {
      window = new FixedWindow()
      this.rateWindows.set(method, window)
    }
    return window
  }

  login(options: LoginOptions): ReturnType<SessionApi['login']> {
    return this.#server.login(this, options)
  }

  logout(): ReturnType<SessionApi['logout']> {
    return this.#server.logout(this, undefined)
  }

  getConversationList(): ReturnType<SessionApi['getConversationList']> {
    return this.#server.getConversationList(this, undefined)
  }

  getFriendList(): ReturnType<SessionApi['getFriendList']> {
    return this.#server.getFriendList(this, undefined)
  }

  getUserStatus(options: UserIDListOptions): ReturnType<SessionApi['getUserStatus']> {
    return this.#server.getUserStatus(this, options)
  }

  subscribeUserStatus(options: UserIDListOptions): ReturnType<SessionApi['subscribeUserStatus']> {
    return this.#server.subscribeUserStatus(this, options)
  }

  unsubscribeUserStatus(options?: Partial<UserIDListOptions>): ReturnType<SessionApi['unsubscribeUserStatus']> {
    return this.#server.unsubscribeUserStatus(this, options)
  }

  setSelfStatus(options: SetSelfStatusOptions): ReturnType<SessionApi['setSelfStatus']> {
    return this.#server.setSelfStatus(this, options)
  }

  close(): void {
    this.#server.close(this)
  }
}
