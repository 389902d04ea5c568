/** Prefix of every class, CSS variable and element id the kit renders. */
export const NAMESPACE = 'tui'

export interface UseNamespaceReturn {
  /** The namespace itself: `tui`. */
  readonly namespace: string
  /** Block: `b()` = `tui-status-dot`, `b('inner')` = `tui-status-dot-inner`. */
  b: (suffix?: string) => string
  /** Element: `e('label')` = `tui-status-dot__label`. */
  e: (element: string) => string
  /** Modifier: `m('small')` = `tui-status-dot--small`. */
  m: (modifier: string) => string
  /** Element with a modifier: `em('label', 'muted')` = `tui-status-dot__label--muted`. */
  em: (element: string, modifier: string) => string
  /** State class: `is('stale')` = `is-stale`; `is('stale', false)` = `''`. */
  is: (state: string, on?: boolean) => string
  /** CSS variable name of the block: `cssVar('size')` = `--tui-status-dot-size`. */
  cssVar: (name: string) => string
}

/**
 * BEM class names for one component block, all prefixed with `tui`, so every component spells them the
 * same way and a theme can target them.
 *
 * @example
 * const ns = useNamespace('status-dot')
 * ns.b()           // 'tui-status-dot'
 * ns.e('ring')     // 'tui-status-dot__ring'
 * ns.m('online')   // 'tui-status-dot--online'
 * ns.is('stale')   // 'is-stale'
 */
export function useNamespace(block: string): UseNamespaceReturn {
  const root = `${NAMESPACE}-${block}`
  return {
    namespace: NAMESPACE,
    b: (suffix) => (suffix ? `${root}-${suffix}` : root),
    e: (element) => `${root}__${element}`,
    m: (modifier) => `${root}--${modifier}`,
    em: (element, modifier) => `${root}__${element}--${modifier}`,
    is: (state, on = true) => (on ? `is-${state}` : ''),
    cssVar: (name) => `--${root}-${name}`,
  }
}
