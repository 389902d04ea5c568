import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ERROR_CODE, EVENT, TYPES } from '../../src/engine/constants'
import { ChatError, engineLimits, isNotReady } from '../../src/engine/errors'
import { withoutSince } from './helpers'
import type {
  ChatEngine,
  Conversation,
  EngineEventName,
  Friend,
  NetState,
  UserStatus,
} from '../../src/engine/types'

/**
 * The behaviour every `ChatEngine` shares, written once and run against each engine through a harness: the
 * embedded engine, the Tencent adapter over the SDK double (both `partialUpdatedConversations` options), and the
 * socket engine over an in-process presence server.
 *
 * Every behaviour is a named test. An engine that cannot have a behaviour lists it in `unsupported` with the
 * reason; the suite then reports the behaviour under the same name, marked "not supported by this engine" with
 * that reason, instead of skipping it, so every engine reports the same list of names
 * (`contractBehaviours()`). Differences on purpose stay out (they are tested per engine): the codes of per-user
 * failure entries are the server's and only their shape is checked here.
 */

export type Presence = 'online' | 'offline' | 'unlogined'

/** What the suite needs from an engine's world (the server side) besides the engine itself. */
export interface EngineHarness {
  readonly engine: ChatEngine
  /** A known user's presence: online (1), offline (2), unlogined (3). */
  setPresence(userID: string, presence: Presence): void
  /** A known user's custom status, as if they called setSelfStatus. */
  setCustomStatus(userID: string, customStatus: string): void
  /** The app's edition includes user status (Pro / Pro Plus / Enterprise); off -> 3122. */
  setEditionIncludesUserStatus(included: boolean): void
  /** The console switch "user status query and status change notification"; off -> 72001. */
  setUserStatusEnabled(enabled: boolean): void
  /** The server's subscriptions of this client, in any order. */
  subscribedIDs(): string[]
  /** Makes `userID` a friend of the logged-in user (remark and groups as given). */
  addFriend(userID: string, options: { remark: string; groupList: string[] }): void
  /** A C2C conversation of the suite's user with `userID` (before or after login). */
  addConversation(userID: string, options: { text: string; lastTime: number; unreadCount: number }): void
  /** The server logs this client out (KICKED_OUT `{ type }`, then SDK_NOT_READY). */
  kickOut(type: string): void
  /** The connection drops (NET_STATE_CHANGE disconnected). */
  loseConnection(): void
  /** The connection comes back (NET_STATE_CHANGE ... connected). */
  restoreConnection(): Promise<void> | void
  /** Lets every pending event reach the engine's handlers. */
  settle(): Promise<void>
  /** Stops whatever the harness started (servers, sockets). */
  dispose?(): Promise<void> | void
}

export interface HarnessSetup {
  /** The user the suite logs in as. */
  self: string
  /** Other users the server knows, all unlogined with no custom status. */
  users: string[]
}

export type HarnessFactory = (setup: HarnessSetup) => EngineHarness | Promise<EngineHarness>

/** Behaviours (test names) an engine cannot have, each with the reason. */
export type UnsupportedBehaviours = Readonly<Record<string, string>>

const SELF = 'alice'
const USERS = ['bob', 'carol', 'dave']
const UNKNOWN = 'nobody-has-this-id'
const SIG = 'sig-alice'

/**
 * The engine seen from plain JavaScript: any list. Method syntax makes the parameter bivariant, so a `ChatEngine`
 * is assignable without a cast.
 */
interface UntypedStatusApi {
  getUserStatus(options: { userIDList: unknown[] }): Promise<unknown>
}

/** Records what an engine emits, per event, with the payload types of each event. */
function recordEvents(engine: ChatEngine) {
  const names: EngineEventName[] = []
  const statuses: UserStatus[] = []
  const netStates: NetState[] = []
  const kicks: string[] = []
  const conversationLists: Conversation[][] = []
  const friendLists: Friend[][] = []
  engine.on(EVENT.SDK_READY, ({ name }) => names.push(name))
  engine.on(EVENT.SDK_NOT_READY, ({ name }) => names.push(name))
  engine.on(EVENT.USER_STATUS_UPDATED, ({ name, data }) => {
    names.push(name)
    statuses.push(...data.map(withoutSince))
  })
  engine.on(EVENT.NET_STATE_CHANGE, ({ name, data }) => {
    names.push(name)
    netStates.push(data.state)
  })
  engine.on(EVENT.KICKED_OUT, ({ name, data }) => {
    names.push(name)
    kicks.push(data.type)
  })
  engine.on(EVENT.CONVERSATION_LIST_UPDATED, ({ name, data }) => {
    names.push(name)
    conversationLists.push(data)
  })
  engine.on(EVENT.FRIEND_LIST_UPDATED, ({ name, data }) => {
    names.push(name)
    friendLists.push(data)
  })
  return {
    names,
    statuses,
    netStates,
    kicks,
    conversationLists,
    friendLists,
    statusesOf: (userID: string) => statuses.filter((status) => status.userID === userID),
    clear() {
      for (const list of [names, statuses, netStates, kicks, conversationLists, friendLists]) list.length = 0
    },
  }
}

/** The ChatError a call rejects with; fails when it resolves or rejects with something else. */
async function rejection(promise: Promise<unknown>): Promise<ChatError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(ChatError)
    if (error instanceof ChatError) return error
  }
  throw new Error('expected the call to reject with a ChatError')
}

async function codeOf(promise: Promise<unknown>): Promise<number> {
  return (await rejection(promise)).code
}

/** The behaviour names each engine reported, by engine. */
const reported = new Map<string, string[]>()

/** The behaviour names each engine reported (filled while the suites are collected). */
export function contractBehaviours(): ReadonlyMap<string, readonly string[]> {
  return reported
}

/** Moves the faked clock (Date only) forward. */
function advanceClock(ms: number): void {
  vi.setSystemTime(new Date(Date.now() + ms))
}

export function describeEngineContract(
  engineName: string,
  createHarness: HarnessFactory,
  unsupported: UnsupportedBehaviours = {},
): void {
  const names: string[] = []
  reported.set(engineName, names)
  const unused = new Set(Object.keys(unsupported))

  /** One named behaviour: run, or reported as not supported by this engine with the reason. */
  function behaviour(name: string, body: () => Promise<void> | void): void {
    names.push(name)
    const reason = unsupported[name]
    unused.delete(name)
    if (reason === undefined) {
      it(name, body)
      return
    }
    it(`${name} [not supported by this engine: ${reason}]`, () => {
      expect(reason.trim()).not.toBe('')
    })
  }

  describe(`ChatEngine contract: ${engineName}`, () => {
    let harness: EngineHarness
    let engine: ChatEngine
    let events: ReturnType<typeof recordEvents>

    beforeEach(async () => {
      harness = await createHarness({ self: SELF, users: [...USERS] })
      engine = harness.engine
      events = recordEvents(engine)
    })

    afterEach(async () => {
      vi.useRealTimers()
      await harness.dispose?.()
    })

    async function login(): Promise<void> {
      await engine.login({ userID: SELF, userSig: SIG })
      await harness.settle()
      events.clear()
    }

    describe('login and logout', () => {
      behaviour('is not ready and has no user before login', () => {
        expect(engine.isReady()).toBe(false)
        expect(engine.getLoginUser()).toBe('')
      })

      behaviour('login resolves { code: 0, data: { repeatLogin: false } }, is ready at once and emits SDK_READY', async () => {
        const response = await engine.login({ userID: SELF, userSig: SIG })
        expect(response).toEqual({ code: 0, data: { repeatLogin: false } })
        expect(engine.isReady()).toBe(true)
        expect(engine.getLoginUser()).toBe(SELF)
        await harness.settle()
        expect(events.names).toContain(EVENT.SDK_READY)
      })

      behaviour('logging in again as the same user resolves repeatLogin: true', async () => {
        await login()
        const response = await engine.login({ userID: SELF, userSig: SIG })
        expect(response.data.repeatLogin).toBe(true)
        expect(engine.isReady()).toBe(true)
      })

      behaviour('logging in as another user while logged in resolves repeatLogin: true and stays the old user', async () => {
        await login()
        const response = await engine.login({ userID: 'bob', userSig: 'sig-bob' })
        expect(response).toEqual({ code: 0, data: { repeatLogin: true } })
        expect(engine.getLoginUser()).toBe(SELF)
        const { data } = await engine.setSelfStatus({ customStatus: 'still me' })
        expect(data.userID).toBe(SELF)
      })

      behaviour('every call made before login rejects with 2024 (not ready, never 2999); so does logout', async () => {
        const calls: Array<() => Promise<unknown>> = [
          () => engine.getConversationList(),
          () => engine.getFriendList(),
          () => engine.getUserStatus({ userIDList: ['bob'] }),
          () => engine.getUserStatus({ userIDList: [SELF] }),
          () => engine.subscribeUserStatus({ userIDList: ['bob'] }),
          () => engine.unsubscribeUserStatus({ userIDList: ['bob'] }),
          () => engine.unsubscribeUserStatus(),
          () => engine.setSelfStatus({ customStatus: 'hi' }),
          () => engine.logout(),
        ]
        for (const call of calls) {
          const error = await rejection(call())
          expect(error.code).toBe(ERROR_CODE.NOT_LOGGED_IN)
          expect(isNotReady(error)).toBe(true)
        }
      })

      behaviour('a second login while one is in flight rejects 2025; calls meanwhile reject 3000', async () => {
        const first = engine.login({ userID: SELF, userSig: SIG })
        const second = await rejection(engine.login({ userID: SELF, userSig: SIG }))
        expect(second.code).toBe(ERROR_CODE.LOGIN_IN_PROGRESS)
        const during = await rejection(engine.getUserStatus({ userIDList: ['bob'] }))
        expect(during.code).toBe(ERROR_CODE.LOGGING_IN)
        expect(isNotReady(during)).toBe(true)
        expect(await first).toEqual({ code: 0, data: { repeatLogin: false } })
        expect(engine.isReady()).toBe(true)
      })

      behaviour('logout resolves, emits SDK_NOT_READY; later calls reject 3005 and logout 2024', async () => {
        await login()
        expect(await engine.logout()).toEqual({ code: 0, data: {} })
        await harness.settle()
        expect(events.names).toContain(EVENT.SDK_NOT_READY)
        expect(engine.isReady()).toBe(false)
        expect(engine.getLoginUser()).toBe('')
        expect(await codeOf(engine.getUserStatus({ userIDList: ['bob'] }))).toBe(ERROR_CODE.LOGGED_OUT)
        expect(await codeOf(engine.getFriendList())).toBe(ERROR_CODE.LOGGED_OUT)
        expect(await codeOf(engine.logout())).toBe(ERROR_CODE.NOT_LOGGED_IN)
      })

      behaviour('engine.limits are the per-call caps 500 / 100 / 100', () => {
        expect(engineLimits(engine)).toEqual({ getUserStatusMaxIDs: 500, subscribeMaxIDs: 100, unsubscribeMaxIDs: 100 })
        expect(engine.limits).toBeDefined()
      })

      behaviour('can log in again after logout', async () => {
        await login()
        await engine.logout()
        await harness.settle()
        await engine.login({ userID: SELF, userSig: SIG })
        await harness.settle()
        expect(engine.isReady()).toBe(true)
        const { data } = await engine.getUserStatus({ userIDList: [SELF] })
        expect(data.successUserList[0]?.userID).toBe(SELF)
      })
    })

    describe('lists', () => {
      behaviour('getFriendList resolves the kit Friend shape', async () => {
        await login()
        harness.addFriend('bob', { remark: 'Bobby', groupList: ['Team'] })
        await harness.settle()
        const { code, data } = await engine.getFriendList()
        expect(code).toBe(0)
        const bob = data.find((friend) => friend.userID === 'bob')
        expect(bob).toEqual({
          userID: 'bob',
          remark: 'Bobby',
          profile: { userID: 'bob', nick: expect.any(String), avatar: expect.any(String) },
          groupList: ['Team'],
        })
      })

      behaviour('getConversationList resolves C2C conversations with the partner in userProfile', async () => {
        await login()
        harness.addConversation('carol', { text: 'see you', lastTime: 1_700_000_000, unreadCount: 2 })
        await harness.settle()
        const { code, data } = await engine.getConversationList()
        expect(code).toBe(0)
        const conversation = data.conversationList.find((c) => c.conversationID === 'C2Ccarol')
        expect(conversation).toMatchObject({
          conversationID: 'C2Ccarol',
          type: TYPES.CONV_C2C,
          unreadCount: 2,
          isPinned: false,
          userProfile: { userID: 'carol' },
        })
        expect(conversation?.lastMessage?.messageForShow).toBe('see you')
      })

      behaviour('list changes arrive as FRIEND_LIST_UPDATED and CONVERSATION_LIST_UPDATED', async () => {
        await login()
        harness.addFriend('dave', { remark: '', groupList: [] })
        harness.addConversation('dave', { text: 'hello', lastTime: 1_700_000_100, unreadCount: 1 })
        await harness.settle()
        expect(events.friendLists.at(-1)?.map((friend) => friend.userID)).toContain('dave')
        expect(events.conversationLists.at(-1)?.map((c) => c.conversationID)).toContain('C2Cdave')
      })
    })

    describe('conversation list', () => {
      behaviour('a conversation change keeps the other conversations in CONVERSATION_LIST_UPDATED', async () => {
        await login()
        harness.addConversation('carol', { text: 'one', lastTime: 1_700_000_000, unreadCount: 0 })
        await harness.settle()
        harness.addConversation('dave', { text: 'two', lastTime: 1_700_000_100, unreadCount: 1 })
        await harness.settle()
        const latest = events.conversationLists.at(-1)?.map((c) => c.conversationID)
        expect(latest).toEqual(expect.arrayContaining(['C2Ccarol', 'C2Cdave']))
        harness.addConversation('carol', { text: 'three', lastTime: 1_700_000_200, unreadCount: 1 })
        await harness.settle()
        const again = events.conversationLists.at(-1) ?? []
        expect(again.map((c) => c.conversationID)).toEqual(expect.arrayContaining(['C2Ccarol', 'C2Cdave']))
        expect(again.find((c) => c.conversationID === 'C2Ccarol')?.lastMessage?.messageForShow).toBe('three')
      })

      behaviour('right after login the list may not be synced yet; the later list event completes it', async () => {
        harness.addConversation('carol', { text: 'older', lastTime: 1_700_000_000, unreadCount: 0 })
        harness.addConversation('dave', { text: 'newer', lastTime: 1_700_000_100, unreadCount: 0 })
        await engine.login({ userID: SELF, userSig: SIG })
        const { data } = await engine.getConversationList()
        const before = events.conversationLists.length
        await harness.settle()
        // What the kit shows: the answer, then every later list event replacing it.
        const shown = events.conversationLists.slice(before).at(-1) ?? data.conversationList
        expect(shown.map((c) => c.conversationID)).toEqual(expect.arrayContaining(['C2Ccarol', 'C2Cdave']))
        if (data.isSyncCompleted === false) expect(events.conversationLists.length).toBeGreaterThan(before)
        else expect(data.conversationList).toHaveLength(2)
      })
    })

    describe('getUserStatus', () => {
      behaviour('answers known users in successUserList and unknown ones in failureUserList', async () => {
        await login()
        harness.setPresence('bob', 'online')
        harness.setCustomStatus('bob', 'listening to music')
        harness.setPresence('carol', 'offline')
        const { code, data } = await engine.getUserStatus({ userIDList: ['bob', 'carol', 'dave', UNKNOWN] })
        expect(code).toBe(0)
        // `since` is optional (Tencent has none); when present it is a time in the past.
        for (const status of data.successUserList) if (status.since !== undefined) expect(status.since).toBeLessThanOrEqual(Date.now())
        expect(data.successUserList.map(withoutSince)).toEqual(
          expect.arrayContaining([
            { userID: 'bob', statusType: TYPES.USER_STATUS_ONLINE, customStatus: 'listening to music' },
            { userID: 'carol', statusType: TYPES.USER_STATUS_OFFLINE, customStatus: '' },
            { userID: 'dave', statusType: TYPES.USER_STATUS_UNLOGINED, customStatus: '' },
          ]),
        )
        expect(data.successUserList).toHaveLength(3)
        expect(data.failureUserList).toEqual([{ userID: UNKNOWN, code: expect.any(Number), message: expect.any(String) }])
        expect(data.failureUserList[0]?.code).not.toBe(0)
      })

      behaviour('answers self as ONLINE with the own custom status, even with the feature unavailable', async () => {
        await login()
        await engine.setSelfStatus({ customStatus: 'coding' })
        harness.setEditionIncludesUserStatus(false)
        harness.setUserStatusEnabled(false)
        const { data } = await engine.getUserStatus({ userIDList: [SELF] })
        expect({ ...data, successUserList: data.successUserList.map(withoutSince) }).toEqual({
          successUserList: [{ userID: SELF, statusType: TYPES.USER_STATUS_ONLINE, customStatus: 'coding' }],
          failureUserList: [],
        })
      })

      behaviour('rejects an empty userIDList with 3153 and a non-string ID with 6017', async () => {
        await login()
        expect(await codeOf(engine.getUserStatus({ userIDList: [] }))).toBe(ERROR_CODE.OPTIONS_IS_EMPTY)
        expect(await codeOf(engine.subscribeUserStatus({ userIDList: [] }))).toBe(ERROR_CODE.OPTIONS_IS_EMPTY)
        // A caller without types (plain JS) can pass anything; the engine must answer with a code, not crash.
        const untyped: UntypedStatusApi = engine
        expect(await codeOf(untyped.getUserStatus({ userIDList: ['bob', 42] }))).toBe(ERROR_CODE.INVALID_PARAMETERS)
      })
    })

    describe('oversized lists', () => {
      behaviour('an oversized getUserStatus that includes self answers each user at most once', async () => {
        await login()
        const many = [SELF, ...Array.from({ length: 520 }, (_, i) => `extra-${i}`)]
        const { data } = await engine.getUserStatus({ userIDList: many })
        const ids = data.successUserList.map((status) => status.userID)
        expect(new Set(ids).size).toBe(ids.length)
        expect(ids.filter((id) => id === SELF)).toHaveLength(1)
      })
    })

    describe('subscriptions and USER_STATUS_UPDATED', () => {
      behaviour('a subscribed user’s changes arrive as { userID, statusType, customStatus }', async () => {
        await login()
        const { code, data } = await engine.subscribeUserStatus({ userIDList: ['bob'] })
        expect(code).toBe(0)
        expect(data.failureUserList).toEqual([])
        expect(harness.subscribedIDs()).toEqual(['bob'])

        harness.setPresence('bob', 'online')
        await harness.settle()
        expect(events.statusesOf('bob')).toEqual([{ userID: 'bob', statusType: TYPES.USER_STATUS_ONLINE, customStatus: '' }])

        harness.setCustomStatus('bob', 'in a meeting')
        await harness.settle()
        expect(events.statusesOf('bob').at(-1)).toEqual({
          userID: 'bob',
          statusType: TYPES.USER_STATUS_ONLINE,
          customStatus: 'in a meeting',
        })

        harness.setPresence('bob', 'offline')
        await harness.settle()
        expect(events.statusesOf('bob').at(-1)?.statusType).toBe(TYPES.USER_STATUS_OFFLINE)
      })

      behaviour('users that were not subscribed send no events', async () => {
        await login()
        await engine.subscribeUserStatus({ userIDList: ['bob'] })
        harness.setPresence('carol', 'online')
        await harness.settle()
        expect(events.statusesOf('carol')).toEqual([])
      })

      behaviour('unsubscribing stops the events of that user only', async () => {
        await login()
        await engine.subscribeUserStatus({ userIDList: ['bob', 'carol'] })
        const { code, data } = await engine.unsubscribeUserStatus({ userIDList: ['bob'] })
        expect(code).toBe(0)
        expect(data.failureUserList).toEqual([])
        expect(harness.subscribedIDs()).toEqual(['carol'])
        harness.setPresence('bob', 'online')
        harness.setPresence('carol', 'online')
        await harness.settle()
        expect(events.statusesOf('bob')).toEqual([])
        expect(events.statusesOf('carol')).toHaveLength(1)
      })

      behaviour('unsubscribeUserStatus() with no list, or an empty one, clears every subscription', async () => {
        await login()
        await engine.subscribeUserStatus({ userIDList: ['bob', 'carol'] })
        await engine.unsubscribeUserStatus()
        expect(harness.subscribedIDs()).toEqual([])
        harness.setPresence('bob', 'online')
        harness.setPresence('carol', 'online')
        await harness.settle()
        expect(events.statuses).toEqual([])

        await engine.subscribeUserStatus({ userIDList: ['dave'] })
        await engine.unsubscribeUserStatus({ userIDList: [] })
        expect(harness.subscribedIDs()).toEqual([])
      })

      behaviour('subscribing oneself is a failure entry, not a subscription', async () => {
        await login()
        const { data } = await engine.subscribeUserStatus({ userIDList: [SELF, 'bob'] })
        expect(data.failureUserList).toEqual([{ userID: SELF, code: expect.any(Number), message: expect.any(String) }])
        expect(harness.subscribedIDs()).toEqual(['bob'])
      })

      behaviour('subscribing an unknown user is a failure entry', async () => {
        await login()
        const { data } = await engine.subscribeUserStatus({ userIDList: [UNKNOWN] })
        expect(data.failureUserList.map((failure) => failure.userID)).toEqual([UNKNOWN])
        expect(harness.subscribedIDs()).toEqual([])
      })

      behaviour('setSelfStatus resolves the own status and notifies self; \'\' clears it', async () => {
        await login()
        const set = await engine.setSelfStatus({ customStatus: 'coding' })
        expect({ ...set, data: withoutSince(set.data) }).toEqual({ code: 0, data: { userID: SELF, statusType: TYPES.USER_STATUS_ONLINE, customStatus: 'coding' } })
        await harness.settle()
        expect(events.statusesOf(SELF).at(-1)).toEqual({ userID: SELF, statusType: TYPES.USER_STATUS_ONLINE, customStatus: 'coding' })

        const cleared = await engine.setSelfStatus({ customStatus: '' })
        expect(cleared.data.customStatus).toBe('')
        await harness.settle()
        expect(events.statusesOf(SELF).at(-1)?.customStatus).toBe('')
      })
    })

    describe('errors keep the SDK codes', () => {
      behaviour('72001 when the console switch is off, for get, subscribe and unsubscribe; setSelfStatus still works', async () => {
        await login()
        harness.setUserStatusEnabled(false)
        const error = await rejection(engine.getUserStatus({ userIDList: ['bob'] }))
        expect(error.code).toBe(ERROR_CODE.FEATURE_NOT_ENABLED)
        expect(error.message).not.toBe('')
        expect(await codeOf(engine.subscribeUserStatus({ userIDList: ['bob'] }))).toBe(ERROR_CODE.FEATURE_NOT_ENABLED)
        expect(await codeOf(engine.unsubscribeUserStatus({ userIDList: ['bob'] }))).toBe(ERROR_CODE.FEATURE_NOT_ENABLED)
        expect(await codeOf(engine.unsubscribeUserStatus())).toBe(ERROR_CODE.FEATURE_NOT_ENABLED)
        expect((await engine.setSelfStatus({ customStatus: 'still here' })).code).toBe(0)
        expect(harness.subscribedIDs()).toEqual([])

        harness.setUserStatusEnabled(true)
        expect((await engine.subscribeUserStatus({ userIDList: ['bob'] })).code).toBe(0)
      })

      behaviour('3122 when the edition lacks user status, for get, subscribe and unsubscribe', async () => {
        await login()
        harness.setEditionIncludesUserStatus(false)
        const error = await rejection(engine.subscribeUserStatus({ userIDList: ['bob'] }))
        expect(error.code).toBe(ERROR_CODE.EDITION_NOT_SUPPORTED)
        expect(error.message).not.toBe('')
        expect(await codeOf(engine.getUserStatus({ userIDList: ['bob'] }))).toBe(ERROR_CODE.EDITION_NOT_SUPPORTED)
        expect(await codeOf(engine.unsubscribeUserStatus({ userIDList: ['bob'] }))).toBe(ERROR_CODE.EDITION_NOT_SUPPORTED)
        expect((await engine.setSelfStatus({ customStatus: 'fine' })).code).toBe(0)
      })

      behaviour('2996 after 20 calls to one API in a fixed 5 s window from the first call; other APIs keep their own', async () => {
        vi.useFakeTimers({ toFake: ['Date'], now: new Date('2025-01-01T00:00:00Z') })
        await login()
        for (let i = 0; i < 20; i++) {
          expect((await engine.getUserStatus({ userIDList: ['bob'] })).code).toBe(0)
          advanceClock(100)
        }
        const error = await rejection(engine.getUserStatus({ userIDList: ['bob'] }))
        expect(error.code).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
        expect(isNotReady(error)).toBe(false)
        // Another API, and self-only queries, are not affected.
        expect((await engine.subscribeUserStatus({ userIDList: ['bob'] })).code).toBe(0)
        expect((await engine.getUserStatus({ userIDList: [SELF] })).code).toBe(0)
        // 4999 ms after the first call: the same window.
        advanceClock(5_000 - 20 * 100 - 1)
        expect(await codeOf(engine.getUserStatus({ userIDList: ['bob'] }))).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
        // 5 s after the first call a new window opens with all 20 calls (a sliding window would free one).
        advanceClock(1)
        for (let i = 0; i < 20; i++) expect((await engine.getUserStatus({ userIDList: ['bob'] })).code).toBe(0)
        expect(await codeOf(engine.getUserStatus({ userIDList: ['bob'] }))).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
      })

      behaviour('every attempt counts toward the 2996 window, those the server refused (72001) too', async () => {
        vi.useFakeTimers({ toFake: ['Date'], now: new Date('2025-01-01T00:00:00Z') })
        await login()
        harness.setUserStatusEnabled(false)
        for (let i = 0; i < 5; i++) expect(await codeOf(engine.subscribeUserStatus({ userIDList: ['bob'] }))).toBe(ERROR_CODE.FEATURE_NOT_ENABLED)
        harness.setUserStatusEnabled(true)
        for (let i = 0; i < 15; i++) expect((await engine.subscribeUserStatus({ userIDList: ['bob'] })).code).toBe(0)
        expect(await codeOf(engine.subscribeUserStatus({ userIDList: ['bob'] }))).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
      })

      behaviour('setSelfStatus is not rate limited', async () => {
        vi.useFakeTimers({ toFake: ['Date'], now: new Date('2025-01-01T00:00:00Z') })
        await login()
        for (let i = 0; i < 30; i++) expect((await engine.setSelfStatus({ customStatus: `n${i}` })).code).toBe(0)
      })
    })

    describe('lifecycle events', () => {
      behaviour('a kick-out emits KICKED_OUT { type } then SDK_NOT_READY; calls reject with the type\'s code (3002-3006)', async () => {
        const kicks: Array<[string, number]> = [
          [TYPES.KICKED_OUT_MULT_ACCOUNT, ERROR_CODE.KICKED_OUT_MULT_ACCOUNT],
          [TYPES.KICKED_OUT_MULT_DEVICE, ERROR_CODE.KICKED_OUT_MULT_DEVICE],
          [TYPES.KICKED_OUT_USERSIG_EXPIRED, ERROR_CODE.KICKED_OUT_USERSIG_EXPIRED],
          [TYPES.KICKED_OUT_REST_API, ERROR_CODE.KICKED_OUT_REST_API],
        ]
        for (const [type, code] of kicks) {
          await login()
          await engine.subscribeUserStatus({ userIDList: ['bob'] })
          harness.kickOut(type)
          await harness.settle()
          expect(events.kicks).toEqual([type])
          const kicked = events.names.indexOf(EVENT.KICKED_OUT)
          expect(kicked).toBeGreaterThanOrEqual(0)
          expect(events.names.indexOf(EVENT.SDK_NOT_READY)).toBeGreaterThan(kicked)
          expect(engine.isReady()).toBe(false)
          const error = await rejection(engine.getUserStatus({ userIDList: ['bob'] }))
          expect(error.code).toBe(code)
          expect(isNotReady(error)).toBe(true)
          expect(await codeOf(engine.logout())).toBe(ERROR_CODE.NOT_LOGGED_IN)
          expect(harness.subscribedIDs()).toEqual([])
        }
      })

      behaviour('NET_STATE_CHANGE reports { state } when the connection drops and comes back', async () => {
        await login()
        harness.loseConnection()
        await harness.settle()
        expect(events.netStates).toEqual([TYPES.NET_STATE_DISCONNECTED])
        await harness.restoreConnection()
        await harness.settle()
        expect(events.netStates.at(-1)).toBe(TYPES.NET_STATE_CONNECTED)
      })
    })

    describe('on / off', () => {
      behaviour('off removes exactly the handler given to on; the same handler twice is called once', async () => {
        await login()
        await engine.subscribeUserStatus({ userIDList: ['bob'] })
        const seen: string[] = []
        const handler = ({ data }: { data: UserStatus[] }) => {
          for (const status of data) seen.push(status.userID)
        }
        engine.on(EVENT.USER_STATUS_UPDATED, handler)
        engine.on(EVENT.USER_STATUS_UPDATED, handler)
        harness.setPresence('bob', 'online')
        await harness.settle()
        expect(seen).toEqual(['bob'])

        engine.off(EVENT.USER_STATUS_UPDATED, handler)
        harness.setPresence('bob', 'offline')
        await harness.settle()
        expect(seen).toEqual(['bob'])
        // The recorder registered before is still there.
        expect(events.statusesOf('bob')).toHaveLength(2)
      })
    })

    it('lists as unsupported only behaviours the suite has', () => {
      expect([...unused]).toEqual([])
    })
  })
}
