import { enableAutoUnmount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { TUIContact } from '../../src/components/TUIContact'
import { TUIConversation } from '../../src/components/TUIConversation'
import type { Conversation, Friend } from '../../src/engine/types'
import type { UserStatusEntry } from '../../src/services/types'
import { ME, createTestWorld, mountKit, settle } from './helpers'

enableAutoUnmount(afterEach)

function world() {
  return createTestWorld((w) => {
    w.addUser({ userID: 'alice', nick: 'Alice' })
    w.addFriend(ME, 'alice')
    w.setPresence('alice', 'online')
    w.addConversation(ME, { userID: 'alice' }, { lastMessage: { messageForShow: 'hi', lastTime: 1_700_000_000, fromAccount: 'alice' } })
    w.addConversation(ME, { groupID: 'team', name: 'Team' }, { lastMessage: { messageForShow: 'yo', lastTime: 1_600_000_000, fromAccount: 'x' } })
  })
}

const statusText = (status: UserStatusEntry | undefined) => (status ? `type ${status.statusType}` : 'none')

describe('row slots of the lists', () => {
  it('TUIContact forwards avatar and subtitle with { friend, status }, and the header and empty slots', async () => {
    const Host = defineComponent({
      setup: () => () =>
        h(TUIContact, { displayOnlineStatus: true }, {
          header: () => h('h2', { class: 'app-title' }, 'People'),
          avatar: ({ friend, status }: { friend: Friend; status: UserStatusEntry | undefined }) =>
            h('b', { class: 'app-avatar' }, `${friend.userID}: ${statusText(status)}`),
          subtitle: ({ friend, status }: { friend: Friend; status: UserStatusEntry | undefined }) =>
            h('i', { class: 'app-subtitle' }, `${friend.userID} ${statusText(status)}`),
        }),
    })
    const { wrapper, world: w } = await mountKit<object>(Host, world())
    expect(wrapper.get('.app-title').text()).toBe('People')
    expect(wrapper.find('input[type="search"]').exists()).toBe(true)
    const row = () => wrapper.get('[role="option"][data-key="alice"]')
    expect(row().get('.app-avatar').text()).toBe('alice: type 1')
    expect(row().get('.app-subtitle').text()).toBe('alice type 1')
    expect(row().find('[data-status]').exists()).toBe(false)
    w.setPresence('alice', 'offline')
    await settle()
    expect(row().get('.app-avatar').text()).toBe('alice: type 2')
    expect(row().get('.app-subtitle').text()).toBe('alice type 2')
  })

  it('TUIContact shows its empty slot with the query', async () => {
    const Host = defineComponent({
      setup: () => () => h(TUIContact, null, { empty: ({ query }: { query: string }) => h('p', { class: 'app-empty' }, `none for "${query}"`) }),
    })
    const { wrapper } = await mountKit<object>(Host, world())
    await wrapper.get('input[type="search"]').setValue('zzz')
    expect(wrapper.get('.app-empty').text()).toBe('none for "zzz"')
  })

  it('TUIConversation forwards avatar and preview with { conversation, status }; fallbacks stay for the rest', async () => {
    const Host = defineComponent({
      setup: () => () =>
        h(TUIConversation, { displayOnlineStatus: true }, {
          preview: ({ conversation, status }: { conversation: Conversation; status: UserStatusEntry | undefined }) =>
            h('em', { class: 'app-preview' }, `${conversation.conversationID} ${statusText(status)}`),
        }),
    })
    const { wrapper, world: w } = await mountKit<object>(Host, world())
    const alice = () => wrapper.get('[data-key="C2Calice"]')
    expect(alice().get('.app-preview').text()).toBe('C2Calice type 1')
    expect(wrapper.get('[data-key="GROUPteam"] .app-preview').text()).toBe('GROUPteam none')
    // No avatar slot given: the default avatar with its dot.
    expect(alice().get('[data-status]').attributes('data-status')).toBe('online')
    w.setPresence('alice', 'unlogined')
    await settle()
    expect(alice().get('.app-preview').text()).toBe('C2Calice type 3')
    expect(alice().get('[data-status]').attributes('data-status')).toBe('unlogined')
  })

  it('TUIConversation shows the app header and empty slots', async () => {
    const Host = defineComponent({
      setup: () => () => h(TUIConversation, null, { header: () => h('h2', 'Chats'), empty: () => h('p', { class: 'app-empty' }, 'Say hi') }),
    })
    const { wrapper } = await mountKit<object>(Host)
    expect(wrapper.get('header h2').text()).toBe('Chats')
    expect(wrapper.get('.app-empty').text()).toBe('Say hi')
  })
})
