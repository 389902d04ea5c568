import type { PlaceholdersOf } from './define'
import { listMessages } from './messages/lists'
import { noticeMessages } from './messages/notices'
import { presenceMessages } from './messages/presence'
import { statusMessages } from './messages/status'
import { timeMessages } from './messages/time'

/*
 * Every text the kit shows or speaks, one file per area under ./messages. To add an area: write
 * `messages/<area>.ts` with `defineMessages({ en: {...}, 'zh-CN': {...} })` and add it to AREAS below; the keys,
 * their placeholders and the `t()` calls are then type-checked, and tests/i18n checks both locales agree.
 */
const AREAS = [statusMessages, noticeMessages, listMessages, timeMessages, presenceMessages] as const

type Area = (typeof AREAS)[number]
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never

/** The English catalogue, with its literal texts (the source of placeholder names). */
export type EnglishMessages = UnionToIntersection<Area['en']>

/** Every message key: `'status.online'`, `'notice.featureNotEnabled'`, … */
export type MessageKey = keyof EnglishMessages & string

/** A complete catalogue for one locale. */
export type LocaleMessages = { readonly [K in MessageKey]: string }

/** Single messages an app replaces, per locale: `{ en: { 'status.unlogined': 'signed out' } }`. */
export type MessageOverrides = Partial<LocaleMessages>

/** `t(key)` for a message without placeholders, `t(key, { name })` for one with. */
export type MessageParams<K extends MessageKey> = [PlaceholdersOf<EnglishMessages[K]>] extends [never]
  ? []
  : [params: Record<PlaceholdersOf<EnglishMessages[K]>, string | number>]

function merge(locale: 'en' | 'zh-CN'): LocaleMessages {
  const all: Record<string, string> = {}
  for (const area of AREAS) Object.assign(all, area[locale])
  return Object.freeze(all) as LocaleMessages
}

/** English, the fallback of every other locale. */
export const en: LocaleMessages = merge('en')
/** Simplified Chinese. */
export const zhCN: LocaleMessages = merge('zh-CN')

/** The locales the kit ships, by BCP 47 tag. */
export const BUILTIN_MESSAGES: Readonly<Record<string, LocaleMessages>> = Object.freeze({ en, 'zh-CN': zhCN })

/** Every key, in catalogue order. */
export const MESSAGE_KEYS: readonly MessageKey[] = Object.freeze(Object.keys(en) as MessageKey[])

/** The keys of messages without placeholders: `t(key)` needs nothing more. */
export type PlainMessageKey = { [K in MessageKey]: MessageParams<K> extends [] ? K : never }[MessageKey]
