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
import {
  buildLayout,
  clampScroll,
  countOf,
  scrollTopAfterChange,
  scrollTopFor,
  totalHeightOf,
  visibleRangeOf,
  withOverscan,
  type IndexRange,
  type ScrollAlign,
} from './utils/virtual'
import { nextFrame } from './utils/dom'

export type { IndexRange, ScrollAlign }

export interface UseVirtualListOptions<T> {
  /** Stable key of an item (a conversationID, a userID): used to keep the scroll position when items change. */
  getKey: (item: T) => string
  /**
   * Height of an item in px. Heights are known per kind of row (a header, a row), never measured.
   */
  itemHeight?: number | ((item: T) => number)
  /**
   * Instead of `itemHeight` when the heights depend on reactive state (a component's props): a getter that reads
   * that state and returns the height function. It is called once per layout, so a list of 100,000 rows reads
   * the props once, not once per row; the function it returns must not read reactive state.
   */
  itemHeights?: () => (item: T) => number
  /**
   * Items rendered beyond each edge of the viewport.
   * @default 6
   */
  overscan?: MaybeRefOrGetter<number>
  /**
   * Pixels at the top of the viewport covered by something sticky (a group header): scrolling to an item
   * keeps it below them.
   * @default 0
   */
  scrollPaddingStart?: MaybeRefOrGetter<number>
  /**
   * Viewport height in px while the container has no layout (server rendering, happy-dom in tests).
   * @default 480
   */
  fallbackHeight?: number
  /**
   * The viewport height expected before the first measurement (the list's own height, when the app gives it in
   * px): the first render then shows the right rows, and the measurement, which waits for the browser's own
   * layout (a ResizeObserver), changes at most a row or two.
   * @default fallbackHeight
   */
  expectedHeight?: number
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
  const { getKey, itemHeight, overscan = 6, fallbackHeight = 480, keepAnchor = true, scrollPaddingStart = 0 } = options
  const fixedHeights = typeof itemHeight === 'function' ? itemHeight : () => itemHeight ?? 0
  const heightsOf = options.itemHeights ?? (() => fixedHeights)

  const scrollTop = shallowRef(0)
  const viewportHeight = shallowRef(options.expectedHeight && options.expectedHeight > 0 ? options.expectedHeight : fallbackHeight)

  const layout = computed(() => buildLayout(toValue(source), getKey, heightsOf()))
  const totalHeight = computed(() => totalHeightOf(layout.value))
  const visibleRange = computed<IndexRange>(
    (prev) => sameRange(prev, visibleRangeOf(layout.value, scrollTop.value, viewportHeight.value)),
  )
  const renderedRange = computed<IndexRange>(
    (prev) => sameRange(prev, withOverscan(visibleRange.value, countOf(layout.value), toValue(overscan))),
  )

  const virtualItems = computed<VirtualItem<T>[]>(() => {
    const items = toValue(source)
    const { offsets } = layout.value
    const { start, end } = renderedRange.value
    const out: VirtualItem<T>[] = []
    for (let i = start; i < end; i++) {
      out.push({ item: items[i], index: i, key: getKey(items[i]), top: offsets[i], height: offsets[i + 1] - offsets[i] })
    }
    return out
  })

  function applyScroll(top: number): void {
    const el = toValue(target)
    if (el && el.scrollTop !== top) el.scrollTop = top
  }

  function scrollTo(top: number): void {
    const next = clampScroll(layout.value, top, viewportHeight.value)
    scrollTop.value = next
    applyScroll(next)
  }

  function scrollToIndex(index: number, align: ScrollAlign = 'auto'): void {
    const current = scrollTop.value
    const next = scrollTopFor(layout.value, index, align, current, viewportHeight.value, toValue(scrollPaddingStart))
    if (next !== current) scrollTo(next)
  }

  function indexOfKey(key: string): number {
    return layout.value.keyIndex.get(key) ?? -1
  }

  /** The container's height, or `fallbackHeight` while it has no layout. */
  function containerHeight(): number {
    const el = toValue(target)
    const height = el ? el.clientHeight : 0
    return height > 0 ? height : fallbackHeight
  }

  function measure(): void {
    viewportHeight.value = containerHeight()
  }

  // A viewport that became smaller shows a part of the rows already rendered: its new size is applied in the next
  // frame, so the frame being drawn (the first one, after a mount) is painted without a second render.
  let cancelShrink: (() => void) | null = null
  function onResize(): void {
    cancelShrink?.()
    cancelShrink = null
    const next = containerHeight()
    if (next < viewportHeight.value) {
      cancelShrink = nextFrame(() => {
        cancelShrink = null
        viewportHeight.value = next
      })
    }
    if (!cancelShrink) viewportHeight.value = next
  }

  function onScroll(): void {
    const el = toValue(target)
    if (el) scrollTop.value = el.scrollTop
  }

  // Keep the rows in view where they are when rows are inserted or removed above them, and never scroll
  // past the end when the list shrinks.
  watch(layout, (next, prev) => {
    const current = scrollTop.value
    const top = scrollTopAfterChange(prev, next, current, viewportHeight.value, keepAnchor)
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
        // Its first callback comes after the browser's layout of this frame, before the paint: reading the size
        // here instead would force a layout of the new rows only to lay them out again.
        observer = new ResizeObserver(onResize)
        observer.observe(el)
      } else measure()
      // A new element starts at 0: reading its offset would force a layout.
      if (scrollTop.value !== 0) applyScroll(scrollTop.value)
      cleanup = () => {
        cancelShrink?.()
        cancelShrink = null
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

/** The previous range when equal, so what depends on a range re-runs only when it moves. */
function sameRange(prev: IndexRange | undefined, next: IndexRange): IndexRange {
  return prev && prev.start === next.start && prev.end === next.end ? prev : next
}
