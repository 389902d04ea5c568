import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createTencentEngine } from '../../src/engine/tencent'
import { KitRuntime } from '../../src/services/kit'
import { useKitStores } from '../../src/stores'
import { TencentChatDouble } from '../engine/tencent-double'

/**
 * "Not ready" (2024, 3000, 3002-3006, what the real SDK rejects with once a session is over or not begun) is one
 * category: the kit stops, never retries it, and does not record it as an error. Over the Tencent adapter.
 */

const USERS = ['u1', 'u2', 'u3', 'u4']

async function setup() {
  const double = new TencentChatDouble({ users: ['alice', ...USERS] })
  const engine = createTencentEngine(double)
  const stores = useKitStores()
  const kit = new KitRuntime({ engine, presence: { dwellMs: 0, settleMs: 0, retryDelayMs: 500 } }, stores)
  await kit.login({ userID: 'alice', userSig: 'sig' })
  await double.idle()
  await kit.switchUserStatus({ displayOnlineStatus: true })
  const list = kit.presence.createList()
  list.setVisible(USERS.slice(0, 2))
  await vi.advanceTimersByTimeAsync(2000)
  const statusCalls = () => double.calls.filter((c) => /UserStatus$/.test(c.method) && !(c.userIDList?.length === 1 && c.userIDList[0] === 'alice'))
  return { double, engine, stores, kit, list, statusCalls }
}

describe('not ready: stop, no retry, no lastError', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    setActivePinia(createPinia())
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  for (const code of [3002, 3003, 3004, 3005, 3006]) {
    it(`a kick-out race (the call rejects ${code} before KICKED_OUT arrives): no retry call, no lastError`, async () => {
      const { double, stores, kit, list, statusCalls } = await setup()
      expect(stores.status.userStatusList.size).toBe(2)
      double.failNext('getUserStatus', code, `kicked out (${code})`)
      list.setVisible(USERS)
      await vi.advanceTimersByTimeAsync(100)
      const before = statusCalls().length
      expect(statusCalls().at(-1)).toMatchObject({ method: 'getUserStatus', outcome: code })
      // Long enough for several retries, had the kit retried.
      await vi.advanceTimersByTimeAsync(10_000)
      expect(statusCalls()).toHaveLength(before)
      expect(stores.status.lastError).toBeNull()
      // Then the kick-out event: the session ends, still no lastError.
      double.kickOut()
      await double.idle()
      await vi.advanceTimersByTimeAsync(10_000)
      expect(kit.isLoggedIn).toBe(false)
      expect(stores.status.isLoggedIn).toBe(false)
      expect(stores.status.userStatusList.size).toBe(0)
      expect(stores.status.lastError).toBeNull()
      expect(statusCalls()).toHaveLength(before)
      kit.dispose()
    })
  }

  it('a logout race (the SDK logged out under the kit, calls reject 3005): no retry, no lastError, TUILogin.logout resolves', async () => {
    const { double, stores, kit, list, statusCalls } = await setup()
    double.failNext('getUserStatus', 3005, 'logged out')
    list.setVisible(USERS)
    await vi.advanceTimersByTimeAsync(10_000)
    const before = statusCalls().length
    expect(statusCalls().at(-1)).toMatchObject({ outcome: 3005 })
    expect(stores.status.lastError).toBeNull()
    // The engine's logout answers "not logged in" (2024): the logout is done all the same.
    double.failNext('logout', 2024, 'not logged in')
    double.failNext('unsubscribeUserStatus', 3005, 'logged out')
    await expect(kit.logout()).resolves.toBeUndefined()
    expect(kit.isLoggedIn).toBe(false)
    expect(stores.status.lastError).toBeNull()
    await vi.advanceTimersByTimeAsync(10_000)
    // After the 3005: only the logout's unsubscribe-all, no retry of the query.
    expect(statusCalls().slice(before).map((c) => c.method)).toEqual(['unsubscribeUserStatus'])
    kit.dispose()
  })

  it('logout when the engine is logged out already (a kick-out whose event has not come) resolves', async () => {
    const { double, kit, stores } = await setup()
    // The SDK dropped the session without telling the kit yet: its calls answer "kicked out", its logout
    // "not logged in", as the real SDK does.
    double.failNext('logout', 2024, 'not logged in')
    double.failNext('unsubscribeUserStatus', 3006, 'kicked out')
    await expect(kit.logout()).resolves.toBeUndefined()
    expect(stores.status.isLoggedIn).toBe(false)
    expect(stores.status.lastError).toBeNull()
    kit.dispose()
  })

  it('switchUserStatus, setSelfStatus and getUserStatus before login reject 2024 with "log in first"', async () => {
    const kit = new KitRuntime({ engine: createTencentEngine(new TencentChatDouble()) }, useKitStores())
    for (const call of [
      () => kit.switchUserStatus({ displayOnlineStatus: true }),
      () => kit.setSelfStatus({ customStatus: 'x' }),
      () => kit.getUserStatus({ userIDList: ['u1'] }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 2024, message: expect.stringContaining('TUILogin.login()') })
    }
    kit.dispose()
  })
})
