import type { App, InjectionKey, Plugin } from 'vue'
import type { Pinia } from 'pinia'
import { ERROR_CODE } from './engine/constants'
import { ChatError } from './engine/errors'
import { createKitI18n, KitI18nKey, type KitI18n, type MessageOverrides } from './i18n'
import type { ChatEngine } from './engine/types'
import { KitRuntime } from './services/kit'
import { getActiveKit, setActiveKit } from './services'
import type { PresenceOptions } from './services/presence'
import { useKitStores } from './stores'

export interface TUIKitOptions {
  /** The chat backend: `createLocalEngine()` or `createTencentEngine(chat)`. */
  engine: ChatEngine
  /** Presence scheduling: dwell time, cap, and whether the console's friend auto-notify switch is on. */
  presence?: PresenceOptions
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
}

/** Provided to the kit's components. */
export const TUIKitKey: InjectionKey<KitRuntime> = Symbol('TUIKit')

function isEngine(value: unknown): value is ChatEngine {
  if (!value || typeof value !== 'object') return false
  const engine = value as Record<string, unknown>
  return ['login', 'logout', 'getUserStatus', 'subscribeUserStatus', 'unsubscribeUserStatus', 'on', 'off'].every(
    (name) => typeof engine[name] === 'function',
  )
}

/**
 * The Vue plugin: `app.use(createPinia()); app.use(TUIKit, { engine })`.
 * Installs the stores, wires the engine to them and pauses presence calls while the page is hidden.
 */
export const TUIKit: Plugin<[TUIKitOptions]> = {
  install(app: App, options: TUIKitOptions) {
    if (!options || !isEngine(options.engine)) {
      throw new ChatError(ERROR_CODE.INVALID_PARAMETERS, 'app.use(TUIKit, { engine }): engine must be a ChatEngine, e.g. createLocalEngine() or createTencentEngine(chat).')
    }
    const pinia = app.config.globalProperties.$pinia as Pinia | undefined
    if (!pinia) {
      throw new ChatError(ERROR_CODE.INVALID_PARAMETERS, 'app.use(TUIKit): install Pinia first, with app.use(createPinia()).')
    }
    const i18n = options.i18n ?? createKitI18n({ locale: options.locale, messages: options.messages })
    const kit = new KitRuntime(options, useKitStores(pinia))
    setActiveKit(kit)
    app.provide(TUIKitKey, kit)
    app.provide(KitI18nKey, i18n)

    const doc = typeof document === 'undefined' ? null : document
    const onVisibility = () => kit.presence.setHidden(doc?.visibilityState === 'hidden')
    doc?.addEventListener('visibilitychange', onVisibility)
    onVisibility()

    app.onUnmount(() => {
      doc?.removeEventListener('visibilitychange', onVisibility)
      kit.dispose()
      if (getActiveKit() === kit) setActiveKit(null)
    })
  },
}
