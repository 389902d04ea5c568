import { DEFAULT_ENGINE_LIMITS, ERROR_CODE, EVENT, TYPES, type EngineLimits } from '../constants'
import { EngineEmitter } from '../emitter'
import { ChatError, kickedOutCode, MESSAGES, notReadyError } from '../errors'
import {
  isRecord,
  readConversationList,
  readFailureList,
  readFriendList,
  readStatusLists,
} from '../guards'
import type {
  ChatEngine,
  ChatResponse,
  EngineEventHandler,
  EngineEventName,
  FailureUser,
  Friend,
  Conversation,
  LoginOptions,
  NetState,
  SetSelfStatusOptions,
  UserIDListOptions,
  UserStatus,
} from '../types'
import { decodePush, readFrame } from './events'
import { backoffDelay, closeQuietly, globalSocket, readBackoff, type ReconnectOptions, type SocketEngineOptions, type WebSocketConstructor, type WebSocketLike } from './options'
import { SERVER_ERROR_CODE, type ServerMethod } from './protocol'
import { networkError, PendingRequests, RateSlots, readSelfStatus, SOCKET_CAPABILITIES } from './requests'

interface Credentials {
  userID: string
  token: string
}

/** Login failures that retrying cannot fix. */
const AUTH_CODES: ReadonlySet<number> = new Set<number>([
  ERROR_CODE.LOGIN_FAILED,
  SERVER_ERROR_CODE.TOKEN_EXPIRED,
  SERVER_ERROR_CODE.TOKEN_MALFORMED,
  SERVER_ERROR_CODE.TOKEN_INVALID,
])

/**
 * A `ChatEngine` over the presence server's WebSocket protocol (server/, docs/server.md).
 *
 * - `login` opens the socket and logs in; NET_STATE_CHANGE `connecting` then `connected`, then SDK_READY.
 * - A lost socket (closed, or a ping without answer) while logged in: `disconnected`, every pending request
 *   rejected with 2800, then reconnect attempts with exponential backoff and jitter (`connecting` each time);
 *   each one logs in again with the same credentials and ends with `connected`. The engine stays ready meanwhile;
 *   calls made while disconnected reject with 2800. Subscriptions are not restored by the engine: the kit's
 *   presence manager re-subscribes on `connected`, as with the SDK.
 * - Credentials refused on a reconnect (expired token): KICKED_OUT (`userSigExpired`) then SDK_NOT_READY.
 * - Kicked out by the server: KICKED_OUT then SDK_NOT_READY; the socket is closed.
 * - `logout` logs out on the server when connected, closes the socket and emits SDK_NOT_READY; it never fails
 *   while logged in.
 * - Each pushed event is dispatched in the task of its socket message.
 */
export class SocketEngine implements ChatEngine {
  readonly url: string
  /** The userID given at creation ('' when none). */
  readonly userID: string
  /** The token given at creation ('' when none). */
  readonly token: string
  private readonly WebSocketClass: WebSocketConstructor | undefined
  private readonly backoff: Required<ReconnectOptions>
  private readonly heartbeatMs: number
  private readonly random: () => number
  /** The presence server's per-call caps (those of the embedded engine it runs). */
  readonly limits: EngineLimits = DEFAULT_ENGINE_LIMITS
  readonly capabilities = SOCKET_CAPABILITIES
  private readonly emitter = new EngineEmitter()
  private readonly rateSlots = new RateSlots()
  /** Why calls are refused while not logged in: 2024 before any login, 3005 after logout, 3002-3006 after a kick-out. */
  private notReadyCode: number = ERROR_CODE.NOT_LOGGED_IN
  private socket: WebSocketLike | null = null
  /** The socket is open and logged in. */
  private authed = false
  /** Logged in (SDK_READY sent and no SDK_NOT_READY since). */
  private credentials: Credentials | null = null
  private loginInProgress = false
  private netState: NetState = TYPES.NET_STATE_DISCONNECTED
  private readonly pending: PendingRequests
  private attempt = 0
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined
  private heartbeatTimer: ReturnType<typeof setTimeout> | undefined
  private destroyed = false

  constructor(options: SocketEngineOptions) {
    if (!options || typeof options.url !== 'string' || options.url === '') {
      throw new ChatError(ERROR_CODE.INVALID_PARAMETERS, 'createSocketEngine({ url }): url must be the presence server, e.g. ws://127.0.0.1:8787/.')
    }
    this.url = options.url
    this.userID = options.userID ?? ''
    this.token = options.token ?? ''
    this.WebSocketClass = options.WebSocket
    this.backoff = readBackoff(options.reconnect)
    this.pending = new PendingRequests(options.requestTimeoutMs ?? 15_000)
    this.heartbeatMs = options.heartbeatMs ?? 25_000
    this.random = options.random ?? Math.random
  }

  // ---- ChatEngine -----------------------------------------------------------------------------------------

  async login(options: LoginOptions): Promise<ChatResponse<{ repeatLogin: boolean }>> {
    this.assertAlive('login')
    if (!isRecord(options) || typeof options.userID !== 'string' || options.userID === '') {
      throw new ChatError(ERROR_CODE.INVALID_PARAMETERS, 'login: userID must be a non-empty string.')
    }
    const { userID } = options
    // As the SDK: logged in already (as anyone) resolves repeatLogin and stays the same user; a second login while
    // one is in flight is 2025.
    if (this.credentials) return { code: 0, data: { repeatLogin: true } }
    if (this.loginInProgress) throw new ChatError(ERROR_CODE.LOGIN_IN_PROGRESS, `login: ${MESSAGES.loginInProgress}`)
    if (this.token && this.userID && userID !== this.userID) {
      throw new ChatError(ERROR_CODE.LOGIN_FAILED, `login: this engine's token was issued for "${this.userID}", not "${userID}".`)
    }
    const token = this.token || (typeof options.userSig === 'string' ? options.userSig : '')
    if (token === '') throw new ChatError(ERROR_CODE.LOGIN_FAILED, 'login: a token is required (createSocketEngine({ token }) or login({ userSig })).')
    this.loginInProgress = true
    try {
      await this.open()
      await this.request('login', { userID, token })
    } catch (error) {
      this.closeSocket()
      this.setNetState(TYPES.NET_STATE_DISCONNECTED)
      throw error instanceof ChatError ? error : networkError(String(error))
    } finally {
      this.loginInProgress = false
    }
    this.credentials = { userID, token }
    this.notReadyCode = ERROR_CODE.NOT_LOGGED_IN
    this.onAuthed()
    this.emitter.emit(EVENT.SDK_READY, undefined)
    return { code: 0, data: { repeatLogin: false } }
  }

  async logout(): Promise<ChatResponse<Record<string, never>>> {
    if (!this.credentials) throw notReadyError('logout', ERROR_CODE.NOT_LOGGED_IN)
    const wasAuthed = this.authed
    this.credentials = null
    this.notReadyCode = ERROR_CODE.LOGGED_OUT
    this.stopReconnecting()
    if (wasAuthed) {
      try {
        await this.request('logout', undefined)
      } catch {
        // The server notices the closed socket: the device ends OFFLINE instead of UNLOGINED at worst.
      }
    }
    this.closeSocket()
    this.setNetState(TYPES.NET_STATE_DISCONNECTED)
    this.emitter.emit(EVENT.SDK_NOT_READY, undefined)
    return { code: 0, data: {} }
  }

  isReady(): boolean {
    return this.credentials !== null
  }

  getLoginUser(): string {
    return this.credentials?.userID ?? ''
  }

  // Every answer is read with the same guards as the Tencent adapter's: nothing from the wire is trusted.

  getConversationList(): Promise<ChatResponse<{ conversationList: Conversation[] }>> {
    return this.call('getConversationList', undefined, (data) => ({ conversationList: readConversationList('getConversationList', data) }))
  }

  getFriendList(): Promise<ChatResponse<Friend[]>> {
    return this.call('getFriendList', undefined, (data) => readFriendList('getFriendList', data))
  }

  getUserStatus(options: UserIDListOptions): Promise<ChatResponse<{ successUserList: UserStatus[]; failureUserList: FailureUser[] }>> {
    return this.call('getUserStatus', options, (data) => readStatusLists('getUserStatus', data))
  }

  subscribeUserStatus(options: UserIDListOptions): Promise<ChatResponse<{ failureUserList: FailureUser[] }>> {
    return this.call('subscribeUserStatus', options, (data) => readFailureList('subscribeUserStatus', data))
  }

  unsubscribeUserStatus(options?: Partial<UserIDListOptions>): Promise<ChatResponse<{ failureUserList: FailureUser[] }>> {
    return this.call('unsubscribeUserStatus', options, (data) => readFailureList('unsubscribeUserStatus', data))
  }

  setSelfStatus(options: SetSelfStatusOptions): Promise<ChatResponse<UserStatus>> {
    return this.call('setSelfStatus', options, readSelfStatus)
  }

  on<E extends EngineEventName>(name: E, handler: EngineEventHandler<E>): void {
    this.emitter.on(name, handler)
  }

  off<E extends EngineEventName>(name: E, handler: EngineEventHandler<E>): void {
    this.emitter.off(name, handler)
  }

  /** Closes the socket for good, without logging out (the server counts the device OFFLINE). */
  destroy(): void {
    this.destroyed = true
    const wasReady = this.credentials !== null
    this.credentials = null
    this.notReadyCode = ERROR_CODE.LOGGED_OUT
    this.stopReconnecting()
    this.closeSocket()
    this.setNetState(TYPES.NET_STATE_DISCONNECTED)
    if (wasReady) this.emitter.emit(EVENT.SDK_NOT_READY, undefined)
  }

  /** The network state last emitted. */
  getNetState(): NetState {
    return this.netState
  }

  // ---- requests -------------------------------------------------------------------------------------------

  /**
   * A call that needs a login: the SDK's "not ready" codes before it (3000 while logging in, 2024 / 3005 /
   * 3002-3006 otherwise), 2800 while the connection is down. The server's data is checked by `read`.
   */
  private async call<T>(method: ServerMethod, params: unknown, read: (data: unknown) => T): Promise<ChatResponse<T>> {
    if (!this.credentials) {
      throw notReadyError(method, this.loginInProgress ? ERROR_CODE.LOGGING_IN : this.notReadyCode)
    }
    if (!this.authed) throw networkError(`${method}: the connection to the presence server is down; retry once it is back.`)
    if (!this.rateSlots.take(method, params, this.credentials.userID)) {
      throw new ChatError(ERROR_CODE.OVER_FREQUENCY_LIMIT, `${method}: ${MESSAGES.overFrequency}`)
    }
    const data = read(await this.request(method, params))
    return { code: 0, data }
  }

  private request(method: ServerMethod, params: unknown): Promise<unknown> {
    return this.pending.send(this.socket, method, params)
  }

  // ---- socket ---------------------------------------------------------------------------------------------

  /** Opens a new socket; resolves when it is open, rejects with 2800 when it closes first. */
  private open(): Promise<void> {
    this.closeSocket()
    this.setNetState(TYPES.NET_STATE_CONNECTING)
    let socket: WebSocketLike
    try {
      socket = this.WebSocketClass ? new this.WebSocketClass(this.url) : globalSocket(this.url)
    } catch (error) {
      return Promise.reject(networkError(`Could not open ${this.url}: ${error instanceof Error ? error.message : String(error)}`))
    }
    this.socket = socket
    return new Promise<void>((resolve, reject) => {
      socket.onopen = () => resolve()
      socket.onerror = () => undefined
      socket.onclose = (event: unknown) => {
        const code = isRecord(event) && typeof event.code === 'number' ? event.code : 0
        if (this.socket === socket) this.onSocketLost(`the connection closed (${code})`)
        reject(networkError(`Could not connect to the presence server at ${this.url} (close ${code}).`))
      }
      socket.onmessage = (event: unknown) => {
        if (this.socket === socket) this.onMessage(isRecord(event) ? event.data : undefined)
      }
    })
  }

  /** Closes the current socket without telling anyone (handlers detached first). */
  private closeSocket(): void {
    const socket = this.socket
    this.socket = null
    this.authed = false
    clearTimeout(this.heartbeatTimer)
    this.pending.rejectAll('the connection was closed.')
    if (socket) closeQuietly(socket, 1000, 'client closed')
  }

  /** A socket message: an answer settles its request; a pushed event is passed on, a kick-out ends the session. */
  private onMessage(raw: unknown): void {
    const frame = readFrame(raw)
    if (!frame) return
    if (frame.kind === 'answer') {
      this.pending.answer(frame.frame)
      return
    }
    const event = decodePush(frame.event, frame.data)
    if (!event || !this.credentials) return
    if ('kickedOut' in event) this.endSession(event.kickedOut)
    else this.emitter.dispatch(event)
  }

  /** Logged out by the server (kick-out, credentials refused on reconnect). */
  private endSession(type: string): void {
    this.credentials = null
    this.notReadyCode = kickedOutCode(type)
    this.stopReconnecting()
    this.closeSocket()
    this.setNetState(TYPES.NET_STATE_DISCONNECTED)
    this.emitter.emit(EVENT.KICKED_OUT, { type })
    this.emitter.emit(EVENT.SDK_NOT_READY, undefined)
  }

  private onAuthed(): void {
    this.authed = true
    this.attempt = 0
    this.setNetState(TYPES.NET_STATE_CONNECTED)
    this.scheduleHeartbeat()
  }

  private onSocketLost(reason: string): void {
    const wasAuthed = this.authed
    this.socket = null
    this.authed = false
    clearTimeout(this.heartbeatTimer)
    this.pending.rejectAll(reason)
    if (!this.credentials || this.destroyed) return
    if (wasAuthed || this.netState !== TYPES.NET_STATE_DISCONNECTED) this.setNetState(TYPES.NET_STATE_DISCONNECTED)
    this.scheduleReconnect()
  }

  private scheduleHeartbeat(): void {
    clearTimeout(this.heartbeatTimer)
    if (this.heartbeatMs <= 0) return
    this.heartbeatTimer = setTimeout(() => {
      const socket = this.socket
      if (!this.authed || !socket) return
      this.request('ping', undefined).then(
        () => {
          if (this.socket === socket) this.scheduleHeartbeat()
        },
        () => {
          // No answer: the link is dead even if the socket did not say so.
          if (this.socket !== socket) return
          closeQuietly(socket, 4000, 'heartbeat timeout')
          this.onSocketLost('the presence server stopped answering.')
        },
      )
    }, this.heartbeatMs)
  }

  /** The delay before reconnect attempt `attempt` (0-based): exponential, capped, with jitter. */
  reconnectDelay(attempt: number): number {
    return backoffDelay(this.backoff, attempt, this.random)
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer)
    const delay = this.reconnectDelay(this.attempt++)
    this.reconnectTimer = setTimeout(() => void this.reconnect(), delay)
  }

  private async reconnect(): Promise<void> {
    const credentials = this.credentials
    if (!credentials || this.destroyed) return
    try {
      await this.open()
    } catch {
      return // onclose already scheduled the next attempt
    }
    try {
      await this.request('login', { userID: credentials.userID, token: credentials.token })
    } catch (error) {
      if (this.credentials !== credentials) return
      if (error instanceof ChatError && AUTH_CODES.has(error.code)) {
        this.endSession(TYPES.KICKED_OUT_USERSIG_EXPIRED)
      } else if (this.socket) {
        closeQuietly(this.socket, 4000, 'heartbeat timeout')
        this.onSocketLost(`login after reconnect failed (${error instanceof ChatError ? error.code : 'error'}).`)
      }
      return
    }
    if (this.credentials !== credentials) return
    this.onAuthed()
  }

  private stopReconnecting(): void {
    clearTimeout(this.reconnectTimer)
    this.reconnectTimer = undefined
    this.attempt = 0
  }

  private assertAlive(method: string): void {
    if (this.destroyed) throw new ChatError(ERROR_CODE.LOGGED_OUT, `${method}: this engine was destroyed; create a new one.`)
  }

  // ---- events ---------------------------------------------------------------------------------------------

  private setNetState(state: NetState): void {
    if (this.netState === state) return
    this.netState = state
    this.emitter.emit(EVENT.NET_STATE_CHANGE, { state })
  }
}

/** A `ChatEngine` over the presence server's WebSocket protocol. See {@link SocketEngine}. */
export function createSocketEngine(options: SocketEngineOptions): SocketEngine {
  return new SocketEngine(options)
}
