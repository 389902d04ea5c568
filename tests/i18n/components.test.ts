import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, onMounted, type ComponentPublicInstance } from 'vue'
import { TUIAvatar } from '../../src/components/TUIAvatar'
import { TUIContact } from '../../src/components/TUIContact'
import { TUIConversation } from '../../src/components/TUIConversation'
import { TUILastSeen } from '../../src/components/TUILastSeen'
import { TUIPresenceCard } from '../../src/components/TUIPresenceCard'
import { TUIStatusDot } from '../../src/components/TUIStatusDot'
import { TUIStatusEditor } from '../../src/components/TUIStatusEditor'
import type { LocalEngine, World } from '../../src/engine/local'
import { BUILTIN_MESSAGES, MESSAGE_KEYS, createKitI18n, en, type KitI18n, type MessageOverrides } from '../../src/i18n'
import { TUIKit } from '../../src/plugin'
import { TUILogin, TUIUserService } from '../../src/services'
import { ME, createTestWorld, settle } from '../components/helpers'

/*
 * The data of these worlds has no Latin letters (Chinese names, statuses and messages, digit IDs), so any Latin
 * word in the rendered page came from the kit itself: from the catalogue, or a literal that should be in it.
 */

/** Friends, C2C and group conversations with unread counts, custom statuses and every presence state. */
function chineseWorld(world: World): void {
  const people: Array<[string, string, 'online' | 'offline' | 'unlogined', string]> = [
    ['101', '张伟', 'online', '开会中'],
    ['102', '王芳', 'offline', ''],
    ['103', '李娜', 'unlogined', '休假'],
    ['104', '刘洋', 'online', ''],
  ]
  const now = Math.floor(Date.now() / 1000)
  people.forEach(([userID, nick, presence, custom], i) => {
    world.addUser({ userID, nick })
    world.addFriend(ME, userID, i < 2 ? { groupList: ['同事'] } : {})
    world.setPresence(userID, presence)
    if (custom) world.setCustomStatus(userID, custom)
    world.addConversation(ME, { userID }, {
      lastMessage: { messageForShow: '明天见', lastTime: now - i * 3 * 86_400 - 60, fromAccount: userID },
      unreadCount: i === 0 ? 3 : i === 1 ? 120 : 0,
      isPinned: i === 0,
    })
  })
  world.addConversation(ME, { groupID: '900', name: '设计评审' }, {
    lastMessage: { messageForShow: '新稿已上传', lastTime: now - 400 * 86_400, fromAccount: '101' },
    unreadCount: 2,
  })
}

/** Every message as a marker that keeps its placeholders: `⟦conversation.unread {count}⟧`. */
function markers(): MessageOverrides {
  return Object.fromEntries(
    MESSAGE_KEYS.map((key) => [key, `⟦${key}${[...en[key].matchAll(/\{\w+\}/g)].map((m) => ` ${m[0]}`).join('')}⟧`]),
  )
}

/** All a user sees or hears: text and the attributes read aloud or shown. */
function spoken(root: Element): string[] {
  const out: string[] = [root.textContent ?? '']
  for (const el of root.querySelectorAll('*')) {
    for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'aria-roledescription', 'aria-valuetext']) {
      const value = el.getAttribute(name)
      if (value) out.push(value)
    }
  }
  return out
}

function latinWords(texts: string[]): string[] {
  return texts.flatMap((text) => text.replace(/⟦[^⟧]*⟧/g, ' ').match(/[A-Za-z]{2,}/g) ?? [])
}

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
})

interface Scenario {
  build?: (world: World) => void
  after?: (world: World, wrapper: VueWrapper, engine: LocalEngine) => Promise<void>
}

let mounts = 0
const Page = defineComponent({
  setup() {
    onMounted(() => mounts++)
    return () =>
      h('div', [
        h(TUIConversation, { height: 600 }),
        h(TUIContact, { height: 600 }),
        h(TUIStatusDot, { name: '访客', status: { statusType: 1, customStatus: '', stale: true } }),
        h(TUIStatusDot, { name: '访客', status: undefined }),
        h(TUIAvatar, { name: '访客', label: '访客' }),
        h(TUILastSeen, { status: { statusType: 2, customStatus: '', stale: false, since: Date.now() - 3 * 3_600_000 } }),
        h(TUILastSeen, { status: { statusType: 2, customStatus: '', stale: false, since: Date.now() - 5 * 60_000 } }),
        h(TUILastSeen, { status: { statusType: 3, customStatus: '', stale: false, since: Date.now() - 5_000 } }),
        h(TUIPresenceCard, { userID: '101', name: '张伟', status: { statusType: 1, customStatus: '开会中', stale: false, since: Date.now() - 2 * 3_600_000 } }),
        h(TUIPresenceCard, { userID: '102', name: '王芳', status: { statusType: 2, customStatus: '', stale: true, since: Date.now() - 86_400_000 } }),
        h(TUIPresenceCard, { userID: '103', name: '李娜', status: { statusType: 3, customStatus: '', stale: false } }),
        h(TUIPresenceCard, { userID: '104', name: '刘洋', status: undefined }),
        h(TUILastSeen, { status: { statusType: 2, customStatus: '', stale: false, since: Date.now() - 3 * 86_400_000 } }),
        h(TUIStatusEditor),
      ])
  },
})

async function mountPage(i18n: KitI18n, scenario: Scenario = {}): Promise<{ wrapper: VueWrapper; world: World }> {
  const { world, engine } = createTestWorld(scenario.build ?? chineseWorld)
  const wrapper = mount(Page, {
    attachTo: document.body,
    global: { plugins: [createPinia(), [TUIKit, { engine, i18n, presence: { dwellMs: 0, settleMs: 0 } }]] },
  }) as unknown as VueWrapper<ComponentPublicInstance>
  mounted = wrapper
  await TUILogin.login({ userID: ME, userSig: 'sig' })
  await TUIUserService.switchUserStatus({ displayOnlineStatus: true })
  await settle()
  await scenario.after?.(world, wrapper, engine)
  return { wrapper, world }
}

const SCENARIOS: Array<[string, Scenario]> = [
  ['rows with every state, unread counts and times', {}],
  ['empty lists', { build: () => {} }],
  [
    'no contact matches the search',
    {
      after: async (_, wrapper) => {
        await wrapper.get('input[type="search"]').setValue('不存在的人')
        await settle()
      },
    },
  ],
  ['the 72001 notice', { after: async (world) => { world.setUserStatusEnabled(false); await TUIUserService.switchUserStatus({ displayOnlineStatus: true }); await settle() } }],
  ['the 3122 notice', { after: async (world) => { world.setEdition('standard'); await TUIUserService.switchUserStatus({ displayOnlineStatus: true }); await settle() } }],
  ['reconnecting (stale statuses)', { after: async (world, _, engine) => { world.dropConnection(engine); await settle() } }],
]

describe('no literal English outside the catalogue', () => {
  const seen = new Set<string>()

  it.each(SCENARIOS)('%s: every word comes from the catalogue', async (_, scenario) => {
    const i18n = createKitI18n({ locale: 'zh-CN', messages: { 'zh-CN': markers() } })
    await mountPage(i18n, scenario)
    const texts = spoken(document.body)
    expect(latinWords(texts)).toEqual([])
    for (const text of texts) for (const [, key] of text.matchAll(/⟦([\w.]+)/g)) seen.add(key)
  })

  it('showed every message that a component says (the rest are listed here on purpose)', () => {
    // Said by a helper for apps (time.justNow), and by the status editor after typing or saving, which these pages
    // do not do (its own tests cover those states).
    const notShown = ['time.justNow', 'statusEditor.tooLong', 'statusEditor.saved', 'statusEditor.cleared']
    expect(MESSAGE_KEYS.filter((key) => !seen.has(key) && !notShown.includes(key))).toEqual([])
  })
})

describe('switching the locale at run time', () => {
  it('changes every visible string and aria label, without a remount', async () => {
    mounts = 0
    const i18n = createKitI18n({ locale: 'en' })
    const { wrapper } = await mountPage(i18n)
    const listbox = wrapper.get('[aria-label="Contacts"]').element
    const english = spoken(wrapper.element)
    expect(latinWords(english).length).toBeGreaterThan(10)
    const englishLabels = [...wrapper.element.querySelectorAll('[aria-label]')].map((el) => el.getAttribute('aria-label'))

    i18n.setLocale('zh-CN')
    await nextTick()

    // Same component instances and elements.
    expect(mounts).toBe(1)
    expect(wrapper.get('[aria-label="联系人"]').element).toBe(listbox)
    // No English word is left, and every aria label changed.
    expect(latinWords(spoken(wrapper.element))).toEqual([])
    const chineseLabels = [...wrapper.element.querySelectorAll('[aria-label]')].map((el) => el.getAttribute('aria-label'))
    expect(chineseLabels).toHaveLength(englishLabels.length)
    chineseLabels.forEach((label, i) => {
      // Labels made of data alone (an avatar's name) have nothing to translate.
      if (latinWords([englishLabels[i] ?? '']).length) expect(label, `was "${englishLabels[i]}"`).not.toBe(englishLabels[i])
    })
    // The same words a page mounted in Chinese from the start shows.
    const switched = spoken(wrapper.element)
    wrapper.unmount()
    mounted = null
    const fresh = await mountPage(createKitI18n({ locale: 'zh-CN' }))
    expect(switched.slice(1).sort()).toEqual(spoken(fresh.wrapper.element).slice(1).sort())
    expect(BUILTIN_MESSAGES['zh-CN']['contact.label']).toBe('联系人')
  })
})
