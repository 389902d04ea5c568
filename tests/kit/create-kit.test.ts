import { flushPromises } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp, defineComponent, h, type App } from 'vue'
import {
  createLocalEngine,
  createTUIKit,
  DemoEngine,
  ERROR_CODE,
  TUIAvatar,
  TUIContact,
  TUIConversation,
  TUIKit,
  TUIStatusDot,
  useTUIKit,
  useUserStatusStore,
} from '../../src'
import { getActiveKit } from '../../src/services'

const apps: App[] = []
afterEach(() => {
  for (const app of apps.splice(0)) app.unmount()
  vi.useRealTimers()
})

function mountRoot(app: App): HTMLElement {
  const root = document.createElement('div')
  app.mount(root)
  apps.push(app)
  return root
}

const Empty = defineComponent({ render: () => h('div') })

describe('createTUIKit', () => {
  it('app.use(kit) and app.use(TUIKit, { engine }) register the four components; components: false registers none', () => {
    const kitApp = createApp(Empty).use(createPinia()).use(createTUIKit({ engine: createLocalEngine() }))
    const pluginApp = createApp(Empty).use(createPinia()).use(TUIKit, { engine: createLocalEngine() })
    const bareApp = createApp(Empty).use(createPinia()).use(createTUIKit({ engine: createLocalEngine(), components: false }))
    for (const app of [kitApp, pluginApp]) {
      expect(app.component('TUIConversation')).toBe(TUIConversation)
      expect(app.component('TUIContact')).toBe(TUIContact)
      expect(app.component('TUIStatusDot')).toBe(TUIStatusDot)
      expect(app.component('TUIAvatar')).toBe(TUIAvatar)
    }
    for (const name of ['TUIConversation', 'TUIContact', 'TUIStatusDot', 'TUIAvatar']) expect(bareApp.component(name)).toBeUndefined()
  })

  it('keeps a component the app registered under the same name', () => {
    const Mine = defineComponent({ name: 'MyConversation', render: () => h('p') })
    const app = createApp(Empty).use(createPinia())
    app.component('TUIConversation', Mine)
    app.use(createTUIKit({ engine: createLocalEngine() }))
    expect(app.component('TUIConversation')).toBe(Mine)
  })

  it('rejects bad options with 6017 and a message saying what to pass', () => {
    const cases: unknown[] = [undefined, null, 'local', {}, { engine: {} }, { engine: createLocalEngine(), components: 'yes' }]
    for (const options of cases) {
      expect(() => createTUIKit(options as never)).toThrow(expect.objectContaining({ code: ERROR_CODE.INVALID_PARAMETERS, message: expect.stringMatching(/^createTUIKit\(\{ engine \}\): /) }))
    }
  })

  it('needs Pinia first, and one kit per app', () => {
    const kit = createTUIKit({ engine: createLocalEngine() })
    expect(() => kit.install(createApp(Empty))).toThrow(expect.objectContaining({ code: ERROR_CODE.INVALID_PARAMETERS, message: expect.stringContaining('install Pinia first') }))
    createApp(Empty).use(createPinia()).use(kit)
    expect(() => kit.install(createApp(Empty).use(createPinia()))).toThrow(expect.objectContaining({ message: expect.stringContaining('create one kit per app') }))
  })

  it('calls before app.use(kit) and after the app unmounted reject (2024), changing nothing', async () => {
    const engine = createLocalEngine()
    const kit = createTUIKit({ engine })
    await expect(kit.login({ userID: 'alice', userSig: 'sig' })).rejects.toMatchObject({ code: ERROR_CODE.NOT_LOGGED_IN, message: expect.stringContaining('app.use(kit)') })
    expect(engine.isReady()).toBe(false)

    const app = createApp(Empty).use(createPinia()).use(kit)
    const root = document.createElement('div')
    app.mount(root)
    await kit.login({ userID: 'alice', userSig: 'sig' })
    expect(kit.userID).toBe('alice')
    expect(getActiveKit()).toBe(kit.runtime)
    const runtime = kit.runtime
    app.unmount()
    expect(kit.runtime).toBeNull()
    expect(getActiveKit()).not.toBe(runtime)
    await expect(kit.switchUserStatus({ displayOnlineStatus: true })).rejects.toMatchObject({ code: ERROR_CODE.NOT_LOGGED_IN, message: expect.stringContaining('disposed') })
  })

  it('useTUIKit() returns the app\'s kit in setup, and throws a clear error outside one', () => {
    const kit = createTUIKit({ engine: createLocalEngine() })
    let seen: unknown = null
    mountRoot(createApp(defineComponent({ setup: () => ((seen = useTUIKit()), () => h('p')) })).use(createPinia()).use(kit))
    expect(seen).toBe(kit)
    expect(() => useTUIKit()).toThrow(expect.objectContaining({ code: ERROR_CODE.NOT_LOGGED_IN, message: expect.stringContaining('inside setup()') }))
  })
})

describe('createLocalEngine({ demo: true })', () => {
  it('whoever logs in finds friends and conversations with mixed presence, changing over time while logged in', async () => {
    vi.useFakeTimers()
    const engine = createLocalEngine({ demo: true })
    expect(engine).toBeInstanceOf(DemoEngine)
    const kit = createTUIKit({ engine })
    const pinia = createPinia()
    mountRoot(createApp(Empty).use(pinia).use(kit))
    await kit.login({ userID: 'someone-new', userSig: 'any' })
    await vi.advanceTimersByTimeAsync(0)
    const friends = (await engine.getFriendList()).data
    const conversations = (await engine.getConversationList()).data.conversationList
    expect(friends.length).toBeGreaterThan(100)
    expect(conversations.length).toBeGreaterThan(50)
    const ids = friends.map((f) => f.userID)
    const statuses = () => ids.map((id) => engine.world.getStatus(id).statusType)
    const before = statuses()
    expect(new Set(before).size).toBe(3)
    await vi.advanceTimersByTimeAsync(30_000)
    expect(statuses()).not.toEqual(before)

    await kit.logout()
    const afterLogout = statuses()
    await vi.advanceTimersByTimeAsync(30_000)
    // Still once logged out (only the world's own 30 s custom-status clearing may run).
    expect(statuses()).toEqual(afterLogout)
    expect(useUserStatusStore(pinia).isLoggedIn).toBe(false)
    engine.destroy()
  })

  it('is the same world for the same seed, and rejects bad demo options', async () => {
    const names = async (seed: number) => {
      const engine = createLocalEngine({ demo: { seed, intervalMs: 0, users: 20 } })
      await engine.login({ userID: 'me', userSig: 'x' })
      const list = (await engine.getFriendList()).data.map((f) => `${f.userID}:${f.groupList.join()}`)
      engine.destroy()
      return list
    }
    expect(await names(1)).toEqual(await names(1))
    expect(await names(1)).not.toEqual(await names(2))
    expect(() => createLocalEngine({ demo: 'yes' as never })).toThrow(/demo must be true, false or/)
    expect(() => createLocalEngine({ demo: { users: 0 } })).toThrow(/demo.users/)
    expect(() => createLocalEngine({ demo: { intervalMs: -1 } })).toThrow(/demo.intervalMs/)
    await flushPromises()
  })
})
