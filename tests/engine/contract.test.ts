// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { startPresenceServer } from '../../server/presence-server'
import { createToken } from '../../server/auth'
import { TYPES } from '../../src/engine/constants'
import { createLocalEngine, createWorld, type Presence as WorldPresence } from '../../src/engine/local'
import { createTencentEngine } from '../../src/engine/tencent'
import type { WorldSession } from '../../src/engine/local'
import { createSocketEngine } from '../../src/engine/socket'
import type { UserStatusType } from '../../src/engine/types'
import { contractBehaviours, describeEngineContract, type EngineHarness, type HarnessSetup, type Presence } from './contract'
import { sdkConversation, sdkFriend, sdkProfile, TencentChatDouble, type SdkConversation, type SdkFriend } from './tencent-double'

/** Lets queued microtasks run (event dispatch, promise continuations); works with fake timers. */
async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve()
}

// ---------------------------------------------------------------- (a) the embedded engine

function localHarness({ self, users }: HarnessSetup): EngineHarness {
  const world = createWorld()
  world.addUser({ userID: self, nick: 'Alice' })
  for (const userID of users) world.addUser({ userID, nick: userID.toUpperCase() })
  const engine = createLocalEngine({ world })
  const presenceOf: Record<Presence, WorldPresence> = { online: 'online', offline: 'offline', unlogined: 'unlogined' }
  return {
    engine,
    setPresence: (userID, presence) => world.setPresence(userID, presenceOf[presence]),
    setCustomStatus: (userID, customStatus) => world.setCustomStatus(userID, customStatus),
    setEditionIncludesUserStatus: (included) => world.setEdition(included ? 'ultimate' : 'standard'),
    setUserStatusEnabled: (enabled) => world.setUserStatusEnabled(enabled),
    subscribedIDs: () => world.subscriptionsOf(engine),
    addFriend: (userID, options) => world.addFriend(self, userID, options),
    addConversation: (userID, { text, lastTime, unreadCount }) => {
      world.addConversation(self, { userID }, { lastMessage: { messageForShow: text, lastTime, fromAccount: userID }, unreadCount })
    },
    kickOut: (type) => world.kickOut(engine, type),
    loseConnection: () => engine.dropConnection(),
    restoreConnection: () => engine.restoreConnection(),
    settle: flushMicrotasks,
  }
}

// ---------------------------------------------------------------- (b) the Tencent adapter over the SDK double

const STATUS_OF: Record<Presence, UserStatusType> = {
  online: TYPES.USER_STATUS_ONLINE,
  offline: TYPES.USER_STATUS_OFFLINE,
  unlogined: TYPES.USER_STATUS_UNLOGINED,
}

function tencentHarness({ self, users }: HarnessSetup, partialUpdatedConversations: boolean): EngineHarness {
  const double = new TencentChatDouble({
    users: [{ userID: self, nick: 'Alice' }, ...users.map((userID) => ({ userID, nick: userID.toUpperCase() }))],
    partialUpdatedConversations,
    // With partial updates, the SDK has part of the list at SDK_READY and the sync brings the rest.
    conversationsBeforeSync: partialUpdatedConversations ? 1 : 0,
  })
  const engine = createTencentEngine(double, { partialUpdatedConversations })
  const friends: SdkFriend[] = []
  const conversations: SdkConversation[] = []
  return {
    engine,
    setPresence: (userID, presence) => {
      double.setUserStatus(userID, { statusType: STATUS_OF[presence] })
    },
    setCustomStatus: (userID, customStatus) => {
      double.setUserStatus(userID, { customStatus })
    },
    setEditionIncludesUserStatus: (included) => {
      double.editionIncludesUserStatus = included
    },
    setUserStatusEnabled: (enabled) => {
      double.userStatusEnabled = enabled
    },
    subscribedIDs: () => double.subscribedIDs(),
    addFriend: (userID, { remark, groupList }) => {
      friends.push(sdkFriend(userID, { nick: userID.toUpperCase(), remark, groupList }))
      double.setFriends(friends)
    },
    addConversation: (userID, { text, lastTime, unreadCount }) => {
      const conversation = sdkConversation(`C2C${userID}`, {
        text,
        lastTime,
        unreadCount,
        fromAccount: userID,
        userProfile: sdkProfile(userID, userID.toUpperCase()),
      })
      const index = conversations.findIndex((c) => c.conversationID === conversation.conversationID)
      if (index >= 0) conversations[index] = conversation
      else conversations.push(conversation)
      double.setConversations(conversations)
    },
    kickOut: (type) => double.kickOut(type),
    loseConnection: () => double.setNetState(TYPES.NET_STATE_DISCONNECTED),
    restoreConnection: () => {
      double.setNetState(TYPES.NET_STATE_CONNECTING)
      double.setNetState(TYPES.NET_STATE_CONNECTED)
    },
    settle: async () => {
      await double.idle()
      await flushMicrotasks()
    },
  }
}

// ---------------------------------------------------------------- (c) the socket engine over a presence server

const SECRET = 'contract-secret-0123456789abcdef'

async function socketHarness({ self, users }: HarnessSetup): Promise<EngineHarness> {
  const server = await startPresenceServer({
    port: 0,
    host: '127.0.0.1',
    secret: SECRET,
    heartbeatMs: 60_000,
    heartbeatTimeoutMs: 120_000,
    rateLimit: { burst: 1_000, perSecond: 1_000 },
    // The server's own limit per user across devices (real time) is not part of the SDK's contract.
    userRateLimit: { calls: 1_000, windowMs: 5_000 },
  })
  const { world } = server
  world.addUser({ userID: self, nick: 'Alice' })
  for (const userID of users) world.addUser({ userID, nick: userID.toUpperCase() })
  const sockets: WebSocket[] = []
  class TrackedWebSocket extends WebSocket {
    constructor(address: string) {
      super(address)
      sockets.push(this)
    }
  }
  const engine = createSocketEngine({
    url: server.url,
    userID: self,
    token: createToken(SECRET, self),
    WebSocket: TrackedWebSocket,
    reconnect: { initialDelayMs: 150, maxDelayMs: 150, jitter: 0 },
    heartbeatMs: 0,
  })
  let session: WorldSession | undefined
  /** The server's session of this engine: the logged-in one, else the last one seen. */
  const sessionOf = (): WorldSession => {
    session = world.clients().find((client) => client.userID === self) ?? session
    if (!session) throw new Error('The socket engine has no session on the server yet: log in first.')
    return session
  }
  const quiet = () => new Promise<void>((resolve) => setTimeout(resolve, 30))
  return {
    engine,
    setPresence: (userID, presence) => world.setPresence(userID, presence),
    setCustomStatus: (userID, customStatus) => world.setCustomStatus(userID, customStatus),
    setEditionIncludesUserStatus: (included) => world.setEdition(included ? 'ultimate' : 'standard'),
    setUserStatusEnabled: (enabled) => world.setUserStatusEnabled(enabled),
    // A session the server closed (the socket of a kicked-out client) holds no subscriptions.
    subscribedIDs: () => {
      const current = sessionOf()
      return world.clients().includes(current) ? world.subscriptionsOf(current) : []
    },
    addFriend: (userID, options) => world.addFriend(self, userID, options),
    addConversation: (userID, { text, lastTime, unreadCount }) => {
      world.addConversation(self, { userID }, { lastMessage: { messageForShow: text, lastTime, fromAccount: userID }, unreadCount })
    },
    kickOut: (type) => world.kickOut(sessionOf(), type),
    loseConnection: () => sockets.at(-1)?.terminate(),
    restoreConnection: async () => {
      const start = Date.now()
      while (engine.getNetState() !== TYPES.NET_STATE_CONNECTED) {
        if (Date.now() - start > 5_000) throw new Error('The socket engine did not reconnect within 5 s.')
        await quiet()
      }
    },
    settle: quiet,
    dispose: async () => {
      engine.destroy()
      await server.close()
    },
  }
}

/** The behaviours each engine cannot have, by name, with the reason the suite reports. */
const OVERSIZED = 'an oversized getUserStatus that includes self answers each user at most once'
const LOGIN_IN_FLIGHT = 'a second login while one is in flight rejects 2025; calls meanwhile reject 3000'
const FIXED_WINDOW = '2996 after 20 calls to one API in a fixed 5 s window from the first call; other APIs keep their own'

describeEngineContract('embedded engine (createLocalEngine)', localHarness, {
  [LOGIN_IN_FLIGHT]: 'the embedded engine logs in synchronously, so no login is ever in flight',
  [OVERSIZED]: 'lists over engine.limits are refused with 6017 instead of being truncated, so no list is oversized',
})
describeEngineContract('Tencent adapter over the SDK double (createTencentEngine)', (setup) => tencentHarness(setup, false))
describeEngineContract('Tencent adapter over the SDK double, partialUpdatedConversations: true', (setup) => tencentHarness(setup, true))
describeEngineContract('socket engine over an in-process presence server (createSocketEngine)', socketHarness, {
  [OVERSIZED]: 'the presence server refuses lists over engine.limits with 6017 instead of truncating them',
  [FIXED_WINDOW]:
    'the presence server also keeps a sliding 20 / 5 s window per socket (Connection.statusCalls, real time), so a new fixed window does not free all 20 calls',
})

describe('ChatEngine contract: every engine', () => {
  it('reports the same named behaviours', () => {
    const lists = [...contractBehaviours().values()]
    expect(lists).toHaveLength(4)
    for (const list of lists) expect(list).toEqual(lists[0])
  })
})
