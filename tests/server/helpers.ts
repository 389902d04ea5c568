import { spawn, type ChildProcess } from 'node:child_process'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { WebSocket } from 'ws'
import { startPresenceServer, type PresenceServer, type PresenceServerOptions } from '../../server/presence-server'
import { createToken } from '../../server/auth'
import { REQUIRE_SERVICES_ENV, SERVICE_SUITES } from '../support/services'
import { EVENT } from '../../src/engine/constants'
import { ChatError } from '../../src/engine/errors'
import { createSocketEngine, type SocketEngine, type SocketEngineOptions } from '../../src/engine/socket'
import type { EngineEvent, UserStatus } from '../../src/engine/types'
import { freePort } from '../../tools/launch.mjs'

export { freePort }

export const SECRET = 'test-secret-0123456789abcdef'

export function tokenFor(userID: string, expiresInSec?: number): string {
  return createToken(SECRET, userID, expiresInSec === undefined ? {} : { expiresInSec })
}

/** A server on an ephemeral port with short timeouts; closed by the returned list's `closeAll`. */
export async function startTestServer(options: Partial<PresenceServerOptions> = {}): Promise<PresenceServer> {
  return startPresenceServer({
    port: 0,
    host: '127.0.0.1',
    secret: SECRET,
    heartbeatMs: 100,
    heartbeatTimeoutMs: 400,
    ...options,
  })
}

/** Polls `check` until it returns true (or a value that is not false/undefined). */
export async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

export interface Frame {
  id?: unknown
  ok?: boolean
  data?: unknown
  error?: { code: number; message: string }
  event?: string
}

/** A raw protocol client: sends frames and records everything the server sends. */
export class RawClient {
  readonly frames: Frame[] = []
  closeCode: number | null = null
  private nextId = 1

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as Frame))
    socket.on('close', (code) => {
      this.closeCode = code
    })
  }

  static open(url: string, options: { autoPong?: boolean } = {}): Promise<RawClient> {
    const socket = new WebSocket(url, { autoPong: options.autoPong ?? true })
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new RawClient(socket)))
      socket.once('error', reject)
    })
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
  }

  /** Sends a request and waits for its response. */
  async request(method: string, params?: unknown): Promise<Frame> {
    const id = this.nextId++
    this.send(params === undefined ? { id, method } : { id, method, params })
    return this.response(id)
  }

  async response(id: unknown, timeoutMs = 5_000): Promise<Frame> {
    let found: Frame | undefined
    await until(() => (found = this.frames.find((frame) => 'ok' in frame && frame.id === id)) !== undefined, `response ${String(id)}`, timeoutMs)
    return found as Frame
  }

  /** The next error/response frame with id null received after `from` frames. */
  async untilFrame(predicate: (frame: Frame) => boolean, what: string, timeoutMs = 5_000): Promise<Frame> {
    let found: Frame | undefined
    await until(() => (found = this.frames.find(predicate)) !== undefined, what, timeoutMs)
    return found as Frame
  }

  /** The onUserStatusUpdated items received so far. */
  statuses(): UserStatus[] {
    return this.frames.flatMap((frame) => (frame.event === EVENT.USER_STATUS_UPDATED ? (frame.data as UserStatus[]) : []))
  }

  async login(userID: string, token = tokenFor(userID)): Promise<Frame> {
    return this.request('login', { userID, token })
  }

  close(): void {
    this.socket.close()
  }

  async closed(): Promise<number> {
    await until(() => this.closeCode !== null, 'the socket to close')
    return this.closeCode as number
  }
}

/** A socket engine on `ws`, recording its events, with fast reconnects. */
export function engineFor(url: string, userID: string, options: Partial<SocketEngineOptions> = {}) {
  const sockets: WebSocket[] = []
  class TrackedWebSocket extends WebSocket {
    constructor(address: string) {
      super(address)
      sockets.push(this)
    }
  }
  const engine = createSocketEngine({
    url,
    userID,
    token: tokenFor(userID),
    WebSocket: TrackedWebSocket,
    reconnect: { initialDelayMs: 50, maxDelayMs: 400 },
    requestTimeoutMs: 2_000,
    ...options,
  })
  const events: EngineEvent[] = []
  for (const name of Object.values(EVENT)) engine.on(name, (event) => events.push(event))
  return {
    engine,
    events,
    sockets,
    /** The client side of the current socket. */
    socket: () => sockets[sockets.length - 1],
    names: () => events.map((event) => event.name),
    netStates: () => events.flatMap((event) => (event.name === EVENT.NET_STATE_CHANGE ? [(event.data as { state: string }).state] : [])),
    statuses: (): UserStatus[] =>
      events.flatMap((event) => (event.name === EVENT.USER_STATUS_UPDATED ? (event.data as UserStatus[]) : [])),
  }
}

export type TestEngine = ReturnType<typeof engineFor>

export function lastStatusOf(list: readonly UserStatus[], userID: string): UserStatus | undefined {
  return list.filter((status) => status.userID === userID).at(-1)
}


/** True when `redis-server` can be run on this machine (the shared check of tests/support/services.ts). */
export function hasRedisServer(): boolean {
  return SERVICE_SUITES.find((suite) => suite.service === 'redis-server')?.available() ?? false
}

/** Services are required (CI sets TUI_REQUIRE_SERVICES=1): a missing one is a failure, not a note. */
export const servicesRequired = process.env[REQUIRE_SERVICES_ENV] === '1'

/**
 * Whether a suite needing redis-server runs here. `npm test` already leaves such files out when redis-server is
 * missing (tests/support/global-setup.ts prints the line); run directly, the file prints its own line and runs
 * nothing, unless services are required.
 */
export function redisSuiteRuns(suite: string): boolean {
  if (hasRedisServer() || servicesRequired) return true
  process.stdout.write(
    `${suite}: not run, redis-server is not installed (apt-get install -y redis-server, then npm test; .ci/run installs it and sets TUI_REQUIRE_SERVICES=1)\n`,
  )
  return false
}

export interface RedisProcess {
  url: string
  port: number
  pid: number
  stop(): Promise<void>
  /** Sends a signal to redis-server (SIGSTOP / SIGCONT to pause it). */
  signal(signal: NodeJS.Signals): void
}

/**
 * Starts Debian's redis-server on a loopback port (a free one unless given), without persistence. Fails with a
 * clear message when it is not installed.
 */
export async function startRedis(givenPort?: number): Promise<RedisProcess> {
  const port = givenPort ?? (await freePort())
  let child: ChildProcess
  try {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
  } catch (error) {
    throw new Error(`Could not start redis-server: ${String(error)}. Install it: apt-get install -y redis-server.`, { cause: error })
  }
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000)
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      reject(
        new Error(
          error.code === 'ENOENT'
            ? 'redis-server is not installed: the Redis scale-out tests need it (apt-get install -y redis-server; .ci/run installs it).'
            : `redis-server failed: ${error.message}`,
        ),
      )
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`redis-server exited with ${code}:\n${output}`))
    })
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer)
        resolve()
      }
    })
  })
  child.removeAllListeners('exit')
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? 0,
    signal: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve()
          return
        }
        child.once('exit', () => resolve())
        child.kill('SIGCONT')
        child.kill('SIGKILL')
      }),
  }
}

export type { SocketEngine }

/**
 * Servers, raw clients and socket engines for the tests of one file: `server()`, `client()` and `engine()` start
 * them, and every one is closed after each test (kits given to `disposeAfter()` first).
 */
export function useServerFixture() {
  const servers: PresenceServer[] = []
  const clients: RawClient[] = []
  const engines: TestEngine[] = []
  const disposables: Array<{ dispose(): void }> = []
  afterEach(async () => {
    for (const d of disposables.splice(0)) d.dispose()
    for (const e of engines.splice(0)) e.engine.destroy()
    for (const c of clients.splice(0)) c.socket.terminate()
    await Promise.all(servers.splice(0).map((s) => s.close()))
  })
  return {
    async server(options: Parameters<typeof startTestServer>[0] = {}): Promise<PresenceServer> {
      const started = await startTestServer(options)
      servers.push(started)
      return started
    },
    async client(url: string, options?: { autoPong?: boolean }): Promise<RawClient> {
      const opened = await RawClient.open(url, options)
      clients.push(opened)
      return opened
    },
    /** A socket engine, destroyed after the test. */
    engine(url: string, userID: string, options?: Partial<SocketEngineOptions>): TestEngine {
      const created = engineFor(url, userID, options)
      engines.push(created)
      return created
    },
    /** Something with a `dispose()` (a kit runtime), disposed after the test, before the engines. */
    disposeAfter<T extends { dispose(): void }>(value: T): T {
      disposables.push(value)
      return value
    },
  }
}

/**
 * A suite on a real redis-server: started once for the suite when it runs (see {@link redisSuiteRuns}), with an
 * admin connection; the nodes and engines a test starts are closed after it.
 */
export function useRedisSuite(suite: string) {
  const runs = redisSuiteRuns(suite)
  let redis: RedisProcess | undefined
  let admin: Redis | undefined
  let prefixes = 0
  const servers: PresenceServer[] = []
  const engines: TestEngine[] = []
  beforeAll(async () => {
    if (!runs) return
    redis = await startRedis()
    admin = new Redis(redis.url)
  }, 20_000)
  afterAll(async () => {
    await admin?.quit()
    await redis?.stop()
  })
  afterEach(async () => {
    for (const e of engines.splice(0)) e.engine.destroy()
    await Promise.all(servers.splice(0).map((s) => s.close()))
  })
  const started = () => {
    if (!redis || !admin) throw new Error(`${suite}: redis-server is not running`)
    return { redis, admin }
  }
  const suiteApi = {
    runs,
    /** A connection to the suite's Redis, to read and write keys directly. */
    get admin(): Redis {
      return started().admin
    },
    /** A key prefix of its own, so the tests of a suite share one Redis without seeing each other's keys. */
    prefix: (name: string) => `${name}${++prefixes}:`,
    /** A node on the suite's Redis, closed after the test. */
    async node(options: Parameters<typeof startTestServer>[0] = {}): Promise<PresenceServer> {
      const server = await startTestServer({ redisUrl: started().redis.url, ...options })
      servers.push(server)
      return server
    },
    /** Closes a node before the test ends (it is not closed again). */
    async closeNode(server: PresenceServer): Promise<void> {
      servers.splice(servers.indexOf(server), 1)
      await server.close()
    },
    /** A socket engine, destroyed after the test. */
    engine(url: string, userID: string): TestEngine {
      const created = engineFor(url, userID)
      engines.push(created)
      return created
    },
    async loggedIn(url: string, userID: string): Promise<TestEngine> {
      const e = suiteApi.engine(url, userID)
      await e.engine.login({ userID, userSig: 'x' })
      return e
    },
  }
  return suiteApi
}

/** The code a synchronous call throws (-1 for something other than a ChatError), undefined when it does not. */
export function codeOf(run: () => void): number | undefined {
  try {
    run()
  } catch (error) {
    return error instanceof ChatError ? error.code : -1
  }
  return undefined
}
