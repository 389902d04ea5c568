import { enableAutoUnmount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TUIContact } from '../../src/components/TUIContact'
import { TUIConversation } from '../../src/components/TUIConversation'
import type { World } from '../../src/engine/local'
import type { Conversation, Friend } from '../../src/engine/types'
import { ME, activeOption, createTestWorld, mountKit, optionKeys, scrollList, secondsAgo, sixFriends as friendsWorld } from './helpers'

enableAutoUnmount(afterEach)
afterEach(() => {
  vi.restoreAllMocks()
})

function selectedOptions(wrapper: VueWrapper): string[] {
  return wrapper.findAll('[role="option"][aria-selected="true"]').map((o) => (o.element as HTMLElement).dataset.key ?? '')
}

/** Clock times given to `type` count from here (later than any listener was attached: Vue ignores older events). */
const T0 = Date.now() + 60_000

/** Types `text` one key at a time at the clock time `at` (ms after T0): keys closer than 500 ms form one word. */
async function type(wrapper: VueWrapper, text: string, at: number): Promise<void> {
  const now = vi.spyOn(Date, 'now')
  for (const key of text) {
    now.mockReturnValue(T0 + at)
    await wrapper.get('[role="listbox"]').trigger('keydown', { key })
    at += 100
  }
}

describe('list selection (APG listbox)', () => {
  it('arrows move focus without changing the selection; Enter and Space select', async () => {
    const { wrapper } = await mountKit<object>(TUIContact, createTestWorld(friendsWorld))
    const list = wrapper.get('[role="listbox"]')
    await list.trigger('focus')
    expect(activeOption(wrapper)).toBe('adam')
    expect(selectedOptions(wrapper)).toEqual([])
    await list.trigger('keydown', { key: 'ArrowDown' })
    await list.trigger('keydown', { key: 'ArrowDown' })
    expect(activeOption(wrapper)).toBe('alice')
    expect(selectedOptions(wrapper)).toEqual([])
    expect(wrapper.emitted('update:selected')).toBeUndefined()

    await list.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('update:selected')).toEqual([['alice']])
    expect((wrapper.emitted('select') as Array<[Friend]>)[0][0].userID).toBe('alice')
    expect(selectedOptions(wrapper)).toEqual(['alice'])

    await list.trigger('keydown', { key: 'ArrowDown' })
    expect(activeOption(wrapper)).toBe('bob')
    expect(selectedOptions(wrapper)).toEqual(['alice'])
    expect(wrapper.get('[data-key="bob"]').classes()).toContain('is-active')
    await list.trigger('keydown', { key: ' ' })
    expect(wrapper.emitted('update:selected')).toEqual([['alice'], ['bob']])
    expect(selectedOptions(wrapper)).toEqual(['bob'])
  })

  it('follows v-model:selected, and keyboard focus starts on the chosen row', async () => {
    const { wrapper } = await mountKit<{ setProps: (p: object) => Promise<void> }>(TUIContact, {
      ...createTestWorld(friendsWorld),
      props: { selected: 'carl' },
    })
    expect(selectedOptions(wrapper)).toEqual(['carl'])
    await wrapper.get('[role="listbox"]').trigger('focus')
    expect(activeOption(wrapper)).toBe('carl')
    await wrapper.setProps({ selected: 'zoe' })
    expect(selectedOptions(wrapper)).toEqual(['zoe'])
    await wrapper.setProps({ selected: null })
    expect(selectedOptions(wrapper)).toEqual([])
  })

  it('type-ahead moves focus to the next name starting with the typed letters, without selecting', async () => {
    const { wrapper } = await mountKit<object>(TUIContact, createTestWorld(friendsWorld))
    await wrapper.get('[role="listbox"]').trigger('focus')
    expect(activeOption(wrapper)).toBe('adam')
    await type(wrapper, 'c', 10_000)
    expect(activeOption(wrapper)).toBe('carl')
    await type(wrapper, 'z', 20_000) // wraps around to the top
    expect(activeOption(wrapper)).toBe('zoe')
    await type(wrapper, 'bo', 30_000)
    expect(activeOption(wrapper)).toBe('bob') // "Bobby", the next "bo" after Zoe
    await type(wrapper, 'bos', 40_000)
    expect(activeOption(wrapper)).toBe('adam') // "Boss"
    await type(wrapper, 'b', 50_000)
    expect(activeOption(wrapper)).toBe('bob')
    await type(wrapper, 'bb', 60_000) // the same letter again cycles through the "b" names
    expect(activeOption(wrapper)).toBe('bob')
    await type(wrapper, 'x', 70_000) // no match: focus stays
    expect(activeOption(wrapper)).toBe('bob')
    expect(selectedOptions(wrapper)).toEqual([])
    expect(wrapper.emitted('update:selected')).toBeUndefined()
  })

  it('the chosen row keeps aria-selected after scrolling it out of view and back', async () => {
    const made = createTestWorld((world) => {
      for (let i = 0; i < 300; i++) world.addFriend(ME, `f${String(i).padStart(3, '0')}`, { remark: `Friend ${i}` })
    })
    const { wrapper } = await mountKit<object>(TUIContact, made)
    await wrapper.get('[data-key="f002"] .tui-contact-item__name').trigger('click')
    expect(selectedOptions(wrapper)).toEqual(['f002'])
    await scrollList(wrapper, 28 + 200 * 56)
    expect(optionKeys(wrapper)).not.toContain('f002')
    expect(selectedOptions(wrapper)).toEqual([])
    await scrollList(wrapper, 0)
    expect(selectedOptions(wrapper)).toEqual(['f002'])
    expect(wrapper.emitted('update:selected')).toEqual([['f002']])
  })

  it('keeps the current group header on top while its friends scroll under it', async () => {
    const made = createTestWorld((world) => {
      for (const letter of ['A', 'B', 'C']) {
        for (let i = 0; i < 20; i++) world.addFriend(ME, `${letter.toLowerCase()}${i}`, { remark: `${letter}name ${String(i).padStart(2, '0')}` })
      }
    })
    const { wrapper } = await mountKit<object>(TUIContact, made)
    const sticky = () => wrapper.get('.tui-listbox__sticky .tui-contact__group-label').text()
    expect(sticky()).toBe('A')
    await scrollList(wrapper, 28 + 25 * 56) // inside B (A: header + 20 rows; B's header, then 4 rows)
    expect(sticky()).toBe('B')
    await scrollList(wrapper, 2 * (28 + 20 * 56) + 28 + 3 * 56)
    expect(sticky()).toBe('C')
  })
})

describe('TUIConversation selection', () => {
  function chats(world: World): void {
    const names = ['Alice', 'Bob', 'Brenda', 'Carol']
    names.forEach((nick, i) => {
      const id = nick.toLowerCase()
      world.addUser({ userID: id, nick })
      world.addConversation(ME, { userID: id }, { lastMessage: { messageForShow: 'hi', lastTime: secondsAgo(60 * (i + 1)), fromAccount: id } })
    })
  }

  it('selects with Enter (v-model:selected), moves with arrows and type-ahead, keeps the choice', async () => {
    const { wrapper } = await mountKit<object>(TUIConversation, createTestWorld(chats))
    const list = wrapper.get('[role="listbox"]')
    await list.trigger('focus')
    expect(activeOption(wrapper)).toBe('C2Calice')
    await type(wrapper, 'br', 10_000)
    expect(activeOption(wrapper)).toBe('C2Cbrenda')
    expect(selectedOptions(wrapper)).toEqual([])
    await list.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('update:selected')).toEqual([['C2Cbrenda']])
    expect((wrapper.emitted('select') as Array<[Conversation]>)[0][0].conversationID).toBe('C2Cbrenda')
    await list.trigger('keydown', { key: 'ArrowUp' })
    expect(activeOption(wrapper)).toBe('C2Cbob')
    expect(selectedOptions(wrapper)).toEqual(['C2Cbrenda'])
  })
})
