import { enableAutoUnmount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, shallowRef } from 'vue'
import { TUIConversation } from '../../src/components/TUIConversation'
import type { World } from '../../src/engine/local'
import type { Conversation } from '../../src/engine/types'
import { TUIUserService } from '../../src/services'
import { useConversationStore } from '../../src/stores/conversation'
import { useUserStatusStore } from '../../src/stores/user-status'
import { ME, createTestWorld, createUpdateCounter, dotsByKey, mountKit, optionKeys, scrollList, secondsAgo, settle } from './helpers'

enableAutoUnmount(afterEach)

/** alice (online), bob (offline), carol (never logged in), and a group; newest first: alice, bob, carol, team. */
function chatWorld(world: World): void {
  world.addUser({ userID: 'alice', nick: 'Alice' })
  world.addUser({ userID: 'bob', nick: 'Bob' })
  world.addUser({ userID: 'carol' })
  world.setPresence('alice', 'online')
  world.setPresence('bob', 'offline')
  world.setPresence('carol', 'unlogined')
  const msg = (text: string, ago: number) => ({ messageForShow: text, lastTime: secondsAgo(ago), fromAccount: 'x' })
  world.addConversation(ME, { userID: 'alice' }, { lastMessage: msg('See you at 3', 60), unreadCount: 2 })
  world.addConversation(ME, { userID: 'bob' }, { lastMessage: msg('ok', 120), unreadCount: 250 })
  world.addConversation(ME, { userID: 'carol' }, { lastMessage: msg('hi', 180) })
  world.addConversation(ME, { groupID: 'team', name: 'Team Room' }, { lastMessage: msg('standup?', 240) })
}

async function mountChats(props: Record<string, unknown> = {}) {
  const made = createTestWorld(chatWorld)
  return mountKit<object>(TUIConversation, { ...made, props })
}

function calls(world: World, method: string): number {
  return world.calls.filter((call) => call.method === method).length
}

describe('TUIConversation rows', () => {
  it('shows name, last message, short time and unread badge; keys rows by conversationID', async () => {
    const { wrapper } = await mountChats()
    expect(optionKeys(wrapper)).toEqual(['C2Calice', 'C2Cbob', 'C2Ccarol', 'GROUPteam'])
    const [alice, bob, , team] = wrapper.findAll('[role="option"]')
    expect(alice.text()).toContain('Alice')
    expect(alice.text()).toContain('See you at 3')
    expect(alice.find('time').text()).toMatch(/\d{1,2}.\d{2}/)
    expect(alice.find('time').attributes('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(alice.find('.tui-conversation-item__badge').text()).toBe('2')
    expect(bob.find('.tui-conversation-item__badge').text()).toBe('99+')
    expect(bob.text()).toContain('250 unread')
    expect(team.text()).toContain('Team Room')
    expect(wrapper.get('[role="option"][data-key="C2Ccarol"]').text()).toContain('carol')
    // Every row is an option: its place among them is its index.
    expect(wrapper.findAll('[role="option"]').map((o) => `${o.attributes('aria-posinset')}/${o.attributes('aria-setsize')}`)).toEqual(['1/4', '2/4', '3/4', '4/4'])
  })

  it('emits select with the conversation on click', async () => {
    const { wrapper } = await mountChats()
    await wrapper.get('[data-key="C2Cbob"] .tui-conversation-item__name').trigger('click')
    const selected = wrapper.emitted('select') as Array<[Conversation]>
    expect(selected).toHaveLength(1)
    expect(selected[0][0].conversationID).toBe('C2Cbob')
    expect(wrapper.get('[data-key="C2Cbob"]').attributes('aria-selected')).toBe('true')
  })

  it('shows the empty text when there is no conversation', async () => {
    const { wrapper } = await mountKit<object>(TUIConversation, { props: { emptyText: 'Nothing here' } })
    expect(wrapper.findAll('[role="option"]')).toHaveLength(0)
    expect(wrapper.get('.tui-conversation__empty').text()).toBe('Nothing here')
  })
})

describe('TUIConversation online status display', () => {
  it('follows the global switch when the prop is absent', async () => {
    const { wrapper, world, engine } = await mountChats()
    expect(dotsByKey(wrapper).size).toBe(0)
    expect(calls(world, 'subscribeUserStatus')).toBe(0)
    expect(world.calls.some((c) => c.method === 'getUserStatus' && c.userIDList?.includes('alice'))).toBe(false)

    await TUIUserService.switchUserStatus({ displayOnlineStatus: true })
    await settle()
    const dots = dotsByKey(wrapper)
    expect([...dots.keys()]).toEqual(['C2Calice', 'C2Cbob', 'C2Ccarol'])
    expect(dots.get('C2Calice')?.dataset.status).toBe('online')
    expect(dots.get('C2Cbob')?.dataset.status).toBe('offline')
    expect(dots.get('C2Ccarol')?.dataset.status).toBe('unlogined')
    expect(dots.get('C2Calice')?.getAttribute('aria-label')).toBe('Alice, online')
    expect(dots.get('C2Cbob')?.getAttribute('aria-label')).toBe('Bob, offline')
    expect(dots.get('C2Ccarol')?.getAttribute('aria-label')).toBe('carol, not logged in')
    expect(dots.get('C2Calice')?.getAttribute('role')).toBe('img')
    expect(world.subscriptionsOf(engine).sort()).toEqual(['alice', 'bob', 'carol'])

    await TUIUserService.switchUserStatus({ displayOnlineStatus: false })
    await settle()
    expect(dotsByKey(wrapper).size).toBe(0)
    expect(world.subscriptionsOf(engine)).toEqual([])
    expect(useUserStatusStore().userStatusList.size).toBe(0)
  })

  it('lets the prop override the global switch both ways', async () => {
    const { wrapper, world, engine } = await mountChats({ displayOnlineStatus: true })
    // Prop on, global off: dots.
    expect(useUserStatusStore().displayOnlineStatus).toBe(false)
    expect(dotsByKey(wrapper).size).toBe(3)
    expect(world.subscriptionsOf(engine).sort()).toEqual(['alice', 'bob', 'carol'])

    // Prop off, global on: no dots, and nothing stays subscribed for this list.
    await TUIUserService.switchUserStatus({ displayOnlineStatus: true })
    await wrapper.setProps({ displayOnlineStatus: false })
    await settle()
    expect(dotsByKey(wrapper).size).toBe(0)
    expect(world.subscriptionsOf(engine)).toEqual([])
    expect(wrapper.attributes('data-display-status')).toBe('off')

    // Prop removed: follows the global switch (on) again.
    await wrapper.setProps({ displayOnlineStatus: undefined })
    await settle()
    expect(dotsByKey(wrapper).size).toBe(3)
    expect(wrapper.attributes('data-display-status')).toBe('on')
  })

  it('never shows a dot on a group conversation', async () => {
    const { wrapper } = await mountChats({ displayOnlineStatus: true })
    expect(wrapper.get('[data-key="GROUPteam"]').find('[data-status]').exists()).toBe(false)
    expect(wrapper.get('[data-key="C2Calice"]').find('[data-status]').exists()).toBe(true)
  })

  it('changes only the row whose user changed, with the custom status as text', async () => {
    const { wrapper, world } = await mountChats({ displayOnlineStatus: true })
    world.setPresence('bob', 'online')
    await settle()
    let dots = dotsByKey(wrapper)
    expect(dots.get('C2Cbob')?.dataset.status).toBe('online')
    expect(dots.get('C2Cbob')?.getAttribute('aria-label')).toBe('Bob, online')
    expect(dots.get('C2Calice')?.dataset.status).toBe('online')
    expect(dots.get('C2Ccarol')?.dataset.status).toBe('unlogined')

    world.setCustomStatus('alice', 'listening to music')
    await settle()
    dots = dotsByKey(wrapper)
    expect(dots.get('C2Calice')?.getAttribute('aria-label')).toBe('Alice, online, listening to music')
    expect(wrapper.get('[data-key="C2Calice"] .tui-conversation-item__custom-status').text()).toBe('listening to music')
    expect(wrapper.find('[data-key="C2Cbob"] .tui-conversation-item__custom-status').exists()).toBe(false)

    world.setPresence('alice', 'unlogined')
    await settle()
    expect(dotsByKey(wrapper).get('C2Calice')?.dataset.status).toBe('unlogined')
    expect(dotsByKey(wrapper).get('C2Cbob')?.dataset.status).toBe('online')
  })

  it('renders HTML in a custom status as text', async () => {
    const { wrapper, world } = await mountChats({ displayOnlineStatus: true })
    world.setCustomStatus('bob', '<img src=x onerror="alert(1)"><b>busy</b>')
    await settle()
    const row = wrapper.get('[data-key="C2Cbob"]')
    expect(row.get('.tui-conversation-item__custom-status').text()).toBe('<img src=x onerror="alert(1)"><b>busy</b>')
    expect(row.find('b').exists()).toBe(false)
    expect(row.find('img').exists()).toBe(false)
  })

  it('marks statuses stale while the connection is down', async () => {
    const { wrapper, world, engine } = await mountChats({ displayOnlineStatus: true })
    world.dropConnection(engine)
    await settle()
    const dot = dotsByKey(wrapper).get('C2Calice')
    expect(dot?.dataset.stale).toBe('true')
    expect(dot?.getAttribute('aria-label')).toBe('Alice, last seen online, reconnecting')
    world.restoreConnection(engine)
    await settle()
    expect(dotsByKey(wrapper).get('C2Calice')?.dataset.stale).toBeUndefined()
  })
})

describe('TUIConversation service rules', () => {
  it('switchUserStatus before login rejects with 2024 (log in first) and makes no subscribe call', async () => {
    const { wrapper, world } = await mountKit<object>(TUIConversation, { ...createTestWorld(chatWorld), login: false })
    await expect(TUIUserService.switchUserStatus({ displayOnlineStatus: true })).rejects.toMatchObject({
      code: 2024,
      message: expect.stringContaining('TUILogin.login()'),
    })
    await settle()
    expect(calls(world, 'subscribeUserStatus')).toBe(0)
    expect(calls(world, 'getUserStatus')).toBe(0)
    expect(dotsByKey(wrapper).size).toBe(0)
  })

  it('shows a polite notice and no dots when the console switch is off (72001); rows still render', async () => {
    const made = createTestWorld(chatWorld, { userStatusEnabled: false })
    const { wrapper } = await mountKit<object>(TUIConversation, made)
    expect(wrapper.get('[role="status"]').text()).toBe('')
    await TUIUserService.switchUserStatus({ displayOnlineStatus: true })
    await settle()
    const notice = wrapper.get('[role="status"]')
    expect(notice.text()).toContain('unavailable')
    expect(notice.text()).toContain('72001')
    expect(dotsByKey(wrapper).size).toBe(0)
    expect(optionKeys(wrapper)).toEqual(['C2Calice', 'C2Cbob', 'C2Ccarol', 'GROUPteam'])
  })

  it('explains the edition when the plan lacks user status (3122)', async () => {
    const made = createTestWorld(chatWorld, { edition: 'standard' })
    const { wrapper } = await mountKit<object>(TUIConversation, { ...made, props: { displayOnlineStatus: true } })
    expect(wrapper.get('[role="status"]').text()).toContain('3122')
    expect(wrapper.get('[role="status"]').text()).toContain('edition')
    expect(dotsByKey(wrapper).size).toBe(0)
    expect(optionKeys(wrapper)).toHaveLength(4)
  })

  it('renders without the kit installed, without dots and without warnings', async () => {
    const { wrapper, pinia } = await mountKit<object>(TUIConversation, { kit: false, props: { displayOnlineStatus: true } })
    const store = useConversationStore(pinia)
    store.conversationList = [
      { conversationID: 'C2Czed', type: 'C2C', unreadCount: 0, isPinned: false, lastMessage: null, userProfile: { userID: 'zed', nick: 'Zed', avatar: '' } },
    ]
    await nextTick()
    expect(optionKeys(wrapper)).toEqual(['C2Czed'])
    expect(wrapper.text()).toContain('Zed')
    expect(dotsByKey(wrapper).size).toBe(0)
  })
})

describe('TUIConversation lifecycle', () => {
  it('releases its presence registration when it unmounts: nothing stays subscribed', async () => {
    const show = shallowRef(true)
    const Host = defineComponent({
      setup: () => () => (show.value ? h(TUIConversation, { displayOnlineStatus: true }) : h('p', 'gone')),
    })
    const { wrapper, world, engine } = await mountKit<object>(Host, createTestWorld(chatWorld))
    expect(dotsByKey(wrapper).size).toBe(3)
    expect(world.subscriptionsOf(engine)).toHaveLength(3)
    show.value = false
    await settle()
    expect(wrapper.find('[role="listbox"]').exists()).toBe(false)
    expect(world.subscriptionsOf(engine)).toEqual([])
    expect(useUserStatusStore().userStatusList.size).toBe(0)
  })
})

describe('TUIConversation rendering cost', () => {
  it('re-renders one row, not the list, when one user status changes', async () => {
    const counter = createUpdateCounter()
    const made = createTestWorld((world) => {
      for (let i = 0; i < 30; i++) {
        world.addUser({ userID: `u${i}`, nick: `User ${i}` })
        world.setPresence(`u${i}`, 'online')
        world.addConversation(ME, { userID: `u${i}` }, { lastMessage: { messageForShow: 'hey', lastTime: secondsAgo(i * 10 + 5), fromAccount: `u${i}` } })
      }
    })
    const { wrapper, world } = await mountKit<object>(TUIConversation, { ...made, props: { displayOnlineStatus: true }, mixins: [counter.mixin] })
    const rendered = wrapper.findAll('[role="option"]').length
    expect(rendered).toBeGreaterThan(5)
    expect(dotsByKey(wrapper).get('C2Cu3')?.dataset.status).toBe('online')

    counter.reset()
    world.setPresence('u3', 'offline')
    await settle()
    expect(dotsByKey(wrapper).get('C2Cu3')?.dataset.status).toBe('offline')
    expect(dotsByKey(wrapper).get('C2Cu3')?.getAttribute('aria-label')).toBe('User 3, offline')
    // One status event, one component update: the dot. Not the list, the row or its avatar.
    expect(counter.all()).toEqual({ TUIStatusDot: 1 })

    counter.reset()
    world.setCustomStatus('u5', 'in a meeting')
    await settle()
    expect(wrapper.get('[data-key="C2Cu5"] .tui-conversation-item__custom-status').text()).toBe('in a meeting')
    expect(dotsByKey(wrapper).get('C2Cu5')?.getAttribute('aria-label')).toBe('User 5, online, in a meeting')
    // The text under the name is the row's; the dot's label is the dot's: nothing else updates.
    expect(counter.all()).toEqual({ ConversationListItem: 1, TUIStatusDot: 1 })
    expect([...counter.rows().entries()]).toEqual([['C2Cu5', 1]])
  })
})

describe('TUIConversation virtualisation', () => {
  function manyChats(count: number) {
    return createTestWorld((world) => {
      for (let i = 0; i < count; i++) {
        world.addConversation(ME, { userID: `p${i}` }, { lastMessage: { messageForShow: `m${i}`, lastTime: secondsAgo(i + 1), fromAccount: `p${i}` } })
      }
    })
  }

  it('keeps the rows in view in place when a conversation is added above them', async () => {
    const made = manyChats(200)
    const { wrapper, world } = await mountKit<object>(TUIConversation, { ...made, props: { displayOnlineStatus: true } })
    await scrollList(wrapper, 64 * 50)
    const list = wrapper.get('[role="listbox"]').element as HTMLElement
    const firstVisible = () => {
      const top = list.scrollTop
      return wrapper
        .findAll('[role="option"]')
        .map((o) => ({ key: (o.element as HTMLElement).dataset.key, y: Number(/translateY\((\d+)px\)/.exec(o.attributes('style') ?? '')?.[1]) }))
        .find((o) => o.y >= top)?.key
    }
    expect(firstVisible()).toBe('C2Cp50')
    world.addConversation(ME, { userID: 'newcomer' }, { lastMessage: { messageForShow: 'new', lastTime: secondsAgo(0), fromAccount: 'newcomer' } })
    await settle()
    expect(optionKeys(wrapper)).not.toContain('C2Cnewcomer')
    expect(list.scrollTop).toBe(64 * 51)
    expect(firstVisible()).toBe('C2Cp50')

    // A row in view that jumps to the top does not drag the view along.
    world.sendMessage('p52', ME, 'ping')
    await settle()
    expect(firstVisible()).toBe('C2Cp50')
  })
})
