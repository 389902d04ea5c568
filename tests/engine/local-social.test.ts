// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TYPES } from '../../src/engine/constants'
import { createLocalEngine, createWorld } from '../../src/engine/local'
import type { Conversation, Friend } from '../../src/engine/types'
import { flush, loginDevice } from './helpers'

afterEach(() => {
  vi.useRealTimers()
})

describe('friends', () => {
  it('addFriend is mutual, in the SDK shape, and notifies both users\' clients with their full list', async () => {
    const world = createWorld()
    world.addUser({ userID: 'alice', nick: 'Alice', avatar: 'a.png' })
    world.addUser({ userID: 'bob', nick: 'Bob' })
    const alice = await loginDevice(world, 'alice')
    const bob = await loginDevice(world, 'bob')
    world.addFriend('alice', 'bob', { remark: 'Bobby', groupList: ['Team'] })
    world.addFriend('alice', 'carol')
    const bobSees: Friend = {
      userID: 'bob',
      remark: 'Bobby',
      profile: { userID: 'bob', nick: 'Bob', avatar: '' },
      groupList: ['Team'],
    }
    expect((await alice.engine.getFriendList()).data).toEqual([
      bobSees,
      { userID: 'carol', remark: '', profile: { userID: 'carol', nick: '', avatar: '' }, groupList: [] },
    ])
    expect((await bob.engine.getFriendList()).data).toEqual([
      { userID: 'alice', remark: '', profile: { userID: 'alice', nick: 'Alice', avatar: 'a.png' }, groupList: [] },
    ])
    await flush()
    const aliceEvents = alice.log.events.filter((event) => event.name === 'onFriendListUpdated')
    expect(aliceEvents).toHaveLength(2)
    expect(aliceEvents[0].data).toEqual([bobSees])
    expect(bob.log.names()).toEqual(['onFriendListUpdated'])
  })

  it('removeFriend ends the friendship both ways and notifies both', async () => {
    const world = createWorld()
    world.addFriend('alice', 'bob')
    const alice = await loginDevice(world, 'alice')
    const bob = await loginDevice(world, 'bob')
    world.removeFriend('bob', 'alice')
    await flush()
    expect((await alice.engine.getFriendList()).data).toEqual([])
    expect((await bob.engine.getFriendList()).data).toEqual([])
    expect(alice.log.events).toEqual([{ name: 'onFriendListUpdated', data: [] }])
    expect(bob.log.events).toEqual([{ name: 'onFriendListUpdated', data: [] }])
    expect(() => world.addFriend('alice', 'alice')).toThrow()
  })
})

describe('conversations', () => {
  it('lists pinned first, then by last message time (newest first), in the SDK shape', async () => {
    const world = createWorld()
    world.addUser({ userID: 'bob', nick: 'Bob' })
    const message = (lastTime: number) => ({ messageForShow: `at ${lastTime}`, lastTime, fromAccount: 'x' })
    world.addConversation('alice', { userID: 'bob' }, { lastMessage: message(100), unreadCount: 2 })
    world.addConversation('alice', { userID: 'carol' }, { lastMessage: message(300) })
    world.addConversation('alice', { groupID: 'g1', name: 'Team' }, { lastMessage: message(50), isPinned: true })
    world.addConversation('alice', { userID: 'dave' })
    const alice = await loginDevice(world, 'alice')
    const { data } = await alice.engine.getConversationList()
    expect(data.conversationList.map((conversation) => conversation.conversationID)).toEqual([
      'GROUPg1',
      'C2Ccarol',
      'C2Cbob',
      'C2Cdave',
    ])
    const expected: Conversation[] = [
      {
        conversationID: 'GROUPg1',
        type: TYPES.CONV_GROUP,
        unreadCount: 0,
        isPinned: true,
        lastMessage: message(50),
        groupProfile: { groupID: 'g1', name: 'Team', avatar: '' },
      },
      {
        conversationID: 'C2Cbob',
        type: TYPES.CONV_C2C,
        unreadCount: 2,
        isPinned: false,
        lastMessage: message(100),
        userProfile: { userID: 'bob', nick: 'Bob', avatar: '' },
      },
    ]
    expect(data.conversationList[0]).toEqual(expected[0])
    expect(data.conversationList[2]).toEqual(expected[1])
    expect(data.conversationList[3].lastMessage).toBeNull()
  })

  it('addConversation updates an existing conversation and notifies the owner with the full sorted list', async () => {
    const world = createWorld()
    world.addConversation('alice', { userID: 'bob' })
    world.addConversation('alice', { userID: 'carol' })
    const alice = await loginDevice(world, 'alice')
    const bob = await loginDevice(world, 'bob')
    const returned = world.addConversation('alice', { userID: 'carol' }, { isPinned: true, unreadCount: 4 })
    expect(returned).toMatchObject({ conversationID: 'C2Ccarol', isPinned: true, unreadCount: 4 })
    await flush()
    expect(alice.log.events).toHaveLength(1)
    const list = alice.log.events[0].data as Conversation[]
    expect(list.map((conversation) => conversation.conversationID)).toEqual(['C2Ccarol', 'C2Cbob'])
    expect(bob.log.events).toEqual([])
  })

  it('sendMessage updates both sides (the receiver\'s unread count) and notifies both', async () => {
    vi.useFakeTimers()
    vi.setSystemTime(1_700_000_000_500)
    const world = createWorld()
    world.addConversation('bob', { userID: 'carol' }, { isPinned: true })
    const alice = await loginDevice(world, 'alice')
    const bob = await loginDevice(world, 'bob')
    world.sendMessage('alice', 'bob', 'hi')
    world.sendMessage('alice', 'bob', 'there')
    const lastMessage = { messageForShow: 'there', lastTime: 1_700_000_000, fromAccount: 'alice' }
    const sent = (await alice.engine.getConversationList()).data.conversationList
    expect(sent).toEqual([
      {
        conversationID: 'C2Cbob',
        type: 'C2C',
        unreadCount: 0,
        isPinned: false,
        lastMessage,
        userProfile: { userID: 'bob', nick: '', avatar: '' },
      },
    ])
    const received = (await bob.engine.getConversationList()).data.conversationList
    expect(received.map((conversation) => [conversation.conversationID, conversation.unreadCount])).toEqual([
      ['C2Ccarol', 0],
      ['C2Calice', 2],
    ])
    expect(received[1].lastMessage).toEqual(lastMessage)
    await flush()
    expect(alice.log.names()).toEqual(['onConversationListUpdated', 'onConversationListUpdated'])
    expect(bob.log.names()).toEqual(['onConversationListUpdated', 'onConversationListUpdated'])
    expect(() => world.sendMessage('bob', 'bob', 'me')).toThrow()
  })

  it('a client gets its own user\'s lists, not another user\'s', async () => {
    const world = createWorld()
    world.addConversation('alice', { userID: 'bob' })
    world.addFriend('alice', 'bob')
    const carol = createLocalEngine({ world })
    await carol.login({ userID: 'carol', userSig: 's' })
    expect((await carol.getConversationList()).data.conversationList).toEqual([])
    expect((await carol.getFriendList()).data).toEqual([])
  })
})

describe('users', () => {
  it('addUser registers or updates a profile', () => {
    const world = createWorld()
    expect(world.addUser({ userID: 'alice', nick: 'Alice' })).toEqual({ userID: 'alice', nick: 'Alice', avatar: '' })
    expect(world.addUser({ userID: 'alice', avatar: 'a.png' })).toEqual({
      userID: 'alice',
      nick: 'Alice',
      avatar: 'a.png',
    })
    expect(() => world.addUser({ userID: '' })).toThrow(TypeError)
  })
})
