import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, onMounted } from 'vue'
import { TUIStatusDot } from '../../src/components/TUIStatusDot'
import { presenceNoticeKey } from '../../src/composables/useListPresence'
import { createKitI18n, KitI18nKey } from '../../src/i18n'
import type { UserStatusEntry } from '../../src/services/types'

const entry = (statusType: UserStatusEntry['statusType'], customStatus = '', stale = false): UserStatusEntry => ({ statusType, customStatus, stale })

describe('TUIStatusDot in the kit locale', () => {
  it.each([
    [entry(1, '听音乐'), '张三，在线，听音乐'],
    [entry(2), '张三，离线'],
    [entry(3), '张三，未登录'],
    [undefined, '张三，状态未知'],
    [entry(1, '', true), '张三，最后状态为在线，正在重新连接'],
  ])('%o reads "%s" in zh-CN', (status, label) => {
    const i18n = createKitI18n({ locale: 'zh-CN' })
    const wrapper = mount(TUIStatusDot, { props: { status, name: '张三' }, global: { provide: { [KitI18nKey as symbol]: i18n } } })
    expect(wrapper.attributes('aria-label')).toBe(label)
  })

  it('changes its label when the locale switches, without a remount', async () => {
    const i18n = createKitI18n()
    let mounts = 0
    const Host = defineComponent({
      setup() {
        onMounted(() => mounts++)
        return () => h(TUIStatusDot, { status: entry(3, 'brb', true), name: 'Alice' })
      },
    })
    const wrapper = mount(Host, { global: { provide: { [KitI18nKey as symbol]: i18n } } })
    const dot = wrapper.get('[role="img"]').element
    expect(dot.getAttribute('aria-label')).toBe('Alice, last seen not logged in, brb, reconnecting')
    i18n.setLocale('zh-CN')
    await wrapper.vm.$nextTick()
    expect(wrapper.get('[role="img"]').element).toBe(dot)
    expect(dot.getAttribute('aria-label')).toBe('Alice，最后状态为未登录，brb，正在重新连接')
    expect(mounts).toBe(1)
  })

  it('takes single words from its labels prop and the rest from the catalogue', () => {
    const i18n = createKitI18n({ locale: 'en', messages: { en: { 'status.offline': 'away' } } })
    const wrapper = mount(TUIStatusDot, {
      props: { status: entry(3), name: 'Bo', labels: { unlogined: 'signed out' } },
      global: { provide: { [KitI18nKey as symbol]: i18n } },
    })
    expect(wrapper.attributes('aria-label')).toBe('Bo, signed out')
    expect(mount(TUIStatusDot, { props: { status: entry(2), name: 'Bo' }, global: { provide: { [KitI18nKey as symbol]: i18n } } }).attributes('aria-label')).toBe('Bo, away')
  })
})

describe('presenceNoticeKey', () => {
  const base = { installed: true, displays: true, availability: 'available' as const, loggedIn: true, connected: true }
  it('names the notice of each state', () => {
    expect(presenceNoticeKey(base)).toBeNull()
    expect(presenceNoticeKey({ ...base, availability: 'feature-not-enabled' })).toBe('notice.featureNotEnabled')
    expect(presenceNoticeKey({ ...base, availability: 'edition-not-supported' })).toBe('notice.editionNotSupported')
    expect(presenceNoticeKey({ ...base, connected: false })).toBe('notice.reconnecting')
    expect(presenceNoticeKey({ ...base, connected: false, loggedIn: false })).toBeNull()
    expect(presenceNoticeKey({ ...base, displays: false, availability: 'feature-not-enabled' })).toBeNull()
    expect(presenceNoticeKey({ ...base, installed: false, connected: false })).toBeNull()
  })
})

describe('status labels shared by every dot', () => {
  it('stay live for the other dots after the first one unmounts', async () => {
    const i18n = createKitI18n()
    const global = { provide: { [KitI18nKey as symbol]: i18n } }
    const first = mount(TUIStatusDot, { props: { status: entry(1), name: 'A' }, global })
    const second = mount(TUIStatusDot, { props: { status: entry(2), name: 'B' }, global })
    first.unmount()
    i18n.setLocale('zh-CN')
    await second.vm.$nextTick()
    expect(second.attributes('aria-label')).toBe('B，离线')
  })
})
