import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { KitRuntime } from '../../src/services/kit'
import { useKitStores } from '../../src/stores'
import { RecordingEngine } from './recording-engine'

/** Every write of the kit to its stores is a Pinia action: devtools and `$onAction` see it by name. */
describe('store writes are actions', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    setActivePinia(createPinia())
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('a session (login, switch on, a list in view, an event, a disconnect, logout) is seen action by action', async () => {
    const stores = useKitStores()
    const seen = new Set<string>()
    for (const store of [stores.status, stores.conversations, stores.contacts] as const) {
      store.$onAction(({ name }) => {
        seen.add(name)
      })
    }
    const engine = new RecordingEngine()
    const kit = new KitRuntime({ engine, presence: { dwellMs: 0, settleMs: 0 } }, stores)
    await kit.login({ userID: 'me', userSig: 'sig' })
    await kit.switchUserStatus({ displayOnlineStatus: true })
    const list = kit.presence.createList()
    list.setVisible(['u1', 'u2'])
    await vi.advanceTimersByTimeAsync(1000)
    list.setVisible(['u1'])
    await vi.advanceTimersByTimeAsync(1000)
    engine.emit('netStateChange', { state: 'disconnected' })
    await kit.logout()
    expect([...seen].sort()).toEqual(
      [
        '_applyStatuses',
        '_clearStatuses',
        '_markAllStale',
        '_setAvailability',
        '_setConversationList',
        '_setDisplayOnlineStatus',
        '_setFriendList',
        '_setLastError',
        '_setNetState',
        '_setSelfStatus',
        '_setSession',
      ].sort(),
    )
    expect(stores.status.displayOnlineStatus).toBe(false)
    kit.dispose()
  })

  it('the global switch has one owner: switchUserStatus goes through the manager, which pushes it to the store', async () => {
    const stores = useKitStores()
    const writes: boolean[] = []
    stores.status.$onAction(({ name, args }) => {
      if (name === '_setDisplayOnlineStatus') writes.push(args[0] as boolean)
    })
    const kit = new KitRuntime({ engine: new RecordingEngine() }, stores)
    await kit.login({ userID: 'me', userSig: 'sig' })
    await kit.switchUserStatus({ displayOnlineStatus: true })
    await kit.switchUserStatus({ displayOnlineStatus: true })
    expect(kit.presence.displaysGlobally).toBe(true)
    await kit.logout()
    expect(writes).toEqual([true, false])
    expect(stores.status.displayOnlineStatus).toBe(false)
    kit.dispose()
  })
})
