/** A CSS length from a number (px) or a string, as the components' `height` / `size` props take it. */
export function toCssLength(value: number | string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined
  return typeof value === 'number' ? `${value}px` : value
}

/**
 * Runs `fn` in the next animation frame and returns how to cancel it; `null` where there are no frames (server
 * rendering), and then `fn` is not run.
 */
export function nextFrame(fn: () => void): (() => void) | null {
  if (typeof requestAnimationFrame !== 'function') return null
  const id = requestAnimationFrame(() => fn())
  return () => cancelAnimationFrame(id)
}

/** Turns a key (a userID, a conversationID) into characters valid in an element id, one-to-one. */
export function idSafe(key: string): string {
  return key.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`)
}

/** The `data-key` of the option an event happened in, if it is inside `container`. */
export function optionKeyOf(event: Event, container: HTMLElement | null): string | null {
  const target = event.target
  if (!container || !(target instanceof Element)) return null
  const option = target.closest('[role="option"]')
  if (!(option instanceof HTMLElement) || !container.contains(option)) return null
  return option.dataset.key ?? null
}
