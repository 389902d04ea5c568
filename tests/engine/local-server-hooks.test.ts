// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LIMITS, TYPES } from '../../src/engine/constants'
import { createWorld } from '../../src/engine/local'
import type { UserStatus } from '../../src/engine/types'
import { flush, loginDevice, withoutSince } from './helpers'

/** The two hooks the presence server uses to share a world's presence between processes. */

const { USER_STATUS_ONLINE: ONLINE, USER_STATUS_OFFLINE: OFFLINE, USER_STATUS_UNLOGINED: UNLOGINED } = TYPES

function status(userID: string, statusType: UserStatus['statusType'], customStatus = ''): UserStatus {
  return { userID, statusType, customStatus }
}

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('world.onStatusChange', () => {
  it('tells every status and custom status change with the status before, whatever caused it', async () => {
    const world = createWorld()
    const changes: Array<[UserStatus, UserStatus]> = []
    const off = world.onStatusChange((now, before) => changes.push([now, before]))
    const alice = await loginDevice(world, 'alice')
    await alice.engine.setSelfStatus({ customStatus: 'busy' })
    world.setCustomStatus('alice', 'busy') // no change: not told
    world.dropConnection(alice.engine)
    await alice.engine.logout()
    vi.advanceTimersByTime(LIMITS.CUSTOM_STATUS_CLEAR_AFTER_LOGOUT_MS)
    expect(changes.map(([now, before]) => [withoutSince(now), withoutSince(before)])).toEqual([
      [status('alice', ONLINE), status('alice', UNLOGINED)],
      [status('alice', ONLINE, 'busy'), status('alice', ONLINE)],
      [status('alice', OFFLINE, 'busy'), status('alice', ONLINE, 'busy')],
      [status('alice', UNLOGINED, 'busy'), status('alice', OFFLINE, 'busy')],
      [status('alice', UNLOGINED), status('alice', UNLOGINED, 'busy')],
    ])
    off()
    world.setPresence('alice', 'online')
    expect(changes).toHaveLength(5)
  })

  it('is told after the clients were notified', async () => {
    const world = createWorld()
    world.addUser({ userID: 'alice' })
    const bob = await loginDevice(world, 'bob')
    await bob.engine.subscribeUserStatus({ userIDList: ['alice'] })
    await flush()
    bob.log.clear()
    let subscribersAtChange = -1
    world.onStatusChange(() => {
      subscribersAtChange = world.subscribersOf('alice').length
    })
    world.setPresence('alice', 'online')
    expect(subscribersAtChange).toBe(1)
    await flush()
    expect(bob.log.statuses()).toEqual([status('alice', ONLINE)])
  })
})

describe('world.devicePresence', () => {
  it("reads the user's client sessions alone, without the virtual device", async () => {
    const world = createWorld()
    expect(world.devicePresence('nobody')).toBe('unlogined')
    world.setPresence('alice', 'online')
    expect(world.devicePresence('alice')).toBe('unlogined')
    const phone = await loginDevice(world, 'alice')
    const laptop = await loginDevice(world, 'alice')
    expect(world.devicePresence('alice')).toBe('online')
    world.dropConnection(phone.engine)
    expect(world.devicePresence('alice')).toBe('online')
    world.dropConnection(laptop.engine, { silent: true })
    expect(world.devicePresence('alice')).toBe('online') // silent: counted until the heartbeat times out
    vi.advanceTimersByTime(LIMITS.HEARTBEAT_TIMEOUT_MS)
    expect(world.devicePresence('alice')).toBe('offline')
    await phone.engine.logout()
    await laptop.engine.logout()
    expect(world.devicePresence('alice')).toBe('unlogined')
    expect(world.getStatus('alice').statusType).toBe(ONLINE) // the virtual device still is
  })

  it('combines with setPresence as other devices of the same user (what another server process holds)', async () => {
    const world = createWorld()
    const alice = await loginDevice(world, 'alice')
    world.setPresence('alice', 'offline')
    expect(world.getStatus('alice').statusType).toBe(ONLINE)
    await alice.engine.logout()
    expect(world.getStatus('alice').statusType).toBe(OFFLINE)
    world.setPresence('alice', 'unlogined')
    expect(world.getStatus('alice').statusType).toBe(UNLOGINED)
  })
})
