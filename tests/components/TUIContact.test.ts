import { enableAutoUnmount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { TUIContact } from '../../src/components/TUIContact'
import type { World } from '../../src/engine/local'
import type { Friend } from '../../src/engine/types'
import { TUIUserService, getActiveKit } from '../../src/services'
import { useUserStatusStore } from '../../src/stores/user-status'
import { ME, activeOption, createTestWorld, createUpdateCounter, dotsByKey, mountKit, optionKeys, scrollList, settle, sixFriends } from './helpers'

enableAutoUnmount(afterEach)

/** `sixFriends`, all online but 7eleven. */
function friendsWorld(world: World): void {
  sixFriends(world)
  for (const id of ['zoe', 'adam', 'alice', 'bob', 'carl']) world.setPresence(id, 'online')
  world.setPresence('7eleven', 'offline')
}

async function mountContacts(props: Record<string, unknown> = {}) {
  return mountKit<object>(TUIContact, { ...createTestWorld(friendsWorld), props })
}

/** Rendered rows as text: "# Team" for headers, the key for friends. */
function rowsOf(wrapper: VueWrapper): string[] {
  return wrapper.findAll('.tui-listbox__spacer > *').map((row) => {
    const el = row.element as HTMLElement
    return el.getAttribute('role') === 'option' ? (el.dataset.key ?? '') : `# ${row.get('.tui-contact__group-label').text()}`
  })
}


describe('TUIContact rows', () => {
  it('groups friends by their first friend group, else by first letter, sorted by name', async () => {
    const { wrapper } = await mountContacts()
    expect(rowsOf(wrapper)).toEqual(['# Team', 'adam', 'zoe', '# A', 'alice', '# B', 'bob', '# C', 'carl', '# #', '7eleven'])
    // Remark first, then nick, then userID.
    expect(wrapper.get('[data-key="adam"]').text()).toContain('Boss')
    expect(wrapper.get('[data-key="bob"]').text()).toContain('Bobby')
    expect(wrapper.get('[data-key="alice"]').text()).toContain('Alice')
    // Headers are not options; options know their position among friends only.
    expect(wrapper.findAll('[role="option"]')).toHaveLength(6)
    expect(wrapper.get('[data-key="zoe"]').attributes('aria-posinset')).toBe('2')
    expect(wrapper.get('[data-key="zoe"]').attributes('aria-setsize')).toBe('6')
    const places = () => wrapper.findAll('[role="option"]').map((o) => `${o.attributes('data-key')} ${o.attributes('aria-posinset')}/${o.attributes('aria-setsize')}`)
    expect(places()).toEqual(['adam 1/6', 'zoe 2/6', 'alice 3/6', 'bob 4/6', 'carl 5/6', '7eleven 6/6'])
    // Searching drops groups: the places count the options left.
    await wrapper.get('input[type="search"]').setValue('b')
    expect(rowsOf(wrapper)).toEqual(['# Team', 'adam', '# B', 'bob'])
    expect(places()).toEqual(['adam 1/2', 'bob 2/2'])
  })

  it('filters by remark, nick or userID, case-insensitively, keeping the headers of groups with matches', async () => {
    const { wrapper } = await mountContacts()
    const search = wrapper.get('input[type="search"]')
    expect(search.attributes('aria-label')).toBe('Search contacts')

    await search.setValue('BOSS')
    expect(rowsOf(wrapper)).toEqual(['# Team', 'adam'])
    await search.setValue('car')
    expect(rowsOf(wrapper)).toEqual(['# C', 'carl'])
    await search.setValue('ALI')
    expect(rowsOf(wrapper)).toEqual(['# A', 'alice'])
    await search.setValue('7e')
    expect(rowsOf(wrapper)).toEqual(['# #', '7eleven'])
    await search.setValue('nobody')
    expect(rowsOf(wrapper)).toEqual([])
    expect(wrapper.get('.tui-contact__empty').text()).toBe('No contacts match your search')
    await search.setValue('')
    expect(optionKeys(wrapper)).toHaveLength(6)
    expect(wrapper.emitted('search')?.map(([q]) => q)).toEqual(['BOSS', 'car', 'ALI', '7e', 'nobody', ''])
  })

  it('shows the dot and the custom status text of each friend', async () => {
    const { wrapper, world } = await mountContacts({ displayOnlineStatus: true })
    const dots = dotsByKey(wrapper)
    expect(dots.size).toBe(6)
    expect(dots.get('7eleven')?.dataset.status).toBe('offline')
    expect(dots.get('adam')?.getAttribute('aria-label')).toBe('Boss, online')

    world.setCustomStatus('bob', 'On holiday')
    await settle()
    expect(wrapper.get('[data-key="bob"] .tui-contact-item__subtitle').text()).toBe('On holiday')
    expect(dotsByKey(wrapper).get('bob')?.getAttribute('aria-label')).toBe('Bobby, online, On holiday')
    world.setPresence('bob', 'offline')
    await settle()
    expect(dotsByKey(wrapper).get('bob')?.dataset.status).toBe('offline')
    expect(dotsByKey(wrapper).get('alice')?.dataset.status).toBe('online')
  })

  it('follows the global switch and lets the prop override it', async () => {
    const { wrapper, world, engine } = await mountContacts()
    expect(dotsByKey(wrapper).size).toBe(0)
    await TUIUserService.switchUserStatus({ displayOnlineStatus: true })
    await settle()
    expect(dotsByKey(wrapper).size).toBe(6)
    await wrapper.setProps({ displayOnlineStatus: false })
    await settle()
    expect(dotsByKey(wrapper).size).toBe(0)
    expect(world.subscriptionsOf(engine)).toEqual([])
    expect(useUserStatusStore().userStatusList.size).toBe(0)
  })

  it('shows the 72001 notice with role=status, no dots, and keeps the rows', async () => {
    const made = createTestWorld(friendsWorld)
    made.world.setUserStatusEnabled(false)
    const { wrapper } = await mountKit<object>(TUIContact, { ...made, props: { displayOnlineStatus: true } })
    const notice = wrapper.get('[role="status"]')
    expect(notice.text()).toContain('72001')
    expect(notice.text()).toMatch(/switched off in the Chat console/)
    expect(dotsByKey(wrapper).size).toBe(0)
    expect(optionKeys(wrapper)).toHaveLength(6)
    expect(wrapper.find('.tui-contact-item__subtitle').exists()).toBe(false)
  })
})

describe('TUIContact keyboard', () => {
  it('moves the active option with arrows, Home, End and pages, skipping headers; Enter selects', async () => {
    const { wrapper } = await mountContacts()
    const list = wrapper.get('[role="listbox"]')
    expect(list.attributes('tabindex')).toBe('0')
    expect(list.attributes('aria-activedescendant')).toBeUndefined()

    await list.trigger('focus')
    expect(activeOption(wrapper)).toBe('adam')
    // Focus is not a choice: nothing is selected until Enter, Space or a click.
    expect(wrapper.get('[data-key="adam"]').attributes('aria-selected')).toBe('false')
    await list.trigger('keydown', { key: 'ArrowDown' })
    expect(activeOption(wrapper)).toBe('zoe')
    await list.trigger('keydown', { key: 'ArrowDown' })
    expect(activeOption(wrapper)).toBe('alice') // over the "A" header
    expect(wrapper.get('[data-key="zoe"]').attributes('aria-selected')).toBe('false')
    await list.trigger('keydown', { key: 'ArrowUp' })
    expect(activeOption(wrapper)).toBe('zoe')
    await list.trigger('keydown', { key: 'End' })
    expect(activeOption(wrapper)).toBe('7eleven')
    await list.trigger('keydown', { key: 'ArrowDown' })
    expect(activeOption(wrapper)).toBe('7eleven')
    await list.trigger('keydown', { key: 'Home' })
    expect(activeOption(wrapper)).toBe('adam')
    await list.trigger('keydown', { key: 'ArrowUp' })
    expect(activeOption(wrapper)).toBe('adam')

    await list.trigger('keydown', { key: 'ArrowDown' })
    await list.trigger('keydown', { key: 'ArrowDown' })
    await list.trigger('keydown', { key: 'Enter' })
    const selected = wrapper.emitted('select') as Array<[Friend]>
    expect(selected).toHaveLength(1)
    expect(selected[0][0].userID).toBe('alice')
    expect(selected[0][0].profile.nick).toBe('Alice')
  })

  it('ArrowDown in the search box moves into the list; the active option survives filtering when it matches', async () => {
    const { wrapper } = await mountContacts()
    const search = wrapper.get('input[type="search"]')
    await search.setValue('b')
    await search.trigger('keydown', { key: 'ArrowDown' })
    const list = wrapper.get('[role="listbox"]')
    await list.trigger('focus')
    expect(activeOption(wrapper)).toBe('adam') // "Boss"
    await list.trigger('keydown', { key: 'ArrowDown' })
    expect(activeOption(wrapper)).toBe('bob')
    await search.setValue('bob')
    expect(activeOption(wrapper)).toBe('bob')
    await list.trigger('keydown', { key: ' ' })
    expect((wrapper.emitted('select') as Array<[Friend]>)[0][0].userID).toBe('bob')
  })
})

describe('TUIContact with 10,000 friends', () => {
  const COUNT = 10_000
  function bigWorld(world: World): void {
    for (let i = 0; i < COUNT; i++) {
      const id = `f${String(i).padStart(5, '0')}`
      world.addFriend(ME, id, { remark: `Friend ${String(i).padStart(5, '0')}` })
    }
    world.setPresence('f00003', 'online')
    world.setPresence('f05000', 'online')
  }

  it('renders a window of rows and tells the manager what is in view as the user scrolls', async () => {
    const counter = createUpdateCounter()
    const made = createTestWorld(bigWorld)
    const { wrapper, world, engine } = await mountKit<object>(TUIContact, { ...made, props: { displayOnlineStatus: true }, mixins: [counter.mixin] })
    const kit = getActiveKit()
    // One "F" header and 10,000 friends; the DOM holds the viewport (480 px fallback) plus the overscan.
    const options = optionKeys(wrapper)
    expect(options.length).toBeGreaterThan(5)
    expect(options.length).toBeLessThan(40)
    expect(options[0]).toBe('f00000')
    expect(wrapper.get('.tui-listbox__spacer').attributes('style')).toContain(`height: ${28 + COUNT * 56}px`)
    expect(dotsByKey(wrapper).get('f00003')?.dataset.status).toBe('online')

    const visibleAtTop = [...(kit?.presence.desiredIDs() ?? [])].sort()
    expect(visibleAtTop.length).toBeGreaterThan(5)
    expect(visibleAtTop).toContain('f00000')
    expect(world.subscriptionsOf(engine).sort()).toEqual(visibleAtTop)
    // Overscan rows were queried, not subscribed.
    const queried = new Set(world.calls.filter((c) => c.method === 'getUserStatus').flatMap((c) => c.userIDList ?? []))
    expect(queried.has(options[options.length - 1])).toBe(true)
    expect(world.subscriptionsOf(engine)).not.toContain(options[options.length - 1])

    // Scroll to friend 5,000 (header 28 px + 5,000 rows).
    await scrollList(wrapper, 28 + 5000 * 56)
    const after = optionKeys(wrapper)
    expect(after).toContain('f05000')
    expect(after).not.toContain('f00000')
    expect(after.length).toBeLessThan(40)
    expect(wrapper.get('[data-key="f05000"]').attributes('aria-posinset')).toBe('5001')
    expect(dotsByKey(wrapper).get('f05000')?.dataset.status).toBe('online')
    const visibleNow = [...(kit?.presence.desiredIDs() ?? [])]
    expect(visibleNow).toContain('f05000')
    expect(visibleNow).not.toContain('f00000')
    const subscribed = world.subscriptionsOf(engine)
    for (const id of visibleNow) expect(subscribed).toContain(id)

    // A status change of a row in view updates one component: its dot.
    counter.reset()
    world.setPresence('f05001', 'offline')
    await settle()
    expect(dotsByKey(wrapper).get('f05001')?.dataset.status).toBe('offline')
    expect(counter.all()).toEqual({ TUIStatusDot: 1 })

    // A status change far away from the window renders nothing.
    counter.reset()
    world.setPresence('f00003', 'offline')
    await settle()
    expect(counter.all()).toEqual({})
  })

  it('keeps the active option in the DOM and in view when paging with the keyboard', async () => {
    const { wrapper } = await mountKit<object>(TUIContact, createTestWorld(bigWorld))
    const list = wrapper.get('[role="listbox"]')
    await list.trigger('focus')
    await list.trigger('keydown', { key: 'End' })
    expect(activeOption(wrapper)).toBe('f09999')
    expect(optionKeys(wrapper)).toContain('f09999')
    expect((list.element as HTMLElement).scrollTop).toBe(28 + COUNT * 56 - 480)
    await list.trigger('keydown', { key: 'PageUp' })
    const paged = activeOption(wrapper)
    expect(paged).toMatch(/^f099[89]\d$/)
    expect(Number(paged?.slice(1))).toBeLessThan(9999)
    await list.trigger('keydown', { key: 'Home' })
    expect(activeOption(wrapper)).toBe('f00000')
    expect((list.element as HTMLElement).scrollTop).toBe(0)
    await list.trigger('keydown', { key: 'PageDown' })
    expect(Number(activeOption(wrapper)?.slice(1))).toBeGreaterThan(3)
  })
})
