import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TUIContact } from '../../src/components/TUIContact'
import { TUIPresenceCard } from '../../src/components/TUIPresenceCard'
import { TYPES } from '../../src/engine/constants'
import { createLocalEngine } from '../../src/engine/local'
import { TUIKit } from '../../src/plugin'
import { TUILogin, TUIUserService } from '../../src/services'
import { ME, createTestWorld, mountKit, settle } from './helpers'

enableAutoUnmount(afterEach)

const HOUR = 3_600_000

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true, now: new Date('2026-03-10T15:00:00') })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('TUIPresenceCard on its own', () => {
  it('shows avatar, name, status in words, custom status with emoji and how long', () => {
    const wrapper = mount(TUIPresenceCard, {
      props: {
        userID: 'bob',
        name: 'Bob',
        status: { statusType: TYPES.USER_STATUS_ONLINE, customStatus: '📅 In a meeting', stale: false, since: Date.now() - 2 * HOUR - 60_000 },
      },
      global: { plugins: [createPinia()] },
    })
    const card = wrapper.get('[role="group"]')
    expect(card.attributes('aria-label')).toBe('Bob')
    expect(card.attributes('data-status')).toBe('online')
    expect(wrapper.get('.tui-presence-card__name').text()).toBe('Bob')
    expect(wrapper.get('.tui-presence-card__status').text()).toBe('Online')
    expect(wrapper.get('.tui-presence-card__custom').text()).toBe('📅 In a meeting')
    expect(wrapper.get('.tui-presence-card__since').text()).toBe('Online for 2 hr')
    expect(wrapper.get('[role="img"]').attributes('aria-label')).toBe('Bob, online, 📅 In a meeting')
  })

  it('says "Last seen" for an offline user, and nothing when since is not known', async () => {
    const wrapper = mount(TUIPresenceCard, {
      props: { userID: 'bob', name: 'Bob', status: { statusType: TYPES.USER_STATUS_OFFLINE, customStatus: '', stale: false, since: new Date('2026-03-09T20:00:00').getTime() } },
      global: { plugins: [createPinia()] },
    })
    expect(wrapper.get('.tui-presence-card__status').text()).toBe('Offline')
    expect(wrapper.get('.tui-presence-card__since').text()).toBe('Last seen yesterday')
    await wrapper.setProps({ status: { statusType: TYPES.USER_STATUS_OFFLINE, customStatus: '', stale: false } })
    expect(wrapper.find('.tui-presence-card__since').exists()).toBe(false)
  })
})

describe('TUIPresenceCard in a list', () => {
  async function mountList() {
    const made = createTestWorld((world) => {
      world.addUser({ userID: 'bob', nick: 'Bob' })
      world.addUser({ userID: 'carl', nick: 'Carl' })
      world.addFriend(ME, 'bob')
      world.addFriend(ME, 'carl')
      world.setPresence('bob', 'online')
      world.setCustomStatus('bob', '🎧 Listening')
    })
    const host = document.createElement('div')
    document.body.append(host)
    return mountKit<object>(TUIContact, { ...made, props: { displayOnlineStatus: true }, attachTo: host })
  }

  it('opens on hover of a row avatar as a tooltip describing the row; Escape closes it', async () => {
    const { wrapper } = await mountList()
    const avatar = wrapper.get('[data-key="bob"] .tui-avatar')
    await avatar.trigger('pointerover')
    expect(document.querySelector('[role="tooltip"]')).toBeNull() // not at once: a hover delay
    await vi.advanceTimersByTimeAsync(500)
    await flushPromises()
    const card = document.querySelector<HTMLElement>('[role="tooltip"]')
    expect(card?.dataset.user).toBe('bob')
    expect(card?.textContent).toContain('Bob')
    expect(card?.textContent).toContain('Online')
    expect(card?.textContent).toContain('🎧 Listening')
    expect(wrapper.get('[data-key="bob"]').attributes('aria-describedby')).toBe(card?.id)
    // It never takes focus.
    expect(card?.contains(document.activeElement)).toBe(false)

    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    await flushPromises()
    expect(document.querySelector('[role="tooltip"]')).toBeNull()
    expect(wrapper.get('[data-key="bob"]').attributes('aria-describedby')).toBeUndefined()
  })

  it('opens for the row made active from the keyboard, and closes on Escape and on blur', async () => {
    const { wrapper } = await mountList()
    const list = wrapper.get('[role="listbox"]')
    ;(list.element as HTMLElement).focus()
    await list.trigger('focus')
    await list.trigger('keydown', { key: 'ArrowDown' })
    await flushPromises()
    const card = document.querySelector<HTMLElement>('[role="tooltip"]')
    const active = list.attributes('aria-activedescendant')
    expect(card).not.toBeNull()
    expect(document.getElementById(active ?? '')?.getAttribute('aria-describedby')).toBe(card?.id)
    await list.trigger('keydown', { key: 'Escape' })
    await flushPromises()
    expect(document.querySelector('[role="tooltip"]')).toBeNull()
    await list.trigger('keydown', { key: 'ArrowUp' })
    await flushPromises()
    expect(document.querySelector('[role="tooltip"]')).not.toBeNull()
    ;(list.element as HTMLElement).blur()
    await list.trigger('focusout')
    await flushPromises()
    expect(document.querySelector('[role="tooltip"]')).toBeNull()
  })
})

describe('opt-in idle status', () => {
  it('sets "Away" after the idle time without input and restores the previous status on input', async () => {
    const { world } = createTestWorld()
    const engine = createLocalEngine({ world })
    mount({ template: '<div />' }, {
      global: { plugins: [createPinia(), [TUIKit, { engine, presence: { dwellMs: 0, settleMs: 0, idle: { afterMs: 5 * 60_000 } } }]] },
    })
    await TUILogin.login({ userID: ME, userSig: 'sig' })
    await TUIUserService.setSelfStatus({ customStatus: 'Coding' })
    await settle()
    await vi.advanceTimersByTimeAsync(4 * 60_000)
    await settle()
    expect(world.getStatus(ME).customStatus).toBe('Coding')
    await vi.advanceTimersByTimeAsync(60_000)
    await settle()
    expect(world.getStatus(ME).customStatus).toBe('Away')
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }))
    await settle()
    expect(world.getStatus(ME).customStatus).toBe('Coding')
  })

  it('is off by default', async () => {
    const { world } = createTestWorld()
    const engine = createLocalEngine({ world })
    mount({ template: '<div />' }, { global: { plugins: [createPinia(), [TUIKit, { engine }]] } })
    await TUILogin.login({ userID: ME, userSig: 'sig' })
    await vi.advanceTimersByTimeAsync(60 * 60_000)
    await settle()
    expect(world.getStatus(ME).customStatus).toBe('')
  })
})
