import type { KitI18n } from '../../i18n'

/** Words of the relative times (the numbers and units come from `Intl`). Components take them from the catalogue. */
export interface LastSeenMessages {
  /** Under a minute ago. */
  activeJustNow: string
  /** Minutes or hours ago; `relative` is "5 minutes ago" from `Intl.RelativeTimeFormat`. */
  activeAgo: (relative: string) => string
  /** A day or more ago; `relative` is "yesterday", "3 days ago". */
  lastSeen: (relative: string) => string
  /** Online since; `duration` is "2 hr" from `Intl.NumberFormat`. */
  onlineFor: (duration: string) => string
}

export const DEFAULT_LAST_SEEN_MESSAGES: Readonly<LastSeenMessages> = Object.freeze({
  activeJustNow: 'Active just now',
  activeAgo: (relative: string) => `Active ${relative}`,
  lastSeen: (relative: string) => `Last seen ${relative}`,
  onlineFor: (duration: string) => `Online for ${duration}`,
})

/** The words of the kit's catalogue (`lastSeen.*`), in its current locale. */
export function lastSeenMessagesOf(i18n: Pick<KitI18n, 't'>): LastSeenMessages {
  return {
    activeJustNow: i18n.t('lastSeen.justNow'),
    activeAgo: (time) => i18n.t('lastSeen.activeAgo', { time }),
    lastSeen: (time) => i18n.t('lastSeen.lastSeen', { time }),
    onlineFor: (duration) => i18n.t('lastSeen.onlineFor', { duration }),
  }
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>()
function relativeFormat(locale: string | undefined): Intl.RelativeTimeFormat {
  const key = locale ?? ''
  let format = relativeFormats.get(key)
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'long' })
    relativeFormats.set(key, format)
  }
  return format
}

/** Whole local calendar days between two times (yesterday = 1, whatever the hours). */
function calendarDaysBetween(since: number, now: number): number {
  const a = new Date(since)
  const b = new Date(now)
  const startA = Date.UTC(a.getFullYear(), a.getMonth(), a.getDate())
  const startB = Date.UTC(b.getFullYear(), b.getMonth(), b.getDate())
  return Math.round((startB - startA) / DAY)
}

/**
 * "Active just now", "Active 5 minutes ago", "Active 3 hours ago" (same day, under 24 h), then "Last seen
 * yesterday", "Last seen 3 days ago", "Last seen last month". A `since` in the future reads as now.
 */
export function formatLastSeen(
  since: number,
  now: number,
  locale?: string,
  messages: LastSeenMessages = DEFAULT_LAST_SEEN_MESSAGES,
): string {
  const ago = Math.max(0, now - since)
  if (ago < MINUTE) return messages.activeJustNow
  const rtf = relativeFormat(locale)
  if (ago < HOUR) return messages.activeAgo(rtf.format(-Math.floor(ago / MINUTE), 'minute'))
  const days = calendarDaysBetween(since, now)
  if (ago < DAY && days === 0) return messages.activeAgo(rtf.format(-Math.floor(ago / HOUR), 'hour'))
  const calendarDays = Math.max(1, days)
  if (calendarDays < 30) return messages.lastSeen(rtf.format(-calendarDays, 'day'))
  if (calendarDays < 365) return messages.lastSeen(rtf.format(-Math.floor(calendarDays / 30), 'month'))
  return messages.lastSeen(rtf.format(-Math.floor(calendarDays / 365), 'year'))
}

/** "Online for 5 min", "Online for 2 hr", "Online for 3 days" (`Intl.NumberFormat` units, the locale's words). */
export function formatOnlineFor(
  since: number,
  now: number,
  locale?: string,
  messages: LastSeenMessages = DEFAULT_LAST_SEEN_MESSAGES,
): string {
  const ms = Math.max(0, now - since)
  const [value, unit] = ms < HOUR ? [Math.max(1, Math.floor(ms / MINUTE)), 'minute'] : ms < DAY ? [Math.floor(ms / HOUR), 'hour'] : [Math.floor(ms / DAY), 'day']
  const duration = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: unit === 'day' ? 'long' : 'short' }).format(value)
  return messages.onlineFor(duration)
}
