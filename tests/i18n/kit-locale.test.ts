import { createPinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp, h, nextTick, type App } from 'vue'
import { createTUIKit, isChatError, TUIContact, type TUIKitInstance } from '../../src'
import { createLocalEngine, createWorld, type LocalEngine } from '../../src/engine/local'
import { settle } from '../components/helpers'

const apps: Array<{ app: App; root: HTMLElement; engine: LocalEngine }> = []
afterEach(() => {
  for (const { app, root, engine } of apps.splice(0)) {
    app.unmount()
    root.remove()
    engine.destroy()
  }
})

/** One app with its own kit, logged in as `userID`, its contact list shown. */
async function mountApp(userID: string, locale: string): Promise<{ kit: TUIKitInstance; root: HTMLElement }> {
  const world = createWorld()
  world.addUser({ userID, nick: userID })
  world.addUser({ userID: '42', nick: '张伟' })
  world.addFriend(userID, '42')
  world.setPresence('42', 'online')
  const engine = createLocalEngine({ world })
  const kit = createTUIKit({ engine, locale, presence: { dwellMs: 0, settleMs: 0 } })
  const root = document.createElement('div')
  document.body.append(root)
  const app = createApp({ render: () => h(TUIContact, { height: 400 }) })
  app.use(createPinia())
  app.use(kit)
  app.mount(root)
  apps.push({ app, root, engine })
  await kit.login({ userID, userSig: 'sig' })
  await kit.switchUserStatus({ displayOnlineStatus: true })
  await settle()
  return { kit, root }
}

const listName = (root: HTMLElement) => root.querySelector('[role="listbox"]')?.getAttribute('aria-label')
const dotLabel = (root: HTMLElement) => root.querySelector('[role="img"][data-status]')?.getAttribute('aria-label')

describe('createTUIKit({ locale })', () => {
  it('sets the locale per kit, and kit.i18n switches one kit in place', async () => {
    const chinese = await mountApp('me', 'zh-CN')
    const english = await mountApp('you', 'en')
    expect([listName(chinese.root), dotLabel(chinese.root)]).toEqual(['联系人', '张伟，在线'])
    expect([listName(english.root), dotLabel(english.root)]).toEqual(['Contacts', '张伟, online'])

    const listbox = chinese.root.querySelector('[role="listbox"]')
    chinese.kit.i18n.setLocale('en')
    await nextTick()
    expect(chinese.root.querySelector('[role="listbox"]')).toBe(listbox)
    expect([listName(chinese.root), dotLabel(chinese.root)]).toEqual(['Contacts', '张伟, online'])
    expect(chinese.root.querySelector('input[type="search"]')?.getAttribute('placeholder')).toBe('Search contacts')
    // The other kit is untouched.
    english.kit.i18n.setLocale('zh-CN')
    await nextTick()
    expect(listName(english.root)).toBe('联系人')
    expect(listName(chinese.root)).toBe('Contacts')
  })

  it('rejects a bad locale or message key when the kit is created, with 6017', () => {
    const engine = createLocalEngine()
    for (const options of [{ locale: 'not a locale!' }, { messages: { en: { 'status.onlin': 'x' } } }]) {
      let error: unknown
      try {
        createTUIKit({ engine, ...(options as object) })
      } catch (e) {
        error = e
      }
      expect(isChatError(error) && error.code).toBe(6017)
    }
    engine.destroy()
  })
})
