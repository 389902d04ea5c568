// @vitest-environment node
import type { ChatSDK } from '@tencentcloud/chat'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ERROR_CODE, EVENT, LIMITS, TYPES } from '../../src/engine/constants'
import { ChatError, isNotReady } from '../../src/engine/errors'
import { createTencentEngine, type TencentChatLike } from '../../src/engine/tencent'
import type { ChatEngine, UserStatus } from '../../src/engine/types'
import { sdkConversation, sdkFriend, sdkProfile, SdkError, TencentChatDouble } from './tencent-double'

/** Compile-time: a real SDK instance is accepted as it is (this function is never called). */
export function acceptsRealSdk(chat: ChatSDK): ChatEngine {
  return createTencentEngine(chat)
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve()
}

async function rejection(promise: Promise<unknown>): Promise<ChatError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(ChatError)
    if (error instanceof ChatError) return error
  }
  throw new Error('expected the call to reject with a ChatError')
}

function ids(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`)
}

async function loggedIn(options: ConstructorParameters<typeof TencentChatDouble>[0] = {}) {
  const double = new TencentChatDouble(options)
  const engine = createTencentEngine(double)
  await engine.login({ userID: 'alice', userSig: 'sig' })
  await double.idle()
  return { double, engine }
}

/** A double whose answers can be replaced per method, to feed the adapter malformed or unusual responses. */
class ScriptedDouble extends TencentChatDouble {
  answers: Partial<Record<'getUserStatus' | 'getConversationList' | 'getFriendList' | 'setSelfStatus', () => Promise<unknown>>> = {}

  override getUserStatus(options: { userIDList: string[] }): Promise<unknown> {
    return this.answers.getUserStatus?.() ?? super.getUserStatus(options)
  }

  override getConversationList(): Promise<unknown> {
    return this.answers.getConversationList?.() ?? super.getConversationList()
  }

  override getFriendList(): Promise<unknown> {
    return this.answers.getFriendList?.() ?? super.getFriendList()
  }

  override setSelfStatus(options: { customStatus: string }): Promise<unknown> {
    return this.answers.setSelfStatus?.() ?? super.setSelfStatus(options)
  }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('createTencentEngine: the SDK stays out of the bundle', () => {
  it('only src/engine/tencent/ mentions @tencentcloud/chat, and only with `import type`', () => {
    const sources = import.meta.glob<string>('../../src/**/*.{ts,vue}', { query: '?raw', import: 'default', eager: true })
    const files = Object.keys(sources)
    expect(files.length).toBeGreaterThan(5)
    const offenders: string[] = []
    for (const [file, raw] of Object.entries(sources)) {
      // Code only: JSDoc examples may show `import TencentCloudChat from '@tencentcloud/chat'`.
      const source = raw.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
      const imports = source.match(/(?:import|export)[^;'"]*?from\s*['"]@tencentcloud\/chat[^'"]*['"]|import\(\s*['"]@tencentcloud\/chat|require\(\s*['"]@tencentcloud\/chat/g) ?? []
      for (const statement of imports) {
        const typeOnly = /^(?:import|export)\s+type\s/.test(statement)
        if (!file.includes('/src/engine/tencent/') || !typeOnly) offenders.push(`${file}: ${statement}`)
      }
    }
    expect(offenders).toEqual([])
  })
})

describe('createTencentEngine: login and readiness', () => {
  it('login resolves only once the SDK emits SDK_READY', async () => {
    const double = new TencentChatDouble({ autoReady: false })
    const engine = createTencentEngine(double)
    let resolved = false
    const login = engine.login({ userID: 'alice', userSig: 'sig' }).then((response) => {
      resolved = true
      return response
    })
    await flushMicrotasks()
    expect(resolved).toBe(false)
    expect(engine.isReady()).toBe(false)
    double.emitReady()
    expect(await login).toEqual({ code: 0, data: { repeatLogin: false } })
    expect(engine.isReady()).toBe(true)
    // Calls made right after login work (the kit loads its lists at once).
    expect((await engine.getConversationList()).code).toBe(0)
  })

  it('login rejects with 3000 (still logging in, a not-ready code) when SDK_READY does not come within readyTimeoutMs', async () => {
    vi.useFakeTimers()
    const double = new TencentChatDouble({ autoReady: false })
    const engine = createTencentEngine(double, { readyTimeoutMs: 1_000 })
    const login = rejection(engine.login({ userID: 'alice', userSig: 'sig' }))
    await vi.advanceTimersByTimeAsync(1_000)
    const error = await login
    expect(error.code).toBe(ERROR_CODE.LOGGING_IN)
    expect(isNotReady(error)).toBe(true)
    expect(error.message).toMatch(/SDK_READY/)
  })

  it('the ready timeout starts when the SDK login has answered (a slow login is not cut short)', async () => {
    vi.useFakeTimers()
    class SlowLoginDouble extends TencentChatDouble {
      override login(options: { userID: string; userSig: string }): Promise<unknown> {
        return new Promise((resolve) => setTimeout(resolve, 5_000)).then(() => super.login(options))
      }
    }
    const engine = createTencentEngine(new SlowLoginDouble(), { readyTimeoutMs: 1_000 })
    const login = engine.login({ userID: 'alice', userSig: 'sig' })
    await vi.advanceTimersByTimeAsync(5_000)
    expect(await login).toEqual({ code: 0, data: { repeatLogin: false } })
    expect(vi.getTimerCount()).toBe(0)
  })

  it('login rejects with the kick-out\'s code (3002 for multipleDevice) when kicked out before SDK_READY', async () => {
    const double = new TencentChatDouble({ autoReady: false })
    const engine = createTencentEngine(double)
    const login = rejection(engine.login({ userID: 'alice', userSig: 'sig' }))
    await flushMicrotasks()
    double.kickOut(TYPES.KICKED_OUT_MULT_DEVICE)
    const error = await login
    expect(error.code).toBe(ERROR_CODE.KICKED_OUT_MULT_DEVICE)
    expect(isNotReady(error)).toBe(true)
  })

  it('forwards the SDK\'s login answers: 2025 for a second login in flight, repeatLogin for a login while logged in', async () => {
    const double = new TencentChatDouble({ users: ['bob'] })
    const engine = createTencentEngine(double)
    const first = engine.login({ userID: 'alice', userSig: 'sig' })
    expect((await rejection(engine.login({ userID: 'alice', userSig: 'sig' }))).code).toBe(ERROR_CODE.LOGIN_IN_PROGRESS)
    expect((await rejection(engine.getUserStatus({ userIDList: ['bob'] }))).code).toBe(ERROR_CODE.LOGGING_IN)
    await first
    expect(await engine.login({ userID: 'bob', userSig: 'sig' })).toEqual({ code: 0, data: { repeatLogin: true } })
    expect(engine.getLoginUser()).toBe('alice')
  })

  it('logout when the SDK is not logged in rejects with the SDK\'s 2024 (a not-ready code)', async () => {
    const { double, engine } = await loggedIn()
    double.kickOut(TYPES.KICKED_OUT_REST_API)
    const error = await rejection(engine.logout())
    expect(error.code).toBe(ERROR_CODE.NOT_LOGGED_IN)
    expect(isNotReady(error)).toBe(true)
  })

  it('a failed login keeps the SDK code and message and leaves no timer behind', async () => {
    vi.useFakeTimers()
    const double = new TencentChatDouble()
    double.failNext('login', 70001, 'userSig expired')
    const engine = createTencentEngine(double)
    const error = await rejection(engine.login({ userID: 'alice', userSig: 'old' }))
    expect(error.code).toBe(70001)
    expect(error.message).toBe('userSig expired')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('follows SDK_READY / SDK_NOT_READY, including for an instance that was ready before the adapter', async () => {
    const double = new TencentChatDouble()
    await double.login({ userID: 'alice', userSig: 'sig' })
    await double.idle()
    const engine = createTencentEngine(double)
    expect(engine.isReady()).toBe(true)
    expect(engine.getLoginUser()).toBe('alice')
    double.kickOut()
    expect(engine.isReady()).toBe(false)
    expect(engine.getLoginUser()).toBe('')
  })
})

describe('createTencentEngine: errors keep the SDK code and message', () => {
  it.each([
    [ERROR_CODE.OPEN_SERVICE_OVERLOAD, 'service overloaded'],
    [ERROR_CODE.NETWORK_ERROR, 'network error'],
    [ERROR_CODE.FEATURE_NOT_ENABLED, 'switch off'],
  ])('getUserStatus rejected with %i', async (code, message) => {
    const { double, engine } = await loggedIn({ users: ['bob'] })
    double.failNext('getUserStatus', code, message)
    const error = await rejection(engine.getUserStatus({ userIDList: ['bob'] }))
    expect(error.code).toBe(code)
    expect(error.message).toBe(message)
  })

  it('a synchronous throw of the SDK becomes a rejected ChatError, never a throw; a code is kept', async () => {
    class ThrowingDouble extends TencentChatDouble {
      override getFriendList(): Promise<unknown> {
        throw new SdkError(ERROR_CODE.NOT_LOGGED_IN, 'not logged in')
      }
    }
    const engine = createTencentEngine(new ThrowingDouble())
    const call = engine.getFriendList()
    expect(call).toBeInstanceOf(Promise)
    expect((await rejection(call)).code).toBe(ERROR_CODE.NOT_LOGGED_IN)
  })

  it('the SDK\'s synchronous Error("Params validate failed.") (no code) becomes a 6017 validation error, not 2800', async () => {
    class StricterDouble extends TencentChatDouble {
      override subscribeUserStatus(): Promise<unknown> {
        // A parameter the adapter accepts but a future SDK refuses: the SDK's validation wrapper throws.
        throw new Error('Params validate failed.')
      }
    }
    const double = new StricterDouble({ users: ['bob'] })
    const engine = createTencentEngine(double)
    await engine.login({ userID: 'alice', userSig: 'sig' })
    const call = engine.subscribeUserStatus({ userIDList: ['bob'] })
    expect(call).toBeInstanceOf(Promise)
    const error = await rejection(call)
    expect(error.code).toBe(ERROR_CODE.INVALID_PARAMETERS)
    expect(error.code).not.toBe(ERROR_CODE.NETWORK_ERROR)
    expect(error.message).toMatch(/subscribeUserStatus: .*Params validate failed/)
    expect(error.data).toBeInstanceOf(Error)
  })

  it('the double\'s own synchronous throw on an empty list, reached through the adapter, is a 6017', async () => {
    const { double, engine } = await loggedIn({ users: ['bob'] })
    const raw = vi.spyOn(double, 'getUserStatus')
    // The adapter checks the list itself first; force the SDK path with a list the adapter lets through.
    raw.mockImplementationOnce(() => {
      throw new Error('Params validate failed.')
    })
    expect((await rejection(engine.getUserStatus({ userIDList: ['bob'] }))).code).toBe(ERROR_CODE.INVALID_PARAMETERS)
  })

  it('rejects empty or malformed lists itself (the SDK would throw an untyped "Params validate failed.")', async () => {
    const { double, engine } = await loggedIn({ users: ['bob'] })
    const before = double.calls.length
    expect((await rejection(engine.subscribeUserStatus({ userIDList: [] }))).code).toBe(ERROR_CODE.OPTIONS_IS_EMPTY)
    expect((await rejection(engine.getUserStatus({ userIDList: [''] }))).code).toBe(ERROR_CODE.INVALID_PARAMETERS)
    const untyped: { setSelfStatus(options: { customStatus: unknown }): Promise<unknown> } = engine
    expect((await rejection(untyped.setSelfStatus({ customStatus: 42 }))).code).toBe(ERROR_CODE.INVALID_PARAMETERS)
    expect(double.calls.length).toBe(before)
  })
})

describe('createTencentEngine: the SDK truncates silently (limits differ from the embedded engine on purpose)', () => {
  it('subscribeUserStatus with 150 IDs: resolves without a failure, only the first 100 are subscribed', async () => {
    const users = ids('u', 150)
    const { double, engine } = await loggedIn({ users })
    const { code, data } = await engine.subscribeUserStatus({ userIDList: users })
    expect(code).toBe(0)
    expect(data.failureUserList).toEqual([])
    expect(double.subscribedIDs()).toEqual(users.slice(0, LIMITS.SUBSCRIBE_MAX_IDS))
    expect(double.truncations).toEqual([
      { method: 'subscribeUserStatus', requested: 150, kept: 100, dropped: users.slice(100), at: expect.any(Number) },
    ])
  })

  it('getUserStatus with 600 IDs: users 501-600 are in neither list', async () => {
    const users = ids('u', 600)
    const { double, engine } = await loggedIn({ users })
    const { data } = await engine.getUserStatus({ userIDList: users })
    expect(data.successUserList).toHaveLength(LIMITS.GET_USER_STATUS_MAX_IDS)
    expect(data.failureUserList).toEqual([])
    const answered = new Set(data.successUserList.map((status) => status.userID))
    expect(users.slice(500).some((id) => answered.has(id))).toBe(false)
    expect(double.truncations.map((t) => [t.method, t.dropped.length])).toEqual([['getUserStatus', 100]])
  })

  it('unsubscribeUserStatus with 150 IDs: only the first 100 are unsubscribed', async () => {
    const users = ids('u', 150)
    const { double, engine } = await loggedIn({ users })
    await engine.subscribeUserStatus({ userIDList: users.slice(0, 100) })
    await engine.subscribeUserStatus({ userIDList: users.slice(100) })
    await engine.unsubscribeUserStatus({ userIDList: users })
    expect(double.subscribedIDs()).toEqual(users.slice(100))
    expect(double.truncations.at(-1)?.method).toBe('unsubscribeUserStatus')
  })

  it('unsubscribeUserStatus() and ({ userIDList: [] }) send userIDList: undefined (the SDK\'s "everyone")', async () => {
    const { double, engine } = await loggedIn({ users: ['bob'] })
    const spy = vi.spyOn(double, 'unsubscribeUserStatus')
    await engine.unsubscribeUserStatus()
    await engine.unsubscribeUserStatus({ userIDList: [] })
    expect(spy.mock.calls).toEqual([[{ userIDList: undefined }], [{ userIDList: undefined }]])
  })
})

describe('createTencentEngine: SDK objects are mapped to the kit shapes', () => {
  it('conversations: C2C partner from conversationID when the profile is missing, groups, no system conversation', async () => {
    const { double, engine } = await loggedIn()
    double.setConversations([
      sdkConversation('C2Cbob', { text: 'hi', lastTime: 1_700_000_000, fromAccount: 'bob', unreadCount: 3, userProfile: sdkProfile('bob', 'Bob', 'b.png') }),
      sdkConversation('C2Ccarol', { userProfile: {}, isPinned: true }),
      sdkConversation('GROUPteam', { text: '[Image]', lastTime: 1_700_000_500, fromAccount: 'dave', groupName: 'Team' }),
      sdkConversation('@TIM#SYSTEM'),
    ])
    const { data } = await engine.getConversationList()
    expect(data.conversationList).toEqual([
      {
        conversationID: 'C2Cbob',
        type: TYPES.CONV_C2C,
        unreadCount: 3,
        isPinned: false,
        lastMessage: { messageForShow: 'hi', lastTime: 1_700_000_000, fromAccount: 'bob' },
        userProfile: { userID: 'bob', nick: 'Bob', avatar: 'b.png' },
      },
      {
        conversationID: 'C2Ccarol',
        type: TYPES.CONV_C2C,
        unreadCount: 0,
        isPinned: true,
        lastMessage: null,
        userProfile: { userID: 'carol', nick: '', avatar: '' },
      },
      {
        conversationID: 'GROUPteam',
        type: TYPES.CONV_GROUP,
        unreadCount: 0,
        isPinned: false,
        lastMessage: { messageForShow: '[Image]', lastTime: 1_700_000_500, fromAccount: 'dave' },
        groupProfile: { groupID: 'team', name: 'Team', avatar: '' },
      },
    ])
  })

  it('friends: { userID, remark, profile: { userID, nick, avatar }, groupList } and nothing else', async () => {
    const { double, engine } = await loggedIn()
    double.setFriends([sdkFriend('bob', { nick: 'Bob', avatar: 'b.png', remark: 'Bobby', groupList: ['Team'] })])
    const { data } = await engine.getFriendList()
    expect(data).toEqual([{ userID: 'bob', remark: 'Bobby', profile: { userID: 'bob', nick: 'Bob', avatar: 'b.png' }, groupList: ['Team'] }])
  })

  it('status answers: items are repaired or dropped, a broken container is an error', async () => {
    const double = new ScriptedDouble({ users: ['bob'] })
    const engine = createTencentEngine(double)
    await engine.login({ userID: 'alice', userSig: 'sig' })
    double.answers.getUserStatus = async () => ({
      code: 0,
      data: {
        successUserList: [{ userID: 'bob', statusType: 9 }, { statusType: 1 }, 'junk'],
        failureUserList: [{ userID: 'x', code: 70107, message: 'no such user' }, { code: 1 }],
      },
    })
    const { data } = await engine.getUserStatus({ userIDList: ['bob', 'x'] })
    expect(data).toEqual({
      successUserList: [{ userID: 'bob', statusType: TYPES.USER_STATUS_UNKNOWN, customStatus: '' }],
      failureUserList: [{ userID: 'x', code: 70107, message: 'no such user' }],
    })

    double.answers.getUserStatus = async () => ({ code: 0, data: { successUserList: 'nope' } })
    const error = await rejection(engine.getUserStatus({ userIDList: ['bob'] }))
    expect(error.message).toMatch(/successUserList/)

    double.answers.getFriendList = async () => ({ code: 0, data: { friendList: [] } })
    expect(await rejection(engine.getFriendList())).toBeInstanceOf(ChatError)

    double.answers.getConversationList = async () => undefined
    expect(await rejection(engine.getConversationList())).toBeInstanceOf(ChatError)

    double.answers.getConversationList = async () => ({ code: 60022, message: 'overloaded', data: {} })
    expect((await rejection(engine.getConversationList())).code).toBe(60022)

    double.answers.setSelfStatus = async () => ({ code: 0, data: {} })
    expect(await engine.setSelfStatus({ customStatus: 'hi' })).toEqual({
      code: 0,
      data: { userID: 'alice', statusType: TYPES.USER_STATUS_ONLINE, customStatus: 'hi' },
    })
  })
})

describe('createTencentEngine: events', () => {
  it('one SDK listener per event, registered at creation; off removes exactly the handler given to on', async () => {
    const double = new TencentChatDouble({ users: ['bob'] })
    const engine = createTencentEngine(double)
    for (const name of Object.values(EVENT)) expect(double.listenerCount(name)).toBe(1)
    const seen: string[] = []
    const a = () => seen.push('a')
    const b = () => seen.push('b')
    engine.on(EVENT.USER_STATUS_UPDATED, a)
    engine.on(EVENT.USER_STATUS_UPDATED, a)
    engine.on(EVENT.USER_STATUS_UPDATED, b)
    engine.on(EVENT.NET_STATE_CHANGE, a)
    expect(double.listenerCount()).toBe(Object.values(EVENT).length)
    double.emitRaw(EVENT.USER_STATUS_UPDATED, [])
    expect(seen).toEqual(['a', 'b'])
    engine.off(EVENT.USER_STATUS_UPDATED, a)
    engine.off(EVENT.USER_STATUS_UPDATED, a)
    double.emitRaw(EVENT.USER_STATUS_UPDATED, [])
    double.emitRaw(EVENT.NET_STATE_CHANGE, { state: TYPES.NET_STATE_CONNECTED })
    expect(seen).toEqual(['a', 'b', 'b', 'a'])
    engine.off(EVENT.USER_STATUS_UPDATED, b)
    engine.off(EVENT.NET_STATE_CHANGE, a)
    double.emitRaw(EVENT.USER_STATUS_UPDATED, [])
    expect(seen).toHaveLength(4)
    expect(double.listenerCount()).toBe(Object.values(EVENT).length)
  })

  it('payloads are checked: bad status items are dropped, unknown net states are not delivered', async () => {
    const double = new TencentChatDouble()
    const engine = createTencentEngine(double)
    const statuses: UserStatus[][] = []
    const states: string[] = []
    const kicks: string[] = []
    engine.on(EVENT.USER_STATUS_UPDATED, ({ data }) => statuses.push(data))
    engine.on(EVENT.NET_STATE_CHANGE, ({ data }) => states.push(data.state))
    engine.on(EVENT.KICKED_OUT, ({ data }) => kicks.push(data.type))

    double.emitRaw(EVENT.USER_STATUS_UPDATED, [
      { userID: 'bob', statusType: TYPES.USER_STATUS_OFFLINE, customStatus: 'away' },
      { userID: 'carol', statusType: TYPES.USER_STATUS_ONLINE },
      { statusType: 1 },
      null,
    ])
    double.emitRaw(EVENT.NET_STATE_CHANGE, { state: 'sleeping' })
    double.emitRaw(EVENT.NET_STATE_CHANGE, { state: TYPES.NET_STATE_CONNECTING })
    double.emitRaw(EVENT.KICKED_OUT, undefined)

    expect(statuses).toEqual([
      [
        { userID: 'bob', statusType: TYPES.USER_STATUS_OFFLINE, customStatus: 'away' },
        { userID: 'carol', statusType: TYPES.USER_STATUS_ONLINE, customStatus: '' },
      ],
    ])
    expect(states).toEqual([TYPES.NET_STATE_CONNECTING])
    expect(kicks).toEqual(['unknown'])
  })

  it('CONVERSATION_LIST_UPDATED and FRIEND_LIST_UPDATED carry mapped lists', async () => {
    const { double, engine } = await loggedIn()
    const conversations: string[][] = []
    const friends: string[][] = []
    engine.on(EVENT.CONVERSATION_LIST_UPDATED, ({ data }) => conversations.push(data.map((c) => c.conversationID)))
    engine.on(EVENT.FRIEND_LIST_UPDATED, ({ data }) => friends.push(data.map((f) => f.profile.userID)))
    double.setConversations([sdkConversation('C2Cbob', { userProfile: {} }), sdkConversation('@TIM#SYSTEM')])
    double.setFriends([sdkFriend('carol')])
    await double.idle()
    expect(conversations).toEqual([['C2Cbob']])
    expect(friends).toEqual([['carol']])
  })
})

describe('TencentChatLike', () => {
  it('is what the adapter needs, and the double implements it', () => {
    const chat: TencentChatLike = new TencentChatDouble()
    expect(typeof chat.subscribeUserStatus).toBe('function')
  })
})

describe('createTencentEngine: what the real SDK does that the spec did not say', () => {
  it('an oversized getUserStatus that includes self: the SDK answers self twice, the adapter keeps it once', async () => {
    const users = ids('u', 520)
    const { double, engine } = await loggedIn({ users })
    const { data } = await engine.getUserStatus({ userIDList: ['alice', ...users] })
    expect(double.calls.at(-1)?.sent?.[0]).toBe('alice')
    expect(data.successUserList.filter((status) => status.userID === 'alice')).toEqual([
      { userID: 'alice', statusType: TYPES.USER_STATUS_ONLINE, customStatus: '' },
    ])
    expect(data.successUserList).toHaveLength(500)
  })

  it('limits come from the engine: 500 / 100 / 100 by default, the app\'s cloud caps when given, checked', () => {
    const double = new TencentChatDouble()
    expect(createTencentEngine(double).limits).toEqual({ getUserStatusMaxIDs: 500, subscribeMaxIDs: 100, unsubscribeMaxIDs: 100 })
    expect(createTencentEngine(double, { limits: { subscribeMaxIDs: 50 } }).limits).toEqual({
      getUserStatusMaxIDs: 500,
      subscribeMaxIDs: 50,
      unsubscribeMaxIDs: 100,
    })
    expect(() => createTencentEngine(double, { limits: { getUserStatusMaxIDs: 0 } })).toThrow(/positive integer/)
  })

  it('the list is not synced at SDK_READY: the answer says so, and the later list event brings the whole list', async () => {
    const double = new TencentChatDouble({ autoSync: false })
    double.setConversations([sdkConversation('C2Cbob', { lastTime: 2 }), sdkConversation('C2Ccarol', { lastTime: 1 })])
    const engine = createTencentEngine(double)
    const lists: string[][] = []
    engine.on(EVENT.CONVERSATION_LIST_UPDATED, ({ data }) => lists.push(data.map((c) => c.conversationID)))
    await engine.login({ userID: 'alice', userSig: 'sig' })
    const { data } = await engine.getConversationList()
    expect(data).toEqual({ conversationList: [], isSyncCompleted: false })
    double.completeSync()
    await double.idle()
    expect(lists).toEqual([['C2Cbob', 'C2Ccarol']])
  })

  it('partialUpdatedConversations: true: the SDK sends only what changed, handlers get the merged whole list', async () => {
    const double = new TencentChatDouble({ partialUpdatedConversations: true, conversationsBeforeSync: 1, autoSync: false })
    double.setConversations([sdkConversation('C2Cbob', { lastTime: 3 }), sdkConversation('C2Ccarol', { lastTime: 2 })])
    const engine = createTencentEngine(double, { partialUpdatedConversations: true })
    const lists: string[][] = []
    const raw: string[][] = []
    double.on(EVENT.CONVERSATION_LIST_UPDATED, (event) => raw.push((event.data as Array<{ conversationID: string }>).map((c) => c.conversationID)))
    engine.on(EVENT.CONVERSATION_LIST_UPDATED, ({ data }) => lists.push(data.map((c) => c.conversationID)))
    await engine.login({ userID: 'alice', userSig: 'sig' })
    const { data } = await engine.getConversationList()
    expect(data.conversationList.map((c) => c.conversationID)).toEqual(['C2Cbob'])
    expect(data.isSyncCompleted).toBe(false)
    double.completeSync()
    await double.idle()
    // dave is new and most recent; carol's last message changes: the SDK sends only those two.
    double.setConversations([
      sdkConversation('C2Cdave', { lastTime: 5, text: 'hi' }),
      sdkConversation('C2Ccarol', { lastTime: 4, text: 'news' }),
      sdkConversation('C2Cbob', { lastTime: 3 }),
    ])
    await double.idle()
    expect(raw).toEqual([['C2Ccarol'], ['C2Cdave', 'C2Ccarol']])
    expect(lists).toEqual([
      ['C2Cbob', 'C2Ccarol'],
      ['C2Cdave', 'C2Ccarol', 'C2Cbob'],
    ])
    // A later getConversationList agrees with the merged list.
    expect((await engine.getConversationList()).data.conversationList.map((c) => c.conversationID)).toEqual(['C2Cdave', 'C2Ccarol', 'C2Cbob'])
  })

  it('partialUpdatedConversations: false: every SDK event is the whole list, handed on as it is', async () => {
    const { double, engine } = await loggedIn()
    const lists: string[][] = []
    engine.on(EVENT.CONVERSATION_LIST_UPDATED, ({ data }) => lists.push(data.map((c) => c.conversationID)))
    double.setConversations([sdkConversation('C2Cbob', { lastTime: 3 }), sdkConversation('C2Ccarol', { lastTime: 2 })])
    await double.idle()
    double.setConversations([sdkConversation('C2Ccarol', { lastTime: 4 })])
    await double.idle()
    expect(lists).toEqual([['C2Cbob', 'C2Ccarol'], ['C2Ccarol']])
  })

  it('logout forgets the merged list: the next session starts from its own answers', async () => {
    const double = new TencentChatDouble({ partialUpdatedConversations: true })
    const engine = createTencentEngine(double, { partialUpdatedConversations: true })
    await engine.login({ userID: 'alice', userSig: 'sig' })
    await double.idle()
    double.setConversations([sdkConversation('C2Cbob', { lastTime: 3 })])
    await double.idle()
    await engine.logout()
    double.setConversations([])
    await engine.login({ userID: 'alice', userSig: 'sig' })
    await double.idle()
    expect((await engine.getConversationList()).data.conversationList).toEqual([])
  })
})
