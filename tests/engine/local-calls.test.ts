// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ERROR_CODE, LIMITS, TYPES } from '../../src/engine/constants'
import { createLocalEngine, createWorld, FAILURE_CODE, type EngineCall } from '../../src/engine/local'
import type { LoginOptions, SetSelfStatusOptions, UserIDListOptions } from '../../src/engine/types'
import { isNotReady } from '../../src/engine/errors'
import { codeOf, flush, ids, loginDevice, record, rejection, withoutSince, worldWithUsers } from './helpers'

/** Passes a value of the wrong type through the typed API, as untyped JavaScript callers can. */
function untyped<T>(value: unknown): T {
  return value as T
}

afterEach(() => {
  vi.useRealTimers()
})

describe('not logged in: the SDK\'s "not ready" codes for every call but login', () => {
  it('2024 before any login, 3005 after logout, 3002-3006 after a kick-out (by type); logout itself is 2024', async () => {
    const world = worldWithUsers(3)
    const engine = createLocalEngine({ world })
    const calls = () => [
      engine.getConversationList(),
      engine.getFriendList(),
      engine.getUserStatus({ userIDList: ['u2'] }),
      engine.subscribeUserStatus({ userIDList: ['u2'] }),
      engine.unsubscribeUserStatus(),
      engine.setSelfStatus({ customStatus: 'x' }),
    ]
    expect(engine.isReady()).toBe(false)
    expect(engine.getLoginUser()).toBe('')
    for (const call of calls()) expect(await codeOf(call)).toBe(ERROR_CODE.NOT_LOGGED_IN)
    expect(await codeOf(engine.logout())).toBe(ERROR_CODE.NOT_LOGGED_IN)

    await engine.login({ userID: 'u1', userSig: 's' })
    expect(engine.isReady()).toBe(true)
    expect(engine.getLoginUser()).toBe('u1')
    await engine.logout()
    expect(engine.isReady()).toBe(false)
    for (const call of calls()) expect(await codeOf(call)).toBe(ERROR_CODE.LOGGED_OUT)
    expect(await codeOf(engine.logout())).toBe(ERROR_CODE.NOT_LOGGED_IN)

    const kicks: Array<[string, number]> = [
      [TYPES.KICKED_OUT_MULT_DEVICE, 3002],
      [TYPES.KICKED_OUT_MULT_ACCOUNT, 3003],
      [TYPES.KICKED_OUT_USERSIG_EXPIRED, 3004],
      [TYPES.KICKED_OUT_REST_API, 3006],
    ]
    for (const [type, code] of kicks) {
      await engine.login({ userID: 'u1', userSig: 's' })
      world.kickOut(engine, type)
      expect(engine.isReady()).toBe(false)
      for (const call of calls()) {
        const error = await rejection(call)
        expect(error.code).toBe(code)
        expect(isNotReady(error)).toBe(true)
      }
      expect(await codeOf(engine.logout())).toBe(ERROR_CODE.NOT_LOGGED_IN)
    }
  })

  it('checks readiness before parameters', async () => {
    const engine = createLocalEngine()
    expect(await codeOf(engine.getUserStatus({ userIDList: [] }))).toBe(ERROR_CODE.NOT_LOGGED_IN)
    expect(await codeOf(engine.subscribeUserStatus(untyped({ userIDList: 'u1' })))).toBe(ERROR_CODE.NOT_LOGGED_IN)
    expect(await codeOf(engine.setSelfStatus(untyped({ customStatus: 1 })))).toBe(ERROR_CODE.NOT_LOGGED_IN)
  })
})

describe('login', () => {
  it('auto-registers an unknown userID and makes it ONLINE', async () => {
    const world = createWorld()
    const engine = createLocalEngine({ world })
    expect(world.hasUser('newcomer')).toBe(false)
    const response = await engine.login({ userID: 'newcomer', userSig: 'sig' })
    expect(response).toEqual({ code: 0, data: { repeatLogin: false } })
    expect(world.hasUser('newcomer')).toBe(true)
    expect(world.getStatus('newcomer').statusType).toBe(TYPES.USER_STATUS_ONLINE)
  })

  it('needs a non-empty userSig string (3001) and a non-empty userID (6017); a failed login changes nothing', async () => {
    const world = createWorld()
    const engine = createLocalEngine({ world })
    expect(await codeOf(engine.login({ userID: 'a', userSig: '' }))).toBe(ERROR_CODE.LOGIN_FAILED)
    expect(await codeOf(engine.login(untyped<LoginOptions>({ userID: 'a' })))).toBe(ERROR_CODE.LOGIN_FAILED)
    expect(await codeOf(engine.login(untyped<LoginOptions>({ userID: 'a', userSig: 7 })))).toBe(ERROR_CODE.LOGIN_FAILED)
    expect(await codeOf(engine.login({ userID: '', userSig: 's' }))).toBe(ERROR_CODE.INVALID_PARAMETERS)
    expect(await codeOf(engine.login(untyped<LoginOptions>(undefined)))).toBe(ERROR_CODE.INVALID_PARAMETERS)
    expect(engine.isReady()).toBe(false)
    expect(world.hasUser('a')).toBe(false)
    expect(world.getStatus('a').statusType).toBe(TYPES.USER_STATUS_UNKNOWN)
  })

  it('emits netStateChange connected and SDK_READY asynchronously; logout emits SDK_NOT_READY', async () => {
    const engine = createLocalEngine()
    const log = record(engine)
    const pending = engine.login({ userID: 'a', userSig: 's' })
    expect(log.events).toEqual([])
    await pending
    await flush()
    expect(log.events.slice(0, 2)).toEqual([
      { name: 'netStateChange', data: { state: 'connected' } },
      { name: 'sdkStateReady', data: undefined },
    ])
    log.clear()
    const out = engine.logout()
    expect(log.events).toEqual([])
    await out
    await flush()
    expect(log.names()).toEqual(['sdkStateNotReady'])
  })

  it('login while logged in (as anyone) resolves repeatLogin: true and stays the old user, as the SDK', async () => {
    const world = createWorld()
    const engine = createLocalEngine({ world })
    await engine.login({ userID: 'a', userSig: 's' })
    expect((await engine.login({ userID: 'a', userSig: 's' })).data.repeatLogin).toBe(true)
    expect(await engine.login({ userID: 'b', userSig: 's' })).toEqual({ code: 0, data: { repeatLogin: true } })
    expect(engine.getLoginUser()).toBe('a')
    expect(world.hasUser('b')).toBe(false)
    await engine.logout()
    await engine.login({ userID: 'b', userSig: 's' })
    expect(engine.getLoginUser()).toBe('b')
  })
})

describe('parameters', () => {
  it('empty or missing userIDList is 3153 for getUserStatus and subscribeUserStatus', async () => {
    const { engine } = await loginDevice(worldWithUsers(2), 'u1')
    for (const options of [{ userIDList: [] }, {}, undefined]) {
      expect(await codeOf(engine.getUserStatus(untyped<UserIDListOptions>(options)))).toBe(ERROR_CODE.OPTIONS_IS_EMPTY)
      expect(await codeOf(engine.subscribeUserStatus(untyped<UserIDListOptions>(options)))).toBe(
        ERROR_CODE.OPTIONS_IS_EMPTY,
      )
    }
  })

  it('wrong types are 6017 for the three user-status calls', async () => {
    const { engine } = await loginDevice(worldWithUsers(2), 'u1')
    const wrong = [{ userIDList: 'u2' }, { userIDList: [2] }, { userIDList: ['u2', ''] }, { userIDList: [null] }, 'u2']
    for (const options of wrong) {
      const typed = untyped<UserIDListOptions>(options)
      expect(await codeOf(engine.getUserStatus(typed))).toBe(ERROR_CODE.INVALID_PARAMETERS)
      expect(await codeOf(engine.subscribeUserStatus(typed))).toBe(ERROR_CODE.INVALID_PARAMETERS)
      expect(await codeOf(engine.unsubscribeUserStatus(typed))).toBe(ERROR_CODE.INVALID_PARAMETERS)
    }
    expect(await codeOf(engine.setSelfStatus(untyped<SetSelfStatusOptions>({ customStatus: 3 })))).toBe(
      ERROR_CODE.INVALID_PARAMETERS,
    )
    expect(await codeOf(engine.setSelfStatus(untyped<SetSelfStatusOptions>(undefined)))).toBe(
      ERROR_CODE.INVALID_PARAMETERS,
    )
  })

  it.each([
    ['getUserStatus', LIMITS.GET_USER_STATUS_MAX_IDS],
    ['subscribeUserStatus', LIMITS.SUBSCRIBE_MAX_IDS],
    ['unsubscribeUserStatus', LIMITS.UNSUBSCRIBE_MAX_IDS],
  ] as const)('%s accepts %i IDs and rejects one more with 6017 naming the limit', async (method, max) => {
    const world = worldWithUsers(max + 2)
    const { engine } = await loginDevice(world, `u${max + 2}`)
    await expect(engine[method]({ userIDList: ids(1, max) })).resolves.toMatchObject({ code: 0 })
    const error = await rejection(engine[method]({ userIDList: ids(1, max + 1) }))
    expect(error.code).toBe(ERROR_CODE.INVALID_PARAMETERS)
    expect(error.message).toContain(String(max))
  })

  it('duplicate IDs count once toward the per-call limit', async () => {
    const world = worldWithUsers(101)
    const { engine } = await loginDevice(world, 'u101')
    const list = [...ids(1, 100), 'u1', 'u2', 'u3']
    await expect(engine.subscribeUserStatus({ userIDList: list })).resolves.toEqual({
      code: 0,
      data: { failureUserList: [] },
    })
    expect(world.subscriptionsOf(engine)).toHaveLength(100)
  })
})

describe('edition and console switch', () => {
  it.each(['pro', 'ultimate', 'enterprise'] as const)('%s edition allows user status', async (edition) => {
    const { engine } = await loginDevice(worldWithUsers(2, { edition }), 'u1')
    await expect(engine.getUserStatus({ userIDList: ['u2'] })).resolves.toMatchObject({ code: 0 })
    await expect(engine.subscribeUserStatus({ userIDList: ['u2'] })).resolves.toMatchObject({ code: 0 })
  })

  it('standard edition: 3122 for others, subscribe and unsubscribe; self and setSelfStatus still work', async () => {
    const world = worldWithUsers(2, { edition: 'standard' })
    const { engine } = await loginDevice(world, 'u1')
    expect(await codeOf(engine.getUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.EDITION_NOT_SUPPORTED)
    expect(await codeOf(engine.getUserStatus({ userIDList: ['u1', 'u2'] }))).toBe(ERROR_CODE.EDITION_NOT_SUPPORTED)
    expect(await codeOf(engine.subscribeUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.EDITION_NOT_SUPPORTED)
    expect(await codeOf(engine.unsubscribeUserStatus())).toBe(ERROR_CODE.EDITION_NOT_SUPPORTED)
    await expect(engine.getUserStatus({ userIDList: ['u1'] })).resolves.toMatchObject({ code: 0 })
    await expect(engine.setSelfStatus({ customStatus: 'busy' })).resolves.toMatchObject({ code: 0 })
    world.setEdition('pro')
    await expect(engine.getUserStatus({ userIDList: ['u2'] })).resolves.toMatchObject({ code: 0 })
  })

  it('console switch off: 72001 for the same calls; self and setSelfStatus still work', async () => {
    const world = worldWithUsers(2, { userStatusEnabled: false })
    const { engine } = await loginDevice(world, 'u1')
    expect(await codeOf(engine.getUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.FEATURE_NOT_ENABLED)
    expect(await codeOf(engine.subscribeUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.FEATURE_NOT_ENABLED)
    expect(await codeOf(engine.unsubscribeUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.FEATURE_NOT_ENABLED)
    await expect(engine.getUserStatus({ userIDList: ['u1'] })).resolves.toMatchObject({ code: 0 })
    await expect(engine.setSelfStatus({ customStatus: 'busy' })).resolves.toMatchObject({ code: 0 })
    world.setUserStatusEnabled(true)
    await expect(engine.subscribeUserStatus({ userIDList: ['u2'] })).resolves.toMatchObject({ code: 0 })
  })
})

describe('check order: ready, parameters, edition, rate (client side), switch (server side)', () => {
  it('reports the first failing check', async () => {
    vi.useFakeTimers()
    const world = worldWithUsers(2, { edition: 'standard', userStatusEnabled: false })
    const { engine } = await loginDevice(world, 'u1')
    // parameters before edition
    expect(await codeOf(engine.subscribeUserStatus({ userIDList: [] }))).toBe(ERROR_CODE.OPTIONS_IS_EMPTY)
    expect(await codeOf(engine.subscribeUserStatus({ userIDList: ids(1, 101) }))).toBe(ERROR_CODE.INVALID_PARAMETERS)
    // edition before rate and switch (edition refusals do not count toward the rate window)
    for (let i = 0; i < 25; i++) {
      expect(await codeOf(engine.subscribeUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.EDITION_NOT_SUPPORTED)
    }
    world.setEdition('ultimate')
    // the switch is checked on the server, after the client counted the attempt
    expect(await codeOf(engine.subscribeUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.FEATURE_NOT_ENABLED)
    world.setUserStatusEnabled(true)
    for (let i = 0; i < LIMITS.RATE_LIMIT_CALLS - 1; i++) await engine.subscribeUserStatus({ userIDList: ['u2'] })
    expect(await codeOf(engine.subscribeUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
    // rate before switch
    world.setUserStatusEnabled(false)
    expect(await codeOf(engine.subscribeUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
    // edition before rate, parameters before edition, with the rate window full
    world.setEdition('standard')
    expect(await codeOf(engine.subscribeUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.EDITION_NOT_SUPPORTED)
    expect(await codeOf(engine.subscribeUserStatus(untyped({ userIDList: [1] })))).toBe(ERROR_CODE.INVALID_PARAMETERS)
  })

  it('the connection comes after parameters and before edition', async () => {
    const world = worldWithUsers(2, { edition: 'standard' })
    const { engine } = await loginDevice(world, 'u1')
    world.dropConnection(engine)
    expect(await codeOf(engine.getUserStatus({ userIDList: [] }))).toBe(ERROR_CODE.OPTIONS_IS_EMPTY)
    expect(await codeOf(engine.getUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.NETWORK_ERROR)
  })
})

describe('rate limit: the SDK\'s fixed 5 s window from the first call, every attempt counting, per client and API', () => {
  it('21st call in the window is 2996 until the window ends; the next call opens a new one', async () => {
    vi.useFakeTimers()
    const world = worldWithUsers(3)
    const { engine } = await loginDevice(world, 'u1')
    for (let i = 0; i < 10; i++) await engine.getUserStatus({ userIDList: ['u2'] })
    vi.advanceTimersByTime(3_000)
    for (let i = 0; i < 10; i++) await engine.getUserStatus({ userIDList: ['u2'] })
    const error = await rejection(engine.getUserStatus({ userIDList: ['u2'] }))
    expect(error.code).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
    // t = 4999: still the window opened at t = 0
    vi.advanceTimersByTime(1_999)
    expect(await codeOf(engine.getUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
    // t = 5000: a new window, with all 20 calls (a sliding window would free only the first ten)
    vi.advanceTimersByTime(1)
    for (let i = 0; i < 20; i++) await engine.getUserStatus({ userIDList: ['u2'] })
    expect(await codeOf(engine.getUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
    vi.advanceTimersByTime(4_999)
    expect(await codeOf(engine.getUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
    vi.advanceTimersByTime(1)
    await expect(engine.getUserStatus({ userIDList: ['u2'] })).resolves.toMatchObject({ code: 0 })
  })

  it('attempts refused by the server (72001) count toward the window', async () => {
    vi.useFakeTimers()
    const world = worldWithUsers(3, { userStatusEnabled: false })
    const { engine } = await loginDevice(world, 'u1')
    for (let i = 0; i < 5; i++) expect(await codeOf(engine.getUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.FEATURE_NOT_ENABLED)
    world.setUserStatusEnabled(true)
    for (let i = 0; i < 15; i++) await engine.getUserStatus({ userIDList: ['u2'] })
    expect(await codeOf(engine.getUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
  })

  it('each API and each client has its own window', async () => {
    vi.useFakeTimers()
    const world = worldWithUsers(3)
    const { engine } = await loginDevice(world, 'u1')
    const other = await loginDevice(world, 'u3')
    for (let i = 0; i < 20; i++) await engine.getUserStatus({ userIDList: ['u2'] })
    expect(await codeOf(engine.getUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
    for (let i = 0; i < 20; i++) await engine.subscribeUserStatus({ userIDList: ['u2'] })
    expect(await codeOf(engine.subscribeUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
    for (let i = 0; i < 20; i++) await engine.unsubscribeUserStatus({ userIDList: ['u2'] })
    expect(await codeOf(engine.unsubscribeUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
    await expect(other.engine.getUserStatus({ userIDList: ['u2'] })).resolves.toMatchObject({ code: 0 })
  })

  it('setSelfStatus and getting one\'s own status are not rate limited', async () => {
    vi.useFakeTimers()
    const { engine } = await loginDevice(worldWithUsers(2), 'u1')
    for (let i = 0; i < 30; i++) {
      await engine.setSelfStatus({ customStatus: `s${i}` })
      await engine.getUserStatus({ userIDList: ['u1'] })
    }
    // and they did not use the getUserStatus window either
    for (let i = 0; i < 20; i++) await engine.getUserStatus({ userIDList: ['u2'] })
    expect(await codeOf(engine.getUserStatus({ userIDList: ['u1', 'u2'] }))).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
  })
})

describe('getUserStatus', () => {
  it('returns statuses in request order and unknown users in failureUserList (70107)', async () => {
    const world = worldWithUsers(3)
    world.setPresence('u2', 'online')
    world.setCustomStatus('u2', 'listening to music')
    world.setPresence('u3', 'offline')
    const { engine } = await loginDevice(world, 'u1')
    const { data } = await engine.getUserStatus({ userIDList: ['u3', 'ghost', 'u2', 'u1', 'u3'] })
    expect(data.successUserList.map(withoutSince)).toEqual([
      { userID: 'u3', statusType: TYPES.USER_STATUS_OFFLINE, customStatus: '' },
      { userID: 'u2', statusType: TYPES.USER_STATUS_ONLINE, customStatus: 'listening to music' },
      { userID: 'u1', statusType: TYPES.USER_STATUS_ONLINE, customStatus: '' },
    ])
    expect(data.failureUserList).toEqual([
      { userID: 'ghost', code: FAILURE_CODE.USER_NOT_FOUND, message: expect.stringContaining('ghost') },
    ])
    expect(FAILURE_CODE.USER_NOT_FOUND).toBe(70107)
  })

  it('self only is answered locally: while disconnected, in the standard edition, with the switch off', async () => {
    const world = worldWithUsers(1, { edition: 'standard', userStatusEnabled: false })
    const { engine } = await loginDevice(world, 'u1')
    await engine.setSelfStatus({ customStatus: 'away' })
    world.dropConnection(engine)
    const { data } = await engine.getUserStatus({ userIDList: ['u1', 'u1'] })
    expect({ ...data, successUserList: data.successUserList.map(withoutSince) }).toEqual({
      successUserList: [{ userID: 'u1', statusType: TYPES.USER_STATUS_OFFLINE, customStatus: 'away' }],
      failureUserList: [],
    })
  })
})

describe('setSelfStatus', () => {
  it('returns the new UserStatus; an empty string clears it', async () => {
    const world = worldWithUsers(1, { edition: 'standard', userStatusEnabled: false })
    const { engine } = await loginDevice(world, 'u1')
    const set = await engine.setSelfStatus({ customStatus: 'in a call' })
    expect({ ...set, data: withoutSince(set.data) }).toEqual({
      code: 0,
      data: { userID: 'u1', statusType: TYPES.USER_STATUS_ONLINE, customStatus: 'in a call' },
    })
    expect(world.getStatus('u1').customStatus).toBe('in a call')
    expect((await engine.setSelfStatus({ customStatus: '' })).data.customStatus).toBe('')
    expect(world.getStatus('u1').customStatus).toBe('')
  })
})

describe('connection down: 2800', () => {
  it('rejects calls that need the server, and login; logout still works', async () => {
    const world = worldWithUsers(2)
    const { engine } = await loginDevice(world, 'u1')
    world.dropConnection(engine)
    for (const call of [
      engine.getConversationList(),
      engine.getFriendList(),
      engine.getUserStatus({ userIDList: ['u2'] }),
      engine.subscribeUserStatus({ userIDList: ['u2'] }),
      engine.unsubscribeUserStatus(),
      engine.setSelfStatus({ customStatus: 'x' }),
    ]) {
      expect(await codeOf(call)).toBe(ERROR_CODE.NETWORK_ERROR)
    }
    expect(world.subscriptionsOf(engine)).toEqual([])
    expect(world.getStatus('u1').customStatus).toBe('')
    await expect(engine.logout()).resolves.toMatchObject({ code: 0 })
    expect(await codeOf(engine.login({ userID: 'u1', userSig: 's' }))).toBe(ERROR_CODE.NETWORK_ERROR)
    world.restoreConnection(engine)
    await expect(engine.login({ userID: 'u1', userSig: 's' })).resolves.toMatchObject({ code: 0 })
  })
})

describe('rejected calls change nothing', () => {
  it('leaves subscriptions, custom status and rate windows as they were', async () => {
    vi.useFakeTimers()
    const world = worldWithUsers(120)
    const { engine } = await loginDevice(world, 'u120')
    await engine.subscribeUserStatus({ userIDList: ['u1'] })
    await engine.setSelfStatus({ customStatus: 'kept' })

    await rejection(engine.subscribeUserStatus({ userIDList: ids(1, 101) }))
    await rejection(engine.unsubscribeUserStatus({ userIDList: ids(1, 101) }))
    await rejection(engine.unsubscribeUserStatus(untyped({ userIDList: ['u1', 5] })))
    await rejection(engine.setSelfStatus(untyped({ customStatus: null })))
    world.setEdition('standard')
    await rejection(engine.subscribeUserStatus({ userIDList: ['u2'] }))
    await rejection(engine.unsubscribeUserStatus())
    world.setEdition('ultimate')
    world.setUserStatusEnabled(false)
    await rejection(engine.subscribeUserStatus({ userIDList: ['u3'] }))
    await rejection(engine.unsubscribeUserStatus())
    world.setUserStatusEnabled(true)
    world.faults.failNext('subscribeUserStatus', ERROR_CODE.OPEN_SERVICE_OVERLOAD)
    await rejection(engine.subscribeUserStatus({ userIDList: ['u4'] }))
    world.faults.failNext('setSelfStatus', ERROR_CODE.OPEN_SERVICE_OVERLOAD)
    await rejection(engine.setSelfStatus({ customStatus: 'lost' }))

    expect(world.subscriptionsOf(engine)).toEqual(['u1'])
    expect(world.subscribersOf('u2')).toEqual([])
    expect(world.getStatus('u120').customStatus).toBe('kept')
    // the accepted subscribe call and the attempt refused by the server (72001) used the window: 18 more are
    // allowed; calls refused before the rate check (parameters, edition, injected faults) did not count
    for (let i = 0; i < 18; i++) await engine.subscribeUserStatus({ userIDList: ['u5'] })
    expect(await codeOf(engine.subscribeUserStatus({ userIDList: ['u6'] }))).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
    expect(world.subscriptionsOf(engine)).toEqual(['u1', 'u5'])
  })
})

describe('call log', () => {
  it('records every call with client, user, method, list, time and outcome', async () => {
    vi.useFakeTimers()
    vi.setSystemTime(1_000_000)
    const world = worldWithUsers(2, { edition: 'standard' })
    const seen: EngineCall[] = []
    const stop = world.onCall((call) => seen.push(call))
    const engine = createLocalEngine({ world, id: 'phone' })
    await rejection(engine.getUserStatus({ userIDList: ['u2'] }))
    await engine.login({ userID: 'u1', userSig: 's' })
    vi.advanceTimersByTime(10)
    await rejection(engine.subscribeUserStatus({ userIDList: ['u2', 'u2'] }))
    stop()
    await engine.unsubscribeUserStatus().catch(() => undefined)

    expect(world.calls).toEqual([
      {
        clientId: 'phone',
        userID: '',
        method: 'getUserStatus',
        userIDList: ['u2'],
        at: 1_000_000,
        ok: false,
        code: ERROR_CODE.NOT_LOGGED_IN,
      },
      { clientId: 'phone', userID: 'u1', method: 'login', at: 1_000_000, ok: true },
      {
        clientId: 'phone',
        userID: 'u1',
        method: 'subscribeUserStatus',
        userIDList: ['u2', 'u2'],
        at: 1_000_010,
        ok: false,
        code: ERROR_CODE.EDITION_NOT_SUPPORTED,
      },
      {
        clientId: 'phone',
        userID: 'u1',
        method: 'unsubscribeUserStatus',
        at: 1_000_010,
        ok: false,
        code: ERROR_CODE.EDITION_NOT_SUPPORTED,
      },
    ])
    expect(seen).toEqual(world.calls.slice(0, 3))
    world.clearCalls()
    expect(world.calls).toEqual([])
  })

  it('names clients c1, c2, ... by default and refuses a duplicate id', () => {
    const world = createWorld()
    const a = createLocalEngine({ world })
    const b = createLocalEngine({ world })
    expect([a.id, b.id]).toEqual(['c1', 'c2'])
    expect(world.clients()).toEqual([a.session, b.session])
    expect(() => createLocalEngine({ world, id: 'c1' })).toThrow(/already exists/)
    a.destroy()
    expect(world.clients()).toEqual([b.session])
  })
})

describe('fault hooks', () => {
  it('failNext rejects the next calls of a method with the code, then calls succeed again', async () => {
    const world = worldWithUsers(2)
    const { engine } = await loginDevice(world, 'u1')
    world.faults.failNext('getUserStatus', ERROR_CODE.OPEN_SERVICE_OVERLOAD, 2)
    expect(await codeOf(engine.getUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.OPEN_SERVICE_OVERLOAD)
    await expect(engine.subscribeUserStatus({ userIDList: ['u2'] })).resolves.toMatchObject({ code: 0 })
    expect(await codeOf(engine.getUserStatus({ userIDList: ['u2'] }))).toBe(ERROR_CODE.OPEN_SERVICE_OVERLOAD)
    await expect(engine.getUserStatus({ userIDList: ['u2'] })).resolves.toMatchObject({ code: 0 })
    world.faults.failNext('getUserStatus', 500)
    world.faults.clear()
    await expect(engine.getUserStatus({ userIDList: ['u2'] })).resolves.toMatchObject({ code: 0 })
  })

  it('delay resolves responses later on the clock, so they can arrive out of order', async () => {
    vi.useFakeTimers()
    const world = worldWithUsers(3)
    const { engine } = await loginDevice(world, 'u1')
    world.faults.delay('subscribeUserStatus', 1_000)
    const order: string[] = []
    const slow = engine.subscribeUserStatus({ userIDList: ['u2'] }).then(() => order.push('subscribe'))
    const fast = engine.getUserStatus({ userIDList: ['u3'] }).then(() => order.push('get'))
    // the effect happened when the call was made; only the answer waits
    expect(world.subscriptionsOf(engine)).toEqual(['u2'])
    await fast
    await flush()
    expect(order).toEqual(['get'])
    vi.advanceTimersByTime(999)
    await flush()
    expect(order).toEqual(['get'])
    vi.advanceTimersByTime(1)
    await slow
    expect(order).toEqual(['get', 'subscribe'])
    world.faults.delay('subscribeUserStatus', 0)
    await engine.subscribeUserStatus({ userIDList: ['u3'] })
  })

  it('latencyMs delays answers and events on the clock', async () => {
    vi.useFakeTimers()
    const world = worldWithUsers(2, { latencyMs: 50 })
    const engine = createLocalEngine({ world })
    const log = record(engine)
    let done = false
    const pending = engine.login({ userID: 'u1', userSig: 's' }).then(() => {
      done = true
    })
    await flush()
    expect(done).toBe(false)
    expect(log.events).toEqual([])
    vi.advanceTimersByTime(50)
    await pending
    await flush()
    expect(log.names()).toContain('sdkStateReady')
    log.clear()
    world.setPresence('u1', 'online')
    world.setCustomStatus('u1', 'hi')
    await flush()
    expect(log.statuses()).toEqual([])
    vi.advanceTimersByTime(50)
    expect(log.statuses()).toEqual([{ userID: 'u1', statusType: TYPES.USER_STATUS_ONLINE, customStatus: 'hi' }])
  })
})
