import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { PresenceManager, type PresenceOptions } from '../../src/services/presence'
import { useUserStatusStore } from '../../src/stores/user-status'
import { RecordingEngine } from './recording-engine'

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `u${from + i}`)

function setup(options: PresenceOptions = {}) {
  const engine = new RecordingEngine()
  const store = useUserStatusStore()
  const manager = new PresenceManager(engine, store, { dwellMs: 300, settleMs: 80, maxWaitMs: 1000, ...options })
  const list = manager.createList()
  return { engine, store, manager, list }
}

/** Largest number of calls made in any 5 s window. */
function peakCallsPer5s(times: number[]): number {
  let peak = 0
  for (let i = 0; i < times.length; i++) {
    let n = 0
    for (let j = i; j < times.length && times[j] < times[i] + 5000; j++) n++
    peak = Math.max(peak, n)
  }
  return peak
}

describe('PresenceManager scheduling', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    setActivePinia(createPinia())
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('makes no call before login, whatever the lists report', async () => {
    const { engine, manager, list } = setup()
    manager.setGlobalDisplay(true)
    list.setVisible(ids(0, 10))
    await vi.advanceTimersByTimeAsync(10_000)
    expect(engine.calls).toEqual([])
  })

  it('queries rows in view after the settle time and subscribes them only after the dwell time', async () => {
    const { engine, manager, list, store } = setup()
    manager.onReady('me')
    manager.setGlobalDisplay(true)
    await vi.advanceTimersByTimeAsync(0)
    // A new session first clears what an earlier session of this client may have left.
    expect(engine.calls.map((c) => c.method)).toEqual(['unsubscribeUserStatus'])
    list.setVisible(ids(0, 5))
    await vi.advanceTimersByTimeAsync(79)
    expect(engine.calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(10)
    expect(engine.calls.map((c) => c.method)).toEqual(['unsubscribeUserStatus', 'getUserStatus'])
    expect(engine.calls[1].userIDList).toEqual(ids(0, 5))
    expect(store.userStatusList.get('u0')?.statusType).toBe(1)
    expect(engine.statusCalls('subscribeUserStatus')).toEqual([])
    await vi.advanceTimersByTimeAsync(250)
    const subscribes = engine.statusCalls('subscribeUserStatus')
    expect(subscribes).toHaveLength(1)
    expect(subscribes[0].userIDList).toEqual(ids(0, 5))
    expect(subscribes[0].at).toBeGreaterThanOrEqual(300)
    // The gap between snapshot and subscription is closed by a second query.
    expect(engine.calls.at(-1)?.method).toBe('getUserStatus')
    expect([...engine.server].sort()).toEqual(ids(0, 5).sort())
  })

  it("queries a list's first screen at once, with no settle time; later views wait for it", async () => {
    const { engine, manager, list } = setup()
    manager.onReady('me')
    manager.setGlobalDisplay(true)
    await vi.advanceTimersByTimeAsync(0)
    const before = engine.calls.length
    list.setVisible(ids(0, 5), { now: true })
    await vi.advanceTimersByTimeAsync(0)
    expect(engine.calls.slice(before).map((c) => [c.method, c.userIDList])).toEqual([['getUserStatus', ids(0, 5)]])
    list.setVisible(ids(5, 10))
    await vi.advanceTimersByTimeAsync(79)
    expect(engine.calls).toHaveLength(before + 1)
    await vi.advanceTimersByTimeAsync(10)
    expect(engine.calls.at(-1)?.userIDList).toEqual(ids(5, 10))
  })

  it('never subscribes self', async () => {
    const { engine, manager, list } = setup()
    manager.onReady('me')
    manager.setGlobalDisplay(true)
    list.setVisible(['me', 'u1'])
    await vi.advanceTimersByTimeAsync(2000)
    for (const call of engine.calls) expect(call.userIDList ?? []).not.toContain('me')
    expect([...engine.server]).toEqual(['u1'])
  })

  it('makes no call during a fast fling and queries only where the fling stops', async () => {
    const { engine, manager, list } = setup()
    manager.onReady('me')
    manager.setGlobalDisplay(true)
    await vi.advanceTimersByTimeAsync(500)
    const before = engine.calls.length
    // 40 frames of 16 ms, each showing 12 new rows.
    for (let frame = 0; frame < 40; frame++) {
      list.setVisible(ids(frame * 12, frame * 12 + 12))
      await vi.advanceTimersByTimeAsync(16)
    }
    expect(engine.calls.length).toBe(before)
    await vi.advanceTimersByTimeAsync(100)
    const queried = engine.calls.slice(before).flatMap((c) => c.userIDList ?? [])
    expect(queried).toEqual(ids(39 * 12, 40 * 12))
    await vi.advanceTimersByTimeAsync(1000)
    expect([...engine.server].sort()).toEqual(ids(39 * 12, 40 * 12).sort())
  })

  it('batches: at most 500 IDs per query and 100 per subscription, and at most 200 subscribed', async () => {
    const { engine, manager, list } = setup()
    manager.onReady('me')
    manager.setGlobalDisplay(true)
    list.setVisible(ids(0, 700))
    await vi.advanceTimersByTimeAsync(10_000)
    const queries = engine.statusCalls('getUserStatus')
    const subscribes = engine.statusCalls('subscribeUserStatus')
    expect(Math.max(...queries.map((c) => c.userIDList?.length ?? 0))).toBe(500)
    expect(Math.max(...subscribes.map((c) => c.userIDList?.length ?? 0))).toBe(100)
    expect(new Set(queries.flatMap((c) => c.userIDList ?? [])).size).toBe(700)
    expect(engine.server.size).toBe(200)
    expect(manager.subscribedIDs()).toHaveLength(200)
  })

  it('stays within 20 calls per 5 s while the view keeps moving', async () => {
    const { engine, manager, list } = setup({ dwellMs: 0, settleMs: 0 })
    manager.onReady('me')
    manager.setGlobalDisplay(true)
    for (let step = 0; step < 200; step++) {
      list.setVisible(ids(step * 30, step * 30 + 30))
      await vi.advanceTimersByTimeAsync(50)
    }
    await vi.advanceTimersByTimeAsync(30_000)
    expect(engine.calls.length).toBeGreaterThan(20)
    expect(peakCallsPer5s(engine.calls.map((c) => c.at))).toBeLessThanOrEqual(20)
    expect(engine.server.size).toBeLessThanOrEqual(200)
  })

  it('evicts the least recently visible subscriptions when the budget needs room, and only then', async () => {
    const { engine, manager, list } = setup({ dwellMs: 0 })
    manager.onReady('me')
    manager.setGlobalDisplay(true)
    // Visit four pages of 50 in order: 200 subscribed.
    for (let page = 0; page < 4; page++) {
      list.setVisible(ids(page * 50, page * 50 + 50))
      await vi.advanceTimersByTimeAsync(2000)
    }
    expect(engine.server.size).toBe(200)
    expect(engine.statusCalls('unsubscribeUserStatus').filter((c) => c.userIDList)).toEqual([])
    // Revisit page 0, so page 1 is now the least recently visible.
    list.setVisible(ids(0, 50))
    await vi.advanceTimersByTimeAsync(2000)
    list.setVisible(ids(200, 250))
    await vi.advanceTimersByTimeAsync(2000)
    const evicted = engine.statusCalls('unsubscribeUserStatus').flatMap((c) => c.userIDList ?? [])
    expect(evicted.sort()).toEqual(ids(50, 100).sort())
    expect(engine.server.size).toBe(200)
    for (const id of ids(200, 250)) expect(engine.server.has(id)).toBe(true)
  })

  it('pauses while the page is hidden and resumes when shown', async () => {
    const { engine, manager, list } = setup()
    manager.onReady('me')
    manager.setGlobalDisplay(true)
    manager.setHidden(true)
    list.setVisible(ids(0, 10))
    await vi.advanceTimersByTimeAsync(10_000)
    expect(engine.calls).toEqual([])
    manager.setHidden(false)
    await vi.advanceTimersByTimeAsync(1000)
    expect(engine.statusCalls('getUserStatus')).toHaveLength(2)
    expect(engine.server.size).toBe(10)
  })

  it('switch-off unsubscribes everyone in one call and empties the status map', async () => {
    const { engine, manager, list, store } = setup()
    manager.onReady('me')
    manager.setGlobalDisplay(true)
    list.setVisible(ids(0, 10))
    await vi.advanceTimersByTimeAsync(2000)
    expect(store.userStatusList.size).toBe(10)
    manager.setGlobalDisplay(false)
    expect(store.userStatusList.size).toBe(0)
    await vi.advanceTimersByTimeAsync(100)
    expect(engine.calls.at(-1)).toMatchObject({ method: 'unsubscribeUserStatus', userIDList: undefined })
    expect(engine.server.size).toBe(0)
  })

  it('a list with displayOnlineStatus=true keeps its users when the global switch is off', async () => {
    const { engine, manager, list } = setup()
    manager.onReady('me')
    list.setOverride(true)
    list.setVisible(ids(0, 3))
    await vi.advanceTimersByTimeAsync(2000)
    expect(engine.server.size).toBe(3)
    list.setOverride(false)
    await vi.advanceTimersByTimeAsync(100)
    expect(engine.server.size).toBe(0)
  })

  it('marks statuses stale while disconnected, then re-subscribes and re-queries on reconnect', async () => {
    const { engine, manager, list, store } = setup()
    manager.onReady('me')
    manager.setGlobalDisplay(true)
    list.setVisible(ids(0, 4))
    await vi.advanceTimersByTimeAsync(2000)
    manager.onNetState('disconnected')
    expect(store.userStatusList.get('u0')?.stale).toBe(true)
    const before = engine.calls.length
    list.setVisible(ids(0, 5))
    await vi.advanceTimersByTimeAsync(5000)
    expect(engine.calls.length).toBe(before)
    manager.onNetState('connected')
    await vi.advanceTimersByTimeAsync(2000)
    const after = engine.calls.slice(before)
    expect(after[0]).toMatchObject({ method: 'subscribeUserStatus', userIDList: ids(0, 4) })
    expect(after[1].method).toBe('getUserStatus')
    expect(after[1].userIDList?.sort()).toEqual(ids(0, 5).sort())
    expect(store.userStatusList.get('u0')?.stale).toBe(false)
    expect(engine.server.size).toBe(5)
  })

  it('on 72001 reports the state, drops statuses and stops calling until retried', async () => {
    const { engine, manager, list, store } = setup()
    manager.onReady('me')
    manager.setGlobalDisplay(true)
    engine.failNextWith = 72001
    list.setVisible(ids(0, 4))
    await vi.advanceTimersByTimeAsync(2000)
    expect(store.availability).toBe('feature-not-enabled')
    expect(store.lastError?.code).toBe(72001)
    const calls = engine.calls.length
    list.setVisible(ids(0, 8))
    await vi.advanceTimersByTimeAsync(5000)
    expect(engine.calls.length).toBe(calls)
    manager.retry()
    await vi.advanceTimersByTimeAsync(2000)
    expect(store.availability).toBe('available')
    expect(engine.server.size).toBe(8)
  })

  it('retries after 2996 without exceeding the limit', async () => {
    const { engine, manager, list } = setup({ retryDelayMs: 1000 })
    manager.onReady('me')
    manager.setGlobalDisplay(true)
    engine.failNextWith = 2996
    list.setVisible(ids(0, 4))
    await vi.advanceTimersByTimeAsync(500)
    expect(engine.server.size).toBe(0)
    await vi.advanceTimersByTimeAsync(3000)
    expect(engine.server.size).toBe(4)
  })

  it('with friend auto-notify, friends are queried but never subscribed', async () => {
    const { engine, manager, list } = setup({ friendAutoNotify: true })
    manager.onReady('me')
    manager.setFriends(['u0', 'u1'])
    manager.setGlobalDisplay(true)
    list.setVisible(ids(0, 4))
    await vi.advanceTimersByTimeAsync(2000)
    expect([...engine.server].sort()).toEqual(['u2', 'u3'])
    expect(engine.statusCalls('getUserStatus')[0].userIDList).toContain('u0')
  })

  it('forgets everything on logout: no status survives into the next session', async () => {
    const { engine, manager, list, store } = setup()
    manager.onReady('me')
    manager.setGlobalDisplay(true)
    list.setVisible(ids(0, 4))
    await vi.advanceTimersByTimeAsync(2000)
    await manager.clearServer()
    expect(engine.server.size).toBe(0)
    manager.onNotReady()
    expect(store.userStatusList.size).toBe(0)
    expect(manager.subscribedIDs()).toEqual([])
  })

  it('ignores status events of users it does not track', async () => {
    const { manager, list, store } = setup()
    manager.onReady('me')
    manager.setGlobalDisplay(true)
    list.setVisible(['u0'])
    await vi.advanceTimersByTimeAsync(2000)
    manager.onStatusUpdated([
      { userID: 'u0', statusType: 2, customStatus: 'away' },
      { userID: 'stranger', statusType: 1, customStatus: '' },
    ])
    expect(store.userStatusList.get('u0')).toMatchObject({ statusType: 2, customStatus: 'away' })
    expect(store.userStatusList.has('stranger')).toBe(false)
  })
})
