// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { createToken, verifyToken } from '../../server/auth'
import { ERROR_CODE, TYPES } from '../../src/engine/constants'
import { CLOSE_CODE, SERVER_ERROR_CODE } from '../../src/engine/socket/protocol'
import { codeOf, SECRET, sleep, startTestServer, tokenFor, until, useServerFixture } from './helpers'

const { USER_STATUS_ONLINE: ONLINE, USER_STATUS_OFFLINE: OFFLINE, USER_STATUS_UNLOGINED: UNLOGINED } = TYPES

const { server, client } = useServerFixture()

describe('tokens', () => {
  it('are HMAC-SHA256 over a versioned message: checked per user, per secret, with an optional expiry', () => {
    const token = createToken(SECRET, 'alice')
    expect(codeOf(() => verifyToken(SECRET, 'alice', token))).toBeUndefined()
    expect(codeOf(() => verifyToken(SECRET, 'bob', token))).toBe(SERVER_ERROR_CODE.TOKEN_INVALID)
    expect(codeOf(() => verifyToken('another-secret-0123456789', 'alice', token))).toBe(SERVER_ERROR_CODE.TOKEN_INVALID)
    expect(codeOf(() => verifyToken(SECRET, 'alice', 'not a token'))).toBe(SERVER_ERROR_CODE.TOKEN_MALFORMED)
    expect(codeOf(() => verifyToken(SECRET, 'alice', `${token.slice(0, -1)}A`))).not.toBeUndefined()

    const now = 1_700_000_000_000
    const expiring = createToken(SECRET, 'alice', { expiresInSec: 60, now: () => now })
    expect(codeOf(() => verifyToken(SECRET, 'alice', expiring, () => now + 59_000))).toBeUndefined()
    expect(codeOf(() => verifyToken(SECRET, 'alice', expiring, () => now + 60_000))).toBe(SERVER_ERROR_CODE.TOKEN_EXPIRED)
    // The expiry is signed: moving it forward breaks the signature.
    const mac = expiring.split('.').at(-1) ?? ''
    expect(codeOf(() => verifyToken(SECRET, 'alice', `v1.HS256.${Math.floor(now / 1000) + 999_999}.${mac}`, () => now))).toBe(
      SERVER_ERROR_CODE.TOKEN_INVALID,
    )
  })

  it('need a secret of at least 16 characters', async () => {
    expect(() => createToken('short', 'alice')).toThrow(/16 characters/)
    await expect(startTestServer({ secret: 'short' })).rejects.toThrow(/16 characters/)
  })
})

describe('authentication', () => {
  it('rejects a bad token, a forged userID and an expired token; accepts the right one', async () => {
    const { url } = await server()
    const c = await client(url)
    expect((await c.request('login', { userID: 'alice', token: 'garbage' })).error?.code).toBe(SERVER_ERROR_CODE.TOKEN_MALFORMED)
    expect((await c.request('login', { userID: 'alice', token: tokenFor('mallory') })).error?.code).toBe(SERVER_ERROR_CODE.TOKEN_INVALID)
    expect((await c.request('login', { userID: 'alice', token: '' })).error?.code).toBe(ERROR_CODE.LOGIN_FAILED)
    const expired = createToken(SECRET, 'alice', { expiresInSec: 10, now: () => Date.now() - 60_000 })
    expect((await c.request('login', { userID: 'alice', token: expired })).error?.code).toBe(SERVER_ERROR_CODE.TOKEN_EXPIRED)
    // Still not logged in.
    expect((await c.request('getFriendList')).error?.code).toBe(ERROR_CODE.NOT_LOGGED_IN)
    const ok = await c.login('alice')
    expect(ok).toMatchObject({ ok: true, data: { repeatLogin: false } })
    expect((await c.login('alice')).data).toEqual({ repeatLogin: true })
    // As the SDK: a login while logged in (as anyone) resolves repeatLogin and stays the old user.
    expect((await c.login('bob')).data).toEqual({ repeatLogin: true })
    expect((await c.request('setSelfStatus', { customStatus: 'still alice' })).data).toMatchObject({ userID: 'alice' })
  })

  it('answers nothing but login and ping before login (2024), nor after logout (3005; logout itself 2024)', async () => {
    const { url } = await server()
    const c = await client(url)
    for (const [method, params] of [
      ['logout', undefined],
      ['getConversationList', undefined],
      ['getFriendList', undefined],
      ['getUserStatus', { userIDList: ['bob'] }],
      ['subscribeUserStatus', { userIDList: ['bob'] }],
      ['unsubscribeUserStatus', {}],
      ['setSelfStatus', { customStatus: 'hi' }],
    ] as const) {
      expect((await c.request(method, params)).error?.code, method).toBe(ERROR_CODE.NOT_LOGGED_IN)
    }
    expect((await c.request('ping')).ok).toBe(true)
    // After logout: 3005 for calls, 2024 for logout, as the SDK.
    await c.login('alice')
    expect((await c.request('logout')).ok).toBe(true)
    expect((await c.request('getFriendList')).error?.code).toBe(ERROR_CODE.LOGGED_OUT)
    expect((await c.request('logout')).error?.code).toBe(ERROR_CODE.NOT_LOGGED_IN)
  })

  it('closes a socket that does not log in within the login timeout (4001)', async () => {
    const { url } = await server({ loginTimeoutMs: 150 })
    const idle = await client(url)
    const active = await client(url)
    await active.login('alice')
    expect(await idle.closed()).toBe(CLOSE_CODE.LOGIN_TIMEOUT)
    expect((await active.request('ping')).ok).toBe(true)
  })

  it('serves dev tokens only when allowDevTokens is set', async () => {
    const plain = await server()
    expect((await fetch(`${plain.httpUrl}/token?userID=alice`)).status).toBe(404)
    const dev = await server({ allowDevTokens: true })
    const body = (await (await fetch(`${dev.httpUrl}/token?userID=alice`)).json()) as { token: string }
    expect(body.token).toBe(tokenFor('alice'))
    expect((await fetch(`${dev.httpUrl}/token?userID=`)).status).toBe(400)
    expect(((await (await fetch(`${dev.httpUrl}/health`)).json()) as { ok: boolean }).ok).toBe(true)
  })
})

describe('frame validation', () => {
  it('answers malformed frames, unknown methods and wrong param types with an error frame, and keeps serving', async () => {
    const { url } = await server()
    const c = await client(url)
    const errorFrames = () => c.frames.filter((frame) => frame.ok === false && frame.id === null)
    c.send('{not json')
    c.send('[1,2,3]')
    c.send({ method: 'ping' })
    c.send({ id: -1, method: 'ping' })
    c.send({ id: 'x'.repeat(65), method: 'ping' })
    await until(() => errorFrames().length === 5, 'five error frames')
    expect(errorFrames().every((frame) => frame.error?.code === ERROR_CODE.INVALID_PARAMETERS)).toBe(true)
    expect(errorFrames()[0].error?.message).toMatch(/not JSON/)

    expect((await c.request('dropDatabase')).error).toMatchObject({ code: ERROR_CODE.INVALID_PARAMETERS, message: 'Unknown method "dropDatabase".' })
    expect((await c.request('login', 'alice')).error?.code).toBe(ERROR_CODE.INVALID_PARAMETERS)
    expect((await c.request('login', { userID: 42, token: 'x' })).error?.code).toBe(ERROR_CODE.INVALID_PARAMETERS)
    expect((await c.request('login', { userID: 'a'.repeat(129), token: 'x' })).error?.code).toBe(ERROR_CODE.INVALID_PARAMETERS)
    await c.login('alice')
    expect((await c.request('getUserStatus', { userIDList: 'bob' })).error?.code).toBe(ERROR_CODE.INVALID_PARAMETERS)
    expect((await c.request('getUserStatus', { userIDList: [1, 2] })).error?.code).toBe(ERROR_CODE.INVALID_PARAMETERS)
    expect((await c.request('getUserStatus', { userIDList: [] })).error?.code).toBe(ERROR_CODE.OPTIONS_IS_EMPTY)
    expect((await c.request('getUserStatus', { userIDList: Array.from({ length: 501 }, (_, i) => `u${i}`) })).error?.code).toBe(
      ERROR_CODE.INVALID_PARAMETERS,
    )
    expect((await c.request('setSelfStatus', { customStatus: 5 })).error?.code).toBe(ERROR_CODE.INVALID_PARAMETERS)
    expect((await c.request('setSelfStatus', { customStatus: 'x'.repeat(257) })).error?.code).toBe(ERROR_CODE.INVALID_PARAMETERS)
    expect((await c.request('getFriendList', { extra: true })).error?.code).toBe(ERROR_CODE.INVALID_PARAMETERS)
    expect((await c.request('getFriendList', [])).error?.code).toBe(ERROR_CODE.INVALID_PARAMETERS)
    c.socket.send(Buffer.from([1, 2, 3]), { binary: true })
    await c.untilFrame((frame) => frame.error?.message.startsWith('Binary') === true, 'the binary frame error')
    expect(await c.request('setSelfStatus', { customStatus: 'still here' })).toMatchObject({
      ok: true,
      data: { userID: 'alice', statusType: ONLINE, customStatus: 'still here' },
    })
  })

  it('answers a frame over 64 KiB with an error frame, and closes the socket past the hard cap (1009)', async () => {
    const { url } = await server()
    const c = await client(url)
    c.send({ id: 1, method: 'ping', params: { pad: 'x'.repeat(70 * 1024) } })
    const frame = await c.untilFrame((f) => f.error?.message.startsWith('Frame too large') === true, 'the size error')
    expect(frame).toMatchObject({ id: null, ok: false, error: { code: ERROR_CODE.INVALID_PARAMETERS } })
    expect((await c.request('ping')).ok).toBe(true)
    c.send('x'.repeat(64 * 1024 * 16 + 1))
    expect(await c.closed()).toBe(CLOSE_CODE.TOO_BIG)
    // The server is fine.
    const other = await client(url)
    expect((await other.login('bob')).ok).toBe(true)
  })
})

describe('rate limit', () => {
  it('answers a flood beyond the limit with 2996 while it keeps serving another client', async () => {
    const { url } = await server({ rateLimit: { burst: 20, perSecond: 10 }, maxRejectedFrames: 10_000 })
    const flooder = await client(url)
    const other = await client(url)
    await other.login('bob')
    const floodStart = flooder.frames.length
    for (let i = 0; i < 500; i++) flooder.send({ id: 1000 + i, method: 'ping' })
    const served = other.request('getUserStatus', { userIDList: ['bob'] })
    await until(() => flooder.frames.length - floodStart >= 500, 'an answer to every flooded frame')
    const answers = flooder.frames.slice(floodStart)
    const limited = answers.filter((frame) => frame.error?.code === ERROR_CODE.OVER_FREQUENCY_LIMIT)
    expect(answers.filter((frame) => frame.ok).length).toBeLessThanOrEqual(25)
    expect(limited.length).toBeGreaterThanOrEqual(475)
    expect(limited[0].id).toBeGreaterThanOrEqual(1000) // the id of the refused request
    expect((await served).ok).toBe(true)
    expect((await other.request('ping')).ok).toBe(true)
    // The bucket refills.
    await sleep(300)
    expect((await flooder.request('ping')).ok).toBe(true)
  })

  it('closes a socket that keeps flooding after being told (4008)', async () => {
    const { url } = await server({ rateLimit: { burst: 5, perSecond: 1 }, maxRejectedFrames: 50 })
    const flooder = await client(url)
    for (let i = 0; i < 200; i++) flooder.send({ id: i + 1, method: 'ping' })
    expect(await flooder.closed()).toBe(CLOSE_CODE.POLICY)
  })
})

describe('presence over the protocol', () => {
  it('pushes status changes to subscribers: login, custom status, logout, socket closed, silent socket', async () => {
    const { url, world } = await server()
    world.addUser({ userID: 'alice' })
    const bob = await client(url)
    await bob.login('bob')
    expect((await bob.request('subscribeUserStatus', { userIDList: ['alice'] })).data).toEqual({ failureUserList: [] })
    const statusOfAlice = () => bob.statuses().filter((s) => s.userID === 'alice').at(-1)

    const alice = await client(url)
    const login = await alice.login('alice')
    expect(login.ok).toBe(true)
    await until(() => statusOfAlice()?.statusType === ONLINE, 'alice ONLINE')
    // Her own status push comes after her login answer.
    const loginIndex = alice.frames.indexOf(login)
    expect(alice.frames.findIndex((frame) => frame.event === 'onUserStatusUpdated')).toBeGreaterThan(loginIndex)

    await alice.request('setSelfStatus', { customStatus: 'listening to music' })
    await until(() => statusOfAlice()?.customStatus === 'listening to music', 'the custom status')
    await alice.request('logout')
    await until(() => statusOfAlice()?.statusType === UNLOGINED, 'alice UNLOGINED')
    expect(world.getStatus('alice').statusType).toBe(UNLOGINED)

    // Closed without logout: OFFLINE at once.
    await alice.login('alice')
    await until(() => statusOfAlice()?.statusType === ONLINE, 'alice ONLINE again')
    alice.close()
    await until(() => statusOfAlice()?.statusType === OFFLINE, 'alice OFFLINE')

    // A new login supersedes the dropped session: a later logout is UNLOGINED, not OFFLINE.
    const again = await client(url)
    await again.login('alice')
    await until(() => statusOfAlice()?.statusType === ONLINE, 'alice back')
    await again.request('logout')
    await until(() => statusOfAlice()?.statusType === UNLOGINED, 'alice UNLOGINED after the new session')

    // A socket that stops answering pings: OFFLINE after the heartbeat timeout (400 ms here).
    const silent = await client(url, { autoPong: false })
    await silent.login('alice')
    await until(() => statusOfAlice()?.statusType === ONLINE, 'alice ONLINE on the silent socket')
    const silentSince = Date.now()
    await until(() => statusOfAlice()?.statusType === OFFLINE, 'alice OFFLINE after the heartbeat timeout', 3_000)
    expect(Date.now() - silentSince).toBeGreaterThanOrEqual(300)
    expect(await silent.closed()).toBe(1006)
  })

  it('keeps a user ONLINE while another of their sockets is up', async () => {
    const { url, world } = await server()
    const phone = await client(url)
    const laptop = await client(url)
    await phone.login('alice')
    await laptop.login('alice')
    phone.close()
    await phone.closed()
    await sleep(50)
    expect(world.getStatus('alice').statusType).toBe(ONLINE)
    laptop.close()
    await until(() => world.getStatus('alice').statusType === OFFLINE, 'alice OFFLINE')
  })

  it('answers every kit call with the data of the engine', async () => {
    const { url, world } = await server({ setup: (w) => w.addFriend('alice', 'bob', { remark: 'Bobby' }) })
    world.addConversation('alice', { userID: 'bob' }, { unreadCount: 2 })
    const alice = await client(url)
    await alice.login('alice')
    const friends = await alice.request('getFriendList')
    expect(friends.data).toEqual([{ userID: 'bob', remark: 'Bobby', profile: { userID: 'bob', nick: '', avatar: '' }, groupList: [] }])
    const conversations = (await alice.request('getConversationList')).data as { conversationList: Array<{ conversationID: string }> }
    expect(conversations.conversationList.map((c) => c.conversationID)).toEqual(['C2Cbob'])
    const statuses = await alice.request('getUserStatus', { userIDList: ['bob', 'nobody'] })
    expect(statuses.data).toMatchObject({
      successUserList: [{ userID: 'bob', statusType: UNLOGINED, customStatus: '' }],
      failureUserList: [{ userID: 'nobody', code: 70107 }],
    })
    expect((await alice.request('unsubscribeUserStatus')).data).toEqual({ failureUserList: [] })
  })
})
