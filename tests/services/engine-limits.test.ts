import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { EngineLimits } from '../../src/engine/constants'
import { PresenceManager } from '../../src/services/presence'
import { KitRuntime } from '../../src/services/kit'
import { useKitStores } from '../../src/stores'
import { useUserStatusStore } from '../../src/stores/user-status'
import { RecordingEngine } from './recording-engine'

/** A deployment whose cloud config caps each call lower than the SDK's defaults (500 / 100 / 100). */
class CappedEngine extends RecordingEngine {
  readonly limits: EngineLimits = { getUserStatusMaxIDs: 50, subscribeMaxIDs: 20, unsubscribeMaxIDs: 20 }
}

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `u${from + i}`)

function largestBatch(engine: RecordingEngine, method: 'getUserStatus' | 'subscribeUserStatus' | 'unsubscribeUserStatus'): number {
  return Math.max(0, ...engine.statusCalls(method).map((call) => call.userIDList?.length ?? 0))
}

describe("batches follow the engine's own per-call caps", () => {
  beforeEach(() => {
    vi.useFakeTimers()
    setActivePinia(createPinia())
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('the presence manager queries at most 50, subscribes and unsubscribes at most 20 users a call', async () => {
    const engine = new CappedEngine()
    const manager = new PresenceManager(engine, useUserStatusStore(), { dwellMs: 300, settleMs: 80, maxWaitMs: 1000, maxSubscriptions: 60 })
    const list = manager.createList()
    manager.onReady('me')
    manager.setGlobalDisplay(true)
    list.setVisible(ids(0, 120))
    await vi.advanceTimersByTimeAsync(60_000)
    list.setVisible(ids(200, 320))
    await vi.advanceTimersByTimeAsync(60_000)

    expect(engine.statusCalls('getUserStatus').length).toBeGreaterThan(0)
    expect(engine.statusCalls('subscribeUserStatus').length).toBeGreaterThan(0)
    expect(engine.statusCalls('unsubscribeUserStatus').some((call) => call.userIDList !== undefined)).toBe(true)
    expect(largestBatch(engine, 'getUserStatus')).toBeLessThanOrEqual(50)
    expect(largestBatch(engine, 'subscribeUserStatus')).toBeLessThanOrEqual(20)
    expect(largestBatch(engine, 'unsubscribeUserStatus')).toBeLessThanOrEqual(20)
  })

  it("the app's getUserStatus of 120 users makes calls of at most 50 and answers all of them", async () => {
    const engine = new CappedEngine()
    const kit = new KitRuntime({ engine, presence: { dwellMs: 300, settleMs: 80, maxWaitMs: 1000 } }, useKitStores())
    await kit.login({ userID: 'me', userSig: 'sig' })
    const answer = kit.getUserStatus({ userIDList: ids(0, 120) })
    await vi.advanceTimersByTimeAsync(30_000)
    const { successUserList } = await answer

    expect(successUserList.map((s) => s.userID)).toEqual(ids(0, 120))
    const batches = engine.statusCalls('getUserStatus').filter((call) => call.userIDList?.some((id) => id.startsWith('u')))
    expect(batches.map((call) => call.userIDList?.length)).toEqual([50, 50, 20])
  })
})
