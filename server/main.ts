/**
 * The presence server's command line: `npx tsx server/main.ts`.
 *
 * Environment:
 * - PORT (default 8787), HOST (default 127.0.0.1; 0.0.0.0 to listen on every interface)
 * - PRESENCE_SECRET (required, at least 16 characters): signs the login tokens
 * - REDIS_URL (optional): share presence with the other processes on the same Redis
 * - PRESENCE_DEV_TOKENS=1: serve GET /token?userID= (development only: anyone gets a token for anyone)
 * - PRESENCE_FRIENDS="alice:bob,alice:carol": friendships to create at start (the same on every node)
 * - PRESENCE_DEMO=1: the demo users (alice, bob, carol, dave, erin), all friends, as in `npm run dev`
 * - PRESENCE_FRIEND_AUTO_NOTIFY=1: the console switch "friend status auto-notify"
 * - HEARTBEAT_MS, HEARTBEAT_TIMEOUT_MS: socket ping interval and silence before OFFLINE
 * - PRESENCE_ALLOWED_ORIGINS="https://app.example,https://admin.example": pages allowed to connect (default any)
 * - PRESENCE_MAX_DEVICES (default 10): logged-in sockets per user on this node
 * - PRESENCE_QUIET=1: no log
 * - PRESENCE_EXIT_WITH_STDIN=1: exit when stdin closes (set by the Vite plugin, so the server dies with Vite)
 *
 * Started with `node --expose-gc`, SIGUSR2 runs a full garbage collection (for memory measurements).
 */
import { seedDemo } from './demo'
import { consoleLogger, silentLogger } from './logger'
import { startPresenceServer } from './presence-server'

function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return undefined
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0) throw new TypeError(`${name} must be a non-negative number (got "${raw}").`)
  return value
}

function friendsFromEnv(): Array<[string, string]> {
  const raw = process.env.PRESENCE_FRIENDS ?? ''
  const pairs: Array<[string, string]> = []
  for (const item of raw.split(',').map((part) => part.trim()).filter(Boolean)) {
    const [a, b] = item.split(':')
    if (!a || !b || a === b) throw new TypeError(`PRESENCE_FRIENDS: "${item}" is not "userA:userB".`)
    pairs.push([a, b])
  }
  return pairs
}

async function main(): Promise<void> {
  const secret = process.env.PRESENCE_SECRET ?? ''
  const friends = friendsFromEnv()
  const logger = process.env.PRESENCE_QUIET === '1' ? silentLogger : consoleLogger
  const server = await startPresenceServer({
    port: numberFromEnv('PORT') ?? 8787,
    host: process.env.HOST ?? '127.0.0.1',
    secret,
    redisUrl: process.env.REDIS_URL || undefined,
    heartbeatMs: numberFromEnv('HEARTBEAT_MS'),
    heartbeatTimeoutMs: numberFromEnv('HEARTBEAT_TIMEOUT_MS'),
    maxDevicesPerUser: numberFromEnv('PRESENCE_MAX_DEVICES'),
    allowedOrigins: process.env.PRESENCE_ALLOWED_ORIGINS
      ? process.env.PRESENCE_ALLOWED_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean)
      : undefined,
    allowDevTokens: process.env.PRESENCE_DEV_TOKENS === '1',
    world: { friendAutoNotify: process.env.PRESENCE_FRIEND_AUTO_NOTIFY === '1' },
    setup: (world) => {
      if (process.env.PRESENCE_DEMO === '1') seedDemo(world)
      for (const [a, b] of friends) world.addFriend(a, b)
    },
    logger,
  })
  if (process.env.PRESENCE_DEV_TOKENS === '1') logger.warn('dev tokens are on: GET /token gives anyone a token for any userID')
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info(`${signal}: closing`)
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  // Memory measurements: started with --expose-gc, SIGUSR2 runs a full collection (tests/server/memory.test.ts).
  const collect = (globalThis as { gc?: () => void }).gc
  if (typeof collect === 'function') process.on('SIGUSR2', () => collect())
  if (process.env.PRESENCE_EXIT_WITH_STDIN === '1') {
    // Started by a parent (the Vite plugin) that holds our stdin: exit when it goes, however it goes.
    process.stdin.resume()
    process.stdin.on('end', () => stop('parent gone'))
    process.stdin.on('error', () => stop('parent gone'))
  }
}

main().catch((error: unknown) => {
  consoleLogger.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
