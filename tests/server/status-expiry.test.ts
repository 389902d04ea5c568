// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import type { PresenceServer } from '../../server/presence-server'
import { engineFor, lastStatusOf, RawClient, sleep, startTestServer, until, type TestEngine } from './helpers'

/** Custom status expiry kept by the presence server: it clears the status itself, with nobody connected. */

const servers: PresenceServer[] = []
const engines: TestEngine[] = []

afterEach(async () => {
  for (const e of engines.splice(0)) e.engine.destroy()
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function loggedIn(url: string, userID: string): Promise<TestEngine> {
  const e = engineFor(url, userID)
  engines.push(e)
  await e.engine.login({ userID, userSig: 'x' })
  return e
}

describe('custom status expiry on the presence server', () => {
  it('clears the status at expiresAt and notifies subscribers, after the user has gone', async () => {
    const server = await startTestServer({ setup: (world) => world.addFriend('alice', 'bob') })
    servers.push(server)
    const alice = await loggedIn(server.url, 'alice')
    await alice.engine.subscribeUserStatus({ userIDList: ['bob'] })
    const bob = await loggedIn(server.url, 'bob')
    expect(bob.engine.capabilities?.statusExpiry).toBe(true)
    const { data } = await bob.engine.setSelfStatus({ customStatus: 'in a meeting', expiresAt: Date.now() + 300 })
    expect(data.customStatus).toBe('in a meeting')
    await until(() => lastStatusOf(alice.statuses(), 'bob')?.customStatus === 'in a meeting', 'alice sees the status')
    bob.engine.destroy() // no client of bob's left
    await until(() => lastStatusOf(alice.statuses(), 'bob')?.customStatus === '', 'alice sees it cleared at expiry', 3_000)
    expect(server.world.getStatus('bob').customStatus).toBe('')
  })

  it('a later status without expiresAt cancels the expiry; a later one with it replaces it', async () => {
    const server = await startTestServer()
    servers.push(server)
    const bob = await loggedIn(server.url, 'bob')
    await bob.engine.setSelfStatus({ customStatus: 'lunch', expiresAt: Date.now() + 200 })
    await bob.engine.setSelfStatus({ customStatus: 'lunch' })
    await sleep(400)
    expect(server.world.getStatus('bob').customStatus).toBe('lunch')
    await bob.engine.setSelfStatus({ customStatus: 'lunch', expiresAt: Date.now() + 200 })
    await until(() => server.world.getStatus('bob').customStatus === '', 'cleared by the second expiry', 3_000)
  })

  it('rejects an expiresAt that is not a time with 6017 and changes nothing', async () => {
    const server = await startTestServer()
    servers.push(server)
    const raw = await RawClient.open(server.url)
    await raw.login('bob')
    const reply = await raw.request('setSelfStatus', { customStatus: 'x', expiresAt: 'soon' })
    expect(reply).toMatchObject({ ok: false, error: { code: 6017 } })
    expect(server.world.getStatus('bob').customStatus).toBe('')
    raw.close()
  })
})
