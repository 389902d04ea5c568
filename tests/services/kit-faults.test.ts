import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createLocalEngine, createWorld, type LocalEngine, type World } from '../../src/engine/local'
import { KitRuntime, type KitRuntimeOptions } from '../../src/services/kit'
import { useKitStores } from '../../src/stores'
import { useUserStatusStore } from '../../src/stores/user-status'

/**
 * Defects found by driving the kit from outside (public API, an embedded world, fake timers). Each test failed
 * before its fix; the failure is noted above it.
 */

const PRESENCE = { dwellMs: 300, settleMs: 80, maxWaitMs: 1000, retryDelayMs: 500 }

function makeKit(engine: LocalEngine, presence: KitRuntimeOptions['presence'] = {}) {
  const kit = new KitRuntime({ engine, presence: { ...PRESENCE, ...presence } }, useKitStores())
  return { kit, store: useUserStatusStore() }
}

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `u${from + i}`)

function worldWith(users: string[]): World {
  const world = createWorld()
  world.addUser({ userID: 'me' })
  for (const id of users) {
    world.addUser({ userID: id })
    world.setPresence(id, 'online')
  }
  return world
}

async function loggedIn(world: World, presence: KitRuntimeOptions['presence'] = {}) {
  const engine = createLocalEngine({ world, id: 'kit' })
  const { kit, store } = makeKit(engine, presence)
  await kit.login({ userID: 'me', userSig: 'sig' })
  return { engine, kit, store }
}

/** Runs `promise` while the fake clock advances `ms`; returns whether it settled, and how. */
async function during<T>(promise: Promise<T>, ms: number): Promise<{ settled: boolean; error?: unknown }> {
  const outcome: { settled: boolean; error?: unknown } = { settled: false }
  promise.then(
    () => (outcome.settled = true),
    (error: unknown) => Object.assign(outcome, { settled: true, error }),
  )
  await vi.advanceTimersByTimeAsync(ms)
  return outcome
}

describe('kit faults found from outside', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    setActivePinia(createPinia())
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  // Failed before the fix: "expected [ 'u0', …(7) ] to deeply equal []" (8 still held after switch-off).
  it('after 72001 is fixed, switching off unsubscribes what the server still holds', async () => {
    const world = worldWith(ids(0, 8))
    const { engine, kit, store } = await loggedIn(world)
    await kit.switchUserStatus({ displayOnlineStatus: true })
    const list = kit.presence.createList()
    list.setVisible(ids(0, 8))
    await vi.advanceTimersByTimeAsync(2000)
    expect(world.subscriptionsOf(engine)).toHaveLength(8)
    world.setUserStatusEnabled(false)
    await kit.switchUserStatus({ displayOnlineStatus: true })
    await vi.advanceTimersByTimeAsync(2000)
    expect(store.availability).toBe('feature-not-enabled')
    world.setUserStatusEnabled(true)
    expect((await during(kit.switchUserStatus({ displayOnlineStatus: false }), 2000)).settled).toBe(true)
    expect(world.subscriptionsOf(engine)).toEqual([])
    list.dispose()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(world.subscriptionsOf(engine)).toEqual([])
    kit.dispose()
  })

  // Failed before the fix: 100 of the 100 rows past the cap showed the first snapshot, live, 10 minutes later.
  it('rows past the 200 cap are read again within the freshness bound, or shown stale', async () => {
    const users = ids(0, 300)
    const world = worldWith(users)
    const { engine, kit, store } = await loggedIn(world)
    await kit.switchUserStatus({ displayOnlineStatus: true })
    kit.presence.createList().setVisible(users)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(world.subscriptionsOf(engine)).toHaveLength(200)
    for (const id of users) world.setPresence(id, 'offline')
    world.setCustomStatus('u250', 'away')
    // The bound (60 s by default) and then some; at every second, no live dot older than the bound.
    const wrongAndLive = () => users.filter((id) => {
      const entry = store.userStatusList.get(id)
      const truth = world.getStatus(id)
      return entry !== undefined && !entry.stale && (entry.statusType !== truth.statusType || entry.customStatus !== truth.customStatus)
    })
    let worst = 0
    for (let s = 0; s < 600; s += 5) {
      await vi.advanceTimersByTimeAsync(5000)
      if (s >= 60) worst = Math.max(worst, wrongAndLive().length)
    }
    expect(worst).toBe(0)
    expect(store.userStatusList.get('u250')).toMatchObject({ statusType: 2, customStatus: 'away', stale: false })
    kit.dispose()
  })

  // Failed before the fix: the logout was still pending after 5 s (it waited for the 600 s call).
  it('logout completes within the call time limit when a call in flight never answers', async () => {
    const world = worldWith(ids(0, 4))
    const { engine, kit, store } = await loggedIn(world, { callTimeoutMs: 5000 })
    await kit.switchUserStatus({ displayOnlineStatus: true })
    const list = kit.presence.createList()
    list.setVisible(ids(0, 2))
    await vi.advanceTimersByTimeAsync(2000)
    world.faults.delay('getUserStatus', 600_000)
    world.faults.delay('unsubscribeUserStatus', 600_000)
    list.setVisible(ids(0, 4))
    await vi.advanceTimersByTimeAsync(200)
    const outcome = await during(kit.logout(), 5000)
    expect(outcome).toEqual({ settled: true })
    expect(kit.isLoggedIn).toBe(false)
    expect(store.isLoggedIn).toBe(false)
    expect(store.userStatusList.size).toBe(0)
    expect(engine.isReady()).toBe(false)
    kit.dispose()
  })

  // Failed before the fix: "expected 'feature-not-enabled' to be 'available'" (a remount did not retry).
  it('a prop-only app recovers from 72001 when the list mounts again', async () => {
    const world = worldWith(ids(0, 4))
    const { engine, kit, store } = await loggedIn(world)
    world.setUserStatusEnabled(false)
    const first = kit.presence.createList()
    first.setOverride(true)
    first.setVisible(ids(0, 4))
    await vi.advanceTimersByTimeAsync(2000)
    expect(store.availability).toBe('feature-not-enabled')
    world.setUserStatusEnabled(true)
    first.dispose()
    const second = kit.presence.createList()
    second.setOverride(true)
    second.setVisible(ids(0, 4))
    await vi.advanceTimersByTimeAsync(2000)
    expect(store.availability).toBe('available')
    expect(store.displayOnlineStatus).toBe(false)
    expect(store.userStatusList.size).toBe(4)
    expect(world.subscriptionsOf(engine).sort()).toEqual(ids(0, 4))
    kit.dispose()
  })

  // Failed before the fix: "expected 0 to be 1" ('late' stayed unknown; never queried nor subscribed again).
  it('a user the server did not know (70107, a restarting server) is tried again and then followed', async () => {
    const world = worldWith(['u1'])
    const { engine, kit, store } = await loggedIn(world)
    await kit.switchUserStatus({ displayOnlineStatus: true })
    kit.presence.createList().setVisible(['late', 'u1'])
    await vi.advanceTimersByTimeAsync(2000)
    expect(store.userStatusList.get('late')?.statusType).toBe(0)
    // The contact comes back (the node that knows them is up again).
    world.addUser({ userID: 'late' })
    world.setPresence('late', 'online')
    await vi.advanceTimersByTimeAsync(120_000)
    expect(store.userStatusList.get('late')?.statusType).toBe(1)
    expect(world.subscriptionsOf(engine)).toContain('late')
    world.setPresence('late', 'offline')
    await vi.advanceTimersByTimeAsync(100)
    expect(store.userStatusList.get('late')).toMatchObject({ statusType: 2, stale: false })
    kit.dispose()
  })

  // Failed before the fix: "expected false to be true" (the app's query was still pending 3.1 s later).
  it('every engine call has a time limit: past it, a network failure (2800), and the kit retries', async () => {
    const world = worldWith(ids(0, 4))
    const { engine, kit, store } = await loggedIn(world, { callTimeoutMs: 3000 })
    await kit.switchUserStatus({ displayOnlineStatus: true })
    world.faults.delay('getUserStatus', 600_000)
    const outcome = await during(kit.getUserStatus({ userIDList: ['u1'] }), 3100)
    expect(outcome.settled).toBe(true)
    expect(outcome.error).toMatchObject({ code: 2800 })
    kit.presence.createList().setVisible(ids(0, 4))
    await vi.advanceTimersByTimeAsync(3500)
    expect(store.lastError?.code).toBe(2800)
    world.faults.delay('getUserStatus', 0)
    await vi.advanceTimersByTimeAsync(5000)
    expect(store.userStatusList.get('u0')).toMatchObject({ statusType: 1, stale: false })
    expect(world.subscriptionsOf(engine)).toHaveLength(4)
    kit.dispose()
  })
})
