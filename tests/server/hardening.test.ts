// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import { createHmac } from 'node:crypto'
import { createToken, verifyToken } from '../../server/auth'
import type { PresenceServer } from '../../server/presence-server'
import { ChatError } from '../../src/engine/errors'
import { SERVER_ERROR_CODE } from '../../src/engine/socket/protocol'
import { RawClient, SECRET, startTestServer } from './helpers'

const servers: PresenceServer[] = []
const clients: RawClient[] = []

async function server(options: Parameters<typeof startTestServer>[0] = {}): Promise<PresenceServer> {
  const started = await startTestServer(options)
  servers.push(started)
  return started
}

async function client(url: string, options?: { autoPong?: boolean }): Promise<RawClient> {
  const opened = await RawClient.open(url, options)
  clients.push(opened)
  return opened
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.socket.terminate()
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

function codeOf(run: () => void): number | undefined {
  try {
    run()
  } catch (error) {
    return error instanceof ChatError ? error.code : -1
  }
  return undefined
}

describe('token format', () => {
  it('a token for "alice.99999999999" does not log in as alice with an expiry prefix', async () => {
    // The two inputs of the old format ("userID" and "userID.expiresAt") collided.
    const other = createToken(SECRET, 'alice.99999999999')
    const forged = `99999999999.${other.split('.').at(-1) ?? ''}`
    expect(codeOf(() => verifyToken(SECRET, 'alice', forged))).toBeDefined()
    const { url } = await server()
    const c = await client(url)
    expect((await c.request('login', { userID: 'alice', token: forged })).ok).toBe(false)
    expect((await c.request('getFriendList')).ok).toBe(false)
  })

  it('is versioned, names its algorithm, and rejects the old format as malformed', () => {
    const token = createToken(SECRET, 'alice')
    expect(token).toMatch(/^v1\.HS256\.0\.[A-Za-z0-9_-]{43}$/)
    expect(createToken(SECRET, 'alice', { expiresInSec: 60, now: () => 1_700_000_000_000 })).toMatch(
      /^v1\.HS256\.1700000060\.[A-Za-z0-9_-]{43}$/,
    )
    const oldPlain = createHmac('sha256', SECRET).update('alice').digest('base64url')
    const oldExpiring = `99999999999.${createHmac('sha256', SECRET).update('alice.99999999999').digest('base64url')}`
    expect(codeOf(() => verifyToken(SECRET, 'alice', oldPlain))).toBe(SERVER_ERROR_CODE.TOKEN_MALFORMED)
    expect(codeOf(() => verifyToken(SECRET, 'alice', oldExpiring))).toBe(SERVER_ERROR_CODE.TOKEN_MALFORMED)
    // Another version or algorithm is not accepted either.
    expect(codeOf(() => verifyToken(SECRET, 'alice', token.replace('v1.', 'v2.')))).toBe(SERVER_ERROR_CODE.TOKEN_MALFORMED)
    expect(codeOf(() => verifyToken(SECRET, 'alice', token.replace('HS256', 'none')))).toBe(SERVER_ERROR_CODE.TOKEN_MALFORMED)
    // userIDs that differ only where a separator could hide are different tokens.
    for (const [a, b] of [
      ['a:b', 'a'],
      ['a\nb', 'a'],
      ['1:a', 'a'],
    ]) {
      expect(codeOf(() => verifyToken(SECRET, b, createToken(SECRET, a)))).toBe(SERVER_ERROR_CODE.TOKEN_INVALID)
    }
  })
})

describe('memory', () => {
  it("keeps no call log in the server's world, rejected calls included", async () => {
    const s = await server({ rateLimit: { burst: 1_000, perSecond: 1_000 } })
    const c = await client(s.url)
    await c.login('alice')
    const ids = Array.from({ length: 100 }, (_, i) => `u${i}`)
    for (let i = 0; i < 40; i++) await c.request('getUserStatus', { userIDList: ids })
    await c.request('getUserStatus', { userIDList: [] })
    expect(s.world.calls.length).toBe(0)
  })

  it('an embedded world can bound its call log (callLogLimit): the newest calls are kept', async () => {
    const { World } = await import('../../src/engine/local')
    const world = new World({ callLogLimit: 3 })
    const session = world.openSession(() => undefined)
    await session.login({ userID: 'alice', userSig: 'x' })
    for (let i = 0; i < 5; i++) await session.getUserStatus({ userIDList: [`u${i}`] })
    expect(world.calls.map((call) => call.userIDList?.[0])).toEqual(['u2', 'u3', 'u4'])
  })
})
