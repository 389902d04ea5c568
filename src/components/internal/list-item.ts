import { computed, toValue, type ComputedRef, type MaybeRefOrGetter } from 'vue'
import { useNamespace, type UseNamespaceReturn } from '../../composables/useNamespace'
import { readUserStatus } from '../../composables/useUserStatus'
import { useUserStatusStore } from '../../stores/user-status'
import { TYPES } from '../../engine/constants'
import type { UserStatusEntry } from '../../services/types'

/** Props every list row takes from the listbox shell: place, state and position. */
export interface ListItemBaseProps {
  /**
   * Show the user's status dot and custom status. The row reads that user's entry of `userStatusList`
   * itself, so a status change re-renders this row alone.
   * @defaultValue false
   */
  showStatus?: boolean
  /**
   * The row is the listbox's active option: where keyboard focus is (`aria-activedescendant`), shown by a
   * focus ring while the list has keyboard focus.
   * @defaultValue false
   */
  active?: boolean
  /**
   * The row is the chosen one (`aria-selected="true"`, `v-model:selected` of the list).
   * @defaultValue false
   */
  selected?: boolean
  /**
   * Offset from the top of the list content, in px (the row is absolutely positioned).
   * @defaultValue 0
   */
  top?: number
  /**
   * Row height in px.
   * @defaultValue 56 (a contact), 64 (a conversation)
   */
  height?: number
  /**
   * Position among all options (1-based), for assistive technology when only some rows exist in the DOM.
   * @defaultValue undefined
   */
  posinset?: number
  /**
   * Number of options in the whole list.
   * @defaultValue undefined
   */
  setsize?: number
}

/** The attributes of a row's option element. */
export interface ListItemAttrs {
  role: 'option'
  class: string
  style: { transform: string; height: string }
  'aria-selected': 'true' | 'false'
  'aria-posinset': number | undefined
  'aria-setsize': number | undefined
}

export interface UseListItemReturn<Scope> {
  /** Class names of the row's block (`tui-contact-item`). */
  ns: UseNamespaceReturn
  /**
   * What the row's dot is given: one object for the row's life whose fields read the user's entry only when the
   * dot renders, so a status event updates the dot alone, not the row, its avatar or its slots. Its fields
   * are those of an unknown status while there is no entry.
   */
  liveStatus: UserStatusEntry
  /**
   * The scope of the row's slots: `status` is read only when an app's slot reads it, so rows without slots do
   * not re-render on status events; with a slot that reads it, the row re-renders as the slot needs.
   */
  slotScope: Scope
  /** The custom status, trimmed ('' for none). */
  customStatus: ComputedRef<string>
  /** Bind to the option element (`v-bind="attrs()"`); worked out in the row's render, which its props drive anyway. */
  attrs: () => ListItemAttrs
}

/**
 * What every list row does: reads its user's status (only while shown) and turns its place and state into
 * the option's attributes and the shared `tui-list-item` class.
 *
 * @param block the row's block of class names (`contact-item`), beside the shared `tui-list-item`
 * @param props the row's props
 * @param userID the user whose status the row shows ('' for none)
 * @param item the row's item in its slot scope: `{ friend: () => props.friend }`
 * @param canShow false for a row that never shows status (a group conversation)
 */
export function useListItem<Item extends Record<string, () => unknown>>(
  block: string,
  props: Readonly<ListItemBaseProps>,
  userID: MaybeRefOrGetter<string>,
  item: Item,
  canShow: MaybeRefOrGetter<boolean> = true,
): UseListItemReturn<ListItemSlotScope & { [K in keyof Item]: ReturnType<Item[K]> }> {
  const ns = useNamespace(block)
  const base = `${ns.b()} tui-list-item`
  const store = useUserStatusStore()
  const read = (): UserStatusEntry | undefined => {
    const id = toValue(userID)
    return id && props.showStatus === true && toValue(canShow) ? readUserStatus(store, id) : undefined
  }
  // Every reader reads the Map itself: the dot (below) with no computed between the store and it, so a status
  // event re-renders the dot alone; the row through its custom status text, which changes far less often.
  const customStatus = computed(() => read()?.customStatus.trim() ?? '')
  const liveStatus: UserStatusEntry = {
    get statusType() {
      return read()?.statusType ?? TYPES.USER_STATUS_UNKNOWN
    },
    get customStatus() {
      return read()?.customStatus ?? ''
    },
    get stale() {
      return read()?.stale ?? false
    },
  }
  const slotScope = Object.defineProperty({}, 'status', { get: read, enumerable: true })
  for (const [name, read] of Object.entries(item)) Object.defineProperty(slotScope, name, { get: read, enumerable: true })
  const attrs = (): ListItemAttrs => ({
    role: 'option',
    class: props.active ? `${base} is-active` : base,
    style: { transform: `translateY(${props.top ?? 0}px)`, height: `${props.height}px` },
    'aria-selected': props.selected ? 'true' : 'false',
    'aria-posinset': props.posinset,
    'aria-setsize': props.setsize,
  })
  return { ns, liveStatus, slotScope: slotScope as ListItemSlotScope & { [K in keyof Item]: ReturnType<Item[K]> }, customStatus, attrs }
}

/** What every row slot receives besides the row's item. */
export interface ListItemSlotScope {
  /** The user's status when shown, else `undefined`. */
  status: UserStatusEntry | undefined
}

/**
 * Slots every row takes, each given the row's `Scope`: `avatar` replaces the avatar (and its dot); the `Line` slot
 * replaces the row's line of text (`subtitle`: the custom status of a contact; `preview`: a conversation's last
 * message).
 */
export type ListItemSlots<Scope, Line extends string> = { avatar?(props: Scope): unknown } & {
  [K in Line]?: (props: Scope) => unknown
}
