// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { TYPES } from '../../src/engine/constants'
import { lastStatusOf, sleep, until, useRedisSuite } from './helpers'

/**
 * `since` (when the current status began) across nodes: a node that learns a status from Redis reports the time it
 * began on the node where it happened, not the time it learnt it. Real redis-server, started here.
 */

const { USER_STATUS_ONLINE: ONLINE, USER_STATUS_OFFLINE: OFFLINE } = TYPES

const suite = useRedisSuite('tests/server/redis-since.test.ts')
const { loggedIn } = suite
const node = (redisPrefix: string) => suite.node({ redisPrefix, nodeTtlMs: 600 })

if (suite.runs) describe('since across nodes on Redis', () => {
  it('a node that loads a user from Redis, or hears a change, reports when the status began on its own node', async () => {
    const prefix = suite.prefix('since')
    const nodeA = await node(prefix)
    const nodeB = await node(prefix)
    const bob = await loggedIn(nodeB.url, 'bob')
    const onlineSince = nodeB.world.getStatus('bob').since
    expect(onlineSince).toBeTypeOf('number')

    await sleep(150)
    // Node A loads bob from Redis (getUserStatus): the original time, not the time of the load.
    const alice = await loggedIn(nodeA.url, 'alice')
    const answer = await alice.engine.getUserStatus({ userIDList: ['bob'] })
    expect(answer.data.successUserList).toMatchObject([{ userID: 'bob', statusType: ONLINE, since: onlineSince }])

    // A change heard through pub/sub: bob's socket closes on node B.
    await alice.engine.subscribeUserStatus({ userIDList: ['bob'] })
    bob.engine.destroy()
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
