/**
 * The maths of a virtual list, free of any framework: where each row sits, which rows a viewport shows, where
 * to scroll to reveal a row, and how far rows in view moved when the items changed. Heights are known per row
 * (never measured), so a layout is one pass over the items and every question after it a binary search.
 * `useVirtualList` is the Vue adapter over these functions.
 */

/** Where every item sits. */
export interface VirtualLayout {
  /** `offsets[i]` is the top of item i; `offsets[n]` the total height. */
  readonly offsets: Float64Array
  /** Item keys in order, made on first use (a first render needs only the keys of the rows it shows). */
  readonly keys: readonly string[]
  /** Index of each key, made on first use. */
  readonly keyIndex: ReadonlyMap<string, number>
}

/** A half-open range of indexes: `start <= index < end`. */
export interface IndexRange {
  start: number
  end: number
}

export type ScrollAlign = 'auto' | 'start' | 'end' | 'center'

/**
 * Lays the items out top to bottom: one pass over the heights. The keys and their index are worked out the
 * first time they are asked for (scroll anchoring, selection), not for every layout.
 */
export function buildLayout<T>(items: readonly T[], getKey: (item: T) => string, heightOf: (item: T) => number): VirtualLayout {
  const n = items.length
  const offsets = new Float64Array(n + 1)
  let y = 0
  for (let i = 0; i < n; i++) {
    offsets[i] = y
    y += heightOf(items[i])
  }
  offsets[n] = y
  let keys: string[] | undefined
  let keyIndex: Map<string, number> | undefined
  return {
    offsets,
    get keys() {
      return (keys ??= items.map(getKey))
    },
    get keyIndex() {
      return (keyIndex ??= new Map(this.keys.map((key, i) => [key, i])))
    },
  }
}

/** Number of items in a layout. */
export function countOf(layout: VirtualLayout): number {
  return layout.offsets.length - 1
}

/** Height of the whole content, in px. */
export function totalHeightOf(layout: VirtualLayout): number {
  return layout.offsets[countOf(layout)]
}

/** The item that covers offset `y`: the last index with `offsets[i] <= y` (0 when none, the last past the end). */
export function indexAt(layout: VirtualLayout, y: number): number {
  let lo = 0
  let hi = countOf(layout) - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1
    if (layout.offsets[mid] <= y) lo = mid
    else hi = mid - 1
  }
  return Math.max(0, lo)
}

/** How many entries of an ascending array are at most `value` (binary search). */
export function countAtOrBelow(sorted: ArrayLike<number>, value: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid] <= value) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Items at least partly inside the viewport `[scrollTop, scrollTop + viewport)`. */
export function visibleRangeOf(layout: VirtualLayout, scrollTop: number, viewport: number): IndexRange {
  const n = countOf(layout)
  if (n === 0) return { start: 0, end: 0 }
  const start = indexAt(layout, Math.max(0, scrollTop))
  // A row counts as visible when any of it is inside the viewport.
  const end = Math.min(n, indexAt(layout, scrollTop + Math.max(1, viewport) - 0.5) + 1)
  return { start, end }
}

/** The visible range widened by `overscan` items at each edge, within the list. */
export function withOverscan(visible: IndexRange, count: number, overscan: number): IndexRange {
  const extra = Math.max(0, overscan)
  return { start: Math.max(0, visible.start - extra), end: Math.min(count, visible.end + extra) }
}

/** A scroll offset kept between the top and the last full viewport. */
export function clampScroll(layout: VirtualLayout, top: number, viewport: number): number {
  return Math.min(Math.max(0, top), Math.max(0, totalHeightOf(layout) - viewport))
}

/**
 * The scroll offset that shows item `index` (not clamped): `start` / `end` / `center` align it; `auto` is the
 * least scrolling that shows it whole, `current` when it already is (or when the index is out of range).
 * `paddingStart` px at the top of the viewport count as covered (a sticky header).
 */
export function scrollTopFor(
  layout: VirtualLayout,
  index: number,
  align: ScrollAlign,
  current: number,
  viewport: number,
  paddingStart = 0,
): number {
  if (index < 0 || index >= countOf(layout)) return current
  const top = layout.offsets[index] - paddingStart
  const bottom = layout.offsets[index + 1]
  const room = viewport - paddingStart
  if (align === 'start') return top
  if (align === 'end') return bottom - viewport
  if (align === 'center') return top - (room - (bottom - top - paddingStart)) / 2
  if (top < current) return top
  if (bottom > current + viewport) return bottom - viewport
  return current
}

/**
 * How far the rows that were in view moved, in px, or null when none of them is left. The anchor is the first
 * row in view that moved together with the next one: a row that moved on its own (a conversation jumping to the
 * top) is skipped, so it does not drag the view along.
 */
export function anchorShift(prev: VirtualLayout, next: VirtualLayout, scrollTop: number, viewport: number): number | null {
  const n = countOf(prev)
  let first: number | null = null
  let last: number | null = null
  for (let i = indexAt(prev, scrollTop); i < n && prev.offsets[i] < scrollTop + viewport; i++) {
    const j = next.keyIndex.get(prev.keys[i])
    if (j === undefined) {
      last = null
      continue
    }
    const shift = next.offsets[j] - prev.offsets[i]
    if (shift === last) return shift
    first ??= shift
    last = shift
  }
  return first
}

/**
 * Where to scroll after the items changed from `prev` to `next`: the rows in view stay where they are
 * (`keepAnchor`), except at the very top, where the list stays at the top so a new first item shows; never
 * past the end.
 */
export function scrollTopAfterChange(
  prev: VirtualLayout | undefined,
  next: VirtualLayout,
  scrollTop: number,
  viewport: number,
  keepAnchor: boolean,
): number {
  if (scrollTop <= 0) return scrollTop
  let top = scrollTop
  if (keepAnchor && prev && countOf(prev) > 0) {
    const shift = anchorShift(prev, next, scrollTop, viewport)
    if (shift !== null) top = scrollTop + shift
  }
  return clampScroll(next, top, viewport)
}
