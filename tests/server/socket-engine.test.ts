// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import type { PresenceServer } from '../../server/presence-server'
import { ERROR_CODE, EVENT, TYPES } from '../../src/engine/constants'
import { ChatError } from '../../src/engine/errors'
import { createSocketEngine } from '../../src/engine/socket'
import { engineFor, lastStatusOf, sleep, startTestServer, tokenFor, until, type TestEngine } from './helpers'

const { USER_STATUS_ONLINE: ONLINE, USER_STATUS_OFFLINE: OFFLINE, USER_STATUS_UNLOGINED: UNLOGINED } = TYPES

const servers: PresenceServer[] = []
const engines: TestEngine[] = []
const cleanups: Array<() => Promise<void> | void> = []

async function server(options: Parameters<typeof startTestServer>[0] = {}): Promise<PresenceServer> {
  const started = await startTestServer(options)
  servers.push(started)
  return started
}

function engine(url: string, userID: string, options: Parameters<typeof engineFor>[2] = {}): TestEngine {
  const created = engineFor(url, userID, options)
  engines.push(created)
  return created
}

afterEach(async () => {
  for (const e of engines.splice(0)) e.engine.destroy()
  for (const cleanup of cleanups.splice(0)) await cleanup()
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function codeOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise
  } catch (error) {
    return error instanceof ChatError ? error.code : -1
  }
  return undefined
}

describe('socket engine', () => {
  it('logs in: connecting, connected, SDK_READY; calls before login reject with 2024', async () => {
    const { url } = await server()
    const alice = engine(url, 'alice')
    expect(await codeOf(alice.engine.getFriendList())).toBe(ERROR_CODE.NOT_LOGGED_IN)
    expect(await codeOf(alice.engine.logout())).toBe(ERROR_CODE.NOT_LOGGED_IN)
    expect(await alice.engine.login({ userID: 'alice', userSig: 'ignored: the engine has a token' })).toEqual({
      code: 0,
      data: { repeatLogin: false },
    })
    expect(alice.names()).toEqual([EVENT.NET_STATE_CHANGE, EVENT.NET_STATE_CHANGE, EVENT.SDK_READY])
    expect(alice.netStates()).toEqual(['connecting', 'connected'])
    expect(alice.engine.isReady()).toBe(true)
    expect(alice.engine.getLoginUser()).toBe('alice')
    expect((await alice.engine.login({ userID: 'alice', userSig: 'x' })).data.repeatLogin).toBe(true)
    // As the SDK: a login while logged in (as anyone) resolves repeatLogin and stays the old user.
    expect((await alice.engine.login({ userID: 'bob', userSig: 'x' })).data.repeatLogin).toBe(true)
    expect(alice.engine.getLoginUser()).toBe('alice')
    const self = await alice.engine.getUserStatus({ userIDList: ['alice'] })
    expect(self.data.successUserList).toMatchObject([{ userID: 'alice', statusType: ONLINE, customStatus: '' }])
  })

  it('rejects bad credentials with the server code and stays logged out', async () => {
    const { url } = await server()
    const forged = engine(url, 'alice', { token: tokenFor('mallory') })
    expect(await codeOf(forged.engine.login({ userID: 'alice', userSig: '' }))).toBe(70009)
    expect(forged.engine.isReady()).toBe(false)
    expect(forged.netStates()).toEqual(['connecting', 'disconnected'])
    // Without a token at creation, the userSig is the token.
    const plain = engine(url, 'alice', { token: '' })
    expect(await codeOf(plain.engine.login({ userID: 'alice', userSig: 'nope' }))).toBe(70003)
    expect((await plain.engine.login({ userID: 'alice', userSig: tokenFor('alice') })).code).toBe(0)
  })

  it('rejects with 2800 when the server cannot be reached', async () => {
    const lonely = engine('ws://127.0.0.1:9/', 'alice')
    expect(await codeOf(lonely.engine.login({ userID: 'alice', userSig: 'x' }))).toBe(ERROR_CODE.NETWORK_ERROR)
  })

  it('delivers status events between two clients: online, custom status, logout', async () => {
    const { url, world } = await server()
    world.addUser({ userID: 'alice' })
    const bob = engine(url, 'bob')
    await bob.engine.login({ userID: 'bob', userSig: 'x' })
    await bob.engine.subscribeUserStatus({ userIDList: ['alice'] })
    const alice = engine(url, 'alice')
    await alice.engine.login({ userID: 'alice', userSig: 'x' })
    await until(() => lastStatusOf(bob.statuses(), 'alice')?.statusType === ONLINE, 'bob sees alice ONLINE')
    const set = await alice.engine.setSelfStatus({ customStatus: 'in a meeting' })
    expect(set.data).toMatchObject({ userID: 'alice', statusType: ONLINE, customStatus: 'in a meeting' })
    await until(() => lastStatusOf(bob.statuses(), 'alice')?.customStatus === 'in a meeting', 'the custom status')
    // alice gets her own change too.
    await until(() => lastStatusOf(alice.statuses(), 'alice')?.customStatus === 'in a meeting', 'her own change')
    await alice.engine.logout()
    expect(alice.names().at(-1)).toBe(EVENT.SDK_NOT_READY)
    expect(alice.engine.isReady()).toBe(false)
    await until(() => lastStatusOf(bob.statuses(), 'alice')?.statusType === UNLOGINED, 'bob sees alice UNLOGINED')
  })

  it('a dropped socket: OFFLINE for others, disconnected, pending calls rejected with 2800, then reconnect and login again', async () => {
    const { url, world } = await server()
    world.addUser({ userID: 'alice' })
    const bob = engine(url, 'bob')
    await bob.engine.login({ userID: 'bob', userSig: 'x' })
    await bob.engine.subscribeUserStatus({ userIDList: ['alice'] })
    const alice = engine(url, 'alice', { reconnect: { initialDelayMs: 300, maxDelayMs: 300 } })
    await alice.engine.login({ userID: 'alice', userSig: 'x' })
    await alice.engine.subscribeUserStatus({ userIDList: ['bob'] })
    await until(() => lastStatusOf(bob.statuses(), 'alice')?.statusType === ONLINE, 'alice ONLINE')

    const pending = alice.engine.getFriendList()
    alice.socket().terminate()
    expect(await codeOf(pending)).toBe(ERROR_CODE.NETWORK_ERROR)
    await until(() => alice.netStates().at(-1) === 'disconnected', 'disconnected')
    expect(await codeOf(alice.engine.getFriendList())).toBe(ERROR_CODE.NETWORK_ERROR)
    expect(alice.engine.isReady()).toBe(true) // no SDK_NOT_READY on a drop
    await until(() => lastStatusOf(bob.statuses(), 'alice')?.statusType === OFFLINE, 'bob sees alice OFFLINE')

    await until(() => alice.netStates().at(-1) === 'connected', 'reconnected')
    expect(alice.netStates()).toEqual(['connecting', 'connected', 'disconnected', 'connecting', 'connected'])
    expect(alice.names().filter((name) => name === EVENT.SDK_READY)).toHaveLength(1)
    expect(alice.names()).not.toContain(EVENT.SDK_NOT_READY)
    await until(() => lastStatusOf(bob.statuses(), 'alice')?.statusType === ONLINE, 'bob sees alice ONLINE again')
    // The new session has no subscription: the kit re-subscribes on 'connected'.
    bob.events.length = 0
    await bob.engine.setSelfStatus({ customStatus: 'back' })
    await sleep(50)
    expect(lastStatusOf(alice.statuses(), 'bob')?.customStatus).not.toBe('back')
    await alice.engine.subscribeUserStatus({ userIDList: ['bob'] })
    await bob.engine.setSelfStatus({ customStatus: 'back again' })
    await until(() => lastStatusOf(alice.statuses(), 'bob')?.customStatus === 'back again', 'events after re-subscribing')
    // Logging out after the reconnect is a real logout: UNLOGINED, not OFFLINE (the dropped session is gone).
    await alice.engine.logout()
    await until(() => lastStatusOf(bob.statuses(), 'alice')?.statusType === UNLOGINED, 'alice UNLOGINED')
  })

  it('keeps trying with exponential backoff and jitter while the server is down', async () => {
    const first = await startTestServer()
    const port = first.port
    const alice = engine(first.url, 'alice', { reconnect: { initialDelayMs: 40, maxDelayMs: 160, factor: 2, jitter: 0.5 }, random: () => 1 })
    expect([0, 1, 2, 3, 4].map((n) => alice.engine.reconnectDelay(n))).toEqual([40, 80, 160, 160, 160])
    const halfJitter = createSocketEngine({ url: first.url, reconnect: { initialDelayMs: 100, jitter: 0.5 }, random: () => 0 })
    expect(halfJitter.reconnectDelay(0)).toBe(50)
    await alice.engine.login({ userID: 'alice', userSig: 'x' })
    await first.close()
    await until(() => alice.netStates().at(-1) === 'disconnected', 'disconnected')
    await sleep(500)
    const attempts = alice.sockets.length - 1
    expect(attempts).toBeGreaterThanOrEqual(3) // 40 + 80 + 160 + 160 ms
    expect(attempts).toBeLessThanOrEqual(6)
    const second = await server({ port })
    await until(() => alice.netStates().at(-1) === 'connected', 'connected to the restarted server', 3_000)
    expect(second.world.getStatus('alice').statusType).toBe(ONLINE)
  })

  it('kicked out by the server: KICKED_OUT then SDK_NOT_READY, and no reconnect', async () => {
    const { url } = await server({ world: { maxDevicesPerUser: 1 } })
    const first = engine(url, 'alice')
    await first.engine.login({ userID: 'alice', userSig: 'x' })
    const second = engine(url, 'alice')
    await second.engine.login({ userID: 'alice', userSig: 'x' })
    await until(() => first.names().includes(EVENT.SDK_NOT_READY), 'the first device kicked out')
    expect(first.events.filter((e) => e.name === EVENT.KICKED_OUT).map((e) => e.data)).toEqual([{ type: TYPES.KICKED_OUT_MULT_ACCOUNT }])
    expect(first.engine.isReady()).toBe(false)
    await sleep(200)
    expect(first.sockets).toHaveLength(1)
    expect(second.engine.isReady()).toBe(true)
  })

  it('a token that expired before a reconnect: KICKED_OUT (userSigExpired) then SDK_NOT_READY', async () => {
    const { url } = await server()
    // Expiries are whole seconds: start early in a second, so the token lives 0.9-1 s.
    await until(() => Date.now() % 1000 < 100, 'the start of a second', 2_000)
    const alice = engine(url, 'alice', { token: tokenFor('alice', 1), reconnect: { initialDelayMs: 1_100, maxDelayMs: 1_100, jitter: 0 } })
    await alice.engine.login({ userID: 'alice', userSig: 'x' })
    alice.socket().terminate()
    await until(() => alice.names().includes(EVENT.SDK_NOT_READY), 'SDK_NOT_READY', 5_000)
    expect(alice.events.find((e) => e.name === EVENT.KICKED_OUT)?.data).toEqual({ type: TYPES.KICKED_OUT_USERSIG_EXPIRED })
    expect(alice.engine.isReady()).toBe(false)
  })

  it('a server that stops answering: the ping times out, the engine drops the socket and reconnects', async () => {
    // A fake server that answers login only once, then nothing.
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    cleanups.push(() => new Promise<void>((resolve) => wss.close(() => resolve())))
    let connections = 0
    wss.on('connection', (socket) => {
      connections++
      const mine = connections
      socket.on('message', (raw) => {
        const frame = JSON.parse(raw.toString()) as { id: number; method: string }
        if (frame.method === 'login' || mine > 1) socket.send(JSON.stringify({ id: frame.id, ok: true, data: { repeatLogin: false } }))
      })
    })
    await new Promise((resolve) => wss.once('listening', resolve))
    const address = wss.address()
    const port = typeof address === 'object' && address ? address.port : 0
    const alice = engine(`ws://127.0.0.1:${port}/`, 'alice', { heartbeatMs: 50, requestTimeoutMs: 100 })
    await alice.engine.login({ userID: 'alice', userSig: 'x' })
    const pending = alice.engine.getFriendList()
    expect(await codeOf(pending)).toBe(ERROR_CODE.NETWORK_ERROR)
    await until(() => connections === 2 && alice.netStates().at(-1) === 'connected', 'a new connection')
    expect(alice.netStates()).toEqual(['connecting', 'connected', 'disconnected', 'connecting', 'connected'])
  })

  it('destroy closes the socket without logout: the device is OFFLINE', async () => {
    const { url, world } = await server()
    const alice = engine(url, 'alice')
    await alice.engine.login({ userID: 'alice', userSig: 'x' })
    alice.engine.destroy()
    await until(() => world.getStatus('alice').statusType === OFFLINE, 'alice OFFLINE')
    expect(await codeOf(alice.engine.login({ userID: 'alice', userSig: 'x' }))).toBe(ERROR_CODE.LOGGED_OUT)
  })
})
