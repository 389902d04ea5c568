import { hasInjectionContext, inject } from 'vue'
import { createKitI18n, KitI18nKey, type KitI18n } from './i18n'

let standalone: KitI18n | null = null

/**
 * The kit's i18n, as installed by the plugin (`locale`, `messages` or `i18n` option). A component used without
 * the plugin gets English; provide your own with `app.provide(KitI18nKey, createKitI18n({ locale }))`.
 */
export function useKitI18n(): KitI18n {
  const provided = hasInjectionContext() ? inject(KitI18nKey, null) : null
  if (provided) return provided
  standalone ??= createKitI18n()
  return standalone
}
