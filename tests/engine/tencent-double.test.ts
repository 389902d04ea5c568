// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ERROR_CODE, EVENT, LIMITS, TYPES } from '../../src/engine/constants'
import type { TencentEvent } from '../../src/engine/tencent'
import { CANNOT_SUBSCRIBE_SELF, SdkError, sdkConversation, sdkFriend, TencentChatDouble, USER_NOT_FOUND } from './tencent-double'

/**
 * The SDK double on its own, with raw SDK shapes: what it simulates, so that the adapter tests and the contract
 * suite rest on documented behaviour (seed 003 and @tencentcloud/chat 3.6.6).
 */

function ids(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`)
}

async function sdkRejection(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(SdkError)
    if (error instanceof SdkError) return error
  }
  throw new Error('expected the SDK call to reject')
}

async function loggedIn(options: ConstructorParameters<typeof TencentChatDouble>[0] = {}) {
  const double = new TencentChatDouble(options)
  await double.login({ userID: 'alice', userSig: 'sig' })
  await double.idle()
  return double
}

function recordEvents(double: TencentChatDouble, name: string): TencentEvent[] {
  const events: TencentEvent[] = []
  double.on(name, (event) => events.push(event))
  return events
}

afterEach(() => {
  vi.useRealTimers()
})

describe('TencentChatDouble: SDK shapes', () => {
  it('answers { code: 0, data }, rejects with { code, message } and emits { name, data }', async () => {
    const double = new TencentChatDouble({ users: ['bob'] })
    const ready = recordEvents(double, EVENT.SDK_READY)
    expect(await double.login({ userID: 'alice', userSig: 'sig' })).toEqual({ code: 0, data: { repeatLogin: false } })
    // SDK_READY follows the login answer, asynchronously.
    expect(double.isReady()).toBe(false)
    await double.idle()
    expect(double.isReady()).toBe(true)
    expect(ready).toEqual([{ name: EVENT.SDK_READY, data: undefined }])
    expect(await double.getUserStatus({ userIDList: ['bob'] })).toEqual({
      code: 0,
      data: { successUserList: [{ userID: 'bob', statusType: TYPES.USER_STATUS_UNLOGINED, customStatus: '' }], failureUserList: [] },
    })
    double.userStatusEnabled = false
    const error = await sdkRejection(double.getUserStatus({ userIDList: ['bob'] }))
    expect(error.code).toBe(ERROR_CODE.FEATURE_NOT_ENABLED)
    expect(error.message).toMatch(/72001/)
  })

  it('not ready, never 2999: 2024 before login (logout too), 3000 while logging in, 3005 after logout, 3002-3006 after a kick-out', async () => {
    const double = new TencentChatDouble({ users: ['bob'] })
    expect(double.isReady()).toBe(false)
    expect(double.getLoginUser()).toBe('')
    const calls = () => [
      double.getUserStatus({ userIDList: ['bob'] }),
      double.subscribeUserStatus({ userIDList: ['bob'] }),
      double.unsubscribeUserStatus({ userIDList: undefined }),
      double.setSelfStatus({ customStatus: 'x' }),
      double.getFriendList(),
      double.getConversationList(),
    ]
    for (const call of calls()) expect((await sdkRejection(call)).code).toBe(ERROR_CODE.NOT_LOGGED_IN)
    expect((await sdkRejection(double.logout())).code).toBe(ERROR_CODE.NOT_LOGGED_IN)

    const login = double.login({ userID: 'alice', userSig: 'sig' })
    for (const call of calls()) expect((await sdkRejection(call)).code).toBe(ERROR_CODE.LOGGING_IN)
    expect((await sdkRejection(double.logout())).code).toBe(ERROR_CODE.NOT_LOGGED_IN)
    await login
    await double.idle()

    await double.logout()
    for (const call of calls()) expect((await sdkRejection(call)).code).toBe(ERROR_CODE.LOGGED_OUT)
    expect((await sdkRejection(double.logout())).code).toBe(ERROR_CODE.NOT_LOGGED_IN)

    const kicks: Array<[string, number]> = [
      [TYPES.KICKED_OUT_MULT_DEVICE, 3002],
      [TYPES.KICKED_OUT_MULT_ACCOUNT, 3003],
      [TYPES.KICKED_OUT_USERSIG_EXPIRED, 3004],
      [TYPES.KICKED_OUT_REST_API, 3006],
    ]
    for (const [type, code] of kicks) {
      await double.login({ userID: 'alice', userSig: 'sig' })
      await double.idle()
      double.kickOut(type)
      for (const call of calls()) expect((await sdkRejection(call)).code).toBe(code)
    }
  })

  it('login while logged in (as anyone) resolves repeatLogin: true and stays the old user; a second login in flight is 2025', async () => {
    const double = new TencentChatDouble()
    const first = double.login({ userID: 'alice', userSig: 'sig' })
    expect((await sdkRejection(double.login({ userID: 'alice', userSig: 'sig' }))).code).toBe(ERROR_CODE.LOGIN_IN_PROGRESS)
    expect((await sdkRejection(double.login({ userID: 'bob', userSig: 'sig' }))).code).toBe(ERROR_CODE.LOGIN_IN_PROGRESS)
    expect(await first).toEqual({ code: 0, data: { repeatLogin: false } })
    await double.idle()
    expect(await double.login({ userID: 'bob', userSig: 'sig' })).toEqual({ code: 0, data: { repeatLogin: true } })
    expect(double.getLoginUser()).toBe('alice')
  })

  it('throws synchronously on an empty userIDList, as the SDK\'s parameter check does', async () => {
    const double = await loggedIn()
    expect(() => double.getUserStatus({ userIDList: [] })).toThrow('Params validate failed.')
    expect(() => double.subscribeUserStatus({ userIDList: [] })).toThrow('Params validate failed.')
    expect(double.calls.at(-1)?.outcome).toBe('throw')
  })

  it('logs every call with what it passed, what was sent and the outcome', async () => {
    const double = await loggedIn({ users: ['bob'] })
    await double.getUserStatus({ userIDList: ['alice', 'bob'] })
    double.editionIncludesUserStatus = false
    await sdkRejection(double.subscribeUserStatus({ userIDList: ['bob'] }))
    expect(double.calls.map(({ method, userIDList, sent, outcome }) => ({ method, userIDList, sent, outcome }))).toEqual([
      { method: 'login', userIDList: undefined, sent: undefined, outcome: 'ok' },
      { method: 'getUserStatus', userIDList: ['alice', 'bob'], sent: ['bob'], outcome: 'ok' },
      { method: 'subscribeUserStatus', userIDList: ['bob'], sent: undefined, outcome: ERROR_CODE.EDITION_NOT_SUPPORTED },
    ])
  })
})

describe('TencentChatDouble: getUserStatus', () => {
  it('answers self locally: ONLINE, own custom status, no edition, switch or rate limit', async () => {
    vi.useFakeTimers()
    const double = await loggedIn()
    await double.setSelfStatus({ customStatus: 'coding' })
    double.editionIncludesUserStatus = false
    double.userStatusEnabled = false
    for (let i = 0; i < LIMITS.RATE_LIMIT_CALLS + 5; i++) {
      expect(await double.getUserStatus({ userIDList: ['alice'] })).toEqual({
        code: 0,
        data: { successUserList: [{ userID: 'alice', statusType: TYPES.USER_STATUS_ONLINE, customStatus: 'coding' }], failureUserList: [] },
      })
    }
  })

  it('puts self first, unknown users in failureUserList (70107)', async () => {
    const double = await loggedIn({ users: [{ userID: 'bob', statusType: TYPES.USER_STATUS_ONLINE, customStatus: 'music' }] })
    expect(await double.getUserStatus({ userIDList: ['bob', 'ghost', 'alice'] })).toEqual({
      code: 0,
      data: {
        successUserList: [
          { userID: 'alice', statusType: TYPES.USER_STATUS_ONLINE, customStatus: '' },
          { userID: 'bob', statusType: TYPES.USER_STATUS_ONLINE, customStatus: 'music' },
        ],
        failureUserList: [{ userID: 'ghost', code: USER_NOT_FOUND, message: expect.any(String) }],
      },
    })
  })

  it('silently truncates to the first 500 IDs as passed (self counts among them) and records it', async () => {
    const users = ids('u', 520)
    const double = await loggedIn({ users })
    const passed = ['alice', ...users]
    const response = await double.getUserStatus({ userIDList: passed })
    expect(response).toMatchObject({ code: 0 })
    // Oversized: self is not removed from the request, so the server answers it too: self comes back twice.
    expect(double.calls.at(-1)?.sent).toEqual(['alice', ...users.slice(0, 499)])
    const { data } = response as { data: { successUserList: Array<{ userID: string }> } }
    expect(data.successUserList.filter((status) => status.userID === 'alice')).toHaveLength(2)
    expect(data.successUserList).toHaveLength(501)
    expect(double.truncations).toEqual([
      { method: 'getUserStatus', requested: 521, kept: 500, dropped: users.slice(499), at: expect.any(Number) },
    ])
  })

  it('3122 is checked in the client before truncating; 72001 on the server after it', async () => {
    const users = ids('u', 120)
    const double = await loggedIn({ users })
    double.editionIncludesUserStatus = false
    expect((await sdkRejection(double.subscribeUserStatus({ userIDList: users }))).code).toBe(ERROR_CODE.EDITION_NOT_SUPPORTED)
    expect(double.truncations).toEqual([])
    double.editionIncludesUserStatus = true
    double.userStatusEnabled = false
    expect((await sdkRejection(double.subscribeUserStatus({ userIDList: users }))).code).toBe(ERROR_CODE.FEATURE_NOT_ENABLED)
    expect(double.truncations).toHaveLength(1)
  })
})

describe('TencentChatDouble: rate limit', () => {
  it('2996 in the client: a fixed 5 s window per API from the first call, every attempt counting; setSelfStatus never limited', async () => {
    vi.useFakeTimers({ now: 0 })
    const double = await loggedIn({ users: ['bob'] })
    double.userStatusEnabled = false
    // Refused by the server (72001), still counted by the client.
    for (let i = 0; i < 5; i++) {
      expect((await sdkRejection(double.subscribeUserStatus({ userIDList: ['bob'] }))).code).toBe(ERROR_CODE.FEATURE_NOT_ENABLED)
    }
    double.userStatusEnabled = true
    for (let i = 0; i < 15; i++) await double.subscribeUserStatus({ userIDList: ['bob'] })
    for (let i = 0; i < 3; i++) {
      expect((await sdkRejection(double.subscribeUserStatus({ userIDList: ['bob'] }))).code).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
    }
    expect(double.calls.at(-1)?.sent).toBeUndefined() // never sent
    expect(await double.unsubscribeUserStatus({ userIDList: ['bob'] })).toMatchObject({ code: 0 })
    for (let i = 0; i < 30; i++) await double.setSelfStatus({ customStatus: `${i}` })
    vi.advanceTimersByTime(LIMITS.RATE_LIMIT_WINDOW_MS - 1)
    expect((await sdkRejection(double.subscribeUserStatus({ userIDList: ['bob'] }))).code).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
    vi.advanceTimersByTime(1)
    for (let i = 0; i < 20; i++) expect(await double.subscribeUserStatus({ userIDList: ['bob'] })).toMatchObject({ code: 0 })
    expect((await sdkRejection(double.subscribeUserStatus({ userIDList: ['bob'] }))).code).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
  })
})

describe('TencentChatDouble: subscriptions', () => {
  it('self is a failure entry; unknown users too; known users are subscribed', async () => {
    const double = await loggedIn({ users: ['bob'] })
    expect(await double.subscribeUserStatus({ userIDList: ['alice', 'bob', 'ghost'] })).toEqual({
      code: 0,
      data: {
        failureUserList: [
          { userID: 'alice', code: CANNOT_SUBSCRIBE_SELF, message: expect.any(String) },
          { userID: 'ghost', code: USER_NOT_FOUND, message: expect.any(String) },
        ],
      },
    })
    expect(double.subscribedIDs()).toEqual(['bob'])
  })

  it('keeps at most 200, evicting the oldest; re-subscribing keeps an entry\'s age', async () => {
    const users = ids('u', 250)
    const double = await loggedIn({ users })
    await double.subscribeUserStatus({ userIDList: users.slice(0, 100) })
    await double.subscribeUserStatus({ userIDList: ['u1'] })
    await double.subscribeUserStatus({ userIDList: users.slice(100, 200) })
    await double.subscribeUserStatus({ userIDList: users.slice(200, 250) })
    expect(double.subscribedIDs()).toEqual(users.slice(50, 250))
    expect(double.evictions).toEqual(users.slice(0, 50))
  })

  it('truncates subscribe and unsubscribe to 100 IDs silently', async () => {
    const users = ids('u', 130)
    const double = await loggedIn({ users })
    expect(await double.subscribeUserStatus({ userIDList: users })).toEqual({ code: 0, data: { failureUserList: [] } })
    expect(double.subscribedIDs()).toHaveLength(100)
    expect(await double.unsubscribeUserStatus({ userIDList: users })).toEqual({ code: 0, data: { failureUserList: [] } })
    expect(double.subscribedIDs()).toEqual([])
    expect(double.truncations.map((t) => [t.method, t.dropped.length])).toEqual([
      ['subscribeUserStatus', 30],
      ['unsubscribeUserStatus', 30],
    ])
  })

  it('unsubscribe with userIDList undefined or [] clears everything', async () => {
    const double = await loggedIn({ users: ['bob', 'carol'] })
    await double.subscribeUserStatus({ userIDList: ['bob', 'carol'] })
    await double.unsubscribeUserStatus({ userIDList: undefined })
    expect(double.subscribedIDs()).toEqual([])
    await double.subscribeUserStatus({ userIDList: ['bob'] })
    await double.unsubscribeUserStatus({ userIDList: [] })
    expect(double.subscribedIDs()).toEqual([])
  })

  it('the server clears subscriptions 30 s after logout; a quick re-login keeps them; another account starts empty', async () => {
    vi.useFakeTimers({ now: 0 })
    const double = await loggedIn({ users: ['bob'] })
    await double.subscribeUserStatus({ userIDList: ['bob'] })
    await double.logout()
    vi.advanceTimersByTime(10_000)
    await double.login({ userID: 'alice', userSig: 'sig' })
    await double.idle()
    expect(double.subscribedIDs()).toEqual(['bob'])
    await double.logout()
    vi.advanceTimersByTime(30_000)
    expect(double.subscribedIDs()).toEqual([])

    await double.login({ userID: 'alice', userSig: 'sig' })
    await double.idle()
    await double.subscribeUserStatus({ userIDList: ['bob'] })
    await double.logout()
    await double.login({ userID: 'zoe', userSig: 'sig' })
    await double.idle()
    expect(double.subscribedIDs()).toEqual([])
  })
})

describe('TencentChatDouble: notifications', () => {
  it('pushes changes of subscribed users only, and of friends when auto-notify is on', async () => {
    const double = await loggedIn({ users: ['bob', 'carol', 'dave'] })
    const events = recordEvents(double, EVENT.USER_STATUS_UPDATED)
    double.setFriends([sdkFriend('carol')])
    await double.subscribeUserStatus({ userIDList: ['bob'] })
    expect(double.setUserStatus('bob', { statusType: TYPES.USER_STATUS_ONLINE })).toBe(true)
    expect(double.setUserStatus('carol', { statusType: TYPES.USER_STATUS_ONLINE })).toBe(false)
    double.friendAutoNotify = true
    expect(double.setUserStatus('carol', { customStatus: 'gym' })).toBe(true)
    expect(double.setUserStatus('dave', { statusType: TYPES.USER_STATUS_ONLINE })).toBe(false)
    double.userStatusEnabled = false
    expect(double.setUserStatus('bob', { customStatus: 'hidden' })).toBe(false)
    await double.idle()
    expect(events.map((event) => event.data)).toEqual([
      [{ userID: 'bob', statusType: TYPES.USER_STATUS_ONLINE, customStatus: '' }],
      [{ userID: 'carol', statusType: TYPES.USER_STATUS_ONLINE, customStatus: 'gym' }],
    ])
  })

  it('setSelfStatus answers { userID, statusType: ONLINE, customStatus } and then notifies self', async () => {
    const double = await loggedIn()
    const events = recordEvents(double, EVENT.USER_STATUS_UPDATED)
    expect(await double.setSelfStatus({ customStatus: 'coding' })).toEqual({
      code: 0,
      data: { userID: 'alice', statusType: TYPES.USER_STATUS_ONLINE, customStatus: 'coding' },
    })
    expect(events).toEqual([])
    await double.idle()
    expect(events).toEqual([
      { name: EVENT.USER_STATUS_UPDATED, data: [{ userID: 'alice', statusType: TYPES.USER_STATUS_ONLINE, customStatus: 'coding' }] },
    ])
  })

  it('a kick-out emits KICKED_OUT { type } then SDK_NOT_READY', async () => {
    const double = await loggedIn()
    const names: string[] = []
    double.on(EVENT.KICKED_OUT, (event) => names.push(`${event.name}:${JSON.stringify(event.data)}`))
    double.on(EVENT.SDK_NOT_READY, (event) => names.push(event.name))
    double.kickOut(TYPES.KICKED_OUT_USERSIG_EXPIRED)
    expect(names).toEqual([`${EVENT.KICKED_OUT}:{"type":"userSigExpired"}`, EVENT.SDK_NOT_READY])
    expect(double.isReady()).toBe(false)
  })
})

describe('TencentChatDouble: conversation sync and partial updates', () => {
  const conversation = (userID: string, lastTime: number) => sdkConversation(`C2C${userID}`, { text: userID, lastTime })

  it('SDK_READY comes before the sync: isSyncCompleted false, then CONVERSATION_LIST_UPDATED with the whole list', async () => {
    const double = new TencentChatDouble({ autoSync: false })
    double.setConversations([conversation('bob', 2), conversation('carol', 1)])
    const lists = recordEvents(double, EVENT.CONVERSATION_LIST_UPDATED)
    await double.login({ userID: 'alice', userSig: 'sig' })
    await double.idle()
    expect(double.isReady()).toBe(true)
    expect(await double.getConversationList()).toEqual({ code: 0, data: { conversationList: [], isSyncCompleted: false } })
    double.completeSync()
    await double.idle()
    expect(lists.map((event) => (event.data as Array<{ conversationID: string }>).map((c) => c.conversationID))).toEqual([['C2Cbob', 'C2Ccarol']])
    expect(await double.getConversationList()).toMatchObject({ data: { isSyncCompleted: true } })
  })

  it('with partialUpdatedConversations, list events carry only what changed (the sync: what was not answered before)', async () => {
    const double = new TencentChatDouble({ partialUpdatedConversations: true, conversationsBeforeSync: 1, autoSync: false })
    double.setConversations([conversation('bob', 2), conversation('carol', 1)])
    const lists = recordEvents(double, EVENT.CONVERSATION_LIST_UPDATED)
    await double.login({ userID: 'alice', userSig: 'sig' })
    await double.idle()
    const early = (await double.getConversationList()) as { data: { conversationList: Array<{ conversationID: string }>; isSyncCompleted: boolean } }
    expect(early.data.conversationList.map((c) => c.conversationID)).toEqual(['C2Cbob'])
    expect(early.data.isSyncCompleted).toBe(false)
    double.completeSync()
    await double.idle()
    double.setConversations([conversation('carol', 3), conversation('bob', 2)])
    await double.idle()
    const ids = lists.map((event) => (event.data as Array<{ conversationID: string }>).map((c) => c.conversationID))
    expect(ids).toEqual([['C2Ccarol'], ['C2Ccarol']])
  })

  it('without it, every list event carries the whole list', async () => {
    const double = await loggedIn()
    const lists = recordEvents(double, EVENT.CONVERSATION_LIST_UPDATED)
    double.setConversations([conversation('bob', 2), conversation('carol', 1)])
    await double.idle()
    double.setConversations([conversation('carol', 3), conversation('bob', 2)])
    await double.idle()
    expect(lists.map((event) => (event.data as unknown[]).length)).toEqual([2, 2])
  })
})
