/*
 * Dates, times, numbers and relative times through `Intl`, one cached formatter per locale and options (building
 * an Intl formatter costs far more than using one, and a list formats many rows).
 */

const cache = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat | Intl.Collator>()

function cached<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat | Intl.Collator>(
  kind: string,
  locale: string | undefined,
  options: object,
  create: () => T,
): T {
  const key = `${kind}|${locale ?? ''}|${JSON.stringify(options)}`
  let format = cache.get(key) as T | undefined
  if (!format) {
    format = create()
    cache.set(key, format)
  }
  return format
}

export function dateTimeFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached('date', locale, options, () => new Intl.DateTimeFormat(locale, options))
}

export function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached('number', locale, options, () => new Intl.NumberFormat(locale, options))
}

/** How names sort: case and accents ignored, numbers by value ("Ann 2" before "Ann 10"). */
export function nameCollator(locale: string | undefined): Intl.Collator {
  return cached('collator', locale, {}, () => new Intl.Collator(locale, { sensitivity: 'base', numeric: true }))
}

export function relativeTimeFormat(locale: string | undefined, options: Intl.RelativeTimeFormatOptions): Intl.RelativeTimeFormat {
  return cached('relative', locale, options, () => new Intl.RelativeTimeFormat(locale, options))
}

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** The unit and count a relative time is said in: 90 s -> 2 minutes, 26 h -> 1 day ("yesterday"). */
export function relativeUnit(deltaMs: number): { value: number; unit: Intl.RelativeTimeFormatUnit } {
  const abs = Math.abs(deltaMs)
  const sign = deltaMs < 0 ? -1 : 1
  const round = (unit: number) => sign * Math.max(1, Math.round(abs / unit))
  if (abs < 45 * MINUTE) return { value: round(MINUTE), unit: 'minute' }
  if (abs < 22 * HOUR) return { value: round(HOUR), unit: 'hour' }
  if (abs < 7 * DAY) return { value: round(DAY), unit: 'day' }
  if (abs < 30 * DAY) return { value: round(7 * DAY), unit: 'week' }
  if (abs < 365 * DAY) return { value: round(30 * DAY), unit: 'month' }
  return { value: round(365 * DAY), unit: 'year' }
}

/**
 * "5 minutes ago", "yesterday", "in 2 hours", in `locale`. Returns '' under 45 seconds, where the caller says
 * "just now" from its catalogue (Intl's "now" reads oddly in "Active now ago"-style sentences).
 */
export function formatRelative(ms: number, now: number, locale: string | undefined, style: Intl.RelativeTimeFormatStyle = 'long'): string {
  if (!Number.isFinite(ms)) return ''
  const delta = ms - now
  if (Math.abs(delta) < 45 * SECOND) return ''
  const { value, unit } = relativeUnit(delta)
  return relativeTimeFormat(locale, { numeric: 'auto', style }).format(value, unit)
}

/** A length of time in its largest whole unit: "2 hr", "5 min", "3 days" (`Intl.NumberFormat` units). */
export function formatDuration(ms: number, locale: string | undefined, unitDisplay: 'long' | 'short' | 'narrow' = 'short'): string {
  if (!Number.isFinite(ms) || ms < 0) return ''
  const [unit, size] = ms >= DAY ? ['day', DAY] : ms >= HOUR ? ['hour', HOUR] : ms >= MINUTE ? ['minute', MINUTE] : ['second', SECOND]
  return numberFormat(locale, { style: 'unit', unit, unitDisplay, maximumFractionDigits: 0 }).format(Math.floor(ms / size))
}

const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi'])

/** Writing direction of a locale: `rtl` for Arabic, Hebrew, Persian, Urdu, …; `ltr` otherwise. */
export function directionOf(locale: string): 'ltr' | 'rtl' {
  const [language, ...rest] = locale.toLowerCase().split('-')
  if (rest.includes('arab') || rest.includes('hebr')) return 'rtl'
  if (rest.includes('latn') || rest.includes('cyrl')) return 'ltr'
  return RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr'
}
