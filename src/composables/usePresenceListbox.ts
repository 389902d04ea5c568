import { computed, shallowRef, toValue, useId, type ComputedRef, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import { idSafe, optionKeyOf } from './utils/dom'
import { useListboxNavigation, type UseListboxNavigationReturn } from './useListboxNavigation'
import { useListPresence, type UseListPresenceReturn } from './useListPresence'
import { useVirtualList, type UseVirtualListReturn } from './useVirtualList'

export interface UsePresenceListboxOptions<T> {
  /** The items in display order (group headers included). */
  items: MaybeRefOrGetter<readonly T[]>
  /** Stable key: a conversationID, a userID. Never the index. */
  getKey: (item: T) => string
  /** Returns the height of an item in px (by kind of row); read once per layout (see `useVirtualList`'s `itemHeights`). */
  itemHeights: () => (item: T) => number
  /**
   * Rows rendered beyond each edge of the viewport.
   * @default 6
   */
  overscan?: MaybeRefOrGetter<number>
  /**
   * Whether an item is an option (a header is not).
   * @default () => true
   */
  isSelectable?: (item: T) => boolean
  /** The user whose status the row shows, '' for none (a group conversation, a header). */
  userIDOf: (item: T) => string
  /** The list's `displayOnlineStatus` prop, as given. */
  display: MaybeRefOrGetter<boolean | undefined>
  /** Click, Enter or Space on an option. */
  onSelect: (item: T) => void
  /**
   * Key of the chosen option: keyboard focus entering the list starts there.
   * @default undefined
   */
  selectedKey?: MaybeRefOrGetter<string | null | undefined>
  /**
   * The name of an item, for type-ahead.
   * @default undefined (no type-ahead)
   */
  textOf?: (item: T) => string
  /**
   * Locale of the names (type-ahead).
   * @default undefined (the browser's)
   */
  locale?: MaybeRefOrGetter<string | undefined>
  /**
   * Pixels at the top covered by a sticky group header.
   * @default 0
   */
  scrollPaddingStart?: MaybeRefOrGetter<number>
  /** Viewport height expected before the first measurement, in px (see `useVirtualList`). */
  expectedHeight?: number
  /** Start of element ids: `tui-conversation`. */
  idPrefix: string
}

export interface UsePresenceListboxReturn<T> {
  /** Bind to the scrolling listbox element (`ref="scroller"`). */
  scroller: ShallowRef<HTMLElement | null>
  virtual: UseVirtualListReturn<T>
  nav: UseListboxNavigationReturn
  presence: UseListPresenceReturn
  /** Id of the listbox element. */
  listId: string
  /** Id of the option element of a key. */
  optionId: (key: string) => string
  /** `aria-activedescendant`: the active option, when it is rendered. */
  activeDescendant: ComputedRef<string | undefined>
  /** Listbox event handlers. */
  onClick: (event: MouseEvent) => void
  onFocus: () => void
  onMousedown: () => void
}

/**
 * The behaviour shared by the kit's lists: a virtualised, keyboard-operable listbox whose rows in view are
 * reported to the presence manager. Each list component adds its own rows and markup.
 */
export function usePresenceListbox<T>(options: UsePresenceListboxOptions<T>): UsePresenceListboxReturn<T> {
  const { getKey, userIDOf, isSelectable = () => true, onSelect } = options
  const scroller = shallowRef<HTMLElement | null>(null)
  const listId = `${options.idPrefix}-${idSafe(useId())}`
  const optionId = (key: string) => `${listId}-option-${idSafe(key)}`

  const virtual = useVirtualList(scroller, options.items, {
    getKey,
    itemHeights: options.itemHeights,
    overscan: options.overscan ?? 6,
    scrollPaddingStart: options.scrollPaddingStart,
    expectedHeight: options.expectedHeight,
  })

  function userIDsIn(start: number, end: number, out: string[]): string[] {
    const items = toValue(options.items)
    for (let i = start; i < end; i++) {
      const id = userIDOf(items[i])
      if (id) out.push(id)
    }
    return out
  }
  const visibleIDs = computed(() => userIDsIn(virtual.visibleRange.value.start, virtual.visibleRange.value.end, []))
  // Reported as overscan (queried, never subscribed): the rendered rows around the viewport plus one viewport
  // more on each side, so rows scrolled slowly into view already have their status.
  const overscanIDs = computed(() => {
    const visible = virtual.visibleRange.value
    const rendered = virtual.renderedRange.value
    const ahead = visible.end - visible.start
    const count = toValue(options.items).length
    const start = Math.max(0, rendered.start - ahead)
    const end = Math.min(count, rendered.end + ahead)
    return userIDsIn(visible.end, end, userIDsIn(start, visible.start, []))
  })
  const presence = useListPresence({ display: options.display, visibleIDs, overscanIDs })

  const nav = useListboxNavigation({
    items: options.items,
    getKey,
    indexOfKey: virtual.indexOfKey,
    isSelectable,
    pageSize: () => Math.max(1, virtual.visibleRange.value.end - virtual.visibleRange.value.start - 1),
    scrollToIndex: (index) => {
      // Reveal the group header right above an option too, so moving up into a group shows its name (a
      // sticky header shows it anyway).
      const sticky = toValue(options.scrollPaddingStart ?? 0) > 0
      if (!sticky && index > 0 && !isSelectable(toValue(options.items)[index - 1])) virtual.scrollToIndex(index - 1)
      virtual.scrollToIndex(index)
    },
    onSelect: (item) => onSelect(item),
    textOf: options.textOf,
    locale: options.locale,
  })

  const activeDescendant = computed(() => {
    const index = nav.activeIndex.value
    const { start, end } = virtual.renderedRange.value
    const key = nav.activeKey.value
    return key !== null && index >= start && index < end ? optionId(key) : undefined
  })

  // A click focuses the list before it selects: only keyboard focus activates an option, the chosen one if
  // there is one (scrolled into view), else the first in view.
  let pointerFocus = false
  function onMousedown(): void {
    pointerFocus = true
  }
  function onFocus(): void {
    if (!pointerFocus && nav.activeIndex.value < 0) {
      const selected = toValue(options.selectedKey)
      const index = selected ? virtual.indexOfKey(selected) : -1
      if (index >= 0) {
        nav.setActive(selected ?? null)
        virtual.scrollToIndex(index)
      } else nav.activateFrom(virtual.visibleRange.value.start)
    }
    pointerFocus = false
  }
  function onClick(event: MouseEvent): void {
    pointerFocus = false
    const key = optionKeyOf(event, scroller.value)
    if (key === null) return
    const index = virtual.indexOfKey(key)
    if (index < 0) return
    const item = toValue(options.items)[index]
    if (!isSelectable(item)) return
    nav.setActive(key)
    onSelect(item)
  }

  return { scroller, virtual, nav, presence, listId, optionId, activeDescendant, onClick, onFocus, onMousedown }
}
