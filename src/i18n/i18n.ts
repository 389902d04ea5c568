import { computed, shallowRef, type ComputedRef, type InjectionKey, type ShallowRef } from 'vue'
import { ERROR_CODE } from '../engine/constants'
import { ChatError } from '../engine/errors'
import { BUILTIN_MESSAGES, MESSAGE_KEYS, en, type LocaleMessages, type MessageKey, type MessageOverrides, type MessageParams } from './catalogue'
import { dateTimeFormat, directionOf, formatDuration, formatRelative, numberFormat } from './format'

export interface KitI18nOptions {
  /**
   * BCP 47 locale of the texts, dates and times: `'en'`, `'zh-CN'`, or any other tag (texts fall back to the
   * closest shipped catalogue, then English; dates and times always use the tag itself).
   * @default 'en'
   */
  locale?: string
  /**
   * Single messages replaced per locale, or the messages of a locale the kit does not ship (keys it leaves
   * out fall back to English): `{ en: { 'status.unlogined': 'signed out' }, fr: { 'status.online': 'en ligne' } }`.
   * @default {}
   */
  messages?: Readonly<Record<string, MessageOverrides>>
}

/** The kit's texts and formats for one locale, switchable at run time: everything that reads them re-renders. */
export interface KitI18n {
  /** The current locale, canonical (`'zh-CN'`). */
  readonly locale: Readonly<ShallowRef<string>>
  /** Writing direction of the locale. */
  readonly dir: ComputedRef<'ltr' | 'rtl'>
  /** Switches every text and format of the kit; throws 6017 for a tag that is not BCP 47. */
  setLocale(locale: string): void
  /** Replaces single messages of a locale (merged with earlier ones); throws 6017 for an unknown key. */
  setMessages(locale: string, messages: MessageOverrides): void
  /** The message of `key` in the current locale, its `{placeholders}` filled in (numbers formatted). */
  t<K extends MessageKey>(key: K, ...params: MessageParams<K>): string
  /** A date or time through `Intl.DateTimeFormat` in the current locale. */
  formatDateTime(ms: number, options: Intl.DateTimeFormatOptions): string
  /** "5 minutes ago", "yesterday", "just now" (under 45 s) in the current locale. */
  formatRelative(ms: number, now?: number): string
  /** A length of time in its largest unit: "2 hr", "5 min". */
  formatDuration(ms: number, unitDisplay?: 'long' | 'short' | 'narrow'): string
  /** A number through `Intl.NumberFormat` in the current locale. */
  formatNumber(value: number, options?: Intl.NumberFormatOptions): string
}

/** Provided by the plugin; components read it with `useKitI18n()`. */
export const KitI18nKey: InjectionKey<KitI18n> = Symbol('TUIKitI18n')

function canonical(locale: unknown): string {
  if (typeof locale === 'string' && locale.trim() !== '') {
    try {
      const [tag] = Intl.getCanonicalLocales(locale.trim())
      if (tag) return tag
    } catch {
      // Falls through to the error below.
    }
  }
  throw new ChatError(
    ERROR_CODE.INVALID_PARAMETERS,
    `locale must be a BCP 47 language tag such as 'en' or 'zh-CN'; got ${JSON.stringify(locale)}.`,
  )
}

function checkMessages(locale: string, messages: unknown): MessageOverrides {
  if (!messages || typeof messages !== 'object') {
    throw new ChatError(ERROR_CODE.INVALID_PARAMETERS, `messages of '${locale}' must be an object of message key to text.`)
  }
  const known = new Set<string>(MESSAGE_KEYS)
  const unknown = Object.keys(messages).filter((key) => !known.has(key))
  if (unknown.length) {
    throw new ChatError(ERROR_CODE.INVALID_PARAMETERS, `Unknown message key(s) for '${locale}': ${unknown.join(', ')}. The keys are listed in MESSAGE_KEYS.`)
  }
  for (const [key, text] of Object.entries(messages)) {
    if (typeof text !== 'string') throw new ChatError(ERROR_CODE.INVALID_PARAMETERS, `Message '${key}' of '${locale}' must be a string.`)
  }
  return messages as MessageOverrides
}

/** `zh-Hans-CN` -> `['zh', 'zh-Hans', 'zh-Hans-CN']`. */
function prefixes(locale: string): string[] {
  const parts = locale.split('-')
  return parts.map((_, i) => parts.slice(0, i + 1).join('-'))
}

/** The shipped catalogue for a locale: exact, then a shorter tag, then the same language, then English. */
export function builtinLocaleOf(locale: string): string {
  const shipped = Object.keys(BUILTIN_MESSAGES)
  const find = (tag: string) => shipped.find((s) => s.toLowerCase() === tag.toLowerCase())
  for (const tag of prefixes(locale).reverse()) {
    const hit = find(tag)
    if (hit) return hit
  }
  const language = locale.split('-')[0].toLowerCase()
  return shipped.find((s) => s.split('-')[0].toLowerCase() === language) ?? 'en'
}

/**
 * The kit's i18n: `createKitI18n({ locale: 'zh-CN' })`. The plugin creates one from its `locale` and `messages`
 * options, or takes one given as `i18n`, so an app can keep it and call `setLocale` from anywhere.
 */
export function createKitI18n(options: KitI18nOptions = {}): KitI18n {
  const locale = shallowRef(canonical(options.locale ?? 'en'))
  const overrides = shallowRef<Readonly<Record<string, MessageOverrides>>>({})
  for (const [tag, messages] of Object.entries(options.messages ?? {})) {
    overrides.value = { ...overrides.value, [canonical(tag)]: checkMessages(tag, messages) }
  }

  const messages = computed<LocaleMessages>(() => {
    const tag = locale.value
    const builtin = builtinLocaleOf(tag)
    const chain = ['en', builtin, ...prefixes(tag)].filter((t, i, all) => all.indexOf(t) === i)
    const merged: Record<string, string> = { ...en }
    for (const t of chain) Object.assign(merged, BUILTIN_MESSAGES[t], overrides.value[t])
    return merged as LocaleMessages
  })
  const dir = computed(() => directionOf(locale.value))

  function format(value: string | number): string {
    return typeof value === 'number' ? numberFormat(locale.value).format(value) : value
  }

  const i18n: KitI18n = {
    locale,
    dir,
    setLocale(next) {
      locale.value = canonical(next)
    },
    setMessages(tag, next) {
      const key = canonical(tag)
      overrides.value = { ...overrides.value, [key]: { ...overrides.value[key], ...checkMessages(tag, next) } }
    },
    t(key, ...params) {
      const text = messages.value[key]
      const values = params[0] as Record<string, string | number> | undefined
      if (!values) return text
      return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? format(values[name]) : whole))
    },
    formatDateTime(ms, dateOptions) {
      if (!Number.isFinite(ms)) return ''
      return dateTimeFormat(locale.value, dateOptions).format(ms)
    },
    formatRelative(ms, now = Date.now()) {
      return formatRelative(ms, now, locale.value) || i18n.t('time.justNow')
    },
    formatDuration(ms, unitDisplay) {
      return formatDuration(ms, locale.value, unitDisplay)
    },
    formatNumber(value, numberOptions) {
      return numberFormat(locale.value, numberOptions).format(value)
    },
  }
  return i18n
}
