// @vitest-environment node
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { PresenceServer } from '../../server/presence-server'
import { engineFor, lastStatusOf, redisSuiteRuns, startRedis, startTestServer, until, type RedisProcess, type TestEngine } from './helpers'

/** Custom status expiry across two nodes on a real redis-server (started here). */

const runs = redisSuiteRuns('tests/server/redis-expiry.test.ts')

let redis: RedisProcess
let admin: Redis
let prefixNumber = 0
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

async function loggedIn(url: string, userID: string): Promise<TestEngine> {
  const e = engineFor(url, userID)
  engines.push(e)
  await e.engine.login({ userID, userSig: 'x' })
  return e
}

if (runs) describe('custom status expiry across nodes on Redis', () => {
  it('is stored in Redis with the status, and cleared at expiry for the watchers of every node, the setting node gone', async () => {
    const redisPrefix = `exp${++prefixNumber}:`
    const start = async () => {
      const server = await startTestServer({ redisUrl: redis.url, redisPrefix, nodeTtlMs: 600 })
      servers.push(server)
      return server
    }
    const nodeA = await start()
    const nodeB = await start()
    const bob = await loggedIn(nodeB.url, 'bob')
    const alice = await loggedIn(nodeA.url, 'alice')
    expect((await alice.engine.subscribeUserStatus({ userIDList: ['bob'] })).data.failureUserList).toEqual([])
    const expiresAt = Date.now() + 800
    await bob.engine.setSelfStatus({ customStatus: 'commuting', expiresAt })
    await until(() => lastStatusOf(alice.statuses(), 'bob')?.customStatus === 'commuting', 'alice sees the status')
    expect(await admin.hget(`${redisPrefix}user:bob`, 'cse')).toBe(String(expiresAt))
    // The node that set it goes away: node A clears it by itself.
    await nodeB.close()
    servers.splice(servers.indexOf(nodeB), 1)
    await until(() => lastStatusOf(alice.statuses(), 'bob')?.customStatus === '', 'alice sees it cleared', 4_000)
    expect(await admin.hget(`${redisPrefix}user:bob`, 'cs')).toBe('')
    expect(await admin.hexists(`${redisPrefix}user:bob`, 'cse')).toBe(0)
  })
})
