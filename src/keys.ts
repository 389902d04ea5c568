import type { InjectionKey } from 'vue'
import type { TUIKitInstance } from './kit'
import type { KitRuntime } from './services/kit'

/** The runtime of the kit installed in the app; what the components use. */
export const TUIKitKey: InjectionKey<KitRuntime> = Symbol('TUIKit')
/** The kit instance installed in the app; what `useTUIKit()` returns. */
export const TUIKitInstanceKey: InjectionKey<TUIKitInstance> = Symbol('TUIKitInstance')
