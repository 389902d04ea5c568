import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { TUIAvatar } from '../../src/components/TUIAvatar'
import { TUIStatusDot } from '../../src/components/TUIStatusDot'
import type { UserStatusEntry } from '../../src/services/types'

const entry = (statusType: UserStatusEntry['statusType'], customStatus = '', stale = false): UserStatusEntry => ({ statusType, customStatus, stale })

describe('TUIStatusDot', () => {
  it.each([
    [entry(1), 'online', 'Alice, online'],
    [entry(1, 'listening to music'), 'online', 'Alice, online, listening to music'],
    [entry(2), 'offline', 'Alice, offline'],
    [entry(3), 'unlogined', 'Alice, not logged in'],
    [entry(0), 'unknown', 'Alice, status unknown'],
    [undefined, 'unknown', 'Alice, status unknown'],
    [entry(1, '', true), 'online', 'Alice, last seen online, reconnecting'],
    [entry(2, 'away', true), 'offline', 'Alice, last seen offline, away, reconnecting'],
  ])('%o is data-status=%s labelled "%s"', (status, kind, label) => {
    const wrapper = mount(TUIStatusDot, { props: { status, name: 'Alice' } })
    expect(wrapper.attributes('role')).toBe('img')
    expect(wrapper.attributes('data-status')).toBe(kind)
    expect(wrapper.attributes('aria-label')).toBe(label)
    expect(wrapper.classes()).toContain(`tui-status-dot--${kind}`)
    expect(wrapper.attributes('data-stale')).toBe(status?.stale ? 'true' : undefined)
    expect(wrapper.classes().includes('is-stale')).toBe(status?.stale === true)
  })

  it('takes a size as px or a CSS length, through its component variable', () => {
    expect(mount(TUIStatusDot, { props: { name: 'A', size: 12 } }).attributes('style')).toContain('--tui-status-dot-size: 12px')
    expect(mount(TUIStatusDot, { props: { name: 'A', size: '0.75rem' } }).attributes('style')).toContain('--tui-status-dot-size: 0.75rem')
    expect(mount(TUIStatusDot, { props: { name: 'A' } }).attributes('style')).toBeUndefined()
  })

  it('updates when the status changes', async () => {
    const wrapper = mount(TUIStatusDot, { props: { status: entry(1), name: 'Bob' } })
    await wrapper.setProps({ status: entry(2, 'brb') })
    expect(wrapper.attributes('data-status')).toBe('offline')
    expect(wrapper.attributes('aria-label')).toBe('Bob, offline, brb')
  })
})

describe('TUIAvatar', () => {
  it('shows initials without a picture, decorative by default', () => {
    const wrapper = mount(TUIAvatar, { props: { name: 'Alice Smith' } })
    expect(wrapper.text()).toBe('AS')
    expect(wrapper.find('img').exists()).toBe(false)
    expect(wrapper.get('.tui-avatar__frame').attributes('aria-hidden')).toBe('true')
    expect(mount(TUIAvatar, { props: { name: 'bob' } }).text()).toBe('B')
    expect(mount(TUIAvatar, { props: { name: '张三' } }).text()).toBe('张')
  })

  it('shows the picture, and the initials again when it fails to load', async () => {
    const wrapper = mount(TUIAvatar, { props: { name: 'Carl', src: 'https://example.invalid/c.png', label: 'Carl' } })
    const img = wrapper.get('img')
    expect(img.attributes('alt')).toBe('Carl')
    await img.trigger('error')
    expect(wrapper.find('img').exists()).toBe(false)
    expect(wrapper.get('[role="img"]').attributes('aria-label')).toBe('Carl')
    await wrapper.setProps({ src: 'https://example.invalid/d.png' })
    expect(wrapper.find('img').exists()).toBe(true)
    // Once another picture loaded, the first one is tried again when it comes back.
    await wrapper.get('img').trigger('load')
    await wrapper.setProps({ src: 'https://example.invalid/c.png' })
    expect(wrapper.find('img').exists()).toBe(true)
  })

  it('overlays the dot slot', () => {
    const wrapper = mount(TUIAvatar, {
      props: { name: 'Dee' },
      slots: { dot: () => 'dot-here' },
    })
    expect(wrapper.get('.tui-avatar__dot').text()).toBe('dot-here')
  })
})
