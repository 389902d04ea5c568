import { computed, shallowRef, toValue, type ComputedRef, type MaybeRefOrGetter, type Ref } from 'vue'
import { TYPEAHEAD_RESET_MS, findTypeahead, typeaheadQuery, type TypeaheadState } from './utils/typeahead'

export interface UseListboxNavigationOptions<T> {
  /** The items, in display order (headers included). */
  items: MaybeRefOrGetter<readonly T[]>
  /** Stable key of an item: the active item is remembered by key, so it survives inserts above it. */
  getKey: (item: T) => string
  /** Index of a key in `items`, or -1 (a virtual list's `indexOfKey`, which is O(1)). */
  indexOfKey: (key: string) => number
  /**
   * Whether an item can be active (a group header cannot).
   * @default () => true
   */
  isSelectable?: (item: T) => boolean
  /**
   * How many items PageUp / PageDown move by.
   * @default 10
   */
  pageSize?: MaybeRefOrGetter<number>
  /** Brings the item at `index` into view (a virtual list's `scrollToIndex`). */
  scrollToIndex?: (index: number) => void
  /** Enter (or Space) on the active item. */
  onSelect?: (item: T, index: number) => void
  /**
   * The name of an item for type-ahead: typing letters moves to the next item whose name starts with them.
   * @default undefined (no type-ahead)
   */
  textOf?: (item: T) => string
  /**
   * Locale used to compare typed letters with names.
   * @default undefined (the browser's)
   */
  locale?: MaybeRefOrGetter<string | undefined>
}

export interface UseListboxNavigationReturn {
  /** Key of the active item, or null. */
  activeKey: Readonly<Ref<string | null>>
  /** Index of the active item, or -1 (also when it was filtered out). */
  activeIndex: ComputedRef<number>
  /** Makes the item with this key active (null: none). Does not scroll. */
  setActive: (key: string | null) => void
  /** Makes the first selectable item at or after `index` active, if none is. */
  activateFrom: (index: number) => void
  /** Keydown handler for the listbox: arrows, Home, End, PageUp, PageDown, Enter, Space, type-ahead. */
  onKeydown: (event: KeyboardEvent) => void
}

/**
 * Keyboard model of a single-select listbox whose focus stays on the list (`aria-activedescendant`):
 * ArrowUp / ArrowDown move by one selectable item, Home / End to the ends, PageUp / PageDown by a page,
 * Enter and Space select, letters jump to the next name that starts with them (type-ahead). Moving never selects:
 * the active item is where focus is, the selected one is what the user chose. Each move scrolls the item into view.
 */
export function useListboxNavigation<T>(options: UseListboxNavigationOptions<T>): UseListboxNavigationReturn {
  const { getKey, indexOfKey, isSelectable = () => true, pageSize = 10, scrollToIndex, onSelect, textOf } = options
  let typed: TypeaheadState | null = null
  const activeKey = shallowRef<string | null>(null)
  const activeIndex = computed(() => {
    // Depends on `items`, so the index follows the key when the list changes.
    toValue(options.items)
    return activeKey.value === null ? -1 : indexOfKey(activeKey.value)
  })

  /** First selectable index from `start` going `step` (+1 / -1), or -1. */
  function find(start: number, step: 1 | -1): number {
    const items = toValue(options.items)
    for (let i = start; i >= 0 && i < items.length; i += step) {
      if (isSelectable(items[i])) return i
    }
    return -1
  }

  function moveTo(index: number): void {
    if (index < 0) return
    const items = toValue(options.items)
    activeKey.value = getKey(items[index])
    scrollToIndex?.(index)
  }

  function setActive(key: string | null): void {
    activeKey.value = key
  }

  function activateFrom(index: number): void {
    if (activeIndex.value >= 0) return
    const found = find(Math.max(0, index), 1)
    if (found >= 0) activeKey.value = getKey(toValue(options.items)[found])
  }

  /** Type-ahead: true when the key was a letter of a name (handled, even when nothing matches). */
  function typeahead(event: KeyboardEvent, items: readonly T[]): boolean {
    if (!textOf || event.ctrlKey || event.metaKey || event.altKey || Array.from(event.key).length !== 1) return false
    const now = Date.now()
    // Space selects, unless it is inside a word being typed ("Ann Lee").
    if (event.key === ' ' && (!typed || now - typed.at > TYPEAHEAD_RESET_MS)) return false
    typed = typeaheadQuery(typed, event.key, now)
    const text = (i: number) => (isSelectable(items[i]) ? textOf(items[i]) : null)
    const found = findTypeahead(items.length, text, activeIndex.value, typed.query, toValue(options.locale))
    event.preventDefault()
    if (found >= 0) moveTo(found)
    return true
  }

  function onKeydown(event: KeyboardEvent): void {
    const items = toValue(options.items)
    if (items.length === 0) return
    if (typeahead(event, items)) return
    typed = null
    const last = items.length - 1
    const current = activeIndex.value
    const page = Math.max(1, Math.floor(toValue(pageSize)))
    let target: number
    switch (event.key) {
      case 'ArrowDown':
        target = current < 0 ? find(0, 1) : find(current + 1, 1)
        if (target < 0) target = current
        break
      case 'ArrowUp':
        target = current < 0 ? find(0, 1) : find(current - 1, -1)
        if (target < 0) target = current
        break
      case 'Home':
        target = find(0, 1)
        break
      case 'End':
        target = find(last, -1)
        break
      case 'PageDown': {
        const to = Math.min(last, Math.max(current, 0) + page)
        target = find(to, -1)
        if (target <= current) target = find(to, 1)
        break
      }
      case 'PageUp': {
        const to = Math.max(0, current - page)
        target = find(to, 1)
        if (target < 0 || (current >= 0 && target >= current)) target = find(to, -1)
        break
      }
      case 'Enter':
      case ' ': {
        if (current < 0) return
        event.preventDefault()
        onSelect?.(items[current], current)
        return
      }
      default:
        return
    }
    event.preventDefault()
    moveTo(target)
  }

  return { activeKey, activeIndex, setActive, activateFrom, onKeydown }
}
