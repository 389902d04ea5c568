import type { EngineLimits } from '../../engine/constants'

/**
 * The presence decisions as pure functions of the state and the time: what to query, subscribe, unsubscribe and
 * evict next, when to look again, which entries went stale. No timers, no I/O: the worker (worker.ts) runs the
 * steps, the manager (manager.ts) keeps the state. Unit-tested in tests/services/planner.test.ts.
 */

/** One list as the planner sees it. */
export interface PlannerList {
  /** The list's `displayOnlineStatus` prop; `undefined` follows the global switch. */
  readonly override: boolean | undefined
  /** Users whose rows are in the viewport. */
  readonly visible: ReadonlySet<string>
  /** Users rendered just outside the viewport: queried, never subscribed. */
  readonly overscan: ReadonlySet<string>
}

/**
 * THE rule of a list's effective display: its `displayOnlineStatus` prop when given, else the global switch.
 * The manager and the `useListPresence` composable both use this function.
 */
export function effectiveDisplay(override: boolean | undefined, globalDisplay: boolean): boolean {
  return override ?? globalDisplay
}

export interface PlanState {
  readonly lists: Iterable<PlannerList>
  readonly globalDisplay: boolean
  /** The logged-in user: never queried here (self lives in `selfStatus`), never subscribed. */
  readonly selfID: string
  /** Users the server holds subscribed for this client, as far as the kit knows. */
  readonly subscribed: ReadonlySet<string>
  /** The server may hold subscriptions the kit cannot name (a new session, a failed unsubscribe-all). */
  readonly serverMayHoldUnknown: boolean
  /** Subscriptions to confirm (after a reconnect, or a call whose outcome is unknown). */
  readonly needResubscribe: ReadonlySet<string>
  /**
   * Users whose entry is current, with the time it was last read (or stopped being pushed). Absent: the entry is
   * missing or not current and must be queried.
   */
  readonly readAt: ReadonlyMap<string, number>
  /** Users whose last read was a failure entry ("unknown"): refreshed within the bound even when pushed. */
  readonly unknownReads: ReadonlySet<string>
  /** Users the server refused to subscribe, with the time of the refusal. */
  readonly refusedAt: ReadonlyMap<string, number>
  /** Friends whose changes the server pushes without a subscription (friend auto-notify on). */
  readonly autoNotified: ReadonlySet<string>
  /** userID -> since when its row has been in view without a break. */
  readonly visibleSince: ReadonlyMap<string, number>
  /** userID -> when its row was last in view (least recently visible is evicted first). */
  readonly lastVisible: ReadonlyMap<string, number>
  /** Users that have an entry in the store. */
  readonly entries: Iterable<string>
  readonly dwellMs: number
  readonly maxSubscriptions: number
  /** The engine's per-call caps (500 / 100 / 100 unless its cloud config says otherwise). */
  readonly limits: EngineLimits
  /** The freshness bound (PresenceOptions.freshForMs). */
  readonly freshForMs: number
  /**
   * Calls the shared rate budget allows now (of 20 per 5 s); absent: plenty. When few are left, subscriptions
   * wait to be batched so that queries of rows coming into view always find a call.
   */
  readonly callsLeft?: number
}

/**
 * Calls kept for queries of rows in view: below this many calls left, due subscriptions are batched (sent once
 * {@link SUBSCRIBE_BATCH} are due or the oldest has waited {@link SUBSCRIBE_BATCH_WAIT_MS}).
 */
export const CALL_RESERVE = 8
export const SUBSCRIBE_BATCH = 20
export const SUBSCRIBE_BATCH_WAIT_MS = 1500

/**
 * How many rows of a list's overscan must lack a value before they alone cause a query (rows in view always
 * do): a quarter of the overscan, so a list scrolling slowly queries the rows ahead of it in batches, not one
 * row per call, and each batch lands well before those rows come into view.
 */
export function overscanTrigger(overscanSize: number): number {
  return Math.max(1, Math.ceil(overscanSize / 4))
}

export type Step =
  /** Unsubscribe everyone (one call): nothing displays, or the server may hold subscriptions the kit cannot name. */
  | { kind: 'clear-server' }
  | { kind: 'subscribe'; userIDs: string[] }
  | { kind: 'query'; userIDs: string[] }
  /** Unsubscribe these users to make room (least recently visible first). */
  | { kind: 'evict'; userIDs: string[] }
  /**
   * Nothing to do before `ms`. A background wait (a freshness refresh, a refused user's retry) does not keep the
   * kit busy: `whenIdle()` resolves during it.
   */
  | { kind: 'wait'; ms: number; background: boolean }
  | { kind: 'idle' }

export function displayingLists(state: Pick<PlanState, 'lists' | 'globalDisplay'>): PlannerList[] {
  return [...state.lists].filter((list) => effectiveDisplay(list.override, state.globalDisplay))
}

/** Some list displays status. */
export function isActive(state: Pick<PlanState, 'lists' | 'globalDisplay'>): boolean {
  for (const list of state.lists) if (effectiveDisplay(list.override, state.globalDisplay)) return true
  return false
}

/** Users in view of a list that displays status, self excluded. */
export function desiredIDs(state: Pick<PlanState, 'lists' | 'globalDisplay' | 'selfID'>): Set<string> {
  const desired = new Set<string>()
  for (const list of displayingLists(state)) for (const id of list.visible) if (id && id !== state.selfID) desired.add(id)
  return desired
}

/** Users whose entry the kit keeps: in view or overscan of a displaying list, or subscribed (while something displays). */
export function isTracked(state: Pick<PlanState, 'lists' | 'globalDisplay' | 'subscribed'>, userID: string): boolean {
  let active = false
  for (const list of state.lists) {
    if (!effectiveDisplay(list.override, state.globalDisplay)) continue
    if (list.visible.has(userID) || list.overscan.has(userID)) return true
    active = true
  }
  return active && state.subscribed.has(userID)
}

/** Every change of the user reaches the client without asking: subscribed, or an auto-notified friend. */
export function isPushed(state: Pick<PlanState, 'subscribed' | 'autoNotified'>, userID: string): boolean {
  return state.subscribed.has(userID) || state.autoNotified.has(userID)
}

/** Whether the entry needs reading within the bound: nothing pushes it, or its last read was "unknown". */
export function needsRefresh(state: Pick<PlanState, 'subscribed' | 'autoNotified' | 'unknownReads'>, userID: string): boolean {
  return !isPushed(state, userID) || state.unknownReads.has(userID)
}

/** When an entry nothing pushes is read again: half the freshness bound, so a refresh lands well before it. */
export function refreshAt(readAt: number, freshForMs: number): number {
  return readAt + freshForMs / 2
}

/**
 * Entries nothing pushes whose last read is `freshForMs` old or older (to be marked stale and read again), and
 * the time the next one will be.
 */
export function expiredEntries(state: PlanState, now: number): { expired: string[]; nextAt: number } {
  const expired: string[] = []
  let nextAt = Infinity
  for (const id of state.entries) {
    const at = state.readAt.get(id)
    if (at === undefined || !needsRefresh(state, id)) continue
    const staleAt = at + state.freshForMs
    if (staleAt <= now) expired.push(id)
    else nextAt = Math.min(nextAt, staleAt)
  }
  return { expired, nextAt }
}

/**
 * How long to wait after a change of the visible rows before planning (debounce): the settle time after the
 * last change, but never more than `maxWaitMs` after the first change of the burst.
 */
export function settleDelay(now: number, firstChangeAt: number, settleMs: number, maxWaitMs: number): number {
  return Math.max(0, Math.min(settleMs, firstChangeAt + maxWaitMs - now))
}

/**
 * The next call to make, in priority order:
 * 1. nothing displays: the server must hold nothing (clear it);
 * 2. a new session: clear what an earlier one may have left;
 * 3. subscriptions to confirm (rows in view first);
 * 4. queries (<= 500 IDs): rows in view without a current value, subscribed rows out of view, overscan (alone
 *    only once a quarter of it lacks a value: {@link overscanTrigger}), then entries nothing pushes that are
 *    due for a refresh (with those due within the next quarter bound);
 * 5. subscriptions (<= 100 IDs) of rows that stayed in view for the dwell time, evicting the least recently
 *    visible rows out of view to make room (the rows past the cap keep a refreshed snapshot); batched while
 *    few calls are left ({@link CALL_RESERVE});
 * otherwise a wait: for the next dwell deadline (foreground), or the next refresh / refused-user retry (background).
 */
export function nextStep(state: PlanState, now: number): Step {
  if (!isActive(state)) return state.subscribed.size || state.serverMayHoldUnknown ? { kind: 'clear-server' } : { kind: 'idle' }
  if (state.serverMayHoldUnknown) return { kind: 'clear-server' }

  const desired = desiredIDs(state)
  const confirm = [...state.needResubscribe].filter((id) => state.subscribed.has(id))
  if (confirm.length) {
    confirm.sort((a, b) => Number(desired.has(b)) - Number(desired.has(a)))
    return { kind: 'subscribe', userIDs: confirm.slice(0, state.limits.subscribeMaxIDs) }
  }

  const lists = displayingLists(state)
  const query = new Set<string>()
  const addQuery = (id: string) => {
    if (query.size < state.limits.getUserStatusMaxIDs && id && id !== state.selfID && !state.readAt.has(id)) query.add(id)
  }
  for (const id of desired) addQuery(id)
  for (const id of state.entries) if (state.subscribed.has(id)) addQuery(id)
  // The overscan joins a query that is made anyway; alone it causes one once enough of it lacks a value.
  let overscanDue = query.size > 0
  for (const list of lists) {
    let missing = 0
    for (const id of list.overscan) if (id && id !== state.selfID && !state.readAt.has(id)) missing++
    if (missing >= overscanTrigger(list.overscan.size)) overscanDue = true
  }
  if (overscanDue) for (const list of lists) for (const id of list.overscan) addQuery(id)

  // Freshness: entries nothing pushes are read again once half the bound has passed.
  let nextRefresh = Infinity
  const due: Array<[string, number]> = []
  for (const id of state.entries) {
    const at = state.readAt.get(id)
    if (at === undefined || !needsRefresh(state, id)) continue
    due.push([id, refreshAt(at, state.freshForMs)])
  }
  if (due.some(([, at]) => at <= now)) {
    due.sort((a, b) => a[1] - b[1])
    const horizon = now + state.freshForMs / 4
    for (const [id, at] of due) {
      if (at > horizon || query.size >= state.limits.getUserStatusMaxIDs) break
      query.add(id)
    }
  } else {
    for (const [, at] of due) nextRefresh = Math.min(nextRefresh, at)
  }
  if (query.size) return { kind: 'query', userIDs: [...query] }

  const dueToSubscribe: string[] = []
  let nextDwell = Infinity
  let nextRetry = Infinity
  for (const id of desired) {
    if (state.subscribed.has(id) || state.autoNotified.has(id)) continue
    const refused = state.refusedAt.get(id)
    if (refused !== undefined && refused + state.freshForMs > now) {
      nextRetry = Math.min(nextRetry, refused + state.freshForMs)
      continue
    }
    const at = (state.visibleSince.get(id) ?? now) + state.dwellMs
    if (at <= now) dueToSubscribe.push(id)
    else nextDwell = Math.min(nextDwell, at)
  }
  // Short of calls (a long scroll): batch the subscriptions, keeping the calls left for rows coming into view.
  // The dots already show the queried status meanwhile.
  let nextBatch = Infinity
  if (dueToSubscribe.length && state.callsLeft !== undefined && state.callsLeft <= CALL_RESERVE && dueToSubscribe.length < SUBSCRIBE_BATCH) {
    let oldest = Infinity
    for (const id of dueToSubscribe) oldest = Math.min(oldest, (state.visibleSince.get(id) ?? now) + state.dwellMs)
    if (oldest + SUBSCRIBE_BATCH_WAIT_MS > now) {
      nextBatch = oldest + SUBSCRIBE_BATCH_WAIT_MS
      dueToSubscribe.length = 0
    }
  }
  if (dueToSubscribe.length) {
    const room = state.maxSubscriptions - state.subscribed.size
    if (room > 0) return { kind: 'subscribe', userIDs: dueToSubscribe.slice(0, Math.min(room, state.limits.subscribeMaxIDs)) }
    const evict = evictable(state, desired, Math.min(dueToSubscribe.length, state.limits.unsubscribeMaxIDs))
    if (evict.length) return { kind: 'evict', userIDs: evict }
    // Every subscription is in view: the rows past the cap keep a snapshot, refreshed within the bound.
  }
  nextDwell = Math.min(nextDwell, nextBatch)
  if (nextDwell < Infinity) return { kind: 'wait', ms: Math.max(0, nextDwell - now), background: false }
  const background = Math.min(nextRefresh, nextRetry)
  if (background < Infinity) return { kind: 'wait', ms: Math.max(0, background - now), background: true }
  return { kind: 'idle' }
}

/** Subscribed users out of view, least recently visible first. */
export function evictable(state: Pick<PlanState, 'subscribed' | 'lastVisible'>, desired: ReadonlySet<string>, count: number): string[] {
  return [...state.subscribed]
    .filter((id) => !desired.has(id))
    .sort((a, b) => (state.lastVisible.get(a) ?? -Infinity) - (state.lastVisible.get(b) ?? -Infinity))
    .slice(0, count)
}
