import { enableAutoUnmount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { TUIContact } from '../../src/components/TUIContact'
import { TUIConversation } from '../../src/components/TUIConversation'
import { ME, createTestWorld, mountKit } from './helpers'

enableAutoUnmount(afterEach)

const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']

describe('both lists side by side', () => {
  it('give a person the same avatar colour in both lists (seeded by user ID)', async () => {
    const made = createTestWorld((world) => {
      PEOPLE.forEach((id, i) => {
        world.addUser({ userID: id, nick: id.toUpperCase() })
        world.addFriend(ME, id)
        world.addConversation(ME, { userID: id }, { lastMessage: { messageForShow: 'hi', lastTime: 1_700_000_000 - i, fromAccount: id } })
      })
    })
    const Host = defineComponent({ setup: () => () => h('div', [h(TUIConversation), h(TUIContact)]) })
    const { wrapper } = await mountKit<object>(Host, made)
    const colourIn = (selector: string) => wrapper.get(`${selector} .tui-avatar`).attributes('data-color')
    for (const id of PEOPLE) {
      const inContacts = colourIn(`.tui-contact [data-key="${id}"]`)
      expect(inContacts, id).toMatch(/^\d$/)
      expect(colourIn(`.tui-conversation [data-key="C2C${id}"]`), id).toBe(inContacts)
    }
  })
})

describe('right-to-left pages', () => {
  it('isolate times (dir="auto"), names and message text (<bdi>), so "09:51 PM" never reads "PM 09:51"', async () => {
    const made = createTestWorld((world) => {
      world.addUser({ userID: 'alice', nick: 'Alice' })
      world.addFriend(ME, 'alice')
      world.addConversation(ME, { userID: 'alice' }, { lastMessage: { messageForShow: 'See you', lastTime: Math.floor(Date.now() / 1000) - 60, fromAccount: 'alice' } })
    })
    const Host = defineComponent({ setup: () => () => h('div', { dir: 'rtl' }, [h(TUIConversation), h(TUIContact)]) })
    const { wrapper } = await mountKit<object>(Host, made)
    const row = wrapper.get('.tui-conversation [data-key="C2Calice"]')
    expect(row.get('time').attributes('dir')).toBe('auto')
    // Names and text in <bdi>: isolated, while the line keeps the page's alignment.
    expect(row.get('.tui-conversation-item__name bdi').text()).toBe('Alice')
    expect(row.get('.tui-conversation-item__preview bdi').text()).toBe('See you')
    expect(wrapper.get('.tui-contact [data-key="alice"] .tui-contact-item__name bdi').text()).toBe('Alice')
  })
})
