// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ERROR_CODE, LIMITS, TYPES } from '../../src/engine/constants'
import { createLocalEngine, FAILURE_CODE } from '../../src/engine/local'
import { flush, ids, loginDevice, record, worldWithUsers } from './helpers'

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('subscribeUserStatus', () => {
  it('subscribes, with a reverse index of subscribers', async () => {
    const world = worldWithUsers(3)
    const { engine } = await loginDevice(world, 'u1')
    const other = await loginDevice(world, 'u3')
    await engine.subscribeUserStatus({ userIDList: ['u2', 'u3'] })
    await other.engine.subscribeUserStatus({ userIDList: ['u2'] })
    expect(world.subscriptionsOf(engine)).toEqual(['u2', 'u3'])
    expect(world.subscribersOf('u2').map((session) => session.id)).toEqual([engine.id, other.engine.id])
    expect(world.subscribersOf('u3')).toEqual([engine.session])
    expect(world.subscribersOf('nobody')).toEqual([])
  })

  it('self cannot be subscribed (failure entry); unknown users fail with 70107; the rest succeed', async () => {
    const world = worldWithUsers(2)
    const { engine } = await loginDevice(world, 'u1')
    const { data } = await engine.subscribeUserStatus({ userIDList: ['u1', 'ghost', 'u2'] })
    expect(data.failureUserList).toEqual([
      { userID: 'u1', code: FAILURE_CODE.CANNOT_SUBSCRIBE_SELF, message: expect.stringContaining('yourself') },
      { userID: 'ghost', code: FAILURE_CODE.USER_NOT_FOUND, message: expect.any(String) },
    ])
    expect(FAILURE_CODE.CANNOT_SUBSCRIBE_SELF).toBe(ERROR_CODE.INVALID_PARAMETERS)
    expect(world.subscriptionsOf(engine)).toEqual(['u2'])
    expect(world.subscribersOf('u1')).toEqual([])
  })

  it('keeps at most 200 subscriptions per client, evicting the oldest-subscribed', async () => {
    const world = worldWithUsers(260)
    const { engine } = await loginDevice(world, 'u260')
    await engine.subscribeUserStatus({ userIDList: ids(1, 100) })
    await engine.subscribeUserStatus({ userIDList: ids(101, 200) })
    expect(world.subscriptionsOf(engine)).toEqual(ids(1, 200))
    await engine.subscribeUserStatus({ userIDList: ids(201, 250) })
    expect(world.subscriptionsOf(engine)).toHaveLength(LIMITS.MAX_SUBSCRIPTIONS)
    expect(world.subscriptionsOf(engine)).toEqual(ids(51, 250))
    expect(world.subscribersOf('u50')).toEqual([])
    expect(world.subscribersOf('u51')).toEqual([engine.session])
    // an evicted user's changes no longer reach the client
    const log = record(engine)
    world.setCustomStatus('u1', 'evicted')
    world.setCustomStatus('u51', 'kept')
    await flush()
    expect(log.statuses().map((item) => item.userID)).toEqual(['u51'])
  })

  it('re-subscribing an existing ID is a no-op and does not move it; duplicates count once', async () => {
    const world = worldWithUsers(210)
    const { engine } = await loginDevice(world, 'u210')
    await engine.subscribeUserStatus({ userIDList: ids(1, 100) })
    await engine.subscribeUserStatus({ userIDList: ids(101, 200) })
    await engine.subscribeUserStatus({ userIDList: ['u1', 'u1', 'u2'] })
    expect(world.subscriptionsOf(engine)).toEqual(ids(1, 200))
    await engine.subscribeUserStatus({ userIDList: ['u201', 'u201'] })
    expect(world.subscriptionsOf(engine)).toEqual([...ids(2, 200), 'u201'])
  })

  it('subscribing a friend uses the quota', async () => {
    const world = worldWithUsers(202, { friendAutoNotify: true })
    world.addFriend('u202', 'u1')
    const { engine } = await loginDevice(world, 'u202')
    await engine.subscribeUserStatus({ userIDList: ['u1'] })
    await engine.subscribeUserStatus({ userIDList: ids(2, 101) })
    await engine.subscribeUserStatus({ userIDList: ids(102, 201) })
    expect(world.subscriptionsOf(engine)).toHaveLength(200)
    expect(world.subscriptionsOf(engine)).not.toContain('u1')
  })
})

describe('unsubscribeUserStatus', () => {
  it('removes the given IDs; unknown IDs fail with 70107; not-subscribed IDs are ignored', async () => {
    const world = worldWithUsers(4)
    const { engine } = await loginDevice(world, 'u1')
    await engine.subscribeUserStatus({ userIDList: ['u2', 'u3'] })
    const { data } = await engine.unsubscribeUserStatus({ userIDList: ['u2', 'u4', 'ghost'] })
    expect(data.failureUserList).toEqual([
      { userID: 'ghost', code: FAILURE_CODE.USER_NOT_FOUND, message: expect.any(String) },
    ])
    expect(world.subscriptionsOf(engine)).toEqual(['u3'])
    expect(world.subscribersOf('u2')).toEqual([])
  })

  it.each([
    ['no options', undefined],
    ['no list', {}],
    ['an empty list', { userIDList: [] }],
  ])('unsubscribes everyone with %s', async (_label, options) => {
    const world = worldWithUsers(4)
    const { engine } = await loginDevice(world, 'u1')
    await engine.subscribeUserStatus({ userIDList: ['u2', 'u3', 'u4'] })
    await expect(engine.unsubscribeUserStatus(options)).resolves.toEqual({ code: 0, data: { failureUserList: [] } })
    expect(world.subscriptionsOf(engine)).toEqual([])
    expect(world.subscribersOf('u3')).toEqual([])
  })
})

describe('subscriptions belong to the client session', () => {
  it('kick-out clears them at once', async () => {
    const world = worldWithUsers(3, { maxDevicesPerUser: 1 })
    const { engine } = await loginDevice(world, 'u1')
    await engine.subscribeUserStatus({ userIDList: ['u2', 'u3'] })
    await loginDevice(world, 'u1')
    expect(world.subscriptionsOf(engine)).toEqual([])
    expect(world.subscribersOf('u2')).toEqual([])
  })

  it('logout clears them after subscriptionClearDelayMs (default 30 s), during which nothing is delivered', async () => {
    const world = worldWithUsers(3)
    const { engine, log } = await loginDevice(world, 'u1')
    await engine.subscribeUserStatus({ userIDList: ['u2'] })
    await engine.logout()
    await flush()
    log.clear()
    world.setCustomStatus('u2', 'x')
    await flush()
    expect(log.events).toEqual([])
    vi.advanceTimersByTime(29_999)
    expect(world.subscriptionsOf(engine)).toEqual(['u2'])
    expect(world.subscribersOf('u2')).toEqual([engine.session])
    vi.advanceTimersByTime(1)
    expect(world.subscriptionsOf(engine)).toEqual([])
    expect(world.subscribersOf('u2')).toEqual([])
  })

  it('honours the subscriptionClearDelayMs option', async () => {
    const world = worldWithUsers(2, { subscriptionClearDelayMs: 1_000 })
    const { engine } = await loginDevice(world, 'u1')
    await engine.subscribeUserStatus({ userIDList: ['u2'] })
    await engine.logout()
    vi.advanceTimersByTime(999)
    expect(world.subscriptionsOf(engine)).toEqual(['u2'])
    vi.advanceTimersByTime(1)
    expect(world.subscriptionsOf(engine)).toEqual([])
  })

  it('the same client logging in again as the same user before the delay keeps them', async () => {
    const world = worldWithUsers(3)
    const { engine, log } = await loginDevice(world, 'u1')
    await engine.subscribeUserStatus({ userIDList: ['u2'] })
    await engine.logout()
    vi.advanceTimersByTime(20_000)
    await engine.login({ userID: 'u1', userSig: 's' })
    vi.advanceTimersByTime(60_000)
    expect(world.subscriptionsOf(engine)).toEqual(['u2'])
    await flush()
    log.clear()
    world.setCustomStatus('u2', 'back')
    await flush()
    expect(log.statuses()).toEqual([{ userID: 'u2', statusType: TYPES.USER_STATUS_UNLOGINED, customStatus: 'back' }])
  })

  it('logging in as another user clears them at once; another client of the same user does not inherit them', async () => {
    const world = worldWithUsers(3)
    const { engine } = await loginDevice(world, 'u1')
    await engine.subscribeUserStatus({ userIDList: ['u2'] })
    const sibling = await loginDevice(world, 'u1')
    expect(world.subscriptionsOf(sibling.engine)).toEqual([])
    await engine.logout()
    await engine.login({ userID: 'u3', userSig: 's' })
    expect(world.subscriptionsOf(engine)).toEqual([])
    expect(world.subscribersOf('u2')).toEqual([])
  })

  it('a lost connection clears them after the delay unless the client reconnects first', async () => {
    const world = worldWithUsers(3)
    const a = await loginDevice(world, 'u1')
    const b = await loginDevice(world, 'u3')
    await a.engine.subscribeUserStatus({ userIDList: ['u2'] })
    await b.engine.subscribeUserStatus({ userIDList: ['u2'] })
    world.dropConnection(a.engine)
    world.dropConnection(b.engine)
    vi.advanceTimersByTime(10_000)
    world.restoreConnection(b.engine)
    vi.advanceTimersByTime(20_000)
    expect(world.subscriptionsOf(a.engine)).toEqual([])
    expect(world.subscriptionsOf(b.engine)).toEqual(['u2'])
    // a silent drop: the server notices after 400 s, then waits the delay
    world.dropConnection(b.engine, { silent: true })
    vi.advanceTimersByTime(LIMITS.HEARTBEAT_TIMEOUT_MS + 29_999)
    expect(world.subscriptionsOf(b.engine)).toEqual(['u2'])
    vi.advanceTimersByTime(1)
    expect(world.subscriptionsOf(b.engine)).toEqual([])
  })

  it('subscriptions of one client do not deliver to the same user\'s other clients', async () => {
    const world = worldWithUsers(2)
    const phone = await loginDevice(world, 'u1')
    const laptop = await loginDevice(world, 'u1')
    await phone.engine.subscribeUserStatus({ userIDList: ['u2'] })
    world.setCustomStatus('u2', 'x')
    await flush()
    expect(phone.log.statuses()).toHaveLength(1)
    expect(laptop.log.statuses()).toEqual([])
  })
})

describe('scale', () => {
  it('10,000 users: one change is delivered only to the listeners of the changed user', async () => {
    const world = worldWithUsers(10_000, { friendAutoNotify: true })
    for (let i = 2; i <= 10_000; i++) world.addFriend(`u${i}`, `u${i - 1}`)
    const watchers = []
    for (let i = 0; i < 5; i++) watchers.push(createLocalEngine({ world }))
    let received = 0
    for (const [index, engine] of watchers.entries()) {
      await engine.login({ userID: `u${index * 1000 + 500}`, userSig: 's' })
      engine.on('onUserStatusUpdated', (event) => {
        received += event.data.length
      })
    }
    await watchers[0].subscribeUserStatus({ userIDList: ['u9000'] })
    await flush()
    received = 0
    const started = performance.now()
    for (let i = 1; i <= 10_000; i++) world.setPresence(`u${i}`, 'online')
    const elapsed = performance.now() - started
    await flush()
    // each watcher hears its two friends (auto-notify), watcher 0 also u9000; the watchers' own status does not
    // change (they were online already)
    expect(received).toBe(5 * 2 + 1)
    expect(elapsed).toBeLessThan(2_000)
  })
})
