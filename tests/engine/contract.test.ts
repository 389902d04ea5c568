// @vitest-environment node
import { TYPES } from '../../src/engine/constants'
import { createLocalEngine, createWorld, type Presence as WorldPresence } from '../../src/engine/local'
import { createTencentEngine } from '../../src/engine/tencent'
import type { UserStatusType } from '../../src/engine/types'
import { describeEngineContract, type EngineHarness, type HarnessSetup, type Presence } from './contract'
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

function tencentHarness({ self, users }: HarnessSetup): EngineHarness {
  const double = new TencentChatDouble({
    users: [{ userID: self, nick: 'Alice' }, ...users.map((userID) => ({ userID, nick: userID.toUpperCase() }))],
  })
  const engine = createTencentEngine(double)
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
      conversations.push(
        sdkConversation(`C2C${userID}`, {
          text,
          lastTime,
          unreadCount,
          fromAccount: userID,
          userProfile: sdkProfile(userID, userID.toUpperCase()),
        }),
      )
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

describeEngineContract('embedded engine (createLocalEngine)', localHarness)
describeEngineContract('Tencent adapter over the SDK double (createTencentEngine)', tencentHarness)
