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
}

/** The listbox shell's props that come straight from a list's own props. */
export function shellProps(props: Readonly<ListBaseProps & { label: string }>) {
  return { display: props.displayOnlineStatus, height: props.height, overscan: props.overscan ?? 6, label: props.label }
}

/** Slots both lists take; `Row` is the scope of a row slot (`{ friend, status }`, `{ conversation, status }`). */
export interface ListSlots<Row> {
  /** Above the list: a title, buttons. */
  header?(): unknown
  /** Replaces a row's avatar (and its status dot). */
  avatar?(props: Row): unknown
}
