import { EVENT, ERROR_CODE, TYPES } from '../engine/constants'
import { ChatError, MESSAGES, engineLimits, isNotReady, toChatError } from '../engine/errors'
import { invalid } from '../engine/guards'
import type { ChatEngine, EngineEventHandler, EngineEventName, LoginOptions, NetState, UserStatus } from '../engine/types'
import { checkCustomStatus, createLocalExpiryStorage, CustomStatusService, type StatusExpiryStorage } from './custom-status'
import { IdleWatcher, readIdleOptions, type IdleOptions } from './idle'
import { PresenceManager, withTimeout, type PresenceOptions } from './presence'
import { Ticker } from './ticker'
import type { KitSinks } from './types'

/** Presence options of the kit: the manager's, and the opt-in idle status. */
export interface KitPresenceOptions extends PresenceOptions {
  /** Sets an "Away" custom status after `afterMs` without input and restores the previous one on return. Off by default. */
  idle?: IdleOptions
}

export interface KitRuntimeOptions {
  engine: ChatEngine
  /**
   * Presence scheduling (dwell, settle, cap, freshness), the console's friend auto-notify switch, the time limit of
   * every engine call (`callTimeoutMs`, used by login, logout and the user service too), and the idle status.
   */
  presence?: KitPresenceOptions
  /**
   * Where custom-status expiries are kept between sessions ("clear after 1 h").
   * @default localStorage, or memory where there is none
   */
  statusExpiryStorage?: StatusExpiryStorage
}

/**
 * One kit instance: the engine, the services around it and the sinks of the stores.
 * Plain TypeScript; `TUIKit` (the Vue plugin) creates it and `TUILogin` / `TUIUserService` call it.
 */
export class KitRuntime {
  readonly engine: ChatEngine
  readonly presence: PresenceManager
  private readonly stores: KitSinks
  /** Your own custom status with an expiry (used by `TUIStatusEditor`). */
  readonly customStatus: CustomStatusService
  /** The opt-in idle status; null when `presence.idle` is not set. */
  readonly idle: IdleWatcher | null
  /** The one timer behind every relative time the components show. */
  readonly ticker: Ticker
  /** The logged-in user's own status as last read or told. */
  private self: UserStatus | null = null
  private readonly unbind: Array<() => void> = []
  private loggedIn = ''
  /** Logins and logouts, chained in call order. */
  private sessionQueue: Promise<void> = Promise.resolve()
  /** The connection as the engine last reported it (kept from the login's own events). */
  private netState: NetState = TYPES.NET_STATE_CONNECTED
  /** Counts the logged-in user's own status events, so an older self snapshot never overwrites a newer event. */
  private selfEvents = 0

  constructor(options: KitRuntimeOptions, stores: KitSinks) {
    this.engine = options.engine
    this.stores = stores
    const idle = readIdleOptions(options.presence?.idle)
    this.presence = new PresenceManager(this.engine, stores.status, options.presence)
    this.ticker = new Ticker()
    this.customStatus = new CustomStatusService(
      {
        setSelfStatus: (customStatus, expiresAt) => this.setSelfStatus(expiresAt === undefined ? { customStatus } : { customStatus, expiresAt }),
        nativeExpiry: () => this.engine.capabilities?.statusExpiry === true,
        readSelf: async () => {
          const userID = this.loggedIn
          if (!userID) return null
          const { data } = await this.engine.getUserStatus({ userIDList: [userID] })
          return data.successUserList.find((s) => s.userID === userID) ?? null
        },
      },
      options.statusExpiryStorage ?? createLocalExpiryStorage(),
    )
    this.idle = idle
      ? new IdleWatcher(idle, {
          currentCustomStatus: () => (this.loggedIn ? (this.self?.customStatus ?? '') : ''),
          isLoggedIn: () => this.loggedIn !== '',
          setSelfStatus: (customStatus) => this.setSelfStatus({ customStatus }),
        })
      : null
    this.bind()
  }

  private get status() {
    return this.stores.status
  }

  /** An engine call bounded by `callTimeoutMs`: past it, it rejects as a network failure (2800). */
  private timed<T>(promise: Promise<T>, what: string, limitMs = this.presence.options.callTimeoutMs): Promise<T> {
    return withTimeout(this.presence.options.clock, promise, Math.max(0, limitMs), what)
  }

  get userID(): string {
    return this.loggedIn
  }

  get isLoggedIn(): boolean {
    return this.loggedIn !== ''
  }

  // ------------------------------------------------------------------ login

  /**
   * Logs in and loads the lists. Logins and logouts run one after the other in call order, so the last one
   * called decides the state (`logout(); login(); logout()` ends logged out). A bad `options` rejects at once.
   */
  async login(options: LoginOptions): Promise<void> {
    if (!options || typeof options !== 'object') throw invalid('TUILogin.login(options) needs { userID, userSig }.')
    const { userID, userSig } = options
    if (typeof userID !== 'string' || userID.trim() === '') throw invalid('TUILogin.login: userID must be a non-empty string.')
    if (typeof userSig !== 'string' || userSig === '') throw invalid('TUILogin.login: userSig must be a non-empty string (generate it on your server).')
    return this.serialize(() => this.runLogin(userID, userSig))
  }

  /**
   * Unsubscribes everything, logs out and clears every status (after the logins / logouts called before).
   * Completes within `callTimeoutMs` of starting, whatever the engine does: past it the session ends locally.
   * Resolves when the engine is logged out already (a kick-out whose event has not arrived yet).
   */
  async logout(): Promise<void> {
    return this.serialize(() => this.runLogout())
  }

  /** Runs `op` after every login / logout called before it, whatever their outcome. */
  private serialize(op: () => Promise<void>): Promise<void> {
    const run = this.sessionQueue.then(op)
    this.sessionQueue = run.catch(() => undefined)
    return run
  }

  private async runLogin(userID: string, userSig: string): Promise<void> {
    // The engine ended the session (a kick-out whose events have not arrived yet): that session is over.
    if (this.loggedIn && !(this.engine.isReady() && this.engine.getLoginUser() === this.loggedIn)) this.endSession()
    if (this.loggedIn) {
      if (this.loggedIn === userID) return
      throw new ChatError(ERROR_CODE.INVALID_PARAMETERS, `TUILogin.login: already logged in as "${this.loggedIn}"; call TUILogin.logout() first.`)
    }
    this.netState = TYPES.NET_STATE_CONNECTED
    try {
      await this.timed(this.engine.login({ userID, userSig }), 'TUILogin.login')
    } catch (error) {
      throw toChatError(error)
    }
    // Kicked out (or logged out) between the engine's login and now: those events came before the session.
    if (!this.engine.isReady() || this.engine.getLoginUser() !== userID) {
      throw new ChatError(ERROR_CODE.LOGGED_OUT, `TUILogin.login: the session of "${userID}" ended while logging in (kicked out?); log in again.`)
    }
    this.startSession(userID)
    await this.loadLists()
  }

  private async runLogout(): Promise<void> {
    const userID = this.loggedIn
    if (!userID) return
    const { clock, callTimeoutMs } = this.presence.options
    const deadline = clock.now() + callTimeoutMs
    // Most of the time limit for the server's subscriptions (it clears them itself a while after a logout anyway),
    // the rest for the engine's logout.
    await this.presence.clearServer(clock.now() + callTimeoutMs * 0.8)
    // Kicked out while the server was being cleared: that session is over already.
    if (this.loggedIn !== userID) return
    // Logged out already (a kick-out whose event has not arrived): nothing to ask the engine.
    if (this.engine.isReady()) {
      try {
        await this.timed(this.engine.logout(), 'TUILogin.logout', deadline - clock.now())
      } catch (error) {
        const chatError = toChatError(error)
        // Not ready: logged out already. A network failure or no answer in time: the session ends here anyway.
        if (!isNotReady(chatError) && chatError.code !== ERROR_CODE.NETWORK_ERROR) {
          this.presence.resume()
          throw chatError
        }
      }
    }
    if (this.loggedIn === userID) this.endSession()
  }

  private startSession(userID: string): void {
    this.loggedIn = userID
    this.selfEvents = 0
    this.status._setLastError(null)
    this.status._setAvailability('available')
    this.status._setSession({ isLoggedIn: true, userID })
    this.status._setNetState(this.netState)
    this.presence.onReady(userID)
    // The connection went down during the login (its event came before the session started).
    if (this.netState !== TYPES.NET_STATE_CONNECTED) this.presence.onNetState(this.netState)
    this.refreshSelf()
    // A status that expired while the app was closed is cleared now; a pending one gets its timer back.
    this.customStatus.onLogin(userID)
    this.idle?.onLogin()
  }

  /** Reads the logged-in user's own status (answered locally by the SDK), unless an event brings a newer one. */
  private refreshSelf(): void {
    const userID = this.loggedIn
    const events = this.selfEvents
    void this.timed(this.engine.getUserStatus({ userIDList: [userID] }), 'getUserStatus').then(
      ({ data }) => {
        const self = data.successUserList.find((s) => s.userID === userID)
        if (self && this.loggedIn === userID && this.selfEvents === events) {
          this.self = self
          this.status._setSelfStatus(self)
        }
      },
      () => undefined,
    )
  }

  /** The session is over: the manager forgets everything (and turns the global switch off), the stores empty. */
  private endSession(): void {
    this.loggedIn = ''
    this.customStatus.onLogout()
    this.idle?.onLogout()
    this.presence.onNotReady()
    this.status._setSession({ isLoggedIn: false, userID: '' })
    this.status._setNetState('disconnected')
    this.self = null
    this.status._setSelfStatus(null)
    this.status._clearStatuses()
    this.stores.conversations._setConversationList([])
    this.stores.contacts._setFriendList([])
  }

  private async loadLists(): Promise<void> {
    const user = this.loggedIn
    const [conversations, friends] = await Promise.allSettled([
      this.timed(this.engine.getConversationList(), 'getConversationList'),
      this.timed(this.engine.getFriendList(), 'getFriendList'),
    ])
    if (this.loggedIn !== user) return
    if (conversations.status === 'fulfilled') this.stores.conversations._setConversationList(conversations.value.data.conversationList)
    else this.reportError(conversations.reason)
    if (friends.status === 'fulfilled') {
      this.stores.contacts._setFriendList(friends.value.data)
      this.presence.setFriends(friends.value.data.map((f) => f.userID))
    } else this.reportError(friends.reason)
  }

  /** Records a failure in `lastError`, except "not ready" (the session ended meanwhile: not the app's error). */
  private reportError(error: unknown): void {
    const chatError = toChatError(error)
    if (!isNotReady(chatError)) this.status._setLastError(chatError)
  }

  private notLoggedIn(api: string): ChatError {
    return new ChatError(ERROR_CODE.NOT_LOGGED_IN, `${api}: ${MESSAGES.notReady}`)
  }

  // ------------------------------------------------------------------ user service

  async switchUserStatus(options: { displayOnlineStatus: boolean }): Promise<void> {
    if (!options || typeof options !== 'object' || typeof options.displayOnlineStatus !== 'boolean') {
      throw invalid('TUIUserService.switchUserStatus({ displayOnlineStatus }) needs displayOnlineStatus: true or false.')
    }
    if (!this.loggedIn) throw this.notLoggedIn('TUIUserService.switchUserStatus')
    const on = options.displayOnlineStatus
    // The manager owns the switch and pushes it to the store.
    this.presence.setGlobalDisplay(on)
    // Switching on (again) re-reads what is in view: how an app retries after 72001 / 3122 once fixed.
    if (on) this.presence.retry()
    else await this.presence.whenIdle()
  }

  /** `expiresAt` (epoch ms) reaches engines that keep it (`engine.capabilities.statusExpiry`); others ignore it. */
  async setSelfStatus(options: { customStatus: string; expiresAt?: number }): Promise<UserStatus> {
    if (!options || typeof options !== 'object' || typeof options.customStatus !== 'string') {
      throw invalid('TUIUserService.setSelfStatus({ customStatus }) needs customStatus: a string (\'\' clears it).')
    }
    checkCustomStatus(options.customStatus)
    if (!this.loggedIn) throw this.notLoggedIn('TUIUserService.setSelfStatus')
    const userID = this.loggedIn
    const events = this.selfEvents
    try {
      const request = typeof options.expiresAt === 'number' && this.engine.capabilities?.statusExpiry === true
        ? { customStatus: options.customStatus, expiresAt: options.expiresAt }
        : { customStatus: options.customStatus }
      const { data } = await this.timed(this.engine.setSelfStatus(request), 'TUIUserService.setSelfStatus')
      // The self event of this change (or a newer one) may have arrived first: never go back to an older value.
      if (this.loggedIn === userID && this.selfEvents === events) {
        this.self = data
        this.status._setSelfStatus(data)
      }
      return data
    } catch (error) {
      throw toChatError(error)
    }
  }

  async getUserStatus(options: { userIDList: string[] }): Promise<{ successUserList: UserStatus[]; failureUserList: Array<{ userID: string; code: number; message: string }> }> {
    const ids = options && typeof options === 'object' ? options.userIDList : undefined
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || id === '')) {
      throw invalid('TUIUserService.getUserStatus({ userIDList }) needs an array of non-empty userID strings.')
    }
    if (ids.length === 0) throw new ChatError(ERROR_CODE.OPTIONS_IS_EMPTY, 'TUIUserService.getUserStatus: userIDList is empty; pass at least one userID.')
    if (!this.loggedIn) throw this.notLoggedIn('TUIUserService.getUserStatus')
    const unique = [...new Set(ids)]
    const successUserList: UserStatus[] = []
    const failureUserList: Array<{ userID: string; code: number; message: string }> = []
    try {
      const max = engineLimits(this.engine).getUserStatusMaxIDs
      for (let i = 0; i < unique.length; i += max) {
        const batch = unique.slice(i, i + max)
        // Self alone is answered locally; anything else shares the manager's 20 calls / 5 s (it waits for a slot).
        if (!(batch.length === 1 && batch[0] === this.loggedIn)) await this.presence.budget.acquire()
        if (!this.loggedIn) throw this.notLoggedIn('TUIUserService.getUserStatus')
        const { data } = await this.timed(this.engine.getUserStatus({ userIDList: batch }), 'TUIUserService.getUserStatus')
        successUserList.push(...data.successUserList)
        failureUserList.push(...data.failureUserList)
      }
    } catch (error) {
      throw toChatError(error)
    }
    return { successUserList, failureUserList }
  }

  // ------------------------------------------------------------------ engine events

  private bind(): void {
    this.listen(EVENT.USER_STATUS_UPDATED, ({ data }) => {
      let self: UserStatus | undefined
      if (this.loggedIn) for (let i = data.length - 1; i >= 0 && !self; i--) if (data[i].userID === this.loggedIn) self = data[i]
      if (self) {
        this.selfEvents++
        this.self = self
      }
      this.presence.onStatusUpdated(data)
    })
    this.listen(EVENT.CONVERSATION_LIST_UPDATED, ({ data }) => {
      if (this.loggedIn) this.stores.conversations._setConversationList(data)
    })
    this.listen(EVENT.FRIEND_LIST_UPDATED, ({ data }) => {
      if (!this.loggedIn) return
      this.stores.contacts._setFriendList(data)
      this.presence.setFriends(data.map((f) => f.userID))
    })
    this.listen(EVENT.NET_STATE_CHANGE, ({ data }) => {
      const reconnected = data.state === TYPES.NET_STATE_CONNECTED && this.netState !== TYPES.NET_STATE_CONNECTED
      this.netState = data.state
      if (!this.loggedIn) return
      this.status._setNetState(data.state)
      this.presence.onNetState(data.state)
      if (reconnected) {
        // Nothing is replayed after a reconnect: read self, the conversations and the friends again.
        this.refreshSelf()
        void this.loadLists()
      }
    })
    // A kick-out ends the session like a logout: not an error of the app's (lastError stays as it was); the
    // engine's KICKED_OUT event says why.
    this.listen(EVENT.KICKED_OUT, () => {
      if (this.loggedIn) this.endSession()
    })
    this.listen(EVENT.SDK_NOT_READY, () => {
      if (this.loggedIn) this.endSession()
    })
  }

  private listen<E extends EngineEventName>(name: E, handler: EngineEventHandler<E>): void {
    this.engine.on(name, handler)
    this.unbind.push(() => this.engine.off(name, handler))
  }

  /** Stops listening to the engine (the app unmounted). */
  dispose(): void {
    for (const off of this.unbind.splice(0)) off()
    this.customStatus.onLogout()
    this.idle?.dispose()
    this.presence.onNotReady()
  }
}

