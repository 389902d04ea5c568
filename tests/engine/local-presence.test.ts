// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ERROR_CODE, LIMITS, TYPES } from '../../src/engine/constants'
import { createLocalEngine, createWorld, type World } from '../../src/engine/local'
import type { UserStatus } from '../../src/engine/types'
import { codeOf, flush, loginDevice, record, withoutSince, type Device } from './helpers'

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

/** bob watches alice through a subscription. */
async function watched(world: World): Promise<Device> {
  world.addUser({ userID: 'alice' })
  const watcher = await loginDevice(world, 'bob')
  await watcher.engine.subscribeUserStatus({ userIDList: ['alice'] })
  await flush()
  watcher.log.clear()
  return watcher
}

describe('status lifecycle', () => {
  it('a registered user who never logged in is UNLOGINED; an unknown userID is UNKNOWN', () => {
    const world = createWorld()
    world.addUser({ userID: 'alice' })
    expect(withoutSince(world.getStatus('alice'))).toEqual(status('alice', UNLOGINED))
    expect(world.getStatus('nobody')).toEqual(status('nobody', TYPES.USER_STATUS_UNKNOWN))
  })

  it('login makes ONLINE and web logout makes UNLOGINED (not OFFLINE), each notified', async () => {
    const world = createWorld()
    const bob = await watched(world)
    const alice = await loginDevice(world, 'alice')
    expect(world.getStatus('alice').statusType).toBe(ONLINE)
    await flush()
    expect(bob.log.statuses()).toEqual([status('alice', ONLINE)])
    await alice.engine.logout()
    expect(world.getStatus('alice').statusType).toBe(UNLOGINED)
    await flush()
    expect(bob.log.statuses()).toEqual([status('alice', ONLINE), status('alice', UNLOGINED)])
  })

  it('an explicit drop is OFFLINE at once; restoring is ONLINE with connecting then connected', async () => {
    const world = createWorld()
    const bob = await watched(world)
    const alice = await loginDevice(world, 'alice')
    await flush()
    bob.log.clear()
    world.dropConnection(alice.engine)
    expect(world.getStatus('alice').statusType).toBe(OFFLINE)
    expect(alice.engine.session.link).toBe('down')
    await flush()
    expect(bob.log.statuses()).toEqual([status('alice', OFFLINE)])
    expect(alice.log.events).toEqual([{ name: 'netStateChange', data: { state: 'disconnected' } }])
    alice.log.clear()

    alice.engine.restoreConnection()
    expect(world.getStatus('alice').statusType).toBe(ONLINE)
    await flush()
    expect(alice.log.events.slice(0, 2)).toEqual([
      { name: 'netStateChange', data: { state: 'connecting' } },
      { name: 'netStateChange', data: { state: 'connected' } },
    ])
    expect(bob.log.statuses()).toEqual([status('alice', OFFLINE), status('alice', ONLINE)])
  })

  it('a silent drop keeps the user ONLINE until 400 s without heartbeat, then OFFLINE', async () => {
    const world = createWorld()
    const bob = await watched(world)
    const alice = await loginDevice(world, 'alice')
    await flush()
    bob.log.clear()
    world.dropConnection(alice.engine, { silent: true })
    await flush()
    expect(alice.log.names()).toEqual(['netStateChange'])
    expect(await codeOf(alice.engine.setSelfStatus({ customStatus: 'x' }))).toBe(ERROR_CODE.NETWORK_ERROR)
    vi.advanceTimersByTime(LIMITS.HEARTBEAT_TIMEOUT_MS - 1)
    await flush()
    expect(world.getStatus('alice').statusType).toBe(ONLINE)
    expect(bob.log.statuses()).toEqual([])
    vi.advanceTimersByTime(1)
    await flush()
    expect(world.getStatus('alice').statusType).toBe(OFFLINE)
    expect(bob.log.statuses()).toEqual([status('alice', OFFLINE)])
  })

  it('restoring a silent drop before the timeout keeps ONLINE without any notification', async () => {
    const world = createWorld()
    const bob = await watched(world)
    const alice = await loginDevice(world, 'alice')
    await flush()
    bob.log.clear()
    world.dropConnection(alice.engine, { silent: true })
    vi.advanceTimersByTime(100_000)
    world.restoreConnection(alice.engine)
    vi.advanceTimersByTime(LIMITS.HEARTBEAT_TIMEOUT_MS)
    await flush()
    expect(world.getStatus('alice').statusType).toBe(ONLINE)
    expect(bob.log.statuses()).toEqual([])
  })

  it('status is per user: online while any device is connected, OFFLINE when one was lost and the others logged out', async () => {
    const world = createWorld()
    const phone = await loginDevice(world, 'alice')
    const laptop = await loginDevice(world, 'alice')
    world.dropConnection(phone.engine)
    expect(world.getStatus('alice').statusType).toBe(ONLINE)
    await laptop.engine.logout()
    expect(world.getStatus('alice').statusType).toBe(OFFLINE)
    world.restoreConnection(phone.engine)
    expect(world.getStatus('alice').statusType).toBe(ONLINE)
    await phone.engine.logout()
    expect(world.getStatus('alice').statusType).toBe(UNLOGINED)
  })

  it('virtual devices of simulated users combine with real clients', async () => {
    const world = createWorld()
    const bob = await watched(world)
    world.setPresence('alice', 'online')
    expect(world.getStatus('alice').statusType).toBe(ONLINE)
    const alice = await loginDevice(world, 'alice')
    world.setPresence('alice', 'unlogined')
    expect(world.getStatus('alice').statusType).toBe(ONLINE)
    world.setPresence('alice', 'offline')
    await alice.engine.logout()
    expect(world.getStatus('alice').statusType).toBe(OFFLINE)
    world.setPresence('alice', 'unlogined')
    expect(world.getStatus('alice').statusType).toBe(UNLOGINED)
    await flush()
    expect(bob.log.statuses().map((item) => item.statusType)).toEqual([ONLINE, OFFLINE, UNLOGINED])
  })
})

describe('custom status', () => {
  it('is cleared 30 s after the last device logs out, with a notification', async () => {
    const world = createWorld()
    const bob = await watched(world)
    const alice = await loginDevice(world, 'alice')
    await alice.engine.setSelfStatus({ customStatus: 'listening to music' })
    await alice.engine.logout()
    await flush()
    bob.log.clear()
    vi.advanceTimersByTime(LIMITS.CUSTOM_STATUS_CLEAR_AFTER_LOGOUT_MS - 1)
    expect(world.getStatus('alice').customStatus).toBe('listening to music')
    vi.advanceTimersByTime(1)
    expect(withoutSince(world.getStatus('alice'))).toEqual(status('alice', UNLOGINED))
    await flush()
    expect(bob.log.statuses()).toEqual([status('alice', UNLOGINED)])
  })

  it('clearing is cancelled when the user logs in again within 30 s', async () => {
    const world = createWorld()
    const alice = await loginDevice(world, 'alice')
    await alice.engine.setSelfStatus({ customStatus: 'busy' })
    await alice.engine.logout()
    vi.advanceTimersByTime(20_000)
    await alice.engine.login({ userID: 'alice', userSig: 's' })
    vi.advanceTimersByTime(60_000)
    expect(withoutSince(world.getStatus('alice'))).toEqual(status('alice', ONLINE, 'busy'))
  })

  it('is not cleared while another device stays logged in, nor while a device is only lost', async () => {
    const world = createWorld()
    const phone = await loginDevice(world, 'alice')
    const laptop = await loginDevice(world, 'alice')
    await phone.engine.setSelfStatus({ customStatus: 'busy' })
    await laptop.engine.logout()
    vi.advanceTimersByTime(60_000)
    expect(world.getStatus('alice').customStatus).toBe('busy')
    world.dropConnection(phone.engine)
    vi.advanceTimersByTime(60_000)
    expect(withoutSince(world.getStatus('alice'))).toEqual(status('alice', OFFLINE, 'busy'))
  })

  it('syncs across the same account\'s devices, and the setter gets its own change', async () => {
    const world = createWorld({ edition: 'standard', userStatusEnabled: false })
    const phone = await loginDevice(world, 'alice')
    const laptop = await loginDevice(world, 'alice')
    await phone.engine.setSelfStatus({ customStatus: 'in a meeting' })
    await flush()
    expect(laptop.log.statuses()).toEqual([status('alice', ONLINE, 'in a meeting')])
    expect(phone.log.statuses()).toEqual([status('alice', ONLINE, 'in a meeting')])
    // setting the same text again is not a change
    await laptop.engine.setSelfStatus({ customStatus: 'in a meeting' })
    await flush()
    expect(phone.log.statuses()).toHaveLength(1)
  })
})

describe('who is notified', () => {
  async function scene(friendAutoNotify: boolean) {
    const world = createWorld({ friendAutoNotify })
    world.addFriend('alice', 'friend')
    const subscriber = await loginDevice(world, 'subscriber')
    await subscriber.engine.subscribeUserStatus({ userIDList: ['alice'] })
    const friend = await loginDevice(world, 'friend')
    const stranger = await loginDevice(world, 'stranger')
    const alice = await loginDevice(world, 'alice')
    await flush()
    for (const device of [subscriber, friend, stranger, alice]) device.log.clear()
    world.setCustomStatus('alice', 'coding')
    await flush()
    return { world, subscriber, friend, stranger, alice }
  }

  it('auto-notify off: self and subscribers, not friends nor strangers', async () => {
    const { subscriber, friend, stranger, alice } = await scene(false)
    const expected = [status('alice', ONLINE, 'coding')]
    expect(alice.log.statuses()).toEqual(expected)
    expect(subscriber.log.statuses()).toEqual(expected)
    expect(friend.log.statuses()).toEqual([])
    expect(stranger.log.statuses()).toEqual([])
  })

  it('auto-notify on: friends too, without subscribing; one event per client per change', async () => {
    const { world, subscriber, friend, stranger } = await scene(true)
    expect(friend.log.statuses()).toEqual([status('alice', ONLINE, 'coding')])
    expect(stranger.log.statuses()).toEqual([])
    // a friend who also subscribed gets the change once
    await friend.engine.subscribeUserStatus({ userIDList: ['alice'] })
    world.setCustomStatus('alice', 'eating')
    await flush()
    expect(friend.log.statuses()).toHaveLength(2)
    expect(subscriber.log.statuses()).toHaveLength(2)
    world.setFriendAutoNotify(false)
    world.removeFriend('alice', 'friend')
    await friend.engine.unsubscribeUserStatus()
    world.setCustomStatus('alice', 'sleeping')
    await flush()
    expect(friend.log.statuses()).toHaveLength(2)
  })

  it('without the feature (edition or switch), only the user\'s own clients are notified', async () => {
    const { world, subscriber, friend, alice } = await scene(true)
    world.setUserStatusEnabled(false)
    world.setCustomStatus('alice', 'a')
    world.setUserStatusEnabled(true)
    world.setEdition('standard')
    world.setCustomStatus('alice', 'b')
    await flush()
    expect(subscriber.log.statuses()).toHaveLength(1)
    expect(friend.log.statuses()).toHaveLength(1)
    expect(alice.log.statuses().map((item) => item.customStatus)).toEqual(['coding', 'a', 'b'])
  })

  it('delivers asynchronously, never inside the call that caused the change', async () => {
    const world = createWorld()
    const bob = await watched(world)
    world.setPresence('alice', 'online')
    expect(bob.log.events).toEqual([])
    await flush()
    expect(bob.log.statuses()).toEqual([status('alice', ONLINE)])
  })

  it('a custom schedule option dispatches events', async () => {
    const world = createWorld()
    const tasks: Array<() => void> = []
    const engine = createLocalEngine({ world, schedule: (task) => tasks.push(task) })
    const log = record(engine)
    await engine.login({ userID: 'bob', userSig: 's' })
    await flush()
    expect(log.events).toEqual([])
    expect(tasks.length).toBeGreaterThan(0)
    for (const task of tasks.splice(0)) task()
    expect(log.names()).toContain('sdkStateReady')
  })

  it('a disconnected client receives nothing, and nothing is replayed after it reconnects', async () => {
    const world = createWorld()
    const bob = await watched(world)
    world.addFriend('alice', 'bob')
    world.dropConnection(bob.engine)
    await flush()
    bob.log.clear()
    world.setPresence('alice', 'online')
    world.setCustomStatus('alice', 'x')
    world.sendMessage('alice', 'bob', 'hello')
    world.addFriend('alice', 'bob', { remark: 'Al' })
    await flush()
    expect(bob.log.events).toEqual([])
    world.restoreConnection(bob.engine)
    await flush()
    // bob's own status change (OFFLINE -> ONLINE) comes after the reconnect; none of alice's missed changes
    expect(bob.log.names()).toEqual(['netStateChange', 'netStateChange', 'onUserStatusUpdated'])
    expect(bob.log.statuses()).toEqual([status('bob', ONLINE)])
    bob.log.clear()
    world.setCustomStatus('alice', 'y')
    await flush()
    expect(bob.log.statuses()).toEqual([status('alice', ONLINE, 'y')])
  })

  it('a handler that throws does not keep the other handlers from running; its error is rethrown later', async () => {
    const world = createWorld()
    const tasks: Array<() => void> = []
    const engine = createLocalEngine({ world, schedule: (task) => tasks.push(task) })
    const seen: string[] = []
    engine.on('sdkStateReady', () => {
      throw new Error('handler bug')
    })
    engine.on('sdkStateReady', (event) => seen.push(event.name))
    const removed = () => seen.push('removed')
    engine.on('sdkStateReady', removed)
    engine.off('sdkStateReady', removed)
    await engine.login({ userID: 'a', userSig: 's' })
    const rethrown: Array<() => void> = []
    vi.stubGlobal('queueMicrotask', (task: () => void) => rethrown.push(task))
    try {
      for (const task of tasks.splice(0)) task()
    } finally {
      vi.unstubAllGlobals()
    }
    expect(seen).toEqual(['sdkStateReady'])
    expect(rethrown).toHaveLength(1)
    expect(() => rethrown[0]()).toThrow('handler bug')
  })
})

describe('kick-out', () => {
  it('past maxDevicesPerUser the oldest device gets kickedOut (multipleAccount) then SDK_NOT_READY', async () => {
    const world = createWorld({ maxDevicesPerUser: 2 })
    const bob = await watched(world)
    const first = await loginDevice(world, 'alice')
    const second = await loginDevice(world, 'alice')
    await flush()
    bob.log.clear()
    const third = await loginDevice(world, 'alice')
    await flush()
    expect(first.log.events).toEqual([
      { name: 'kickedOut', data: { type: TYPES.KICKED_OUT_MULT_ACCOUNT } },
      { name: 'sdkStateNotReady', data: undefined },
    ])
    expect(second.log.events).toEqual([])
    expect(first.engine.isReady()).toBe(false)
    expect(await codeOf(first.engine.getFriendList())).toBe(ERROR_CODE.KICKED_OUT_MULT_ACCOUNT)
    expect(third.engine.isReady()).toBe(true)
    expect(world.getStatus('alice').statusType).toBe(ONLINE)
    expect(bob.log.statuses()).toEqual([])
    await second.engine.logout()
    await third.engine.logout()
    expect(world.getStatus('alice').statusType).toBe(UNLOGINED)
  })

  it('a device kicked while disconnected is told when it reconnects', async () => {
    const world = createWorld({ maxDevicesPerUser: 1 })
    const first = await loginDevice(world, 'alice')
    world.dropConnection(first.engine)
    await flush()
    first.log.clear()
    await loginDevice(world, 'alice')
    await flush()
    expect(first.log.events).toEqual([])
    expect(first.engine.isReady()).toBe(false)
    world.restoreConnection(first.engine)
    await flush()
    expect(first.log.names()).toEqual(['kickedOut', 'sdkStateNotReady'])
  })

  it('world.kickOut kicks one client with a REST_API_Kick by default', async () => {
    const world = createWorld()
    const alice = await loginDevice(world, 'alice')
    world.kickOut(alice.engine)
    expect(world.getStatus('alice').statusType).toBe(UNLOGINED)
    await flush()
    expect(alice.log.events[0]).toEqual({ name: 'kickedOut', data: { type: TYPES.KICKED_OUT_REST_API } })
  })

  it('rejects maxDevicesPerUser below 1', () => {
    expect(() => createWorld({ maxDevicesPerUser: 0 })).toThrow(RangeError)
  })
})

describe('destroy', () => {
  it('logs the client out and removes it from the world', async () => {
    const world = createWorld()
    const alice = await loginDevice(world, 'alice')
    await alice.engine.subscribeUserStatus({ userIDList: ['bob'] }).catch(() => undefined)
    world.addUser({ userID: 'bob' })
    await alice.engine.subscribeUserStatus({ userIDList: ['bob'] })
    alice.engine.destroy()
    expect(world.getStatus('alice').statusType).toBe(UNLOGINED)
    expect(world.subscribersOf('bob')).toEqual([])
    expect(world.clients()).toEqual([])
    expect(await codeOf(alice.engine.login({ userID: 'alice', userSig: 's' }))).toBe(ERROR_CODE.LOGGED_OUT)
    expect(() => world.dropConnection(alice.engine)).toThrow(/not open/)
  })
})

describe('clock', () => {
  it('the default clock follows fake timers installed after the world was created', async () => {
    vi.useRealTimers()
    const world = createWorld()
    const alice = await loginDevice(world, 'alice')
    await alice.engine.setSelfStatus({ customStatus: 'x' })
    vi.useFakeTimers()
    vi.setSystemTime(5_000_000)
    expect(world.clock.now()).toBe(5_000_000)
    await alice.engine.logout()
    vi.advanceTimersByTime(LIMITS.CUSTOM_STATUS_CLEAR_AFTER_LOGOUT_MS)
    expect(world.getStatus('alice').customStatus).toBe('')
  })
})
