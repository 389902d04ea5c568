import {
  computed,
  nextTick,
  onScopeDispose,
  shallowRef,
  toValue,
  watch,
  type ComputedRef,
  type MaybeRefOrGetter,
  type Ref,
} from 'vue'

export interface UseVirtualListOptions<T> {
  /** Stable key of an item (a conversationID, a userID): used to keep the scroll position when items change. */
  getKey: (item: T) => string
  /**
   * Height of an item in px. Heights are known per kind of row (a header, a row), never measured.
   */
  itemHeight: number | ((item: T) => number)
  /**
   * Items rendered beyond each edge of the viewport.
   * @default 6
   */
  overscan?: MaybeRefOrGetter<number>
  /**
   * Viewport height in px while the container has no layout (server rendering, happy-dom in tests).
   * @default 480
   */
  fallbackHeight?: number
  /**
   * Keep the first visible item where it is when items are added or removed above it.
   * At the very top the list stays at the top, so a new first item shows.
   * @default true
   */
  keepAnchor?: boolean
}

/** One rendered item with its position in the scroll content. */
export interface VirtualItem<T> {
  item: T
  index: number
  key: string
  /** Distance from the top of the content, in px. */
  top: number
  height: number
}

/** A half-open range of indexes: `start <= index < end`. */
export interface IndexRange {
  start: number
  end: number
}

export type ScrollAlign = 'auto' | 'start' | 'end' | 'center'

export interface UseVirtualListReturn<T> {
  /** Items to render: the viewport plus the overscan. */
  virtualItems: ComputedRef<VirtualItem<T>[]>
  /** Height of the whole content, in px: the spacer's height. */
  totalHeight: ComputedRef<number>
  /** Items at least partly inside the viewport. */
  visibleRange: ComputedRef<IndexRange>
  /** Items rendered (the visible range plus the overscan). */
  renderedRange: ComputedRef<IndexRange>
  /** The viewport height in use, in px. */
  viewportHeight: Readonly<Ref<number>>
  /** The scroll offset in use, in px. */
  scrollTop: Readonly<Ref<number>>
  /** Index of the item with this key, or -1. */
  indexOfKey: (key: string) => number
  /** Scrolls so that the item is in view (`auto`: the least scrolling that shows it whole). */
  scrollToIndex: (index: number, align?: ScrollAlign) => void
  /** Scrolls to an offset in px. */
  scrollTo: (top: number) => void
  /** Reads the container's size again (call after a layout change that no ResizeObserver reports). */
  measure: () => void
}

interface Layout {
  /** `offsets[i]` is the top of item i; `offsets[n]` the total height. */
  offsets: Float64Array
  keys: string[]
  keyIndex: Map<string, number>
}

/**
 * Renders a long list as a window of rows: only the rows in the viewport and `overscan` rows around it exist
 * in the DOM; a spacer of the full height keeps the scrollbar honest. Heights are known per row (no measuring),
 * so 10,000 rows cost one pass over the items when they change and a binary search per scroll.
 *
 * The container (`target`) must be the scrolling element; place the rows inside a child with
 * `height: totalHeight` and `position: relative`, each row absolutely positioned at `top`.
 *
 * @param target the scrolling element
 * @param source the items, in display order
 */
export function useVirtualList<T>(
  target: MaybeRefOrGetter<HTMLElement | null | undefined>,
  source: MaybeRefOrGetter<readonly T[]>,
  options: UseVirtualListOptions<T>,
): UseVirtualListReturn<T> {
  const { getKey, itemHeight, overscan = 6, fallbackHeight = 480, keepAnchor = true } = options
  const heightOf = typeof itemHeight === 'number' ? () => itemHeight : itemHeight

  const scrollTop = shallowRef(0)
  const viewportHeight = shallowRef(fallbackHeight)

  const layout = computed<Layout>(() => {
    const items = toValue(source)
    const n = items.length
    const offsets = new Float64Array(n + 1)
    const keys = new Array<string>(n)
    const keyIndex = new Map<string, number>()
    let y = 0
    for (let i = 0; i < n; i++) {
      const item = items[i]
      offsets[i] = y
      y += heightOf(item)
      const key = getKey(item)
      keys[i] = key
      keyIndex.set(key, i)
    }
    offsets[n] = y
    return { offsets, keys, keyIndex }
  })

  const count = computed(() => layout.value.keys.length)
  const totalHeight = computed(() => layout.value.offsets[count.value])

  /** Index of the item that covers offset `y` (the last one when `y` is past the end). */
  function indexAt(y: number): number {
    return count.value === 0 ? 0 : indexAtIn(layout.value.offsets, count.value, y)
  }

  const visibleStart = computed(() => (count.value === 0 ? 0 : indexAt(Math.max(0, scrollTop.value))))
  const visibleEnd = computed(() => {
    if (count.value === 0) return 0
    // A row counts as visible when any of it is inside the viewport.
    return Math.min(count.value, indexAt(scrollTop.value + Math.max(1, viewportHeight.value) - 0.5) + 1)
  })
  const renderedStart = computed(() => Math.max(0, visibleStart.value - Math.max(0, toValue(overscan))))
  const renderedEnd = computed(() => Math.min(count.value, visibleEnd.value + Math.max(0, toValue(overscan))))

  const visibleRange = computed<IndexRange>(() => ({ start: visibleStart.value, end: visibleEnd.value }))
  const renderedRange = computed<IndexRange>(() => ({ start: renderedStart.value, end: renderedEnd.value }))

  const virtualItems = computed<VirtualItem<T>[]>(() => {
    const items = toValue(source)
    const { offsets, keys } = layout.value
    const out: VirtualItem<T>[] = []
    for (let i = renderedStart.value; i < renderedEnd.value; i++) {
      out.push({ item: items[i], index: i, key: keys[i], top: offsets[i], height: offsets[i + 1] - offsets[i] })
    }
    return out
  })

  function maxScroll(): number {
    return Math.max(0, totalHeight.value - viewportHeight.value)
  }

  function applyScroll(top: number): void {
    const el = toValue(target)
    if (el && el.scrollTop !== top) el.scrollTop = top
  }

  function scrollTo(top: number): void {
    const next = Math.min(Math.max(0, top), maxScroll())
    scrollTop.value = next
    applyScroll(next)
  }

  function scrollToIndex(index: number, align: ScrollAlign = 'auto'): void {
    if (index < 0 || index >= count.value) return
    const { offsets } = layout.value
    const top = offsets[index]
    const bottom = offsets[index + 1]
    const view = viewportHeight.value
    const current = scrollTop.value
    let next = current
    if (align === 'start') next = top
    else if (align === 'end') next = bottom - view
    else if (align === 'center') next = top - (view - (bottom - top)) / 2
    else if (top < current) next = top
    else if (bottom > current + view) next = bottom - view
    if (next !== current) scrollTo(next)
  }

  function indexOfKey(key: string): number {
    return layout.value.keyIndex.get(key) ?? -1
  }

  function measure(): void {
    const el = toValue(target)
    const height = el ? el.clientHeight : 0
    viewportHeight.value = height > 0 ? height : fallbackHeight
  }

  function onScroll(): void {
    const el = toValue(target)
    if (el) scrollTop.value = el.scrollTop
  }

  // Keep the rows in view where they are when rows are inserted or removed above them, and never scroll
  // past the end when the list shrinks.
  watch(layout, (next, prev) => {
    const current = scrollTop.value
    if (current <= 0) return
    let top = current
    if (keepAnchor && prev && prev.keys.length > 0) {
      const shift = commonShift(prev, next, current, viewportHeight.value)
      if (shift !== null) top = current + shift
    }
    top = Math.min(Math.max(0, top), maxScroll())
    if (top === current) return
    scrollTop.value = top
    // The spacer has its new height only after the render.
    void nextTick(() => applyScroll(scrollTop.value))
  })

  let cleanup: (() => void) | null = null
  watch(
    () => toValue(target),
    (el) => {
      cleanup?.()
      cleanup = null
      if (!el) return
      el.addEventListener('scroll', onScroll, { passive: true })
      let observer: ResizeObserver | null = null
      if (typeof ResizeObserver !== 'undefined') {
        observer = new ResizeObserver(() => measure())
        observer.observe(el)
      }
      measure()
      if (el.scrollTop !== scrollTop.value) applyScroll(scrollTop.value)
      cleanup = () => {
        el.removeEventListener('scroll', onScroll)
        observer?.disconnect()
      }
    },
    { immediate: true, flush: 'post' },
  )
  onScopeDispose(() => {
    cleanup?.()
    cleanup = null
  })

  return {
    virtualItems,
    totalHeight,
    visibleRange,
    renderedRange,
    viewportHeight,
    scrollTop,
    indexOfKey,
    scrollToIndex,
    scrollTo,
    measure,
  }
}

/**
 * How far the rows that were in view moved, in px, or null when none of them is left. The anchor is the first
 * row in view that moved together with the next one: a row that moved on its own (a conversation jumping to the
 * top) is skipped, so it does not drag the view along.
 */
function commonShift(prev: Layout, next: Layout, scrollTop: number, viewport: number): number | null {
  const n = prev.keys.length
  let first: number | null = null
  let last: number | null = null
  for (let i = indexAtIn(prev.offsets, n, scrollTop); i < n && prev.offsets[i] < scrollTop + viewport; i++) {
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

/** Binary search: the last index `i < n` with `offsets[i] <= y` (0 when none). */
function indexAtIn(offsets: Float64Array, n: number, y: number): number {
  let lo = 0
  let hi = n - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1
    if (offsets[mid] <= y) lo = mid
    else hi = mid - 1
  }
  return lo
}
