// @vitest-environment node
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { PresenceServer } from '../../server/presence-server'
import { TYPES } from '../../src/engine/constants'
import { engineFor, lastStatusOf, redisSuiteRuns, sleep, startRedis, startTestServer, until, type RedisProcess, type TestEngine } from './helpers'

/**
 * `since` (when the current status began) across nodes: a node that learns a status from Redis reports the time it
 * began on the node where it happened, not the time it learnt it. Real redis-server, started here.
 */

const { USER_STATUS_ONLINE: ONLINE, USER_STATUS_OFFLINE: OFFLINE } = TYPES

const runs = redisSuiteRuns('tests/server/redis-since.test.ts')

let redis: RedisProcess
let prefixNumber = 0
const servers: PresenceServer[] = []
const engines: TestEngine[] = []

beforeAll(async () => {
  if (!runs) return
  redis = await startRedis()
}, 20_000)

afterAll(async () => {
  await redis?.stop()
})

afterEach(async () => {
  for (const e of engines.splice(0)) e.engine.destroy()
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function node(redisPrefix: string): Promise<PresenceServer> {
  const server = await startTestServer({ redisUrl: redis.url, redisPrefix, nodeTtlMs: 600 })
  servers.push(server)
  return server
}

async function loggedIn(url: string, userID: string): Promise<TestEngine> {
  const e = engineFor(url, userID)
  engines.push(e)
  await e.engine.login({ userID, userSig: 'x' })
  return e
}

if (runs) describe('since across nodes on Redis', () => {
  it('a node that loads a user from Redis, or hears a change, reports when the status began on its own node', async () => {
    const prefix = `since${++prefixNumber}:`
    const nodeA = await node(prefix)
    const nodeB = await node(prefix)
    await loggedIn(nodeB.url, 'bob')
    const onlineSince = nodeB.world.getStatus('bob').since
    expect(onlineSince).toBeTypeOf('number')

    await sleep(150)
    // Node A loads bob from Redis (getUserStatus): the original time, not the time of the load.
    const alice = await loggedIn(nodeA.url, 'alice')
    const answer = await alice.engine.getUserStatus({ userIDList: ['bob'] })
    expect(answer.data.successUserList).toMatchObject([{ userID: 'bob', statusType: ONLINE, since: onlineSince }])

    // A change heard through pub/sub: bob's socket closes on node B.
    await alice.engine.subscribeUserStatus({ userIDList: ['bob'] })
    engines.find((e) => e.engine !== alice.engine)?.engine.destroy()
    await until(() => nodeB.world.getStatus('bob').statusType === OFFLINE, 'bob OFFLINE on node B')
    const offlineSince = nodeB.world.getStatus('bob').since
    await until(() => lastStatusOf(alice.statuses(), 'bob')?.statusType === OFFLINE, 'alice sees bob OFFLINE')
    expect(lastStatusOf(alice.statuses(), 'bob')?.since).toBe(offlineSince)

    // A node started later (a restart) reads the same time from Redis.
    await sleep(150)
    const nodeC = await node(prefix)
    const carol = await loggedIn(nodeC.url, 'carol')
    const later = await carol.engine.getUserStatus({ userIDList: ['bob'] })
    expect(later.data.successUserList).toMatchObject([{ userID: 'bob', statusType: OFFLINE, since: offlineSince }])
  })
})
