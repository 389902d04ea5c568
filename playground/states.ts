/**
 * States the playground can open in, from the address, so a browser test (and a person) reaches each one with a
 * link: `?theme=dark&locale=zh-CN&dir=rtl&presence=72001&stale=1&session=out&simulate=0`.
 */
export interface PlaygroundState {
  theme: 'light' | 'dark'
  /** The kit's locale (`en`, `zh-CN`, or any BCP 47 tag). */
  locale: string
  /** Page direction; `auto` follows the locale. */
  dir: 'ltr' | 'rtl' | 'auto'
  /** The chat console as the embedded engine's server sees it: `72001` switch off, `3122` standard edition. */
  presence: 'available' | '72001' | '3122'
  /** Drop the connection after login: every status turns stale ("reconnecting"). */
  stale: boolean
  /** Stay logged out. */
  loggedOut: boolean
}

export function readState(search: string): PlaygroundState {
  const params = new URLSearchParams(search)
  const presence = params.get('presence')
  const dir = params.get('dir')
  return {
    theme: params.get('theme') === 'dark' ? 'dark' : 'light',
    locale: params.get('locale') || 'en',
    dir: dir === 'rtl' || dir === 'ltr' ? dir : 'auto',
    presence: presence === '72001' || presence === '3122' ? presence : 'available',
    stale: params.get('stale') === '1',
    loggedOut: params.get('session') === 'out',
  }
}

/** Sets `<html lang dir>`: assistive technology reads the page in its language, and the layout mirrors. */
export function applyDocumentLanguage(locale: string, dir: 'ltr' | 'rtl'): void {
  document.documentElement.lang = locale
  document.documentElement.dir = dir
}
