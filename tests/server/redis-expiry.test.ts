// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { lastStatusOf, until, useRedisSuite } from './helpers'

/** Custom status expiry across two nodes on a real redis-server (started here). */

const suite = useRedisSuite('tests/server/redis-expiry.test.ts')
const { loggedIn } = suite

if (suite.runs) describe('custom status expiry across nodes on Redis', () => {
  it('is stored in Redis with the status, and cleared at expiry for the watchers of every node, the setting node gone', async () => {
    const redisPrefix = suite.prefix('exp')
    const nodeA = await suite.node({ redisPrefix, nodeTtlMs: 600 })
    const nodeB = await suite.node({ redisPrefix, nodeTtlMs: 600 })
    const bob = await loggedIn(nodeB.url, 'bob')
    const alice = await loggedIn(nodeA.url, 'alice')
    expect((await alice.engine.subscribeUserStatus({ userIDList: ['bob'] })).data.failureUserList).toEqual([])
    const expiresAt = Date.now() + 800
    await bob.engine.setSelfStatus({ customStatus: 'commuting', expiresAt })
    await until(() => lastStatusOf(alice.statuses(), 'bob')?.customStatus === 'commuting', 'alice sees the status')
    expect(await suite.admin.hget(`${redisPrefix}user:bob`, 'cse')).toBe(String(expiresAt))
    // The node that set it goes away: node A clears it by itself.
    await suite.closeNode(nodeB)
    await until(() => lastStatusOf(alice.statuses(), 'bob')?.customStatus === '', 'alice sees it cleared', 4_000)
    expect(await suite.admin.hget(`${redisPrefix}user:bob`, 'cs')).toBe('')
    expect(await suite.admin.hexists(`${redisPrefix}user:bob`, 'cse')).toBe(0)
  })
})
