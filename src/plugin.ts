import type { App, InjectionKey, Plugin } from 'vue'
import type { Pinia } from 'pinia'
import { ERROR_CODE } from './engine/constants'
import { ChatError } from './engine/errors'
import type { ChatEngine } from './engine/types'
import { KitRuntime } from './services/kit'
import { getActiveKit, setActiveKit } from './services'
import type { PresenceOptions } from './services/presence-manager'
import { createListsSink, useContactStore, useConversationStore } from './stores/lists'
import { useUserStatusStore } from './stores/user-status'

export interface TUIKitOptions {
  /** The chat backend: `createLocalEngine()` or `createTencentEngine(chat)`. */
  engine: ChatEngine
  /** Presence scheduling: dwell time, cap, and whether the console's friend auto-notify switch is on. */
  presence?: PresenceOptions
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
    const status = useUserStatusStore(pinia)
    const lists = createListsSink(useConversationStore(pinia), useContactStore(pinia))
    const kit = new KitRuntime(options, { status: status.sink, lists })
    setActiveKit(kit)
    app.provide(TUIKitKey, kit)

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
