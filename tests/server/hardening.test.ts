// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { createHmac } from 'node:crypto'
import { createToken, verifyToken } from '../../server/auth'
import { ERROR_CODE } from '../../src/engine/constants'
import { CLOSE_CODE, SERVER_ERROR_CODE } from '../../src/engine/socket/protocol'
import { codeOf, RawClient, SECRET, until, useServerFixture } from './helpers'

const { server, client } = useServerFixture()

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

describe('connections that never finish the handshake', () => {
  it('are closed after handshakeTimeoutMs, silent or with partial headers', async () => {
    const { connect } = await import('node:net')
    const s = await server({ handshakeTimeoutMs: 200 })
    const sockets = Array.from({ length: 20 }, (_, i) => {
      const socket = connect(s.port, '127.0.0.1')
      socket.on('error', () => undefined)
      if (i % 4 === 0) socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n')
      return socket
    })
    try {
      await until(() => sockets.every((socket) => socket.closed || socket.readableEnded), 'the server to close every idle socket', 3_000)
      // A real client still gets in.
      const c = await client(s.url)
      expect((await c.login('alice')).ok).toBe(true)
    } finally {
      for (const socket of sockets) socket.destroy()
    }
  })
})

describe('limits per user', () => {
  it('caps the devices of one user (maxDevicesPerUser, default 10): the oldest are kicked out and closed', async () => {
    const s = await server({ loginTimeoutMs: 300 })
    const devices: RawClient[] = []
    for (let i = 0; i < 15; i++) {
      const c = await client(s.url)
      expect((await c.login('alice')).ok).toBe(true)
      devices.push(c)
    }
    const logged = () => s.world.clients().filter((session) => session.userID === 'alice').length
    expect(logged()).toBe(10)
    expect(devices.slice(0, 5).every((c) => c.frames.some((f) => f.event === 'kickedOut'))).toBe(true)
    // A kicked-out socket that stays open is closed like any socket that is not logged in.
    await until(() => devices.slice(0, 5).every((c) => c.closeCode !== null), 'the kicked-out sockets to close')
    // Dropped sockets do not pile up either: the world holds at most 10 sessions of alice.
    for (const c of devices) c.socket.terminate()
    for (let i = 0; i < 15; i++) {
      const c = await client(s.url)
      await c.login('alice')
      c.socket.terminate()
    }
    await until(() => s.connections() === 0, 'every socket closed')
    expect(s.world.clients().length).toBeLessThanOrEqual(10)
  })

  it('applies the status-API rate limit per user, across the user’s sockets', async () => {
    const s = await server({ rateLimit: { burst: 1_000, perSecond: 1_000 } })
    const devices = [await client(s.url), await client(s.url), await client(s.url)]
    for (const c of devices) await c.login('alice')
    let accepted = 0
    let limited = 0
    for (let i = 0; i < 20; i++) {
      for (const c of devices) {
        const answer = await c.request('getUserStatus', { userIDList: ['bob', 'carol'] })
        if (answer.ok) accepted++
        else if (answer.error?.code === ERROR_CODE.OVER_FREQUENCY_LIMIT) limited++
      }
    }
    expect(accepted).toBe(40)
    expect(limited).toBe(20)
    // Another user keeps their own budget.
    const bob = await client(s.url)
    await bob.login('bob')
    expect((await bob.request('getUserStatus', { userIDList: ['alice'] })).ok).toBe(true)
  })
})

describe('slow consumers and /health', () => {
  it('closes a slow consumer with 4009 (not 1006)', async () => {
    // A long heartbeat: the paused client answers no ping, and must be cut for its backlog, not its silence.
    const s = await server({ maxBufferedBytes: 16 * 1024, heartbeatMs: 10_000, heartbeatTimeoutMs: 30_000 })
    s.world.setPresence('bob', 'online')
    const watcher = await client(s.url)
    await watcher.login('alice')
    expect((await watcher.request('subscribeUserStatus', { userIDList: ['bob'] })).data).toEqual({ failureUserList: [] })
    watcher.socket.pause()
    const text = 'x'.repeat(200)
    for (let round = 0; round < 200 && s.connections() > 0; round++) {
      for (let i = 0; i < 500; i++) s.world.setCustomStatus('bob', `${text}${round}.${i}`)
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(s.connections()).toBe(0)
    watcher.socket.resume()
    expect(await watcher.closed()).toBe(CLOSE_CODE.SLOW_CONSUMER)
  })

  it('/health answers only allowed origins and never with a wildcard', async () => {
    const s = await server({ allowedOrigins: ['https://app.example'] })
    const evil = await fetch(`${s.httpUrl}/health`, { headers: { origin: 'https://evil.example' } })
    expect(evil.status).toBe(403)
    expect(evil.headers.get('access-control-allow-origin')).toBeNull()
    const app = await fetch(`${s.httpUrl}/health`, { headers: { origin: 'https://app.example' } })
    expect(app.status).toBe(200)
    expect(app.headers.get('access-control-allow-origin')).toBe('https://app.example')
    const probe = await fetch(`${s.httpUrl}/health`)
    expect(probe.status).toBe(200)
    expect(probe.headers.get('access-control-allow-origin')).toBeNull()
    expect(await probe.json()).toEqual({ ok: true })
  })
})
