import { EVENT, ERROR_CODE, LIMITS, TYPES } from '../engine/constants'
import { ChatError, MESSAGES, toChatError } from '../engine/errors'
import type { ChatEngine, EngineEventHandler, EngineEventName, LoginOptions, NetState, UserStatus } from '../engine/types'
import { PresenceManager, type PresenceOptions } from './presence-manager'
import type { ListsSink, UserStatusSink } from './types'

export interface KitRuntimeOptions {
  engine: ChatEngine
  /** Presence scheduling (dwell, settle, cap) and the console's friend auto-notify switch. */
  presence?: PresenceOptions
}

/**
 * One kit instance: the engine, the services around it and the sinks of the stores.
 * Plain TypeScript; `TUIKit` (the Vue plugin) creates it and `TUILogin` / `TUIUserService` call it.
 */
export class KitRuntime {
  readonly engine: ChatEngine
  readonly presence: PresenceManager
  private readonly status: UserStatusSink
  private readonly lists: ListsSink
  private readonly unbind: Array<() => void> = []
  private loggedIn = ''
  /** Logins and logouts, chained in call order. */
  private sessionQueue: Promise<void> = Promise.resolve()
  /** The connection as the engine last reported it (kept from the login's own events). */
  private netState: NetState = TYPES.NET_STATE_CONNECTED
  /** Counts the logged-in user's own status events, so an older self snapshot never overwrites a newer event. */
  private selfEvents = 0

  constructor(options: KitRuntimeOptions, sinks: { status: UserStatusSink; lists: ListsSink }) {
    this.engine = options.engine
    this.status = sinks.status
    this.lists = sinks.lists
    this.presence = new PresenceManager(this.engine, this.status, options.presence)
    this.bind()
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

  /** Unsubscribes everything, logs out and clears every status (after the logins / logouts called before). */
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
      await this.engine.login({ userID, userSig })
    } catch (error) {
      throw toChatError(error)
    }
    // Kicked out (or logged out) between the engine's login and now: those events came before the session.
    if (!this.engine.isReady() || this.engine.getLoginUser() !== userID) {
      throw new ChatError(ERROR_CODE.SDK_NOT_READY, `TUILogin.login: the session of "${userID}" ended while logging in (kicked out?); log in again.`)
    }
    this.startSession(userID)
    await this.loadLists()
  }

  private async runLogout(): Promise<void> {
    const userID = this.loggedIn
    if (!userID) return
    await this.presence.clearServer()
    // Kicked out while the server was being cleared: that session is over already.
    if (this.loggedIn !== userID) return
    try {
      await this.engine.logout()
    } catch (error) {
      const chatError = toChatError(error)
      // 2999: the engine is logged out already (a kick-out whose event has not arrived): the logout is done.
      if (chatError.code !== ERROR_CODE.SDK_NOT_READY) {
        this.presence.resume()
        throw chatError
      }
    }
    if (this.loggedIn === userID) this.endSession()
  }

  private startSession(userID: string): void {
    this.loggedIn = userID
    this.selfEvents = 0
    this.status.setLastError(null)
    this.status.setAvailability('available')
    this.status.setSession({ isLoggedIn: true, userID })
    this.status.setNetState(this.netState)
    this.presence.onReady(userID)
    // The connection went down during the login (its event came before the session started).
    if (this.netState !== TYPES.NET_STATE_CONNECTED) this.presence.onNetState(this.netState)
    this.refreshSelf()
  }

  /** Reads the logged-in user's own status (answered locally by the SDK), unless an event brings a newer one. */
  private refreshSelf(): void {
    const userID = this.loggedIn
    const events = this.selfEvents
    void this.engine.getUserStatus({ userIDList: [userID] }).then(
      ({ data }) => {
        const self = data.successUserList.find((s) => s.userID === userID)
        if (self && this.loggedIn === userID && this.selfEvents === events) this.status.setSelfStatus(self)
      },
      () => undefined,
    )
  }

  private endSession(): void {
    this.loggedIn = ''
    this.presence.onNotReady()
    this.status.setSession({ isLoggedIn: false, userID: '' })
    this.status.setDisplayOnlineStatus(false)
    this.status.setNetState('disconnected')
    this.status.setSelfStatus(null)
    this.status.clearStatuses()
    this.lists.clear()
  }

  private async loadLists(): Promise<void> {
    const user = this.loggedIn
    const [conversations, friends] = await Promise.allSettled([this.engine.getConversationList(), this.engine.getFriendList()])
    if (this.loggedIn !== user) return
    if (conversations.status === 'fulfilled') this.lists.setConversationList(conversations.value.data.conversationList)
    else this.status.setLastError(toChatError(conversations.reason))
    if (friends.status === 'fulfilled') {
      this.lists.setFriendList(friends.value.data)
      this.presence.setFriends(friends.value.data.map((f) => f.userID))
    } else this.status.setLastError(toChatError(friends.reason))
  }

  // ------------------------------------------------------------------ user service

  async switchUserStatus(options: { displayOnlineStatus: boolean }): Promise<void> {
    if (!options || typeof options !== 'object' || typeof options.displayOnlineStatus !== 'boolean') {
      throw invalid('TUIUserService.switchUserStatus({ displayOnlineStatus }) needs displayOnlineStatus: true or false.')
    }
    if (!this.loggedIn) throw new ChatError(ERROR_CODE.SDK_NOT_READY, `TUIUserService.switchUserStatus: ${MESSAGES.notReady}`)
    const on = options.displayOnlineStatus
    const wasOn = this.presence.displaysGlobally
    this.status.setDisplayOnlineStatus(on)
    this.presence.setGlobalDisplay(on)
    // Switching on while on re-reads what is in view: how an app retries after 72001 / 3122 once fixed.
    if (on && wasOn) this.presence.refresh()
    else if (on) this.presence.retry()
    if (!on) await this.presence.whenIdle()
  }

  async setSelfStatus(options: { customStatus: string }): Promise<UserStatus> {
    if (!options || typeof options !== 'object' || typeof options.customStatus !== 'string') {
      throw invalid('TUIUserService.setSelfStatus({ customStatus }) needs customStatus: a string (\'\' clears it).')
    }
    if (!this.loggedIn) throw new ChatError(ERROR_CODE.SDK_NOT_READY, `TUIUserService.setSelfStatus: ${MESSAGES.notReady}`)
    const userID = this.loggedIn
    const events = this.selfEvents
    try {
      const { data } = await this.engine.setSelfStatus({ customStatus: options.customStatus })
      // The self event of this change (or a newer one) may have arrived first: never go back to an older value.
      if (this.loggedIn === userID && this.selfEvents === events) this.status.setSelfStatus(data)
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
    if (!this.loggedIn) throw new ChatError(ERROR_CODE.SDK_NOT_READY, `TUIUserService.getUserStatus: ${MESSAGES.notReady}`)
    const unique = [...new Set(ids)]
    const successUserList: UserStatus[] = []
    const failureUserList: Array<{ userID: string; code: number; message: string }> = []
    try {
      for (let i = 0; i < unique.length; i += LIMITS.GET_USER_STATUS_MAX_IDS) {
        const batch = unique.slice(i, i + LIMITS.GET_USER_STATUS_MAX_IDS)
        // Self alone is answered locally; anything else shares the manager's 20 calls / 5 s (it waits for a slot).
        if (!(batch.length === 1 && batch[0] === this.loggedIn)) await this.presence.takeCallSlot()
        if (!this.loggedIn) throw new ChatError(ERROR_CODE.SDK_NOT_READY, `TUIUserService.getUserStatus: ${MESSAGES.notReady}`)
        const { data } = await this.engine.getUserStatus({ userIDList: batch })
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
      if (this.loggedIn && data.some((s) => s.userID === this.loggedIn)) this.selfEvents++
      this.presence.onStatusUpdated(data)
    })
    this.listen(EVENT.CONVERSATION_LIST_UPDATED, ({ data }) => {
      if (this.loggedIn) this.lists.setConversationList(data)
    })
    this.listen(EVENT.FRIEND_LIST_UPDATED, ({ data }) => {
      if (!this.loggedIn) return
      this.lists.setFriendList(data)
      this.presence.setFriends(data.map((f) => f.userID))
    })
    this.listen(EVENT.NET_STATE_CHANGE, ({ data }) => {
      const reconnected = data.state === TYPES.NET_STATE_CONNECTED && this.netState !== TYPES.NET_STATE_CONNECTED
      this.netState = data.state
      if (!this.loggedIn) return
      this.status.setNetState(data.state)
      this.presence.onNetState(data.state)
      if (reconnected) {
        // Nothing is replayed after a reconnect: read self, the conversations and the friends again.
        this.refreshSelf()
        void this.loadLists()
      }
    })
    this.listen(EVENT.KICKED_OUT, ({ data }) => {
      if (!this.loggedIn) return
      this.endSession()
      this.status.setLastError(new ChatError(ERROR_CODE.SDK_NOT_READY, `Logged out by the server (${data.type}); log in again.`))
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
    this.presence.onNotReady()
  }
}

function invalid(message: string): ChatError {
  return new ChatError(ERROR_CODE.INVALID_PARAMETERS, message)
}
