import type { App, Plugin } from 'vue'
import { makeKit, type TUIKitOptions } from './kit'

export type { TUIKitOptions } from './kit'
export { TUIKitKey } from './keys'

/**
 * The plugin form of the official kits: `app.use(createPinia()); app.use(TUIKit, { engine })`. Each `app.use`
 * creates a kit for that app (see `createTUIKit`, which also gives you the instance); `TUILogin` and
 * `TUIUserService` act on it.
 */
export const TUIKit: Plugin<[TUIKitOptions]> = {
  install(app: App, options: TUIKitOptions) {
    makeKit(options, { create: 'app.use(TUIKit, { engine })' }).install(app)
  },
}
