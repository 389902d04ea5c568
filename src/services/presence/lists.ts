import { readOverride, readUserIDs } from './options'
import { effectiveDisplay, type PlannerList } from './planner'

/** One list's presence needs, as a list component reports them. */
export interface PresenceList {
  /** The list's `displayOnlineStatus` prop: `undefined` follows the global switch. */
  setOverride(display: boolean | undefined): void
  /**
   * Users whose rows are in the viewport. With `{ now: true }` (a list's first screen) they are queried at once;
   * otherwise once the view settles, so rows flung past cost no call.
   */
  setVisible(userIDs: Iterable<string>, options?: { now?: boolean }): void
  /** Users rendered just outside the viewport: queried, never subscribed. */
  setOverscan(userIDs: Iterable<string>): void
  dispose(): void
}

interface ListState extends PlannerList {
  override: boolean | undefined
  visible: Set<string>
  overscan: Set<string>
  /** Whether the list displayed status at the last change (a list that starts displaying retries after 72001). */
  displayed: boolean
}

/**
 * The lists registered with the manager and the visibility clocks of their rows: since when a row has been in
 * view (dwell) and when it was last in view (eviction order).
 */
export class ListRegistry {
  readonly lists = new Set<ListState>()
  /** userID -> since when it has been visible without a break (ms). */
  readonly visibleSince = new Map<string, number>()
  /** userID -> last time it was visible (ms), for least-recently-visible eviction. */
  readonly lastVisible = new Map<string, number>()

  constructor(private readonly onChange: (urgent?: boolean) => void) {}

  /**
   * Registers a list. Its methods check their input: a wrong type throws ChatError 6017 and changes nothing;
   * entries of a userID list that are not non-empty strings are skipped, duplicates count once. After
   * `dispose()` every method does nothing.
   */
  create(): PresenceList {
    const state: ListState = { override: undefined, visible: new Set(), overscan: new Set(), displayed: false }
    this.lists.add(state)
    const registry = this
    let disposed = false
    return {
      setOverride(display) {
        const value = readOverride(display)
        if (disposed || state.override === value) return
        state.override = value
        registry.onChange()
      },
      setVisible(userIDs, options) {
        const ids = readUserIDs(userIDs, 'setVisible')
        if (disposed) return
        state.visible = ids
        registry.onChange(options?.now === true && ids.size > 0)
      },
      setOverscan(userIDs) {
        const ids = readUserIDs(userIDs, 'setOverscan')
        if (disposed) return
        state.overscan = ids
        registry.onChange()
      },
      dispose() {
        if (disposed) return
        disposed = true
        registry.lists.delete(state)
        registry.onChange()
      },
    }
  }

  /**
   * Starts the dwell clocks of rows that came into view and stops those of rows that left; returns whether a
   * list started displaying status since the last call (mounted, or its prop or the global switch turned on).
   */
  noteChange(now: number, globalDisplay: boolean): boolean {
    const visibleNow = new Set<string>()
    let started = false
    for (const list of this.lists) {
      const displays = effectiveDisplay(list.override, globalDisplay)
      if (displays && !list.displayed) started = true
      list.displayed = displays
      if (displays) for (const id of list.visible) visibleNow.add(id)
    }
    for (const id of visibleNow) {
      if (!this.visibleSince.has(id)) this.visibleSince.set(id, now)
      this.lastVisible.set(id, now)
    }
    for (const id of [...this.visibleSince.keys()]) if (!visibleNow.has(id)) this.visibleSince.delete(id)
    return started
  }

  clearClocks(): void {
    this.visibleSince.clear()
    this.lastVisible.clear()
  }
}
