import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { TYPES } from '../../src/engine/constants'
import { createLocalEngine, createWorld, type EngineCall, type LocalEngine, type World } from '../../src/engine/local'
import type { UserStatus } from '../../src/engine/types'
import { KitRuntime } from '../../src/services/kit'
import { PresenceManager, type PresenceOptions } from '../../src/services/presence'
import { useKitStores } from '../../src/stores'
import { useUserStatusStore, type UserStatusStore } from '../../src/stores/user-status'

/**
 * Stale data and hysteresis, with a real world and fake timers:
 * - while disconnected every entry is stale; on reconnect the kit re-subscribes, then re-queries, and an entry
 *   turns live only from fresh data (never from the reconnect alone);
 * - `offlineGraceMs`: online shows at once, offline is held for the grace period and never shown when the user
 *   is back within it.
 */

const { ONLINE, OFFLINE, UNLOGINED } = {
  ONLINE: TYPES.USER_STATUS_ONLINE,
  OFFLINE: TYPES.USER_STATUS_OFFLINE,
  UNLOGINED: TYPES.USER_STATUS_UNLOGINED,
}
const USERS = ['u1', 'u2', 'u3', 'u4', 'u5']
const OPTIONS: PresenceOptions = { dwellMs: 300, settleMs: 80, maxWaitMs: 1000, retryDelayMs: 500 }

function worldWithUsers(): World {
  const world = createWorld()
  for (const id of USERS) {
    world.addUser({ userID: id })
    world.setPresence(id, 'online')
  }
  return world
}

async function loggedInKit(world: World, presence: PresenceOptions = {}) {
  const engine = createLocalEngine({ world, id: 'kit' })
  const store = useUserStatusStore()
  const kit = new KitRuntime(
    { engine, presence: { ...OPTIONS, ...presence } },
    useKitStores(),
  )
  await kit.login({ userID: 'me', userSig: 'sig' })
  await kit.switchUserStatus({ displayOnlineStatus: true })
  const list = kit.presence.createList()
  list.setVisible(USERS)
  await vi.advanceTimersByTimeAsync(2000)
  return { engine, store, kit, list }
}

/** The client's user-status calls about others (not the kit's own self query, nor the list reloads). */
function callsOf(world: World, engine: LocalEngine): EngineCall[] {
  return world.calls.filter(
    (c) =>
      c.clientId === engine.id &&
      ['getUserStatus', 'subscribeUserStatus', 'unsubscribeUserStatus'].includes(c.method) &&
      !(c.userIDList?.length === 1 && c.userIDList[0] === c.userID),
  )
}

beforeEach(() => {
  vi.useFakeTimers()
  setActivePinia(createPinia())
})
afterEach(() => {
  vi.clearAllTimers()
  vi.useRealTimers()
})

describe('stale data across a disconnect', () => {
  it('marks every entry stale while down, re-subscribes then re-queries on reconnect, and shows only fresh data live', async () => {
    const world = worldWithUsers()
    const { engine, store, kit } = await loggedInKit(world)
    expect([...world.subscriptionsOf(engine)].sort()).toEqual(USERS)
    for (const id of USERS) expect(store.userStatusList.get(id)).toMatchObject({ statusType: ONLINE, customStatus: '', stale: false })

    world.dropConnection(engine)
    await vi.advanceTimersByTimeAsync(0)
    expect(store.netState).toBe('disconnected')
    for (const id of USERS) expect(store.userStatusList.get(id)?.stale).toBe(true)

    // Changes while down are not pushed; the server also drops the subscriptions 30 s after it noticed.
    world.setPresence('u1', 'offline')
    world.setCustomStatus('u2', 'in a meeting')
    await vi.advanceTimersByTimeAsync(31_000)
    expect(world.subscriptionsOf(engine)).toEqual([])
    expect(store.userStatusList.get('u1')).toMatchObject({ statusType: ONLINE, customStatus: '', stale: true })

    // The answer to the re-query is slow: until it arrives, the reconnect alone must not make entries live.
    world.faults.delay('getUserStatus', 1000)
    const before = callsOf(world, engine).length
    world.restoreConnection(engine)
    await vi.advanceTimersByTimeAsync(10)
    const after = callsOf(world, engine).slice(before)
    expect(after.map((c) => c.method)).toEqual(['subscribeUserStatus', 'getUserStatus'])
    expect(after[0].userIDList?.sort()).toEqual(USERS)
    expect(after[1].userIDList?.sort()).toEqual(USERS)
    expect(store.netState).toBe('connected')
    for (const id of USERS) expect(store.userStatusList.get(id)?.stale).toBe(true)

    await vi.advanceTimersByTimeAsync(1000)
    expect(store.userStatusList.get('u1')).toMatchObject({ statusType: OFFLINE, customStatus: '', stale: false })
    expect(store.userStatusList.get('u2')).toMatchObject({ statusType: ONLINE, customStatus: 'in a meeting', stale: false })
    expect([...world.subscriptionsOf(engine)].sort()).toEqual(USERS)
    expect(kit.presence.subscribedIDs().sort()).toEqual(USERS)
  })

  it('an event after the re-subscription makes that user live before the slow re-query answers', async () => {
    const world = worldWithUsers()
    const { engine, store } = await loggedInKit(world)
    world.dropConnection(engine)
    await vi.advanceTimersByTimeAsync(0)
    world.faults.delay('getUserStatus', 2000)
    world.restoreConnection(engine)
    await vi.advanceTimersByTimeAsync(10)
    world.setCustomStatus('u3', 'back')
    await vi.advanceTimersByTimeAsync(0)
    expect(store.userStatusList.get('u3')).toMatchObject({ statusType: ONLINE, customStatus: 'back', stale: false })
    expect(store.userStatusList.get('u4')?.stale).toBe(true)
    // The snapshot the slow query took before the change does not overwrite it.
    await vi.advanceTimersByTimeAsync(2000)
    expect(store.userStatusList.get('u3')).toMatchObject({ statusType: ONLINE, customStatus: 'back', stale: false })
    expect(store.userStatusList.get('u4')?.stale).toBe(false)
  })

  it('re-subscribes users subscribed out of view too (the server may have dropped them), and re-reads them', async () => {
    const world = worldWithUsers()
    const { engine, store, kit, list } = await loggedInKit(world)
    list.setVisible(['u1'])
    await vi.advanceTimersByTimeAsync(1000)
    expect(kit.presence.subscribedIDs().sort()).toEqual(USERS)
    world.dropConnection(engine)
    await vi.advanceTimersByTimeAsync(31_000)
    world.setPresence('u5', 'unlogined')
    world.restoreConnection(engine)
    await vi.advanceTimersByTimeAsync(2000)
    expect([...world.subscriptionsOf(engine)].sort()).toEqual(USERS)
    expect(store.userStatusList.get('u5')).toMatchObject({ statusType: UNLOGINED, customStatus: '', stale: false })
  })
})

describe('offline grace (PresenceOptions.offlineGraceMs)', () => {
  /** A manager over a world, with a sink that records every value written per user. */
  async function graceSetup(offlineGraceMs: number | undefined) {
    const world = worldWithUsers()
    const engine = createLocalEngine({ world, id: 'kit' })
    const store: UserStatusStore = useUserStatusStore()
    const written: UserStatus[] = []
    // Every value written, through the store's action (what devtools shows).
    store.$onAction(({ name, args }) => {
      if (name === '_applyStatuses') written.push(...(args[0] as readonly UserStatus[]))
    })
    const manager = new PresenceManager(engine, store, { ...OPTIONS, offlineGraceMs })
    engine.on('onUserStatusUpdated', ({ data }) => manager.onStatusUpdated(data))
    engine.on('netStateChange', ({ data }) => manager.onNetState(data.state))
    await engine.login({ userID: 'me', userSig: 'sig' })
    manager.onReady('me')
    manager.setGlobalDisplay(true)
    const list = manager.createList()
    list.setVisible(USERS)
    await vi.advanceTimersByTimeAsync(2000)
    written.length = 0
    const shown = (id: string) => store.userStatusList.get(id)?.statusType
    const history = (id: string) => written.filter((s) => s.userID === id).map((s) => s.statusType)
    return { world, engine, store, manager, list, shown, history }
  }

  it('is off by default: offline shows at once', async () => {
    const { world, shown } = await graceSetup(undefined)
    world.setPresence('u1', 'offline')
    await vi.advanceTimersByTimeAsync(0)
    expect(shown('u1')).toBe(OFFLINE)
  })

  it('holds ONLINE -> OFFLINE for the grace period, then shows it', async () => {
    const { world, shown } = await graceSetup(1000)
    world.setPresence('u1', 'offline')
    await vi.advanceTimersByTimeAsync(999)
    expect(shown('u1')).toBe(ONLINE)
    await vi.advanceTimersByTimeAsync(1)
    expect(shown('u1')).toBe(OFFLINE)
  })

  it('never shows offline when the user is back within the grace period (a flap)', async () => {
    const { world, shown, history } = await graceSetup(1000)
    for (let i = 0; i < 5; i++) {
      world.setPresence('u1', 'offline')
      await vi.advanceTimersByTimeAsync(400)
      world.setPresence('u1', 'online')
      await vi.advanceTimersByTimeAsync(400)
    }
    await vi.advanceTimersByTimeAsync(5000)
    expect(shown('u1')).toBe(ONLINE)
    expect(history('u1')).not.toContain(OFFLINE)
  })

  it('shows online at once, and the latest value when the grace ends (OFFLINE then UNLOGINED)', async () => {
    const { world, shown } = await graceSetup(1000)
    world.setPresence('u2', 'offline')
    await vi.advanceTimersByTimeAsync(1000)
    expect(shown('u2')).toBe(OFFLINE)
    world.setPresence('u2', 'online')
    await vi.advanceTimersByTimeAsync(0)
    expect(shown('u2')).toBe(ONLINE)
    world.setPresence('u2', 'offline')
    await vi.advanceTimersByTimeAsync(500)
    world.setPresence('u2', 'unlogined')
    await vi.advanceTimersByTimeAsync(499)
    expect(shown('u2')).toBe(ONLINE)
    await vi.advanceTimersByTimeAsync(1)
    expect(shown('u2')).toBe(UNLOGINED)
  })

  it('does not hold a custom status change of an online user', async () => {
    const { world, store } = await graceSetup(1000)
    world.setCustomStatus('u3', 'lunch')
    await vi.advanceTimersByTimeAsync(0)
    expect(store.userStatusList.get('u3')).toMatchObject({ statusType: ONLINE, customStatus: 'lunch', stale: false })
  })

  it('whenIdle() waits for held values; a disconnect shows what was held, as stale', async () => {
    const { world, engine, manager, store, shown } = await graceSetup(1000)
    world.setPresence('u4', 'offline')
    await vi.advanceTimersByTimeAsync(0)
    let idle = false
    void manager.whenIdle().then(() => {
      idle = true
    })
    await vi.advanceTimersByTimeAsync(500)
    expect(idle).toBe(false)
    world.dropConnection(engine)
    await vi.advanceTimersByTimeAsync(0)
    expect(idle).toBe(true)
    expect(store.userStatusList.get('u4')).toMatchObject({ statusType: OFFLINE, customStatus: '', stale: true })
    await vi.advanceTimersByTimeAsync(2000)
    expect(shown('u4')).toBe(OFFLINE)
  })

  it('a user who leaves the view during the grace is dropped, and nothing is written for them afterwards', async () => {
    const { world, list, store, history } = await graceSetup(1000)
    list.setVisible(['u1', 'u2'])
    await vi.advanceTimersByTimeAsync(2000)
    world.setPresence('u1', 'offline')
    await vi.advanceTimersByTimeAsync(100)
    list.setVisible(['u2'])
    // u1 is still subscribed (kept for when it scrolls back): its held value is shown at the end of the grace.
    await vi.advanceTimersByTimeAsync(1000)
    expect(store.userStatusList.get('u1')?.statusType).toBe(OFFLINE)
    // Switching the display off drops everything, holds included.
    world.setPresence('u2', 'offline')
    await vi.advanceTimersByTimeAsync(0)
    const writes = history('u2').length
    list.setOverride(false)
    await vi.advanceTimersByTimeAsync(2000)
    expect(store.userStatusList.size).toBe(0)
    expect(history('u2').length).toBe(writes)
  })
})
