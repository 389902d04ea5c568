import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { ERROR_CODE, LIMITS } from '../src/engine/constants'
import { ChatError, MESSAGES, notReadyError, toChatError } from '../src/engine/errors'
import { World, type AnyEngineEvent, type WorldOptions, type WorldSession } from '../src/engine/local'
import { readUserIDList } from '../src/engine/local/validate'
import {
  CLOSE_CODE,
  isPushEvent,
  PROTOCOL_LIMITS,
  type PushFrame,
  type RequestId,
  type ResponseFrame,
} from '../src/engine/socket/protocol'
import { assertSecret, createToken, verifyToken } from './auth'
import { StatusExpiry } from './status-expiry'
import { RedisCluster } from './cluster'
import {
  checkNoParams,
  checkUserIDListParams,
  FrameError,
  parseRequest,
  readLoginParams,
  readSetSelfStatusParams,
  type ParsedRequest,
} from './frames'
import { silentLogger, type Logger } from './logger'
import { SlidingWindowLimiter, TokenBucket } from './rate-limit'

export interface PresenceServerOptions {
  /** 0 picks a free port. */
  port: number
  /** @default '127.0.0.1' */
  host?: string
  /** Signs and checks the tokens (HMAC-SHA256); at least 16 characters. */
  secret: string
  /** Share presence with other server processes through this Redis (`redis://host:port`). */
  redisUrl?: string
  /** Key and channel prefix in Redis. @default 'presence:' */
  redisPrefix?: string
  /** Redis heartbeat: a node silent for this long is dead (checked every fifth of it). @default 10_000 */
  nodeTtlMs?: number
  /** Ping interval of every socket. @default 10_000 */
  heartbeatMs?: number
  /** A socket silent (no frame, no pong) for this long is dropped: the device goes OFFLINE. @default 2.5 x heartbeatMs */
  heartbeatTimeoutMs?: number
  /** A socket not logged in after this long is closed (4001). @default 10_000 */
  loginTimeoutMs?: number
  /** A TCP connection that has not completed its WebSocket handshake after this long is destroyed. @default 5_000 */
  handshakeTimeoutMs?: number
  /** Devices (logged-in sockets, dropped ones included) one user may hold on this node; past it the oldest is kicked out. @default 10 */
  maxDevicesPerUser?: number
  /**
   * Status-API calls (getUserStatus, subscribe, unsubscribe) per user and method, across every socket of the user
   * (and every node with Redis), on top of each socket's own 20 calls / 5 s. @default { calls: 40, windowMs: 5_000 }
   */
  userRateLimit?: { calls?: number; windowMs?: number }
  /** A dropped device stays OFFLINE this long unless the user logs in again; then the session is closed. @default 24 h */
  droppedSessionTtlMs?: number
  /** Frames per socket: `burst` at once, refilled at `perSecond`; more are answered 2996. */
  rateLimit?: { burst?: number; perSecond?: number }
  /** Frames answered 2996 in a row before the socket is closed (4008). @default 200 */
  maxRejectedFrames?: number
  /** Largest frame answered normally. @default 64 KiB */
  maxFrameBytes?: number
  /** @default 50_000 */
  maxConnections?: number
  /** Bytes queued to a socket before it is dropped as a slow consumer (4009). @default 4 MiB */
  maxBufferedBytes?: number
  /** Accept WebSocket upgrades only from these origins (browser `Origin` header). @default any */
  allowedOrigins?: readonly string[]
  /** Serve `GET /token?userID=` (a token for anyone: development only). @default false */
  allowDevTokens?: boolean
  /** Options of the world (edition, console switches, friend auto-notify). */
  world?: Omit<WorldOptions, 'clock' | 'latencyMs' | 'callLogLimit'>
  /** Populates the world (friends, conversations) before the server listens. Every node should do the same. */
  setup?: (world: World) => void
  /** @default silent */
  logger?: Logger
}

export interface PresenceServer {
  /** `ws://host:port/` */
  readonly url: string
  /** `http://host:port` (`/health`, and `/token` with allowDevTokens). */
  readonly httpUrl: string
  readonly port: number
  readonly world: World
  /** The Redis node id, '' without Redis. */
  readonly nodeId: string
  /** Open sockets. */
  connections(): number
  /** When the user's custom status clears itself (epoch ms, `setSelfStatus({ expiresAt })`), or null. */
  statusExpiresAt(userID: string): number | null
  /** Closes every socket (1001), leaves the Redis cluster and stops listening. */
  close(): Promise<void>
}

interface Settings {
  secret: string
  heartbeatMs: number
  heartbeatTimeoutMs: number
  loginTimeoutMs: number
  handshakeTimeoutMs: number
  droppedSessionTtlMs: number
  burst: number
  perSecond: number
  maxRejectedFrames: number
  maxFrameBytes: number
  maxConnections: number
  maxBufferedBytes: number
  allowDevTokens: boolean
  allowedOrigins: ReadonlySet<string> | null
}

/** What a connection tells its node. */
interface ConnectionHooks {
  /** The world kicked the session out (another device took its place): it must log in again or go. */
  kicked(conn: Connection): void
  /** The client reads too slowly: the socket is being closed with 4009. */
  slow(conn: Connection): void
}

/** One socket: its world session, its limits and its ordered request queue. */
class Connection {
  readonly session: WorldSession
  lastSeen = Date.now()
  closed = false
  rejectedInARow = 0
  loginTimer: ReturnType<typeof setTimeout> | undefined
  /** Requests run one after the other, in the order they came. */
  queue: Promise<void> = Promise.resolve()
  queued = 0
  /** The world's status-API limit of this socket (20 calls / 5 s per method), checked before any Redis work. */
  readonly statusCalls = new SlidingWindowLimiter(LIMITS.RATE_LIMIT_CALLS, LIMITS.RATE_LIMIT_WINDOW_MS)
  /** While a call runs, pushes wait so that the response goes first. */
  private holding = false
  private readonly held: PushFrame[] = []

  constructor(
    readonly socket: WebSocket,
    world: World,
    private readonly settings: Settings,
    readonly bucket: TokenBucket,
    private readonly hooks: ConnectionHooks,
  ) {
    this.session = world.openSession((event) => this.onWorldEvent(event))
  }

  private onWorldEvent(event: AnyEngineEvent): void {
    if (!isPushEvent(event.name)) return
    if (event.name === 'kickedOut') this.hooks.kicked(this)
    const frame: PushFrame = { event: event.name, data: event.data }
    if (this.holding) this.held.push(frame)
    else this.send(frame)
  }

  hold(): void {
    this.holding = true
  }

  release(): void {
    this.holding = false
    for (const frame of this.held.splice(0)) this.send(frame)
  }

  send(frame: ResponseFrame | PushFrame): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return
    if (this.socket.bufferedAmount > this.settings.maxBufferedBytes) {
      // The close frame queues behind what the client has not read yet; it gets 4009 once it catches up.
      // Nothing more is sent, and the TCP connection is cut if the close does not complete in time.
      this.socket.close(CLOSE_CODE.SLOW_CONSUMER, 'slow consumer')
      const socket = this.socket
      setTimeout(() => socket.terminate(), 5_000).unref?.()
      this.hooks.slow(this)
      return
    }
    this.socket.send(JSON.stringify(frame))
  }

  reply(id: RequestId | null, error: ChatError): void {
    this.send({ id, ok: false, error: { code: error.code, message: error.message } })
  }
}

/** An HTTP + WebSocket server around one `World`, optionally sharing presence with other nodes through Redis. */
class PresenceNode implements PresenceServer {
  readonly world: World
  readonly nodeId: string
  url = ''
  httpUrl = ''
  port = 0
  private readonly settings: Settings
  private readonly logger: Logger
  private readonly sockets = new Set<Connection>()
  /** Custom statuses that clear themselves (`setSelfStatus({ expiresAt })`), also those learnt from Redis. */
  readonly expiry = new StatusExpiry((userID, customStatus) => {
    if (this.world.getStatus(userID).customStatus === customStatus) this.world.setCustomStatus(userID, '')
  })
  /** Logged-in sessions whose socket was lost, by user: they keep the user OFFLINE until closed. */
  private readonly dropped = new Map<string, Map<WorldSession, ReturnType<typeof setTimeout>>>()
  private readonly http: HttpServer
  private readonly wss: WebSocketServer
  private readonly userLimiter: SlidingWindowLimiter
  private readonly hooks: ConnectionHooks = {
    kicked: (conn) => this.armLoginTimer(conn),
    slow: (conn) => {
      this.logger.warn(`socket ${conn.session.id} (${conn.session.userID || 'no login'}) is a slow consumer: closing (4009)`)
      this.onClose(conn)
    },
  }
  private heartbeat: ReturnType<typeof setInterval> | undefined
  private closing: Promise<void> | null = null

  constructor(
    options: PresenceServerOptions,
    private readonly cluster: RedisCluster | null,
    world: World,
  ) {
    this.world = world
    this.nodeId = cluster?.nodeId ?? ''
    this.logger = options.logger ?? silentLogger
    const heartbeatMs = options.heartbeatMs ?? 10_000
    this.settings = {
      secret: options.secret,
      heartbeatMs,
      heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? Math.round(heartbeatMs * 2.5),
      loginTimeoutMs: options.loginTimeoutMs ?? 10_000,
      handshakeTimeoutMs: options.handshakeTimeoutMs ?? 5_000,
      droppedSessionTtlMs: options.droppedSessionTtlMs ?? 24 * 60 * 60 * 1000,
      burst: options.rateLimit?.burst ?? 60,
      perSecond: options.rateLimit?.perSecond ?? 30,
      maxRejectedFrames: options.maxRejectedFrames ?? 200,
      maxFrameBytes: options.maxFrameBytes ?? PROTOCOL_LIMITS.MAX_FRAME_BYTES,
      maxConnections: options.maxConnections ?? 50_000,
      maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
      allowDevTokens: options.allowDevTokens ?? false,
      allowedOrigins: options.allowedOrigins ? new Set(options.allowedOrigins) : null,
    }
    this.userLimiter = new SlidingWindowLimiter(
      options.userRateLimit?.calls ?? 2 * LIMITS.RATE_LIMIT_CALLS,
      options.userRateLimit?.windowMs ?? LIMITS.RATE_LIMIT_WINDOW_MS,
    )
    const origins = this.settings.allowedOrigins
    this.http = createServer((request, response) => this.onHttp(request, response))
    // Every TCP connection must finish its handshake (HTTP request or WebSocket upgrade) in time.
    const handshakeMs = this.settings.handshakeTimeoutMs
    this.http.headersTimeout = handshakeMs
    this.http.requestTimeout = handshakeMs
    this.http.on('connection', (socket: Socket) => {
      const timer = setTimeout(() => {
        if (!upgraded.has(socket)) socket.destroy()
      }, handshakeMs)
      timer.unref?.()
      socket.once('close', () => clearTimeout(timer))
    })
    const upgraded = new WeakSet<Socket>()
    this.http.on('upgrade', (request: IncomingMessage) => {
      upgraded.add(request.socket)
    })
    this.wss = new WebSocketServer({
      server: this.http,
      maxPayload: this.settings.maxFrameBytes * 16,
      perMessageDeflate: false,
      verifyClient: origins ? ({ origin }: { origin: string }) => origins.has(origin) : undefined,
    })
    this.wss.on('connection', (socket) => this.onConnection(socket))
    this.wss.on('error', (error) => this.logger.error(`websocket server: ${error.message}`))
  }

  connections(): number {
    return this.sockets.size
  }

  async listen(port: number, host: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject)
      this.http.listen(port, host, () => {
        this.http.off('error', reject)
        resolve()
      })
    })
    const address = this.http.address() as AddressInfo
    this.port = address.port
    const shown = host.includes(':') ? `[${host}]` : host
    this.url = `ws://${shown}:${address.port}/`
    this.httpUrl = `http://${shown}:${address.port}`
    const every = Math.max(10, Math.min(this.settings.heartbeatMs, Math.floor(this.settings.heartbeatTimeoutMs / 2)))
    this.heartbeat = setInterval(() => this.beat(), every)
    this.heartbeat.unref?.()
    this.logger.info(`presence server on ${this.url}${this.cluster ? ` (redis node ${this.nodeId})` : ''}`)
  }

  // ---- HTTP -----------------------------------------------------------------------------------------------

  private onHttp(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const origin = request.headers.origin
    const allowed = this.settings.allowedOrigins
    const json = (status: number, body: unknown, allowOrigin?: string) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'cache-control': 'no-store' }
      if (allowOrigin) {
        headers['access-control-allow-origin'] = allowOrigin
        headers.vary = 'Origin'
      }
      response.writeHead(status, headers)
      response.end(JSON.stringify(body))
    }
    // A page from an origin outside the allowlist gets nothing; pages from allowed origins may read the answer.
    if (origin !== undefined && allowed && !allowed.has(origin)) {
      json(403, { error: 'origin not allowed' })
    } else if (request.method === 'GET' && url.pathname === '/health') {
      json(200, { ok: true }, allowed && origin ? origin : undefined)
    } else if (request.method === 'GET' && url.pathname === '/token' && this.settings.allowDevTokens) {
      // Development only: any page may read a token (the playground runs on another port).
      const userID = url.searchParams.get('userID') ?? ''
      if (userID === '' || userID.length > PROTOCOL_LIMITS.MAX_USER_ID_LENGTH) {
        json(400, { error: `userID must be 1-${PROTOCOL_LIMITS.MAX_USER_ID_LENGTH} characters` }, origin ?? '*')
      } else {
        json(200, { userID, token: createToken(this.settings.secret, userID) }, origin ?? '*')
      }
    } else {
      json(404, { error: 'not found' })
    }
  }

  // ---- sockets --------------------------------------------------------------------------------------------

  private onConnection(socket: WebSocket): void {
    if (this.closing || this.sockets.size >= this.settings.maxConnections) {
      socket.close(1013, 'server busy, retry later')
      return
    }
    const conn = new Connection(socket, this.world, this.settings, new TokenBucket(this.settings.burst, this.settings.perSecond), this.hooks)
    this.sockets.add(conn)
    this.armLoginTimer(conn)
    socket.on('message', (data, isBinary) => this.onFrame(conn, data, isBinary))
    socket.on('pong', () => {
      conn.lastSeen = Date.now()
    })
    socket.on('close', () => this.onClose(conn))
    socket.on('error', (error) => this.logger.warn(`socket ${conn.session.id}: ${error.message}`))
  }

  private armLoginTimer(conn: Connection): void {
    clearTimeout(conn.loginTimer)
    conn.loginTimer = setTimeout(() => {
      if (!conn.session.loggedIn) conn.socket.close(CLOSE_CODE.LOGIN_TIMEOUT, 'login timeout')
    }, this.settings.loginTimeoutMs)
    conn.loginTimer.unref?.()
  }

  private onFrame(conn: Connection, data: RawData, isBinary: boolean): void {
    conn.lastSeen = Date.now()
    if (conn.closed) return
    const bytes = Array.isArray(data) ? data.reduce((sum, chunk) => sum + chunk.length, 0) : data.byteLength
    if (!conn.bucket.take() || conn.queued >= 2 * this.settings.burst) {
      conn.rejectedInARow++
      if (conn.rejectedInARow > this.settings.maxRejectedFrames) {
        conn.socket.close(CLOSE_CODE.POLICY, 'too many frames')
        return
      }
      conn.reply(bytes <= this.settings.maxFrameBytes && !isBinary ? peekId(data) : null, new ChatError(ERROR_CODE.OVER_FREQUENCY_LIMIT, `Too many frames: at most ${this.settings.perSecond} per second (bursts of ${this.settings.burst}). Wait and retry.`))
      return
    }
    conn.rejectedInARow = 0
    if (isBinary) {
      conn.reply(null, new ChatError(ERROR_CODE.INVALID_PARAMETERS, 'Binary frames are not supported: send JSON text frames.'))
      return
    }
    if (bytes > this.settings.maxFrameBytes) {
      conn.reply(null, new ChatError(ERROR_CODE.INVALID_PARAMETERS, `Frame too large: ${bytes} bytes, at most ${this.settings.maxFrameBytes}.`))
      return
    }
    let request: ParsedRequest
    try {
      request = parseRequest(toText(data))
    } catch (error) {
      if (error instanceof FrameError) conn.reply(error.id, error.error)
      else conn.reply(null, toChatError(error))
      return
    }
    conn.queued++
    conn.queue = conn.queue.then(() => this.run(conn, request)).finally(() => {
      conn.queued--
    })
  }

  private async run(conn: Connection, request: ParsedRequest): Promise<void> {
    let frame: ResponseFrame
    try {
      frame = { id: request.id, ok: true, data: await this.dispatch(conn, request) }
    } catch (error) {
      const { code, message } = toChatError(error)
      frame = { id: request.id, ok: false, error: { code, message } }
      if (!(error instanceof ChatError)) this.logger.error(`${request.method} failed: ${message}`)
    }
    conn.send(frame)
    conn.release()
  }

  private async dispatch(conn: Connection, { method, params }: ParsedRequest): Promise<unknown> {
    const { session } = conn
    if (method === 'ping') return { now: Date.now() }
    if (method === 'login') return this.login(conn, params)
    // The SDK's codes: logout while not logged in is 2024; other calls say why (2024 / 3005 / 3002-3006).
    if (!session.loggedIn) throw notReadyError(method, method === 'logout' ? ERROR_CODE.NOT_LOGGED_IN : session.notReadyCode)
    const userID = session.userID
    switch (method) {
      case 'logout': {
        checkNoParams(method, params)
        conn.hold()
        const { data } = await session.logout()
        this.cluster?.sync(userID)
        this.armLoginTimer(conn)
        return data
      }
      case 'getConversationList':
      case 'getFriendList': {
        checkNoParams(method, params)
        conn.hold()
        return (await session[method]()).data
      }
      case 'getUserStatus':
      case 'subscribeUserStatus':
      case 'unsubscribeUserStatus': {
        const options = checkUserIDListParams(method, params)
        // Every check that can reject the call comes before any Redis work.
        const ids = this.checkStatusCall(conn, method, options)
        if (this.cluster && ids.length) {
          if (!(await this.cluster.takeRateSlot(userID, method, this.userLimiter.calls, this.userLimiter.windowMs))) {
            throw new ChatError(ERROR_CODE.OVER_FREQUENCY_LIMIT, `${method}: ${MESSAGES.overFrequency} (all of this user's devices together)`)
          }
          // Redis away: answer with what this node knows (its view is made whole again once Redis is back).
          await this.cluster.ensureLoaded(ids).catch((error: unknown) => {
            this.logger.warn(`${method}: redis unavailable, answering from this node: ${error instanceof Error ? error.message : String(error)}`)
          })
        }
        this.assertOpen(conn, method)
        conn.hold()
        if (method === 'unsubscribeUserStatus') return (await session.unsubscribeUserStatus(options)).data
        return (await session[method]({ userIDList: options?.userIDList ?? [] })).data
      }
      case 'setSelfStatus': {
        const { customStatus, expiresAt = null } = readSetSelfStatusParams(params)
        conn.hold()
        const reply = this.cluster
          ? this.cluster.explicit(() => session.setSelfStatus({ customStatus }), { userID, customStatus, expiresAt })
          : session.setSelfStatus({ customStatus })
        const { data } = await reply
        // The server clears it at expiresAt (if it is still this text), with or without a client connected.
        this.expiry.set(userID, customStatus, expiresAt)
        return data
      }
    }
  }

  /**
   * The world's own checks of a status call, made before the call loads anything from Redis: the list (3153,
   * 6017), the edition (3122), the console switch (72001), then the user's rate limit across their sockets (2996).
   * Returns the distinct userIDs the call names ([] = all, for unsubscribe; a self-only query needs no check).
   */
  private checkStatusCall(conn: Connection, method: 'getUserStatus' | 'subscribeUserStatus' | 'unsubscribeUserStatus', options: { userIDList?: string[] } | undefined): string[] {
    const max = method === 'getUserStatus' ? LIMITS.GET_USER_STATUS_MAX_IDS : method === 'subscribeUserStatus' ? LIMITS.SUBSCRIBE_MAX_IDS : LIMITS.UNSUBSCRIBE_MAX_IDS
    const ids = readUserIDList(options, { method, max, emptyMeansAll: method === 'unsubscribeUserStatus' })
    const { session } = conn
    if (method === 'getUserStatus' && ids.length === 1 && ids[0] === session.userID) return []
    if (!['pro', 'ultimate', 'enterprise'].includes(this.world.edition)) {
      throw new ChatError(ERROR_CODE.EDITION_NOT_SUPPORTED, `${method}: ${MESSAGES.editionNotSupported}`)
    }
    if (!this.world.userStatusEnabled) throw new ChatError(ERROR_CODE.FEATURE_NOT_ENABLED, `${method}: ${MESSAGES.featureNotEnabled}`)
    if (!conn.statusCalls.take(method)) throw new ChatError(ERROR_CODE.OVER_FREQUENCY_LIMIT, `${method}: ${MESSAGES.overFrequency}`)
    if (!this.userLimiter.take(`${session.userID}\n${method}`)) {
      throw new ChatError(ERROR_CODE.OVER_FREQUENCY_LIMIT, `${method}: ${MESSAGES.overFrequency} (all of this user's devices together)`)
    }
    return ids
  }

  private async login(conn: Connection, params: unknown): Promise<unknown> {
    const { userID, token } = readLoginParams(params)
    verifyToken(this.settings.secret, userID, token)
    const { session } = conn
    if (this.cluster && session.userID !== userID) await this.cluster.prepareLogin(userID)
    this.assertOpen(conn, 'login')
    conn.hold()
    const { data } = await session.login({ userID, userSig: token })
    if (!data.repeatLogin) {
      clearTimeout(conn.loginTimer)
      this.closeDropped(userID)
      this.cluster?.announceLogin(userID)
      this.cluster?.sync(userID)
    }
    return data
  }

  private assertOpen(conn: Connection, method: string): void {
    if (conn.closed) throw new ChatError(ERROR_CODE.NETWORK_ERROR, `${method}: the connection closed.`)
  }

  private onClose(conn: Connection): void {
    if (conn.closed) return
    conn.closed = true
    clearTimeout(conn.loginTimer)
    this.sockets.delete(conn)
    const { session } = conn
    if (!session.loggedIn) {
      session.close()
      return
    }
    // Lost without logout: OFFLINE at once; the session stays until the user logs in again (or a day passes).
    const userID = session.userID
    this.world.dropConnection(session)
    let byUser = this.dropped.get(userID)
    if (!byUser) {
      byUser = new Map()
      this.dropped.set(userID, byUser)
    }
    const timer = setTimeout(() => this.closeDropped(userID, session), this.settings.droppedSessionTtlMs)
    timer.unref?.()
    byUser.set(session, timer)
    this.cluster?.sync(userID)
  }

  /** Closes the user's dropped sessions (all, or one): they stop counting as OFFLINE devices. */
  private closeDropped(userID: string, only?: WorldSession): void {
    const byUser = this.dropped.get(userID)
    if (!byUser) return
    for (const [session, timer] of byUser) {
      if (only && session !== only) continue
      clearTimeout(timer)
      byUser.delete(session)
      session.close()
    }
    if (byUser.size === 0) this.dropped.delete(userID)
    this.cluster?.sync(userID)
  }

  /** Pings every socket; drops the ones silent for longer than the heartbeat timeout (their devices go OFFLINE). */
  private beat(): void {
    const now = Date.now()
    this.userLimiter.sweep()
    for (const conn of this.sockets) {
      if (now - conn.lastSeen > this.settings.heartbeatTimeoutMs) {
        this.logger.info(`socket ${conn.session.id} (${conn.session.userID || 'no login'}) timed out`)
        conn.socket.terminate()
        this.onClose(conn)
      } else if (conn.socket.readyState === conn.socket.OPEN) {
        conn.socket.ping()
      }
    }
  }

  statusExpiresAt(userID: string): number | null {
    return this.expiry.get(userID)
  }

  onRemoteLogin(userID: string): void {
    this.closeDropped(userID)
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown()
    return this.closing
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.heartbeat)
    this.expiry.close()
    // Leave the cluster first: the other nodes then forget this node's devices in one go.
    await this.cluster?.close()
    const open = [...this.sockets]
    for (const conn of open) conn.socket.close(CLOSE_CODE.GOING_AWAY, 'server shutting down')
    await Promise.race([
      Promise.all(open.map((conn) => new Promise<void>((resolve) => {
        if (conn.socket.readyState === conn.socket.CLOSED) resolve()
        else conn.socket.once('close', () => resolve())
      }))),
      new Promise((resolve) => setTimeout(resolve, 1_000)),
    ])
    for (const conn of this.sockets) {
      conn.socket.terminate()
      this.onClose(conn)
    }
    for (const userID of [...this.dropped.keys()]) this.closeDropped(userID)
    await new Promise<void>((resolve) => this.wss.close(() => resolve()))
    this.http.closeAllConnections()
    await new Promise<void>((resolve) => this.http.close(() => resolve()))
    this.logger.info(`presence server on ${this.url} closed`)
  }
}

function toText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8')
  return data.toString('utf8')
}

/** The id of a frame answered without running it (over the rate limit), when it is cheap to read. */
function peekId(data: RawData): RequestId | null {
  try {
    return parseRequest(toText(data)).id
  } catch (error) {
    return error instanceof FrameError ? error.id : null
  }
}

/**
 * Starts a presence server: a world behind a JSON protocol over WebSocket (see docs/server.md), sharing presence
 * with other processes through Redis when `redisUrl` is given.
 */
export async function startPresenceServer(options: PresenceServerOptions): Promise<PresenceServer> {
  assertSecret(options.secret)
  // No call log: a server lives long, and every call would stay in memory.
  const world = new World({ ...options.world, latencyMs: 0, callLogLimit: 0, maxDevicesPerUser: options.maxDevicesPerUser ?? options.world?.maxDevicesPerUser ?? 10 })
  options.setup?.(world)
  let node: PresenceNode | null = null
  const cluster = options.redisUrl
    ? await RedisCluster.start({
        redisUrl: options.redisUrl,
        world,
        prefix: options.redisPrefix,
        nodeTtlMs: options.nodeTtlMs,
        logger: options.logger ?? silentLogger,
        onRemoteLogin: (userID) => node?.onRemoteLogin(userID),
        onExpiry: (userID, customStatus, expiresAt) => node?.expiry.set(userID, customStatus, expiresAt),
      })
    : null
  node = new PresenceNode(options, cluster, world)
  try {
    await node.listen(options.port, options.host ?? '127.0.0.1')
  } catch (error) {
    await node.close()
    throw error
  }
  return node
}
