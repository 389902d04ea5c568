import { flushPromises } from '@vue/test-utils'
import { createPinia, type Pinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp, defineComponent, h, type App } from 'vue'
import { createTUIKit, setActiveTUIKit, TUILogin, TUIUserService, useTUIKit, useUserStatusStore, type TUIKitInstance } from '../../src'
import { createLocalEngine, createWorld, type LocalEngine, type World } from '../../src/engine/local'

/**
 * Two apps on one page, each with its own kit, engine and user, on one shared world: alice's friends are
 * ann and amy, bob's are ben and bea. Each app's lists, dots and session stay its own.
 */

interface Mounted {
  app: App
  kit: TUIKitInstance
  pinia: Pinia
  engine: LocalEngine
  root: HTMLElement
  /** What `useTUIKit()` returned inside the app. */
  injected: TUIKitInstance | null
}

const mounted: Mounted[] = []

afterEach(() => {
  for (const m of mounted.splice(0)) {
    m.app.unmount()
    m.root.remove()
    m.engine.destroy()
  }
})

function sharedWorld(): World {
  const world = createWorld()
  for (const [userID, nick] of [['alice', 'Alice'], ['bob', 'Bob'], ['ann', 'Ann'], ['amy', 'Amy'], ['ben', 'Ben'], ['bea', 'Bea']]) {
    world.addUser({ userID, nick })
  }
  world.addFriend('alice', 'ann')
  world.addFriend('alice', 'amy')
  world.addFriend('bob', 'ben')
  world.addFriend('bob', 'bea')
  world.addConversation('alice', { userID: 'ann' })
  world.addConversation('bob', { userID: 'ben' })
  world.setPresence('ann', 'online')
  world.setPresence('amy', 'offline')
  world.setPresence('ben', 'offline')
  world.setPresence('bea', 'online')
  return world
}

/** An app as a user writes it: globally registered lists, `useTUIKit()` in a component. */
function mountApp(world: World): Mounted {
  const engine = createLocalEngine({ world })
  const kit = createTUIKit({ engine, presence: { dwellMs: 0, settleMs: 0 } })
  const pinia = createPinia()
  const root = document.createElement('div')
  document.body.append(root)
  const result: Mounted = { app: null as unknown as App, kit, pinia, engine, root, injected: null }
  const Root = defineComponent({
    setup() {
      result.injected = useTUIKit()
      return () => [h('div', { class: 'conversations' }, [h(resolve('TUIConversation'), { height: 300 })]), h('div', { class: 'contacts' }, [h(resolve('TUIContact'), { height: 300 })])]
    },
  })
  const app = createApp(Root)
  // The lists are the globally registered ones: resolved by name from the app, as a template does.
  const resolve = (name: string) => {
    const component = app.component(name)
    if (!component) throw new Error(`${name} is not registered`)
    return component
  }
  app.use(pinia)
  app.use(kit)
  app.mount(root)
  result.app = app
  mounted.push(result)
  return result
}

async function settle(...kits: TUIKitInstance[]): Promise<void> {
  for (let i = 0; i < 6; i++) {
    await flushPromises()
    await new Promise<void>((resolve) => setTimeout(resolve, 0))
    for (const kit of kits) await kit.runtime?.presence.whenIdle()
  }
}

/** `{ userID: data-status }` of the contact rows of one app. */
function contactDots(m: Mounted): Record<string, string> {
  const dots: Record<string, string> = {}
  for (const row of m.root.querySelectorAll<HTMLElement>('.contacts [role="option"]')) {
    dots[row.dataset.key ?? ''] = row.querySelector<HTMLElement>('[data-status]')?.dataset.status ?? 'none'
  }
  return dots
}

function conversationKeys(m: Mounted): string[] {
  return [...m.root.querySelectorAll<HTMLElement>('.conversations [role="option"]')].map((row) => row.dataset.key ?? '')
}

describe('two apps, two kits, two users on one page', () => {
  it('each app keeps its own session, lists and dots', async () => {
    const world = sharedWorld()
    const a = mountApp(world)
    const b = mountApp(world)
    expect(a.injected).toBe(a.kit)
    expect(b.injected).toBe(b.kit)

    // Logging in A logs in A only (the bug: it logged in the app installed last).
    await a.kit.login({ userID: 'alice', userSig: 'sig' })
    await settle(a.kit, b.kit)
    expect(a.kit.userID).toBe('alice')
    expect(b.kit.isLoggedIn).toBe(false)
    expect(useUserStatusStore(b.pinia).isLoggedIn).toBe(false)
    expect(b.engine.isReady()).toBe(false)
    expect(b.root.querySelectorAll('[role="option"]')).toHaveLength(0)

    await b.kit.login({ userID: 'bob', userSig: 'sig' })
    await a.kit.switchUserStatus({ displayOnlineStatus: true })
    await b.kit.switchUserStatus({ displayOnlineStatus: true })
    await settle(a.kit, b.kit)

    expect(useUserStatusStore(a.pinia).userID).toBe('alice')
    expect(useUserStatusStore(b.pinia).userID).toBe('bob')
    expect(contactDots(a)).toEqual({ amy: 'offline', ann: 'online' })
    expect(contactDots(b)).toEqual({ bea: 'online', ben: 'offline' })
    expect(conversationKeys(a)).toEqual(['C2Cann'])
    expect(conversationKeys(b)).toEqual(['C2Cben'])
    expect(world.subscriptionsOf(a.engine).sort()).toEqual(['amy', 'ann'])
    expect(world.subscriptionsOf(b.engine).sort()).toEqual(['bea', 'ben'])

    // One world event reaches the app that watches that user, and only that app's store.
    world.setPresence('ann', 'unlogined')
    world.setPresence('ben', 'online')
    await settle(a.kit, b.kit)
    expect(contactDots(a)).toEqual({ amy: 'offline', ann: 'unlogined' })
    expect(contactDots(b)).toEqual({ bea: 'online', ben: 'online' })
    expect([...useUserStatusStore(a.pinia).userStatusList.keys()].sort()).toEqual(['amy', 'ann'])
    expect([...useUserStatusStore(b.pinia).userStatusList.keys()].sort()).toEqual(['bea', 'ben'])

    // Switching off and logging out in B leaves A as it was.
    await b.kit.switchUserStatus({ displayOnlineStatus: false })
    await b.kit.logout()
    await settle(a.kit, b.kit)
    expect(b.root.querySelectorAll('[role="option"]')).toHaveLength(0)
    expect(world.subscriptionsOf(b.engine)).toEqual([])
    expect(a.kit.userID).toBe('alice')
    expect(contactDots(a)).toEqual({ amy: 'offline', ann: 'unlogined' })
    expect(world.subscriptionsOf(a.engine).sort()).toEqual(['amy', 'ann'])
  })

  it('TUILogin / TUIUserService act on the active kit: the one installed last, or the one given to setActiveTUIKit', async () => {
    const world = sharedWorld()
    const a = mountApp(world)
    const b = mountApp(world)

    await TUILogin.login({ userID: 'bob', userSig: 'sig' })
    expect(b.kit.userID).toBe('bob')
    expect(a.kit.isLoggedIn).toBe(false)

    setActiveTUIKit(a.kit)
    await TUILogin.login({ userID: 'alice', userSig: 'sig' })
    await TUIUserService.switchUserStatus({ displayOnlineStatus: true })
    await settle(a.kit, b.kit)
    expect(a.kit.userID).toBe('alice')
    expect(useUserStatusStore(a.pinia).displayOnlineStatus).toBe(true)
    expect(useUserStatusStore(b.pinia).displayOnlineStatus).toBe(false)
    expect(contactDots(a)).toEqual({ amy: 'offline', ann: 'online' })
    // B displays nothing: its global switch is off.
    expect(Object.values(contactDots(b))).toEqual(['none', 'none'])
  })
})
