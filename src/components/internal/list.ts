import { computed, type ComputedRef, type VNode } from 'vue'
import type { PresenceCardTarget } from '../../composables/usePresenceCardHost'
import type { PlainMessageKey } from '../../i18n/catalogue'
import { useKitI18n } from '../../i18n/useKitI18n'
import type { ListItemBaseProps } from './list-item'

/** What the shell gives a row besides its item: its id, place, status display, focus and choice. */
export type ListRowState = Required<Pick<ListItemBaseProps, 'showStatus' | 'active' | 'selected' | 'top' | 'height'>> &
  Pick<ListItemBaseProps, 'posinset' | 'setsize'> & { id: string }

/**
 * What the listbox shell needs to know about a list's items. `O` is the kind of item that is an option (a
 * friend row, not a group header): an adapter whose items are not all options says which are, and where.
 */
export type ListAdapter<T, O extends T = T> = ListAdapterBase<T, O> &
  (
    | {
        /** Every item is an option. */
        isOption?: undefined
        nonOptions?: undefined
      }
    | {
        /** Whether an item is an option. */
        isOption: (item: T) => item is O
        /**
         * The indices of the items that are not options (group headers), ascending: an option's place among the
         * options (`aria-posinset`) is worked out from them for the rows shown, with no pass over every item.
         */
        nonOptions: () => readonly number[]
      }
  )

interface ListAdapterBase<T, O extends T> {
  /** Stable key: a conversationID, a userID. Never the index. */
  key: (item: T) => string
  /** Returns the height of an item in px; called once per layout, so it reads the props there, not per item. */
  heightsOf: () => (item: T) => number
  /** The user whose status an item shows, '' for none. */
  userOf: (item: T) => string
  /** The name of an item, for type-ahead. */
  textOf: (item: T) => string
  /** The option's row component with the shell's `state` and the app's row slots. */
  row(item: O, state: ListRowState): VNode
  /** Whose presence card an option opens (hover on its avatar, keyboard focus on it); null or absent for none. */
  cardOf?: (item: T) => PresenceCardTarget | null
}

type RowSlot = ((scope: never) => unknown) | undefined

/**
 * The app's row slots as a row's slots, or `undefined` when it gave none, so that rows without slots do not
 * re-render with the list (given slots may read anything, so rows that have them do).
 */
export function rowSlots(avatar: RowSlot, line: RowSlot, lineName: string): Record<string, RowSlot> | undefined {
  return avatar || line ? { avatar, [lineName]: line } : undefined
}

/** Props both lists take, with the same meaning. */
export interface ListBaseProps {
  /**
   * Show online status in this list. `true` / `false` override the global switch
   * (`TUIUserService.switchUserStatus`) for this list; absent follows it.
   * @defaultValue undefined
   */
  displayOnlineStatus?: boolean
  /**
   * Height of the component: a number in px or any CSS length.
   * @defaultValue undefined (fills its container)
   */
  height?: number | string
  /**
   * Rows rendered beyond each edge of the viewport.
   * @defaultValue 6
   */
  overscan?: number
  /**
   * The chosen row's ID (`v-model:selected`): a conversationID in TUIConversation, a userID in TUIContact. It has
   * `aria-selected="true"`; arrows move focus without changing it; click, Enter or Space choose.
   * @defaultValue undefined (none; the list keeps its own choice when not bound)
   */
  selected?: string | null
}

/** The listbox shell's props that come straight from a list's own props. */
export function shellProps(block: string, props: Readonly<ListBaseProps & { label: string; locale?: string }>, selected: string | null | undefined) {
  return {
    block,
    display: props.displayOnlineStatus,
    height: props.height,
    overscan: props.overscan ?? 6,
    label: props.label,
    locale: props.locale,
    selected,
  }
}

/** Slots both lists take; `Row` is the scope of a row slot (`{ friend, status }`, `{ conversation, status }`). */
export interface ListSlots<Row> {
  /** Above the list: a title, buttons. */
  header?(): unknown
  /** Replaces a row's avatar (and its status dot). */
  avatar?(props: Row): unknown
}

/**
 * A list's accessible name, empty text and locale: each prop when the app gives it, else the kit's catalogue
 * (`keys`) and locale, so a run-time locale switch reaches them without a remount.
 */
export function useListTexts(
  props: { label?: string; emptyText?: string; locale?: string },
  keys: { label: PlainMessageKey; empty: PlainMessageKey },
) {
  const i18n = useKitI18n()
  const label: ComputedRef<string> = computed(() => props.label ?? i18n.t(keys.label))
  const emptyText: ComputedRef<string> = computed(() => props.emptyText ?? i18n.t(keys.empty))
  const locale: ComputedRef<string> = computed(() => props.locale ?? i18n.locale.value)
  return { i18n, label, emptyText, locale }
}
