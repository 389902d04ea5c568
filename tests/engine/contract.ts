import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ERROR_CODE, EVENT, TYPES } from '../../src/engine/constants'
import { ChatError } from '../../src/engine/errors'
import type {
  ChatEngine,
  Conversation,
  EngineEventName,
  Friend,
  NetState,
  UserStatus,
} from '../../src/engine/types'

/**
 * The behaviour every `ChatEngine` shares, written once and run against each engine through a harness.
 *
 * Only behaviours the engines agree on by design are here. Differences on purpose stay out (they are tested
 * per engine): over the per-call limits the embedded engine rejects with 6017 while the SDK silently truncates;
 * the codes of per-user failure entries are the server's and only their shape is checked here.
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
  /** A C2C conversation of the logged-in user with `userID`. */
  addConversation(userID: string, options: { text: string; lastTime: number; unreadCount: number }): void
  /** The server logs this client out (KICKED_OUT `{ type }`, then SDK_NOT_READY). */
  kickOut(type: string): void
  /** The connection drops (NET_STATE_CHANGE disconnected). */
  loseConnection(): void
  /** The connection comes back (NET_STATE_CHANGE ... connected). */
  restoreConnection(): void
  /** Lets every pending event reach the engine's handlers. */
  settle(): Promise<void>
}

export interface HarnessSetup {
  /** The user the suite logs in as. */
  self: string
  /** Other users the server knows, all unlogined with no custom status. */
  users: string[]
}

export type HarnessFactory = (setup: HarnessSetup) => EngineHarness

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
    statuses.push(...data)
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

export function describeEngineContract(engineName: string, createHarness: HarnessFactory): void {
  describe(`ChatEngine contract: ${engineName}`, () => {
    let harness: EngineHarness
    let engine: ChatEngine
    let events: ReturnType<typeof recordEvents>

    beforeEach(() => {
      harness = createHarness({ self: SELF, users: [...USERS] })
      engine = harness.engine
      events = recordEvents(engine)
    })

    afterEach(() => {
      vi.useRealTimers()
    })

    async function login(): Promise<void> {
      await engine.login({ userID: SELF, userSig: SIG })
      await harness.settle()
      events.clear()
    }

    describe('login and logout', () => {
      it('is not ready and has no user before login', () => {
        expect(engine.isReady()).toBe(false)
        expect(engine.getLoginUser()).toBe('')
      })

      it('login resolves { code: 0, data: { repeatLogin: false } }, is ready at once and emits SDK_READY', async () => {
        const response = await engine.login({ userID: SELF, userSig: SIG })
        expect(response).toEqual({ code: 0, data: { repeatLogin: false } })
        expect(engine.isReady()).toBe(true)
        expect(engine.getLoginUser()).toBe(SELF)
        await harness.settle()
        expect(events.names).toContain(EVENT.SDK_READY)
      })

      it('logging in again as the same user resolves repeatLogin: true', async () => {
        await login()
        const response = await engine.login({ userID: SELF, userSig: SIG })
        expect(response.data.repeatLogin).toBe(true)
        expect(engine.isReady()).toBe(true)
      })

      it('every call made before login rejects with 2999', async () => {
        const calls: Array<() => Promise<unknown>> = [
          () => engine.getConversationList(),
          () => engine.getFriendList(),
          () => engine.getUserStatus({ userIDList: ['bob'] }),
          () => engine.getUserStatus({ userIDList: [SELF] }),
          () => engine.subscribeUserStatus({ userIDList: ['bob'] }),
          () => engine.unsubscribeUserStatus({ userIDList: ['bob'] }),
          () => engine.unsubscribeUserStatus(),
          () => engine.setSelfStatus({ customStatus: 'hi' }),
        ]
        for (const call of calls) expect(await codeOf(call())).toBe(ERROR_CODE.SDK_NOT_READY)
      })

      it('logout resolves, emits SDK_NOT_READY, and later calls reject with 2999', async () => {
        await login()
        expect(await engine.logout()).toEqual({ code: 0, data: {} })
        await harness.settle()
        expect(events.names).toContain(EVENT.SDK_NOT_READY)
        expect(engine.isReady()).toBe(false)
        expect(engine.getLoginUser()).toBe('')
        expect(await codeOf(engine.getUserStatus({ userIDList: ['bob'] }))).toBe(ERROR_CODE.SDK_NOT_READY)
      })

      it('can log in again after logout', async () => {
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
      it('getFriendList resolves the kit Friend shape', async () => {
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

      it('getConversationList resolves C2C conversations with the partner in userProfile', async () => {
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

      it('list changes arrive as FRIEND_LIST_UPDATED and CONVERSATION_LIST_UPDATED', async () => {
        await login()
        harness.addFriend('dave', { remark: '', groupList: [] })
        harness.addConversation('dave', { text: 'hello', lastTime: 1_700_000_100, unreadCount: 1 })
        await harness.settle()
        expect(events.friendLists.at(-1)?.map((friend) => friend.userID)).toContain('dave')
        expect(events.conversationLists.at(-1)?.map((c) => c.conversationID)).toContain('C2Cdave')
      })
    })

    describe('getUserStatus', () => {
      it('answers known users in successUserList and unknown ones in failureUserList', async () => {
        await login()
        harness.setPresence('bob', 'online')
        harness.setCustomStatus('bob', 'listening to music')
        harness.setPresence('carol', 'offline')
        const { code, data } = await engine.getUserStatus({ userIDList: ['bob', 'carol', 'dave', UNKNOWN] })
        expect(code).toBe(0)
        expect(data.successUserList).toEqual(
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

      it('answers self as ONLINE with the own custom status, even with the feature unavailable', async () => {
        await login()
        await engine.setSelfStatus({ customStatus: 'coding' })
        harness.setEditionIncludesUserStatus(false)
        harness.setUserStatusEnabled(false)
        const { data } = await engine.getUserStatus({ userIDList: [SELF] })
        expect(data).toEqual({
          successUserList: [{ userID: SELF, statusType: TYPES.USER_STATUS_ONLINE, customStatus: 'coding' }],
          failureUserList: [],
        })
      })

      it('rejects an empty userIDList with 3153 and a non-string ID with 6017', async () => {
        await login()
        expect(await codeOf(engine.getUserStatus({ userIDList: [] }))).toBe(ERROR_CODE.OPTIONS_IS_EMPTY)
        expect(await codeOf(engine.subscribeUserStatus({ userIDList: [] }))).toBe(ERROR_CODE.OPTIONS_IS_EMPTY)
        // A caller without types (plain JS) can pass anything; the engine must answer with a code, not crash.
        const untyped: UntypedStatusApi = engine
        expect(await codeOf(untyped.getUserStatus({ userIDList: ['bob', 42] }))).toBe(ERROR_CODE.INVALID_PARAMETERS)
      })
    })

    describe('subscriptions and USER_STATUS_UPDATED', () => {
      it('a subscribed user’s changes arrive as { userID, statusType, customStatus }', async () => {
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

      it('users that were not subscribed send no events', async () => {
        await login()
        await engine.subscribeUserStatus({ userIDList: ['bob'] })
        harness.setPresence('carol', 'online')
        await harness.settle()
        expect(events.statusesOf('carol')).toEqual([])
      })

      it('unsubscribing stops the events of that user only', async () => {
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

      it('unsubscribeUserStatus() with no list, or an empty one, clears every subscription', async () => {
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

      it('subscribing oneself is a failure entry, not a subscription', async () => {
        await login()
        const { data } = await engine.subscribeUserStatus({ userIDList: [SELF, 'bob'] })
        expect(data.failureUserList).toEqual([{ userID: SELF, code: expect.any(Number), message: expect.any(String) }])
        expect(harness.subscribedIDs()).toEqual(['bob'])
      })

      it('subscribing an unknown user is a failure entry', async () => {
        await login()
        const { data } = await engine.subscribeUserStatus({ userIDList: [UNKNOWN] })
        expect(data.failureUserList.map((failure) => failure.userID)).toEqual([UNKNOWN])
        expect(harness.subscribedIDs()).toEqual([])
      })

      it('setSelfStatus resolves the own status and notifies self; \'\' clears it', async () => {
        await login()
        const set = await engine.setSelfStatus({ customStatus: 'coding' })
        expect(set).toEqual({ code: 0, data: { userID: SELF, statusType: TYPES.USER_STATUS_ONLINE, customStatus: 'coding' } })
        await harness.settle()
        expect(events.statusesOf(SELF).at(-1)).toEqual({ userID: SELF, statusType: TYPES.USER_STATUS_ONLINE, customStatus: 'coding' })

        const cleared = await engine.setSelfStatus({ customStatus: '' })
        expect(cleared.data.customStatus).toBe('')
        await harness.settle()
        expect(events.statusesOf(SELF).at(-1)?.customStatus).toBe('')
      })
    })

    describe('errors keep the SDK codes', () => {
      it('72001 when the console switch is off, for get, subscribe and unsubscribe; setSelfStatus still works', async () => {
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

      it('3122 when the edition lacks user status, for get, subscribe and unsubscribe', async () => {
        await login()
        harness.setEditionIncludesUserStatus(false)
        const error = await rejection(engine.subscribeUserStatus({ userIDList: ['bob'] }))
        expect(error.code).toBe(ERROR_CODE.EDITION_NOT_SUPPORTED)
        expect(error.message).not.toBe('')
        expect(await codeOf(engine.getUserStatus({ userIDList: ['bob'] }))).toBe(ERROR_CODE.EDITION_NOT_SUPPORTED)
        expect(await codeOf(engine.unsubscribeUserStatus({ userIDList: ['bob'] }))).toBe(ERROR_CODE.EDITION_NOT_SUPPORTED)
        expect((await engine.setSelfStatus({ customStatus: 'fine' })).code).toBe(0)
      })

      it('2996 after 20 calls in 5 s to one API; other APIs keep their own budget; the window slides', async () => {
        vi.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z') })
        await login()
        for (let i = 0; i < 20; i++) {
          expect((await engine.getUserStatus({ userIDList: ['bob'] })).code).toBe(0)
          vi.advanceTimersByTime(100)
        }
        const error = await rejection(engine.getUserStatus({ userIDList: ['bob'] }))
        expect(error.code).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
        // Another API, and self-only queries, are not affected.
        expect((await engine.subscribeUserStatus({ userIDList: ['bob'] })).code).toBe(0)
        expect((await engine.getUserStatus({ userIDList: [SELF] })).code).toBe(0)
        // 5 s after the first call, one slot is free again.
        vi.advanceTimersByTime(5_000 - 20 * 100)
        expect((await engine.getUserStatus({ userIDList: ['bob'] })).code).toBe(0)
        expect(await codeOf(engine.getUserStatus({ userIDList: ['bob'] }))).toBe(ERROR_CODE.OVER_FREQUENCY_LIMIT)
      })

      it('setSelfStatus is not rate limited', async () => {
        vi.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z') })
        await login()
        for (let i = 0; i < 30; i++) expect((await engine.setSelfStatus({ customStatus: `n${i}` })).code).toBe(0)
      })
    })

    describe('lifecycle events', () => {
      it('a kick-out emits KICKED_OUT { type } then SDK_NOT_READY, and calls reject with 2999', async () => {
        await login()
        await engine.subscribeUserStatus({ userIDList: ['bob'] })
        harness.kickOut(TYPES.KICKED_OUT_MULT_ACCOUNT)
        await harness.settle()
        expect(events.kicks).toEqual([TYPES.KICKED_OUT_MULT_ACCOUNT])
        const kicked = events.names.indexOf(EVENT.KICKED_OUT)
        expect(kicked).toBeGreaterThanOrEqual(0)
        expect(events.names.indexOf(EVENT.SDK_NOT_READY)).toBeGreaterThan(kicked)
        expect(engine.isReady()).toBe(false)
        expect(await codeOf(engine.getUserStatus({ userIDList: ['bob'] }))).toBe(ERROR_CODE.SDK_NOT_READY)
        expect(harness.subscribedIDs()).toEqual([])
      })

      it('NET_STATE_CHANGE reports { state } when the connection drops and comes back', async () => {
        await login()
        harness.loseConnection()
        await harness.settle()
        expect(events.netStates).toEqual([TYPES.NET_STATE_DISCONNECTED])
        harness.restoreConnection()
        await harness.settle()
        expect(events.netStates.at(-1)).toBe(TYPES.NET_STATE_CONNECTED)
      })
    })

    describe('on / off', () => {
      it('off removes exactly the handler given to on; the same handler twice is called once', async () => {
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
  })
}
