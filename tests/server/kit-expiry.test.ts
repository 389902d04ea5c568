// @vitest-environment node
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { createMemoryExpiryStorage, type StatusExpiryStorage } from '../../src/services/custom-status'
import { KitRuntime } from '../../src/services/kit'
import { useKitStores } from '../../src/stores'
import { tokenFor, useServerFixture } from './helpers'

/** The kit over the socket engine leaves the expiry of a custom status to the server: it sends it, stores nothing. */

const fixture = useServerFixture()

describe('kit + socket engine: custom status expiry', () => {
  it('sends expiresAt with the status and keeps nothing in its own storage', async () => {
    const server = await fixture.server()
    const pinia = createPinia()
    setActivePinia(pinia)
    const alice = fixture.engine(server.url, 'alice')
    const memory = createMemoryExpiryStorage()
    const writes: string[] = []
    const storage: StatusExpiryStorage = {
      get: (userID) => memory.get(userID),
      set: (userID, record) => {
        writes.push(userID)
        memory.set(userID, record)
      },
      remove: (userID) => memory.remove(userID),
    }
    const kit = new KitRuntime({ engine: alice.engine, statusExpiryStorage: storage }, useKitStores(pinia))
    fixture.disposeAfter(kit)
    await kit.login({ userID: 'alice', userSig: tokenFor('alice') })
    const before = Date.now()
    await kit.customStatus.set({ emoji: '📅', text: 'In a meeting', clearAfter: '30m' })
    const expiresAt = server.statusExpiresAt('alice')
    expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * 60_000)
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 30 * 60_000)
    expect(kit.customStatus.expiresAt()).toBe(expiresAt)
    expect(writes).toEqual([])
    expect(memory.get('alice')).toBeNull()
  })
})
