import { ERROR_CODE, LIMITS, TYPES } from '../engine/constants'
import { ChatError, toChatError } from '../engine/errors'
import type { ChatEngine, UserStatus } from '../engine/types'
import type { UserStatusSink } from './types'

/** Time source of the manager; tests pass fake timers through the globals or an explicit clock. */
export interface SchedulerClock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** Reads the globals at call time, so `vi.useFakeTimers()` applies. */
export const globalClock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export interface PresenceOptions {
  /**
   * How long a row must stay in view before it is subscribed, in ms. Rows that pass through the
   * viewport faster (a fling) cost no subscription.
   * @default 300
   */
  dwellMs?: number
  /**
   * Quiet time after the last change of the visible rows before any call is made, in ms.
   * @default 80
   */
  settleMs?: number
  /**
   * Longest a continuously changing viewport can postpone the calls, in ms.
   * @default 1000
   */
  maxWaitMs?: number
  /**
   * At most this many users subscribed at once (the server's cap is 200).
   * @default 200
   */
  maxSubscriptions?: number
  /**
   * Set when the console's "friend status auto-notify" switch is on: friends' changes arrive without
   * subscribing, so friends are queried once and never use the subscription quota.
   * @default false
   */
  friendAutoNotify?: boolean
  /**
   * Hysteresis against flapping: a user shown online who goes offline (or logs out) keeps showing online for
   * this long, and is never shown offline when they come back within it. Going online always shows at once.
   * 0 turns it off.
   * @default 0
   */
  offlineGraceMs?: number
  /** Delay before retrying after a network error or 2996, in ms. @default 2000 */
  retryDelayMs?: number
  clock?: SchedulerClock
}

/** One list's presence needs, as a list component reports them. */
export interface PresenceList {
  /** The list's `displayOnlineStatus` prop: `undefined` follows the global switch. */
  setOverride(display: boolean | undefined): void
  /** Users whose rows are in the viewport. */
  setVisible(userIDs: Iterable<string>): void
  /** Users rendered just outside the viewport: queried once, never subscribed. */
  setOverscan(userIDs: Iterable<string>): void
  /** Effective display: the override, else the global switch. */
  readonly displays: boolean
  dispose(): void
}

interface ListState {
  override: boolean | undefined
  visible: Set<string>
  overscan: Set<string>
}

type Stop = 'not-ready' | 'unavailable' | 'closing' | null

/**
 * Owns the users visible on screen and keeps the engine's subscriptions equal to what they need:
 * queries each visible user once (batches of at most 500), subscribes users that stay in view for the dwell
 * time (batches of at most 100), never more than `maxSubscriptions` at once (evicting the least recently
 * visible), never more than 20 calls per 5 s, one call at a time, and nothing before login.
 * Clears every subscription and status when nothing displays, on logout and on kick-out; re-subscribes and
 * re-queries after a reconnect (entries stay stale until fresh data arrives).
 *
 * Answers are matched to what they were asked for: an answer to a call made before a reset, a disconnect or a
 * retry is ignored (`epoch`), subscriptions belong to one login session (`session`), and a query's snapshot
 * never overwrites an event received while it was in flight. Invariants: docs/reliability.md.
 */
export class PresenceManager {
  private readonly engine: ChatEngine
  private readonly sink: UserStatusSink
  private readonly clock: SchedulerClock
  private readonly dwellMs: number
  private readonly settleMs: number
  private readonly maxWaitMs: number
  private readonly maxSubscriptions: number
  private readonly retryDelayMs: number
  private friendAutoNotify: boolean

  private readonly lists = new Set<ListState>()
  private globalDisplay = false
  private selfID = ''
  private ready = false
  private connected = false
  private hidden = false
  private stop: Stop = 'not-ready'
  private friends = new Set<string>()
  /** Users the server refused to subscribe (failureUserList): not retried in this session. */
  private readonly refused = new Set<string>()
  /** Subscribed before a reconnect: re-subscribed without waiting for the dwell time. */
  private readonly needResubscribe = new Set<string>()

  /** userID -> since when it has been visible without a break (ms). */
  private readonly visibleSince = new Map<string, number>()
  /** userID -> last time it was visible (ms), for least-recently-visible eviction. */
  private readonly lastVisible = new Map<string, number>()
  /** The users of the getUserStatus call in flight, and those of them an event arrived for meanwhile. */
  private querying = new Set<string>()
  /** userID -> whether that event was shown (false: dropped, the user was not tracked at that moment). */
  private readonly eventsWhileQuerying = new Map<string, boolean>()
  /** Users whose status is in the store and current (queried or subscribed since the last connect). */
  private readonly fresh = new Set<string>()
  /** Users the manager believes the server has subscribed for this client. */
  private readonly subscribed = new Set<string>()
  /** The server may hold subscriptions the manager does not know of (after a failed call, a relogin). */
  private serverMayHoldUnknown = false
  /** The store's entries, written through here (with the offline grace). */
  private readonly out: StatusWriter

  private readonly callTimes: number[] = []
  private timer: unknown = null
  private timerAt = Infinity
  private timerUrgent = false
  private firstPendingChangeAt: number | null = null
  private running: Promise<void> | null = null
  /** Something changed while a call was in flight: plan again as soon as it ends. */
  private dirty = false
  /** Changes when what the calls in flight were asked for no longer holds (their answers are ignored). */
  private epoch = 0
  /** Changes on login and logout: subscriptions belong to one login session. */
  private session = 0
  private idleWaiters: Array<() => void> = []

  /** @throws ChatError 6017 when an option has the wrong type or is out of range (the message names it). */
  constructor(engine: ChatEngine, sink: UserStatusSink, options: PresenceOptions = {}) {
    const o = readOptions(options)
    this.engine = engine
    this.sink = sink
    this.clock = o.clock ?? globalClock
    this.dwellMs = o.dwellMs ?? 300
    this.settleMs = o.settleMs ?? 80
    this.maxWaitMs = o.maxWaitMs ?? 1000
    this.maxSubscriptions = Math.min(o.maxSubscriptions ?? LIMITS.MAX_SUBSCRIPTIONS, LIMITS.MAX_SUBSCRIPTIONS)
    this.retryDelayMs = o.retryDelayMs ?? 2000
    this.friendAutoNotify = o.friendAutoNotify ?? false
    this.out = new StatusWriter(sink, this.clock, o.offlineGraceMs ?? 0, () => this.maybeIdle())
  }

  // ---------------------------------------------------------------- inputs

  /**
   * Registers a list. Its methods check their input: a wrong type throws ChatError 6017 and changes nothing;
   * entries of a userID list that are not non-empty strings are skipped, duplicates count once. After
   * `dispose()` every method does nothing.
   */
  createList(): PresenceList {
    const state: ListState = { override: undefined, visible: new Set(), overscan: new Set() }
    this.lists.add(state)
    const manager = this
    let disposed = false
    return {
      setOverride(display) {
        const value = readOverride(display)
        if (disposed || state.override === value) return
        state.override = value
        manager.changed()
      },
      setVisible(userIDs) {
        const ids = readUserIDs(userIDs, 'setVisible')
        if (disposed) return
        state.visible = ids
        manager.changed()
      },
      setOverscan(userIDs) {
        const ids = readUserIDs(userIDs, 'setOverscan')
        if (disposed) return
        state.overscan = ids
        manager.changed()
      },
      get displays() {
        return state.override ?? manager.globalDisplay
      },
      dispose() {
        if (disposed) return
        disposed = true
        manager.lists.delete(state)
        manager.changed()
      },
    }
  }

  setGlobalDisplay(on: boolean): void {
    if (this.globalDisplay === on) return
    this.globalDisplay = on
    this.changed(true)
  }

  get displaysGlobally(): boolean {
    return this.globalDisplay
  }

  /** Friends' userIDs, used with `friendAutoNotify`. */
  setFriends(userIDs: Iterable<string>): void {
    const before = this.friends
    this.friends = new Set(userIDs)
    if (!this.friendAutoNotify) return
    // A new friend's snapshot may predate the pushes: read it again. A user who stopped being a friend is no
    // longer pushed: the plan subscribes them.
    for (const id of this.friends) if (!before.has(id)) this.unconfirm(id)
    this.changed()
  }

  setFriendAutoNotify(on: boolean): void {
    if (on === this.friendAutoNotify) return
    this.friendAutoNotify = on
    // Friends that were only queried missed the changes made before the pushes started: read them again.
    if (on) for (const id of this.friends) this.unconfirm(id)
    this.changed()
  }

  /** A user's entry may be outdated and nothing pushes it: query it again (subscribed users are pushed). */
  private unconfirm(userID: string): void {
    if (!this.subscribed.has(userID)) this.fresh.delete(userID)
  }

  /** Pause all calls while the page is hidden; resume when shown. */
  setHidden(hidden: boolean): void {
    if (this.hidden === hidden) return
    this.hidden = hidden
    if (!hidden) this.schedule(0)
  }

  /** The engine is logged in and ready as `userID`. */
  onReady(userID: string): void {
    this.epoch++
    this.session++
    this.selfID = userID
    this.ready = true
    this.connected = true
    this.stop = null
    this.refused.clear()
    // A previous session of this client may have left subscriptions on the server.
    this.serverMayHoldUnknown = true
    this.changed(true)
  }

  /**
   * Logged out or kicked out: forget everything at once, so no status survives into the next login.
   * Call {@link clearServer} first on a clean logout so the server holds nothing either.
   */
  onNotReady(): void {
    this.epoch++
    this.session++
    this.ready = false
    this.connected = false
    this.stop = 'not-ready'
    this.selfID = ''
    this.globalDisplay = false
    this.resetTracking()
    this.serverMayHoldUnknown = false
    this.cancelTimer()
    this.maybeIdle()
  }

  onNetState(state: 'connected' | 'connecting' | 'disconnected'): void {
    if (!this.ready) return
    if (state === 'connected') {
      if (this.connected) return
      this.connected = true
      // Nothing received while down can be trusted, and the server may have dropped the subscriptions (it clears
      // them a while after it noticed the loss) or kept them: subscribe them all again (rows in view first; it
      // is idempotent), then re-query every entry. Entries stay stale until fresh data replaces them.
      this.fresh.clear()
      for (const id of this.subscribed) this.needResubscribe.add(id)
      this.changed(true)
    } else if (this.connected) {
      this.connected = false
      this.epoch++
      this.out.markAllStale()
    }
  }

  /** Applies an `onUserStatusUpdated` payload: only users the kit tracks are written. */
  onStatusUpdated(list: readonly UserStatus[]): void {
    if (!this.ready) return
    const accepted: UserStatus[] = []
    for (const status of list) {
      const id = status.userID
      if (id === this.selfID) {
        // Self lives in `selfStatus` only: an entry in the map would go stale (self is never queried there).
        this.sink.setSelfStatus(status)
        continue
      }
      // Newer than the snapshot of a query in flight: that snapshot must not overwrite it.
      const queried = this.querying.has(id)
      // Only users a displaying list needs (nothing while nothing displays or the feature is unavailable).
      const tracked = this.stop !== 'unavailable' && this.isTracked(id)
      if (queried) this.eventsWhileQuerying.set(id, tracked)
      if (tracked) accepted.push(status)
    }
    if (accepted.length) this.out.write(accepted)
  }

  /**
   * Before a logout: unsubscribes everything on the server (one call) after the call in flight, if any, and
   * within the rate limit (it waits for a slot, at most 5 s). It tries even when the connection is believed
   * down (the news of a reconnect may be on its way); a failure only means the server clears them itself a
   * while after the logout. Errors are reported to the store (network errors are not), never thrown.
   */
  async clearServer(): Promise<void> {
    try {
      await this.unsubscribeForLogout()
    } finally {
      // Timers were cancelled: whoever waits for the manager to be idle must hear of it.
      this.maybeIdle()
    }
  }

  private async unsubscribeForLogout(): Promise<void> {
    this.epoch++
    this.stop = 'closing'
    this.cancelTimer()
    await this.running
    this.cancelTimer()
    if (!this.ready) return
    if (this.subscribed.size === 0 && !this.serverMayHoldUnknown) return
    const wait = this.rateWait()
    if (wait > 0) await new Promise<void>((resolve) => this.clock.setTimeout(resolve, wait))
    if (!this.ready || this.stop !== 'closing') return
    try {
      await this.call(() => this.engine.unsubscribeUserStatus())
      this.subscribed.clear()
      this.serverMayHoldUnknown = false
    } catch (error) {
      const chatError = toChatError(error)
      if (chatError.code !== ERROR_CODE.NETWORK_ERROR) this.sink.setLastError(chatError)
    }
  }

  /** Undoes {@link clearServer} when the logout that followed it failed: the session goes on. */
  resume(): void {
    if (this.stop !== 'closing') return
    this.stop = null
    this.serverMayHoldUnknown = true
    this.changed(true)
  }

  /**
   * Resolves when no call is running or scheduled and no offline value is held (see `offlineGraceMs`).
   * For tests and `switchUserStatus`.
   */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  private isIdle(): boolean {
    return !this.running && this.timer === null && !this.out.holding
  }

  private maybeIdle(): void {
    if (this.isIdle()) this.resolveIdle()
  }

  /**
   * Waits for a slot in the 20 calls / 5 s budget the manager keeps, and takes it: for the app's own status
   * calls (`TUIUserService.getUserStatus`), so they and the manager's never draw a 2996 from each other.
   */
  async takeCallSlot(): Promise<void> {
    for (;;) {
      const wait = this.rateWait()
      if (wait <= 0) {
        this.callTimes.push(this.clock.now())
        return
      }
      await new Promise<void>((resolve) => this.clock.setTimeout(resolve, wait))
    }
  }

  /** Users currently subscribed, as the manager believes the server holds them. */
  subscribedIDs(): string[] {
    return [...this.subscribed]
  }

  /** Users the lists need (visible in a list that displays status), self excluded. */
  desiredIDs(): Set<string> {
    const desired = new Set<string>()
    for (const list of this.lists) {
      if (!this.displays(list)) continue
      for (const id of list.visible) if (id && id !== this.selfID) desired.add(id)
    }
    return desired
  }

  // ---------------------------------------------------------------- scheduling

  private displays(list: ListState): boolean {
    return list.override ?? this.globalDisplay
  }

  private get active(): boolean {
    for (const list of this.lists) if (this.displays(list)) return true
    return false
  }

  private isTracked(userID: string): boolean {
    if (!this.active) return false
    for (const list of this.lists) {
      if (!this.displays(list)) continue
      if (list.visible.has(userID) || list.overscan.has(userID)) return true
    }
    return this.subscribed.has(userID)
  }

  private changed(urgent = false): void {
    const now = this.clock.now()
    // Visibility bookkeeping: start dwell clocks for new rows, stop them for rows that left.
    const visibleNow = new Set<string>()
    for (const list of this.lists) {
      if (!this.displays(list)) continue
      for (const id of list.visible) visibleNow.add(id)
    }
    for (const id of visibleNow) {
      if (!this.visibleSince.has(id)) this.visibleSince.set(id, now)
      this.lastVisible.set(id, now)
    }
    for (const id of [...this.visibleSince.keys()]) if (!visibleNow.has(id)) this.visibleSince.delete(id)

    if (!this.active) {
      // Nothing displays status: drop every entry now; the worker clears the server.
      this.resetTracking()
      this.schedule(0)
      return
    }
    this.dropUntracked()
    if (urgent) {
      this.schedule(0)
      return
    }
    // Debounce: wait for the view to settle, but never longer than maxWait since the first change.
    if (this.firstPendingChangeAt === null) this.firstPendingChangeAt = now
    const deadline = this.firstPendingChangeAt + this.maxWaitMs
    this.schedule(Math.max(0, Math.min(this.settleMs, deadline - now)), true)
  }

  private resetTracking(): void {
    // Answers of calls in flight were asked for what is being dropped: ignore them.
    this.epoch++
    this.fresh.clear()
    this.visibleSince.clear()
    this.lastVisible.clear()
    this.needResubscribe.clear()
    if (!this.ready) this.subscribed.clear()
    this.out.clear()
  }

  /** Removes store entries of users that are neither in view nor subscribed (they would go stale silently). */
  private dropUntracked(): void {
    const drop: string[] = []
    for (const id of this.out.ids()) if (!this.isTracked(id)) drop.push(id)
    for (const id of this.fresh) if (!this.isTracked(id)) this.fresh.delete(id)
    if (drop.length) this.out.remove(drop)
  }

  /** Runs the worker in `delay` ms; `postpone` moves a pending non-urgent run later (debounce). */
  private schedule(delay: number, postpone = false): void {
    if (this.running) {
      this.dirty = true // the worker plans again when the call in flight ends
      return
    }
    const at = this.clock.now() + delay
    if (this.timer !== null && this.timerAt <= at && !(postpone && !this.timerUrgent)) return
    this.timerUrgent = !postpone
    this.cancelTimer()
    this.timerAt = at
    this.timer = this.clock.setTimeout(() => {
      this.timer = null
      this.timerAt = Infinity
      this.kick()
    }, delay)
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
    this.timerAt = Infinity
  }

  private kick(): void {
    if (this.running) return
    this.firstPendingChangeAt = null
    this.dirty = false
    this.running = this.work().then(
      (next) => this.afterWork(next),
      (error: unknown) => {
        this.sink.setLastError(toChatError(error))
        this.afterWork(this.retryDelayMs)
      },
    )
  }

  private afterWork(next: number | null): void {
    this.running = null
    if (this.dirty) {
      this.dirty = false
      this.schedule(0)
    } else if (next !== null) {
      this.schedule(next)
    }
    this.maybeIdle()
  }

  private resolveIdle(): void {
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const resolve of waiters) resolve()
  }

  // ---------------------------------------------------------------- the worker

  /** Runs calls one at a time until nothing is left; returns ms until it should run again, or null. */
  private async work(): Promise<number | null> {
    for (;;) {
      if (!this.ready || !this.connected || this.hidden || this.stop) return null
      const step = this.nextStep()
      if (!step) return null
      if (step.kind === 'wait') return step.ms
      const wait = this.rateWait()
      if (wait > 0) return wait
      const epoch = this.epoch
      try {
        await step.run()
      } catch (error) {
        if (epoch !== this.epoch) continue
        const retryIn = this.handleError(toChatError(error))
        if (retryIn !== null) return retryIn
        return null
      }
    }
  }

  /** Returns ms until a retry, or null to stop until something changes. */
  private handleError(error: ChatError): number | null {
    this.sink.setLastError(error)
    switch (error.code) {
      case ERROR_CODE.FEATURE_NOT_ENABLED:
        this.stop = 'unavailable'
        this.sink.setAvailability('feature-not-enabled')
        this.hideStatuses()
        return null
      case ERROR_CODE.EDITION_NOT_SUPPORTED:
        this.stop = 'unavailable'
        this.sink.setAvailability('edition-not-supported')
        this.hideStatuses()
        return null
      case ERROR_CODE.SDK_NOT_READY:
        return null
      default:
        // 2996, network and server errors: retry later; the plan is recomputed then.
        return this.retryDelayMs
    }
  }

  private hideStatuses(): void {
    this.fresh.clear()
    this.out.clear()
  }

  /**
   * Reads every status in view again (one query per 500), and retries after 72001 / 3122.
   * `switchUserStatus({ displayOnlineStatus: true })` calls this (or {@link retry}, the same).
   */
  refresh(): void {
    this.retry()
  }

  /**
   * Tries again after 72001 / 3122 (for example after the console switch was turned on) and reads every status
   * in view again: changes made while the feature was off were never notified, even if no call failed meanwhile.
   */
  retry(): void {
    if (!this.ready) return
    if (this.stop === 'unavailable') {
      this.stop = null
      this.sink.setAvailability('available')
      this.sink.setLastError(null)
      // The server may hold subscriptions the manager gave up on; start from none.
      this.serverMayHoldUnknown = true
    } else if (this.stop !== null) {
      return
    }
    // Answers (and errors, such as a late 72001) of calls made before the retry no longer count.
    this.epoch++
    this.fresh.clear()
    this.changed(true)
  }

  private nextStep(): { kind: 'call'; run: () => Promise<void> } | { kind: 'wait'; ms: number } | null {
    const now = this.clock.now()
    // 1. Nothing displays status: the server must hold nothing.
    if (!this.active) {
      if (this.subscribed.size === 0 && !this.serverMayHoldUnknown) return null
      return { kind: 'call', run: () => this.unsubscribeAll() }
    }
    // 2. A new session: an earlier one on this client may have left subscriptions we cannot name.
    if (this.serverMayHoldUnknown) return { kind: 'call', run: () => this.unsubscribeAll() }

    const desired = this.desiredIDs()
    const subscribable = (id: string) => !this.refused.has(id) && !(this.friendAutoNotify && this.friends.has(id))

    // 3. After a reconnect: confirm the subscriptions, those of rows in view first, before re-querying.
    for (const id of this.needResubscribe) if (!this.subscribed.has(id)) this.needResubscribe.delete(id)
    if (this.needResubscribe.size) {
      const again = [...this.needResubscribe].sort((a, b) => Number(desired.has(b)) - Number(desired.has(a)))
      return { kind: 'call', run: () => this.subscribe(again.slice(0, LIMITS.SUBSCRIBE_MAX_IDS)) }
    }

    // 4. A snapshot for rows in view and in the overscan that have no current status: up to 500 per call.
    const toQuery = new Set<string>()
    const addQuery = (id: string) => {
      if (toQuery.size < LIMITS.GET_USER_STATUS_MAX_IDS && id && id !== this.selfID && !this.fresh.has(id)) toQuery.add(id)
    }
    for (const id of desired) addQuery(id)
    // Subscribed users out of view whose entry is not current (after a failed query, a retry): read them too.
    for (const id of this.out.ids()) if (this.subscribed.has(id)) addQuery(id)
    for (const list of this.lists) if (this.displays(list)) for (const id of list.overscan) addQuery(id)
    if (toQuery.size) return { kind: 'call', run: () => this.query([...toQuery]) }

    // 5. Subscribe rows that stayed in view for the dwell time, making room by evicting rows out of view.
    const due: string[] = []
    let nextDue = Infinity
    for (const id of desired) {
      if (this.subscribed.has(id) || !subscribable(id)) continue
      const at = (this.visibleSince.get(id) ?? now) + this.dwellMs
      if (at <= now) due.push(id)
      else nextDue = Math.min(nextDue, at)
    }
    if (due.length) {
      const room = this.maxSubscriptions - this.subscribed.size
      if (room > 0) return { kind: 'call', run: () => this.subscribe(due.slice(0, Math.min(room, LIMITS.SUBSCRIBE_MAX_IDS))) }
      const evict = this.evictable(desired, Math.min(due.length, LIMITS.UNSUBSCRIBE_MAX_IDS))
      if (evict.length) return { kind: 'call', run: () => this.unsubscribe(evict) }
      // Every subscription is in view: the rows past the cap keep their snapshot.
    }
    if (nextDue < Infinity) return { kind: 'wait', ms: Math.max(0, nextDue - now) }
    return null
  }

  /** Subscribed users not in view, least recently visible first. */
  private evictable(desired: Set<string>, count: number): string[] {
    return [...this.subscribed]
      .filter((id) => !desired.has(id))
      .sort((a, b) => (this.lastVisible.get(a) ?? -Infinity) - (this.lastVisible.get(b) ?? -Infinity))
      .slice(0, count)
  }

  private rateWait(): number {
    const now = this.clock.now()
    while (this.callTimes.length && this.callTimes[0] <= now - LIMITS.RATE_LIMIT_WINDOW_MS) this.callTimes.shift()
    if (this.callTimes.length < LIMITS.RATE_LIMIT_CALLS) return 0
    return this.callTimes[0] + LIMITS.RATE_LIMIT_WINDOW_MS - now + 1
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    this.callTimes.push(this.clock.now())
    return fn()
  }

  private async query(ids: string[]): Promise<void> {
    const epoch = this.epoch
    this.querying = new Set(ids)
    this.eventsWhileQuerying.clear()
    let data: { successUserList: UserStatus[]; failureUserList: Array<{ userID: string }> }
    try {
      ;({ data } = await this.call(() => this.engine.getUserStatus({ userIDList: ids })))
    } finally {
      this.querying = new Set()
    }
    if (epoch !== this.epoch) return
    const known: UserStatus[] = []
    for (const status of data.successUserList) {
      if (!this.isTracked(status.userID)) continue
      // An event during the call is newer than this snapshot (taken when the call was made): it is shown (the
      // user is current), or it was dropped (query again).
      const event = this.eventsWhileQuerying.get(status.userID)
      if (event === false) continue
      this.fresh.add(status.userID)
      if (event) continue
      known.push(status)
    }
    for (const failure of data.failureUserList) {
      if (!this.isTracked(failure.userID)) continue
      // Not knowable (unknown user, no permission): show "unknown" rather than querying forever.
      known.push({ userID: failure.userID, statusType: 0, customStatus: '' })
      this.fresh.add(failure.userID)
    }
    if (known.length) this.out.write(known)
    this.sink.setAvailability('available')
  }

  private async subscribe(ids: string[]): Promise<void> {
    const session = this.session
    const { data } = await this.call(() => this.engine.subscribeUserStatus({ userIDList: ids }))
    // What the server holds is a fact of this login session, whatever changed meanwhile (the next steps undo
    // what is no longer needed); after a logout or kick-out the server dropped them.
    if (session !== this.session) return
    const failed = new Set(data.failureUserList.map((f) => f.userID))
    for (const id of ids) {
      this.needResubscribe.delete(id)
      if (failed.has(id)) {
        this.refused.add(id)
      } else {
        this.subscribed.add(id)
        // A change between the snapshot and this subscription was not notified: query again.
        this.fresh.delete(id)
      }
    }
  }

  private async unsubscribe(ids: string[]): Promise<void> {
    const session = this.session
    await this.call(() => this.engine.unsubscribeUserStatus({ userIDList: ids }))
    if (session !== this.session) return
    for (const id of ids) this.subscribed.delete(id)
    this.dropUntracked()
  }

  private async unsubscribeAll(): Promise<void> {
    const session = this.session
    await this.call(() => this.engine.unsubscribeUserStatus())
    if (session !== this.session) return
    this.subscribed.clear()
    this.serverMayHoldUnknown = false
    // Users kept only because they were subscribed (out of view) lose their entries.
    this.dropUntracked()
  }
}

function invalid(message: string): ChatError {
  return new ChatError(ERROR_CODE.INVALID_PARAMETERS, message)
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (Array.isArray(value)) return 'an array'
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : String(value)
}

/** `PresenceList.setVisible` / `setOverscan` input: any iterable of userIDs (not a string). */
function readUserIDs(value: unknown, method: string): Set<string> {
  const iterable =
    typeof value === 'object' && value !== null && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
  if (!iterable) {
    throw invalid(`PresenceList.${method}(userIDs) needs an array of userID strings (e.g. ['user1', 'user2']); got ${describeValue(value)}.`)
  }
  const ids = new Set<string>()
  for (const id of value as Iterable<unknown>) if (typeof id === 'string' && id !== '') ids.add(id)
  return ids
}

/** `PresenceList.setOverride` input: true, false, or undefined / null (follow the global switch). */
function readOverride(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'boolean') return value
  throw invalid(`PresenceList.setOverride(display) needs true, false or undefined (follow the global switch); got ${describeValue(value)}.`)
}

const NUMBER_OPTIONS = ['dwellMs', 'settleMs', 'maxWaitMs', 'retryDelayMs', 'offlineGraceMs'] as const

/** Checks `PresenceOptions`; throws ChatError 6017 naming the option and what it needs. */
function readOptions(options: unknown): PresenceOptions {
  if (options === undefined || options === null) return {}
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw invalid(`PresenceOptions must be an object like { dwellMs: 300, offlineGraceMs: 0 }; got ${describeValue(options)}.`)
  }
  const o = options as Record<string, unknown>
  for (const name of NUMBER_OPTIONS) {
    const value = o[name]
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      throw invalid(`PresenceOptions.${name} must be a number of milliseconds >= 0; got ${describeValue(value)}.`)
    }
  }
  const max = o.maxSubscriptions
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1)) {
    throw invalid(`PresenceOptions.maxSubscriptions must be an integer from 1 to ${LIMITS.MAX_SUBSCRIPTIONS}; got ${describeValue(max)}.`)
  }
  if (o.friendAutoNotify !== undefined && typeof o.friendAutoNotify !== 'boolean') {
    throw invalid(`PresenceOptions.friendAutoNotify must be true or false (the console's friend auto-notify switch); got ${describeValue(o.friendAutoNotify)}.`)
  }
  const clock = o.clock
  if (clock !== undefined) {
    const c = clock as Record<string, unknown> | null
    if (typeof c !== 'object' || c === null || ['now', 'setTimeout', 'clearTimeout'].some((f) => typeof c[f] !== 'function')) {
      throw invalid('PresenceOptions.clock must have now(), setTimeout(fn, ms) and clearTimeout(handle).')
    }
  }
  return options as PresenceOptions
}

const OFFLINE_TYPES: ReadonlySet<number> = new Set([TYPES.USER_STATUS_OFFLINE, TYPES.USER_STATUS_UNLOGINED])

/**
 * The manager's write side of the store: knows which entries it wrote (so it can drop the ones nobody tracks)
 * and applies the offline grace: a user shown ONLINE who goes OFFLINE / UNLOGINED keeps showing ONLINE for
 * `graceMs`, and is never shown offline if ONLINE comes back within it (a flapping connection). Any other change
 * is written at once. Stale entries are not held: they were not shown as live.
 */
class StatusWriter {
  private readonly entries = new Set<string>()
  /** Entries whose live (not stale) value is ONLINE. */
  private readonly shownOnline = new Set<string>()
  private readonly held = new Map<string, { status: UserStatus; timer: unknown }>()

  constructor(
    private readonly sink: UserStatusSink,
    private readonly clock: SchedulerClock,
    private readonly graceMs: number,
    private readonly onReleased: () => void,
  ) {}

  get holding(): boolean {
    return this.held.size > 0
  }

  has(userID: string): boolean {
    return this.entries.has(userID)
  }

  ids(): string[] {
    return [...this.entries]
  }

  write(list: readonly UserStatus[]): void {
    const now: UserStatus[] = []
    for (const status of list) {
      const id = status.userID
      const hold = this.held.get(id)
      if (this.graceMs > 0 && OFFLINE_TYPES.has(status.statusType) && (hold || this.shownOnline.has(id))) {
        if (hold) hold.status = status
        else this.held.set(id, { status, timer: this.clock.setTimeout(() => this.release(id), this.graceMs) })
        continue
      }
      if (hold) this.cancel(id)
      now.push(status)
    }
    this.apply(now)
  }

  remove(ids: readonly string[]): void {
    const present: string[] = []
    for (const id of ids) {
      this.cancel(id)
      this.shownOnline.delete(id)
      if (this.entries.delete(id)) present.push(id)
    }
    if (present.length) this.sink.removeStatuses(present)
  }

  clear(): void {
    for (const id of [...this.held.keys()]) this.cancel(id)
    this.shownOnline.clear()
    if (this.entries.size) this.sink.clearStatuses()
    this.entries.clear()
  }

  /** The connection is down: what was held is shown (it is newer), then everything is marked stale. */
  markAllStale(): void {
    const held = [...this.held.values()].map((h) => h.status)
    for (const id of [...this.held.keys()]) this.cancel(id)
    this.apply(held)
    this.shownOnline.clear()
    if (this.entries.size) this.sink.markAllStale()
  }

  private apply(list: readonly UserStatus[]): void {
    if (!list.length) return
    for (const { userID, statusType } of list) {
      this.entries.add(userID)
      if (statusType === TYPES.USER_STATUS_ONLINE) this.shownOnline.add(userID)
      else this.shownOnline.delete(userID)
    }
    this.sink.applyStatuses(list)
  }

  private release(id: string): void {
    const hold = this.held.get(id)
    if (!hold) return
    this.held.delete(id)
    this.apply([hold.status])
    if (!this.held.size) this.onReleased()
  }

  private cancel(id: string): void {
    const hold = this.held.get(id)
    if (!hold) return
    this.clock.clearTimeout(hold.timer)
    this.held.delete(id)
    if (!this.held.size) this.onReleased()
  }
}
