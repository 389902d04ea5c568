// @vitest-environment node
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import type { PresenceServer } from '../../server/presence-server'
import { createMemoryExpiryStorage, type StatusExpiryStorage } from '../../src/services/custom-status'
import { KitRuntime } from '../../src/services/kit'
import { useKitStores } from '../../src/stores'
import { engineFor, startTestServer, tokenFor, type TestEngine } from './helpers'

/** The kit over the socket engine leaves the expiry of a custom status to the server: it sends it, stores nothing. */

const servers: PresenceServer[] = []
const engines: TestEngine[] = []
const kits: KitRuntime[] = []

afterEach(async () => {
  for (const kit of kits.splice(0)) kit.dispose()
  for (const e of engines.splice(0)) e.engine.destroy()
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

describe('kit + socket engine: custom status expiry', () => {
  it('sends expiresAt with the status and keeps nothing in its own storage', async () => {
    const server = await startTestServer()
    servers.push(server)
    const pinia = createPinia()
    setActivePinia(pinia)
    const alice = engineFor(server.url, 'alice')
    engines.push(alice)
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
    kits.push(kit)
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
