// @vitest-environment node
import { describe, expect, it } from 'vitest'
import type { PresenceServer } from '../../server/presence-server'
import { TYPES } from '../../src/engine/constants'
import type { World } from '../../src/engine/local'
import { lastStatusOf, until, useRedisSuite } from './helpers'

/**
 * Two server instances in one process, each with its own Redis connections, on a real redis-server started here.
 * Without redis-server installed it prints one line and does not run (TUI_REQUIRE_SERVICES=1 makes that a failure).
 */

const { USER_STATUS_ONLINE: ONLINE, USER_STATUS_OFFLINE: OFFLINE, USER_STATUS_UNLOGINED: UNLOGINED } = TYPES

const suite = useRedisSuite('tests/server/redis-cluster.test.ts')
const { loggedIn } = suite

const friends = (world: World) => {
  world.addFriend('alice', 'bob')
}

/** Two nodes sharing one Redis (a fresh key prefix per test). */
async function twoNodes(options: Parameters<typeof suite.node>[0] = {}): Promise<[PresenceServer, PresenceServer, string]> {
  const redisPrefix = suite.prefix('t')
  const common = { redisPrefix, setup: friends, nodeTtlMs: 600, ...options }
  return [await suite.node(common), await suite.node(common), redisPrefix]
}

if (suite.runs) describe('presence across two nodes on Redis', () => {
  it('alice on node A sees bob on node B: online, custom status, logout, and offline when his socket closes', async () => {
    const [nodeA, nodeB] = await twoNodes()
    expect(nodeA.nodeId).not.toBe(nodeB.nodeId)
    const alice = await loggedIn(nodeA.url, 'alice')
    expect((await alice.engine.subscribeUserStatus({ userIDList: ['bob'] })).data.failureUserList).toEqual([])
    const bobSeen = () => lastStatusOf(alice.statuses(), 'bob')

    const bob = await loggedIn(nodeB.url, 'bob')
    await until(() => bobSeen()?.statusType === ONLINE, 'alice sees bob ONLINE')
    expect(nodeA.world.getStatus('bob').statusType).toBe(ONLINE)

    await bob.engine.setSelfStatus({ customStatus: 'listening to music' })
    await until(() => bobSeen()?.customStatus === 'listening to music', 'alice sees his custom status')

    await bob.engine.logout()
    await until(() => bobSeen()?.statusType === UNLOGINED, 'alice sees bob UNLOGINED')

    const again = await loggedIn(nodeB.url, 'bob')
    await until(() => bobSeen()?.statusType === ONLINE, 'alice sees bob ONLINE again')
    again.engine.destroy() // closes the socket without logout (no reconnect)
    await until(() => bobSeen()?.statusType === OFFLINE, 'alice sees bob OFFLINE when his socket closes')
    expect(nodeA.world.getStatus('bob').statusType).toBe(OFFLINE)
    expect(nodeB.world.getStatus('bob').statusType).toBe(OFFLINE)
  })

  it('finds users who logged in on another node only, with their status and custom status', async () => {
    const [nodeA, nodeB] = await twoNodes()
    const carol = await loggedIn(nodeB.url, 'carol')
    await carol.engine.setSelfStatus({ customStatus: 'on a train' })
    const alice = await loggedIn(nodeA.url, 'alice')
    const answer = await alice.engine.getUserStatus({ userIDList: ['carol', 'nobody'] })
    expect(answer.data.successUserList).toMatchObject([{ userID: 'carol', statusType: ONLINE, customStatus: 'on a train' }])
    expect(answer.data.failureUserList.map((f) => f.userID)).toEqual(['nobody'])
    // Subscribing a user known only through Redis works too.
    await alice.engine.subscribeUserStatus({ userIDList: ['carol'] })
    await carol.engine.setSelfStatus({ customStatus: '' })
    await until(() => lastStatusOf(alice.statuses(), 'carol')?.customStatus === '', 'carol cleared it')
  })

  it('counts devices on both nodes: ONLINE while one is up, and the last writer wins the custom status', async () => {
    const [nodeA, nodeB] = await twoNodes()
    const watcher = await loggedIn(nodeA.url, 'alice')
    await watcher.engine.subscribeUserStatus({ userIDList: ['bob'] })
    const phone = await loggedIn(nodeA.url, 'bob')
    const laptop = await loggedIn(nodeB.url, 'bob')
    await phone.engine.setSelfStatus({ customStatus: 'from the phone' })
    // bob's other device, on the other node, is told his own change.
    await until(() => lastStatusOf(laptop.statuses(), 'bob')?.customStatus === 'from the phone', 'the laptop told')
    await laptop.engine.setSelfStatus({ customStatus: 'from the laptop' })
    await until(
      () => [nodeA, nodeB].every((node) => node.world.getStatus('bob').customStatus === 'from the laptop'),
      'both nodes agree',
    )
    await laptop.engine.logout()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(nodeA.world.getStatus('bob').statusType).toBe(ONLINE)
    expect(nodeB.world.getStatus('bob').statusType).toBe(ONLINE)
    phone.engine.destroy()
    await until(() => lastStatusOf(watcher.statuses(), 'bob')?.statusType === OFFLINE, 'bob OFFLINE everywhere')
    expect(nodeB.world.getStatus('bob').statusType).toBe(OFFLINE)
    // A new login on node B supersedes the dropped session on node A: a logout then is UNLOGINED.
    const back = await loggedIn(nodeB.url, 'bob')
    await until(() => lastStatusOf(watcher.statuses(), 'bob')?.statusType === ONLINE, 'bob back')
    await back.engine.logout()
    await until(() => lastStatusOf(watcher.statuses(), 'bob')?.statusType === UNLOGINED, 'bob UNLOGINED everywhere')
  })

  it('a clearing by the world (the 30 s after logout) is a compare-and-set: it never erases a newer status', async () => {
    const [nodeA, nodeB, prefix] = await twoNodes()
    const bob = await loggedIn(nodeB.url, 'bob')
    await bob.engine.setSelfStatus({ customStatus: 'x' })
    const alice = await loggedIn(nodeA.url, 'alice')
    await alice.engine.getUserStatus({ userIDList: ['bob'] })
    expect(nodeA.world.getStatus('bob').customStatus).toBe('x')
    // Clearing what everyone sees works everywhere.
    nodeA.world.setCustomStatus('bob', '')
    await until(() => nodeB.world.getStatus('bob').customStatus === '', 'node B cleared too')
    await bob.engine.setSelfStatus({ customStatus: 'x' })
    await until(() => nodeA.world.getStatus('bob').customStatus === 'x', 'node A has x again')
    // A newer status node A has not heard of yet: node A's clearing of "x" must not erase it.
    const newer = String(Date.now() + 60_000)
    await suite.admin.hset(`${prefix}user:bob`, 'cs', 'newer', 'csv', newer)
    nodeA.world.setCustomStatus('bob', '')
    await until(() => nodeA.world.getStatus('bob').customStatus === 'newer', 'node A takes the newer status')
    expect(await suite.admin.hget(`${prefix}user:bob`, 'cs')).toBe('newer')
  })

  it('a node that leaves: its users count as OFFLINE on the others (they did not log out)', async () => {
    const [nodeA, nodeB] = await twoNodes()
    const alice = await loggedIn(nodeA.url, 'alice')
    await alice.engine.subscribeUserStatus({ userIDList: ['bob'] })
    await loggedIn(nodeB.url, 'bob')
    await until(() => lastStatusOf(alice.statuses(), 'bob')?.statusType === ONLINE, 'bob ONLINE')
    await nodeB.close()
    await until(() => lastStatusOf(alice.statuses(), 'bob')?.statusType === OFFLINE, 'bob OFFLINE with his node gone')
  })

  it('a node that dies without a word is reaped once its heartbeat key expires', async () => {
    const [nodeA, , prefix] = await twoNodes()
    // A third node that crashed: its data is in Redis, its heartbeat key about to expire.
    await suite.admin
      .multi()
      .set(`${prefix}node:ghost`, '1', 'PX', 300)
      .sadd(`${prefix}nodes`, 'ghost')
      .sadd(`${prefix}users`, 'dave')
      .hset(`${prefix}user:dave`, 'n:ghost', 'online:1')
      .sadd(`${prefix}nodeusers:ghost`, 'dave')
      .exec()
    const alice = await loggedIn(nodeA.url, 'alice')
    const answer = await alice.engine.getUserStatus({ userIDList: ['dave'] })
    expect(answer.data.successUserList[0]?.statusType).toBe(ONLINE)
    await alice.engine.subscribeUserStatus({ userIDList: ['dave'] })
    await until(() => lastStatusOf(alice.statuses(), 'dave')?.statusType === OFFLINE, 'dave OFFLINE with the dead node', 5_000)
    expect(await suite.admin.sismember(`${prefix}nodes`, 'ghost')).toBe(0)
    expect(await suite.admin.hexists(`${prefix}user:dave`, 'n:ghost')).toBe(0)
    expect(await suite.admin.hget(`${prefix}user:dave`, 'l:ghost')).toBe('1')
  })

  it('a node taken for dead (a long pause) publishes its devices again when it wakes', async () => {
    const [nodeA, nodeB, prefix] = await twoNodes()
    const alice = await loggedIn(nodeA.url, 'alice')
    await alice.engine.subscribeUserStatus({ userIDList: ['bob'] })
    await loggedIn(nodeB.url, 'bob')
    await until(() => lastStatusOf(alice.statuses(), 'bob')?.statusType === ONLINE, 'bob ONLINE')
    // What a reaper does to a node whose heartbeat key expired.
    await suite.admin
      .multi()
      .srem(`${prefix}nodes`, nodeB.nodeId)
      .hdel(`${prefix}user:bob`, `n:${nodeB.nodeId}`)
      .del(`${prefix}nodeusers:${nodeB.nodeId}`)
      .publish(`${prefix}events`, JSON.stringify({ k: 'down', n: nodeB.nodeId }))
      .exec()
    await until(() => lastStatusOf(alice.statuses(), 'bob')?.statusType === OFFLINE, 'bob OFFLINE with his node')
    // Node B's next heartbeat finds itself reaped and says again what it holds.
    await until(() => lastStatusOf(alice.statuses(), 'bob')?.statusType === ONLINE, 'bob back with his node')
    expect(await suite.admin.hget(`${prefix}user:bob`, `n:${nodeB.nodeId}`)).toMatch(/^online:/)
  })

  it('keeps presence in Redis keys with TTLs refreshed by the heartbeat', async () => {
    const [nodeA, , prefix] = await twoNodes()
    await loggedIn(nodeA.url, 'alice')
    const nodeTtl = await suite.admin.pttl(`${prefix}node:${nodeA.nodeId}`)
    expect(nodeTtl).toBeGreaterThan(0)
    expect(nodeTtl).toBeLessThanOrEqual(600)
    const userTtl = await suite.admin.pttl(`${prefix}user:alice`)
    expect(userTtl).toBeGreaterThan(0)
    expect(await suite.admin.hget(`${prefix}user:alice`, `n:${nodeA.nodeId}`)).toMatch(/^online:\d+$/)
    expect(await suite.admin.sismember(`${prefix}users`, 'alice')).toBe(1)
    // The heartbeat keeps the node key alive past its TTL.
    await new Promise((resolve) => setTimeout(resolve, 800))
    expect(await suite.admin.exists(`${prefix}node:${nodeA.nodeId}`)).toBe(1)
  })
})

if (!suite.runs) {
  describe('presence across two nodes on Redis', () => {
    it('needs redis-server (not run here)', () => {
      expect(suite.runs).toBe(false)
    })
  })
}
