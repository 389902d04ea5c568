import { hasInjectionContext, inject, watch, type App } from 'vue'
import type { Pinia } from 'pinia'
import { TUIAvatar } from './components/TUIAvatar'
import { TUIContact } from './components/TUIContact'
import { TUIConversation } from './components/TUIConversation'
import { TUIStatusDot } from './components/TUIStatusDot'
import { TUILastSeen } from './components/TUILastSeen'
import { TUIPresenceCard } from './components/TUIPresenceCard'
import { TUIStatusEditor } from './components/TUIStatusEditor'
import { ERROR_CODE } from './engine/constants'
import { ChatError } from './engine/errors'
import { createKitI18n, KitI18nKey, type KitI18n, type MessageOverrides } from './i18n'
import { prepareContactGroups } from './components/TUIContact/rows'
import { TUIKitInstanceKey, TUIKitKey } from './keys'
import type { ChatEngine, FailureUser, LoginOptions, UserStatus } from './engine/types'
import { getActiveKit, setActiveKit } from './services'
import { KitRuntime } from './services/kit'
import { TUITickerKey } from './composables/useNow'
import type { StatusExpiryStorage } from './services/custom-status'
import type { KitPresenceOptions } from './services/kit'
import { useKitStores } from './stores'

export interface TUIKitOptions {
  /** The chat backend: `createLocalEngine()` (`{ demo: true }` for simulated users) or `createTencentEngine(chat)`. */
  engine: ChatEngine
  /**
   * Presence scheduling (dwell time, cap, the console's friend auto-notify switch) and the opt-in idle status
   * (`idle: { afterMs, customStatus }`, off by default).
   */
  presence?: KitPresenceOptions
  /**
   * Where custom-status expiries ("clear after 1 h") are kept between sessions.
   * @defaultValue localStorage, or memory where there is none
   */
  statusExpiryStorage?: StatusExpiryStorage
  /**
   * Locale of every text, date and time the kit shows or speaks; switch it later with
   * `useKitI18n().setLocale()` (or keep the `i18n` you pass).
   * @defaultValue 'en'
   */
  locale?: string
  /**
   * Single messages replaced per locale: `{ en: { 'status.unlogined': 'signed out' } }`.
   * @defaultValue {}
   */
  messages?: Readonly<Record<string, MessageOverrides>>
  /**
   * An i18n made with `createKitI18n()`, to switch the locale from outside components; `locale` and
   * `messages` are then ignored.
   * @defaultValue undefined (one is made from `locale` and `messages`)
   */
  i18n?: KitI18n
  /**
   * Registers `TUIConversation`, `TUIContact`, `TUIStatusDot`, `TUIAvatar`, `TUIStatusEditor`, `TUIPresenceCard` and
   * `TUILastSeen` as global components.
   * `false` registers none: import them by name where you use them. @default true
   */
  components?: boolean
}

/**
 * One kit: an engine, its session and the stores of one app. Create one per app (per request when rendering on
 * the server), as `createPinia()` / `createRouter()`: `app.use(createPinia()); app.use(kit)`.
 */
export interface TUIKitInstance {
  /** Installs the kit in `app` (after Pinia): stores, engine wiring and, unless `components: false`, components. */
  install(app: App): void
  readonly engine: ChatEngine
  /**
   * The kit's texts, dates and times: `kit.i18n.setLocale('zh-CN')` retranslates every list, dot and notice of
   * this kit in place, from anywhere.
   */
  readonly i18n: KitI18n
  /** The services of this kit once installed (`null` before `app.use(kit)` and after `dispose()`). */
  readonly runtime: KitRuntime | null
  /** The logged-in user ('' when none). Not reactive: templates read `useUserStatusStore().userID`. */
  readonly userID: string
  /** Not reactive: templates read `useUserStatusStore().isLoggedIn`. */
  readonly isLoggedIn: boolean
  /** Logs in and loads the conversation and friend lists. Rejects with the engine's code (3001 bad userSig). */
  login(options: LoginOptions): Promise<void>
  /** Unsubscribes every user, logs out and clears every status. */
  logout(): Promise<void>
  /** The global online-status switch of this kit's lists; only after login. A rejected call changes nothing. */
  switchUserStatus(options: { displayOnlineStatus: boolean }): Promise<void>
  /** Sets your custom status ("In a meeting"); '' clears it. */
  setSelfStatus(options: { customStatus: string }): Promise<UserStatus>
  /** Queries statuses once (any number of IDs, sent in batches of 500). */
  getUserStatus(options: { userIDList: string[] }): Promise<{ successUserList: UserStatus[]; failureUserList: FailureUser[] }>
  /**
   * Stops listening to the engine and stops presence calls. Done for you when the app unmounts; call it yourself
   * after a server render (the app never mounts there). The engine is yours: it stays logged in.
   */
  dispose(): void
}

const COMPONENTS = { TUIConversation, TUIContact, TUIStatusDot, TUIAvatar, TUIStatusEditor, TUIPresenceCard, TUILastSeen } as const

function isEngine(value: unknown): value is ChatEngine {
  if (!value || typeof value !== 'object') return false
  const engine = value as Record<string, unknown>
  return ['login', 'logout', 'getUserStatus', 'subscribeUserStatus', 'unsubscribeUserStatus', 'on', 'off'].every(
    (name) => typeof engine[name] === 'function',
  )
}

/** How the calls are named in error messages: `createTUIKit` or `app.use(TUIKit, …)`. */
export interface KitCallNames {
  create: string
}

/** The one place that wires a kit runtime to the stores of a Pinia instance. */
function createRuntime(pinia: Pinia, options: TUIKitOptions): KitRuntime {
  return new KitRuntime({ engine: options.engine, presence: options.presence, statusExpiryStorage: options.statusExpiryStorage }, useKitStores(pinia))
}

/**
 * Creates a kit for one app: `const kit = createTUIKit({ engine })`, then `app.use(createPinia())`,
 * `app.use(kit)`, `await kit.login({ userID, userSig })`. Inside components, `useTUIKit()` returns it.
 *
 * `TUILogin` and `TUIUserService` act on the active kit: the one installed last in the browser, or the one
 * given to `setActiveTUIKit(kit)`. On the server, where requests render at the same time, no kit becomes active
 * by itself: call the request's own kit (`kit.login(…)`).
 */
export function createTUIKit(options: TUIKitOptions): TUIKitInstance {
  return makeKit(options, { create: 'createTUIKit({ engine })' })
}

/** @internal `createTUIKit` with the caller's name in error messages (`TUIKit` passes its own). */
export function makeKit(options: TUIKitOptions, names: KitCallNames): TUIKitInstance {
  if (!options || typeof options !== 'object' || !isEngine(options.engine)) {
    throw new ChatError(
      ERROR_CODE.INVALID_PARAMETERS,
      `${names.create}: engine must be a ChatEngine, e.g. createLocalEngine({ demo: true }) or createTencentEngine(chat).`,
    )
  }
  if (options.components !== undefined && typeof options.components !== 'boolean') {
    throw new ChatError(ERROR_CODE.INVALID_PARAMETERS, `${names.create}: components must be true or false (default true).`)
  }
  const engine = options.engine
  // Made here, so a bad locale or message key is reported by the call that gave it.
  const i18n = options.i18n ?? createKitI18n({ locale: options.locale, messages: options.messages })
  let runtime: KitRuntime | null = null
  let installedIn: App | null = null
  let disposed = false
  let cleanup: (() => void) | null = null

  const need = (api: string): KitRuntime => {
    if (runtime) return runtime
    const why = disposed ? 'this kit was disposed (its app unmounted); create a new one' : 'install it first: app.use(createPinia()); app.use(kit)'
    throw new ChatError(ERROR_CODE.NOT_LOGGED_IN, `kit.${api}: ${why}.`)
  }
  // Calls reject (never throw) like the services they wrap.
  const call = async <T>(api: string, run: (kit: KitRuntime) => Promise<T>): Promise<T> => run(need(api))

  const kit: TUIKitInstance = {
    engine,
    i18n,
    get runtime() {
      return runtime
    },
    get userID() {
      return runtime?.userID ?? ''
    },
    get isLoggedIn() {
      return runtime?.isLoggedIn ?? false
    },
    install(app: App) {
      if (disposed) throw new ChatError(ERROR_CODE.INVALID_PARAMETERS, `${names.create}: this kit was disposed; create a new one for this app.`)
      if (installedIn) {
        throw new ChatError(ERROR_CODE.INVALID_PARAMETERS, `${names.create}: this kit is installed in another app already; create one kit per app.`)
      }
      const pinia = app.config.globalProperties.$pinia as Pinia | undefined
      if (!pinia) {
        throw new ChatError(ERROR_CODE.INVALID_PARAMETERS, `${names.create}: install Pinia first, with app.use(createPinia()).`)
      }
      const created = createRuntime(pinia, options)
      runtime = created
      installedIn = app
      app.provide(TUIKitKey, created)
      app.provide(TUIKitInstanceKey, kit)
      app.provide(KitI18nKey, i18n)
      app.provide(TUITickerKey, created.ticker)
      if (options.components !== false) {
        for (const [name, component] of Object.entries(COMPONENTS)) {
          if (!app.component(name)) app.component(name, component)
        }
      }
      // In the browser one kit serves the page's `TUILogin` / `TUIUserService`; on the server none does.
      const browser = typeof window !== 'undefined'
      if (browser) setActiveKit(created)
      // Friends are grouped and sorted by name in a task queued when their list arrives, not in a contact list's first
      // render.
      const stopPreparing = browser
        ? watch(() => useKitStores(pinia).contacts.friendList, (list) => prepareContactGroups(list, i18n.locale.value), { immediate: true })
        : null

      const doc = typeof document === 'undefined' ? null : document
      const onVisibility = () => {
        const hidden = doc?.visibilityState === 'hidden'
        created.presence.setHidden(hidden)
        created.idle?.setHidden(hidden)
      }
      doc?.addEventListener('visibilitychange', onVisibility)
      onVisibility()
      // Input for the opt-in idle status; pointer moves are counted at most once every 5 s.
      const idle = created.idle
      let lastMove = -Infinity
      const onInput = (event: Event) => {
        if (event.type === 'pointermove') {
          if (event.timeStamp - lastMove < 5_000) return
          lastMove = event.timeStamp
        }
        idle?.activity()
      }
      const inputEvents = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const
      if (idle && doc) for (const name of inputEvents) doc.addEventListener(name, onInput, { passive: true, capture: true })
      cleanup = () => {
        doc?.removeEventListener('visibilitychange', onVisibility)
        if (idle && doc) for (const name of inputEvents) doc.removeEventListener(name, onInput, { capture: true })
        stopPreparing?.()
        created.dispose()
        if (getActiveKit() === created) setActiveKit(null)
      }
      app.onUnmount(() => kit.dispose())
    },
    login: (o) => call('login', (r) => r.login(o)),
    logout: () => call('logout', (r) => r.logout()),
    switchUserStatus: (o) => call('switchUserStatus', (r) => r.switchUserStatus(o)),
    setSelfStatus: (o) => call('setSelfStatus', (r) => r.setSelfStatus(o)),
    getUserStatus: (o) => call('getUserStatus', (r) => r.getUserStatus(o)),
    dispose() {
      if (disposed) return
      disposed = true
      cleanup?.()
      cleanup = null
      runtime = null
    },
  }
  return kit
}

/**
 * Makes `kit` the one `TUILogin` and `TUIUserService` act on (`null`: none). `app.use(kit)` does it in the
 * browser; call it to switch between the kits of several apps on one page.
 */
export function setActiveTUIKit(kit: TUIKitInstance | null): void {
  if (kit && !kit.runtime) {
    throw new ChatError(ERROR_CODE.INVALID_PARAMETERS, 'setActiveTUIKit(kit): install the kit first, with app.use(kit).')
  }
  setActiveKit(kit?.runtime ?? null)
}

/** The kit of the current app, inside `setup()` (or an `app.runWithContext` callback). */
export function useTUIKit(): TUIKitInstance {
  const kit = hasInjectionContext() ? inject(TUIKitInstanceKey, null) : null
  if (!kit) {
    throw new ChatError(
      ERROR_CODE.NOT_LOGGED_IN,
      hasInjectionContext()
        ? 'useTUIKit(): this app has no kit; install one with app.use(createTUIKit({ engine })).'
        : 'useTUIKit(): call it inside setup() of a component of the app that installed the kit.',
    )
  }
  return kit
}

declare module 'vue' {
  /** The components `app.use(kit)` registers, so templates type-check their props (Volar, vue-tsc). */
  export interface GlobalComponents {
    TUIConversation: typeof TUIConversation
    TUIContact: typeof TUIContact
    TUIStatusDot: typeof TUIStatusDot
    TUIAvatar: typeof TUIAvatar
    TUIStatusEditor: typeof TUIStatusEditor
    TUIPresenceCard: typeof TUIPresenceCard
    TUILastSeen: typeof TUILastSeen
  }
}
