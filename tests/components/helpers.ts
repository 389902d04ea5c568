import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, type Pinia } from 'pinia'
import { type Component, type ComponentOptions, type ComponentPublicInstance } from 'vue'
import { createLocalEngine, createWorld, type LocalEngine, type World, type WorldOptions } from '../../src/engine/local'
import { TUIKit } from '../../src/plugin'
import { TUILogin, getActiveKit } from '../../src/services'

export const ME = 'me'

/** A world with the logged-in user `me`; `build` adds users, friends and conversations before login. */
export function createTestWorld(build?: (world: World) => void, options?: WorldOptions): { world: World; engine: LocalEngine } {
  const world = createWorld(options)
  world.addUser({ userID: ME, nick: 'Me' })
  build?.(world)
  const engine = createLocalEngine({ world })
  return { world, engine }
}

/** Lets the kit finish: engine events (microtasks), presence timers (0 ms in tests) and the calls they make. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 6; i++) {
    await flushPromises()
    await new Promise<void>((resolve) => setTimeout(resolve, 0))
    await getActiveKit()?.presence.whenIdle()
  }
  await flushPromises()
}

/** Counts `updated` hooks per component name and per row key, through a global mixin. */
export function createUpdateCounter() {
  const byComponent = new Map<string, number>()
  const byRow = new Map<string, number>()
  const mixin: ComponentOptions = {
    updated(this: ComponentPublicInstance) {
      const name = (this.$options as { __name?: string; name?: string }).__name ?? this.$options.name ?? 'anonymous'
      byComponent.set(name, (byComponent.get(name) ?? 0) + 1)
      const key = this.$el instanceof HTMLElement ? this.$el.dataset.key : undefined
      if (key && (name === 'ConversationListItem' || name === 'ContactListItem')) byRow.set(key, (byRow.get(key) ?? 0) + 1)
    },
  }
  return {
    mixin,
    of: (name: string) => byComponent.get(name) ?? 0,
    /** Component updates of any kind, by name (only those that updated). */
    all: () => Object.fromEntries(byComponent),
    rows: () => new Map(byRow),
    reset: () => {
      byComponent.clear()
      byRow.clear()
    },
  }
}

export interface MountKitOptions {
  props?: Record<string, unknown>
  /** Install TUIKit (default) or only Pinia. */
  kit?: boolean
  /** Log in as `me` after mounting (default true). */
  login?: boolean
  world?: World
  engine?: LocalEngine
  mixins?: ComponentOptions[]
  attachTo?: HTMLElement
}

export interface MountedKit<C> {
  wrapper: VueWrapper<ComponentPublicInstance & C>
  world: World
  engine: LocalEngine
  pinia: Pinia
}

/**
 * Mounts a component the way an app does: Pinia, `TUIKit` with a local engine (presence with no dwell and no
 * settle time) and, unless `login: false`, `TUILogin.login({ userID: 'me' })`, then settles.
 */
export async function mountKit<C>(component: Component, options: MountKitOptions = {}): Promise<MountedKit<C>> {
  const made = options.world && options.engine ? { world: options.world, engine: options.engine } : createTestWorld()
  const pinia = createPinia()
  const plugins: NonNullable<Parameters<typeof mount>[1]>['global'] = {
    plugins: options.kit === false ? [pinia] : [pinia, [TUIKit, { engine: made.engine, presence: { dwellMs: 0, settleMs: 0 } }]],
    mixins: options.mixins,
  }
  const wrapper = mount(component, {
    props: options.props,
    global: plugins,
    attachTo: options.attachTo,
  }) as unknown as VueWrapper<ComponentPublicInstance & C>
  if (options.kit !== false && options.login !== false) {
    await TUILogin.login({ userID: ME, userSig: 'sig' })
  }
  await settle()
  return { wrapper, pinia, ...made }
}

/** The dots rendered, by the row key they are in. */
export function dotsByKey(wrapper: VueWrapper): Map<string, HTMLElement> {
  const dots = new Map<string, HTMLElement>()
  for (const option of wrapper.findAll('[role="option"]')) {
    const dot = option.element.querySelector<HTMLElement>('[data-status]')
    const key = (option.element as HTMLElement).dataset.key
    if (dot && key) dots.set(key, dot)
  }
  return dots
}

/** The `data-key` of the rendered options, in DOM order. */
export function optionKeys(wrapper: VueWrapper): string[] {
  return wrapper.findAll('[role="option"]').map((option) => (option.element as HTMLElement).dataset.key ?? '')
}

/** Scrolls the listbox to `top` px as a user would (sets scrollTop and dispatches scroll). */
export async function scrollList(wrapper: VueWrapper, top: number): Promise<void> {
  const list = wrapper.get('[role="listbox"]').element as HTMLElement
  list.scrollTop = top
  list.dispatchEvent(new Event('scroll'))
  await settle()
}

/** Seconds since the epoch, for `lastMessage.lastTime`. */
export function secondsAgo(seconds: number): number {
  return Math.floor(Date.now() / 1000) - seconds
}

export { flushPromises }

/** Six friends of ME. Team: zoe "Zoe", adam (remark "Boss"); no group: alice "Alice", bob (remark "Bobby"), 7eleven, carl "Carl". */
export function sixFriends(world: World): void {
  world.addUser({ userID: 'alice', nick: 'Alice' })
  world.addUser({ userID: 'carl', nick: 'Carl' })
  world.addUser({ userID: 'zoe', nick: 'Zoe' })
  world.addFriend(ME, 'zoe', { groupList: ['Team'] })
  world.addFriend(ME, 'adam', { remark: 'Boss', groupList: ['Team'] })
  world.addFriend(ME, 'alice')
  world.addFriend(ME, 'bob', { remark: 'Bobby' })
  world.addFriend(ME, '7eleven')
  world.addFriend(ME, 'carl')
}

/** The key of the listbox's active option (its `aria-activedescendant`), if any. */
export function activeOption(wrapper: VueWrapper): string | undefined {
  const id = wrapper.get('[role="listbox"]').attributes('aria-activedescendant')
  if (!id) return undefined
  return (wrapper.element.querySelector(`[id="${id}"]`) as HTMLElement | null)?.dataset.key
}
