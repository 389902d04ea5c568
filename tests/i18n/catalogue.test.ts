import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { computed } from 'vue'
import { describe, expect, it } from 'vitest'
import { BUILTIN_MESSAGES, MESSAGE_KEYS, createKitI18n, en, zhCN, type MessageKey } from '../../src/i18n'
import { isChatError } from '../../src/engine/errors'

/**
 * Every message the kit shows or speaks. Adding or removing a key is a decision: update this list with it
 * (and both shipped locales, which the type check already demands).
 */
const KEYS: readonly MessageKey[] = [
  'status.online',
  'status.offline',
  'status.unlogined',
  'status.unknown',
  'status.lastSeen',
  'status.reconnecting',
  'status.separator',
  'notice.featureNotEnabled',
  'notice.editionNotSupported',
  'notice.reconnecting',
  'conversation.label',
  'conversation.empty',
  'conversation.unread',
  'contact.label',
  'contact.empty',
  'contact.noMatch',
  'contact.search',
  'time.justNow',
  'lastSeen.justNow',
  'lastSeen.activeAgo',
  'lastSeen.lastSeen',
  'lastSeen.onlineFor',
  'card.online',
  'card.offline',
  'card.unlogined',
  'card.unknown',
  'card.stale',
  'statusEditor.title',
  'statusEditor.emoji',
  'statusEditor.text',
  'statusEditor.placeholder',
  'statusEditor.counter',
  'statusEditor.tooLong',
  'statusEditor.presets',
  'statusEditor.preset.meeting',
  'statusEditor.preset.commuting',
  'statusEditor.preset.sick',
  'statusEditor.preset.holiday',
  'statusEditor.preset.focusing',
  'statusEditor.clearAfter',
  'statusEditor.clearAfter.30m',
  'statusEditor.clearAfter.1h',
  'statusEditor.clearAfter.4h',
  'statusEditor.clearAfter.today',
  'statusEditor.clearAfter.week',
  'statusEditor.clearAfter.never',
  'statusEditor.save',
  'statusEditor.clear',
  'statusEditor.saved',
  'statusEditor.cleared',
]

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|vue)$/.test(name) ? [path] : []
  })
}

describe('message catalogue', () => {
  it('has exactly the listed keys, in English and Chinese', () => {
    expect([...MESSAGE_KEYS].sort()).toEqual([...KEYS].sort())
    expect(Object.keys(BUILTIN_MESSAGES).sort()).toEqual(['en', 'zh-CN'])
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort())
  })

  it.each(KEYS.map((key) => [key]))('%s is non-empty, translated, with the same placeholders in both locales', (key) => {
    expect(en[key].trim(), 'en').not.toBe('')
    expect(zhCN[key].trim(), 'zh-CN').not.toBe('')
    expect(placeholders(zhCN[key])).toEqual(placeholders(en[key]))
    // A Chinese text that still holds an English word was not translated (error codes and "{…}" are fine).
    expect(zhCN[key].replace(/\{\w+\}/g, '')).not.toMatch(/[A-Za-z]{2,}/)
  })

  it('uses every key somewhere in src/ (no dead messages)', () => {
    const source = sourceFiles('src')
      .filter((file) => !file.startsWith(join('src', 'i18n', 'messages')))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n')
    // A key is used when written out, or built from its prefix (`card.${kind}`).
    const built = (key: string) => source.includes('`' + key.slice(0, key.lastIndexOf('.') + 1) + '${')
    const unused = KEYS.filter((key) => !source.includes(`'${key}'`) && !built(key))
    expect(unused).toEqual([])
  })
})

describe('createKitI18n', () => {
  it('speaks English by default and fills placeholders, numbers in the locale', () => {
    const i18n = createKitI18n()
    expect(i18n.locale.value).toBe('en')
    expect(i18n.t('status.online')).toBe('online')
    expect(i18n.t('status.lastSeen', { status: 'online' })).toBe('last seen online')
    expect(i18n.t('conversation.unread', { count: 12345 })).toBe('12,345 unread')
    i18n.setLocale('zh-CN')
    expect(i18n.t('conversation.unread', { count: 3 })).toBe('3 条未读')
  })

  it.each([
    ['zh-CN', 'zh-CN', '在线'],
    ['zh', 'zh', '在线'],
    ['zh-Hans-CN', 'zh-Hans-CN', '在线'],
    ['zh-cn', 'zh-CN', '在线'],
    ['en-GB', 'en-GB', 'online'],
    ['fr', 'fr', 'online'],
    ['ar', 'ar', 'online'],
  ])('locale %s is kept as %s and reads %s', (given, canonical, online) => {
    const i18n = createKitI18n({ locale: given })
    expect(i18n.locale.value).toBe(canonical)
    expect(i18n.t('status.online')).toBe(online)
  })

  it('gives right-to-left for Arabic, Hebrew, Persian, Urdu', () => {
    for (const locale of ['ar', 'he-IL', 'fa', 'ur-PK']) expect(createKitI18n({ locale }).dir.value, locale).toBe('rtl')
    for (const locale of ['en', 'zh-CN', 'ru', 'az-Latn']) expect(createKitI18n({ locale }).dir.value, locale).toBe('ltr')
  })

  it('lets an app replace single messages per locale, at start and later, and add a locale', () => {
    const i18n = createKitI18n({ locale: 'en', messages: { en: { 'status.unlogined': 'signed out' }, fr: { 'status.online': 'en ligne' } } })
    expect(i18n.t('status.unlogined')).toBe('signed out')
    expect(i18n.t('status.offline')).toBe('offline')
    i18n.setLocale('fr-FR')
    expect(i18n.t('status.online')).toBe('en ligne')
    expect(i18n.t('status.offline')).toBe('offline')
    i18n.setLocale('zh-CN')
    i18n.setMessages('zh-CN', { 'status.online': '在线中' })
    expect(i18n.t('status.online')).toBe('在线中')
    expect(i18n.t('status.unlogined')).toBe('未登录')
  })

  it('switches at run time: whatever computed a text computes it again', () => {
    const i18n = createKitI18n()
    const label = computed(() => i18n.t('contact.label'))
    const date = computed(() => i18n.formatDateTime(Date.UTC(2026, 0, 5, 21, 51), { weekday: 'long', timeZone: 'UTC' }))
    expect([label.value, date.value]).toEqual(['Contacts', 'Monday'])
    i18n.setLocale('zh-CN')
    expect([label.value, date.value]).toEqual(['联系人', '星期一'])
    i18n.setMessages('zh-CN', { 'contact.label': '好友' })
    expect(label.value).toBe('好友')
  })

  it('rejects a bad locale or an unknown key with 6017 and changes nothing', () => {
    const i18n = createKitI18n({ locale: 'zh-CN' })
    for (const bad of ['', 'not a locale!', 42]) {
      let error: unknown
      try {
        i18n.setLocale(bad as string)
      } catch (e) {
        error = e
      }
      expect(isChatError(error) && error.code).toBe(6017)
      expect((error as Error).message).toMatch(/BCP 47/)
    }
    expect(i18n.locale.value).toBe('zh-CN')
    expect(() => i18n.setMessages('zh-CN', { 'status.onlien': 'x' } as never)).toThrow(/Unknown message key.*status\.onlien/)
    expect(() => i18n.setMessages('zh-CN', { 'status.online': 3 } as never)).toThrow(/must be a string/)
    expect(i18n.t('status.online')).toBe('在线')
    expect(() => createKitI18n({ locale: 'en_US!' })).toThrow(/BCP 47/)
  })

  it('says relative times and durations through Intl in the locale', () => {
    const now = Date.UTC(2026, 10, 28, 12)
    const i18n = createKitI18n()
    expect(i18n.formatRelative(now - 10_000, now)).toBe('just now')
    expect(i18n.formatRelative(now - 5 * 60_000, now)).toBe('5 minutes ago')
    expect(i18n.formatRelative(now - 3 * 3_600_000, now)).toBe('3 hours ago')
    expect(i18n.formatRelative(now - 26 * 3_600_000, now)).toBe('yesterday')
    expect(i18n.formatRelative(now - 14 * 86_400_000, now)).toBe('2 weeks ago')
    expect(i18n.formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2 hr')
    i18n.setLocale('zh-CN')
    expect(i18n.formatRelative(now - 10_000, now)).toBe('刚刚')
    expect(i18n.formatRelative(now - 5 * 60_000, now)).toBe('5分钟前')
    expect(i18n.formatRelative(now - 26 * 3_600_000, now)).toBe('昨天')
    expect(i18n.formatDuration(5 * 60_000)).toMatch(/^5\s?分钟$/)
  })
})
