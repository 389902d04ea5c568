import { ERROR_CODE, LIMITS } from '../engine/constants'
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
 * Clears every subscription and status when nothing displays, on logout and on kick-out; re-queries and
 * re-subscribes after a reconnect.
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
  /** Users whose status is in the store and current (queried or subscribed since the last connect). */
  private readonly fresh = new Set<string>()
  /** Users the manager believes the server has subscribed for this client. */
  private readonly subscribed = new Set<string>()
  /** The server may hold subscriptions the manager does not know of (after a failed call, a relogin). */
  private serverMayHoldUnknown = false
  /** Statuses were written to the store since the last clear. */
  private storeHasEntries = false

  private readonly callTimes: number[] = []
  private timer: unknown = null
  private timerAt = Infinity
  private timerUrgent = false
  private firstPendingChangeAt: number | null = null
  private running: Promise<void> | null = null
  /** Something changed while a call was in flight: plan again as soon as it ends. */
  private dirty = false
  private epoch = 0
  private idleWaiters: Array<() => void> = []

  constructor(engine: ChatEngine, sink: UserStatusSink, options: PresenceOptions = {}) {
    this.engine = engine
    this.sink = sink
    this.clock = options.clock ?? globalClock
    this.dwellMs = options.dwellMs ?? 300
    this.settleMs = options.settleMs ?? 80
    this.maxWaitMs = options.maxWaitMs ?? 1000
    this.maxSubscriptions = Math.min(options.maxSubscriptions ?? LIMITS.MAX_SUBSCRIPTIONS, LIMITS.MAX_SUBSCRIPTIONS)
    this.retryDelayMs = options.retryDelayMs ?? 2000
    this.friendAutoNotify = options.friendAutoNotify ?? false
  }

  // ---------------------------------------------------------------- inputs

  createList(): PresenceList {
    const state: ListState = { override: undefined, visible: new Set(), overscan: new Set() }
    this.lists.add(state)
    const manager = this
    return {
      setOverride(display) {
        if (state.override === display) return
        state.override = display
        manager.changed()
      },
      setVisible(userIDs) {
        state.visible = new Set(userIDs)
        manager.changed()
      },
      setOverscan(userIDs) {
        state.overscan = new Set(userIDs)
        manager.changed()
      },
      get displays() {
        return state.override ?? manager.globalDisplay
      },
      dispose() {
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
    this.friends = new Set(userIDs)
  }

  setFriendAutoNotify(on: boolean): void {
    this.friendAutoNotify = on
    this.changed()
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
    this.ready = false
    this.connected = false
    this.stop = 'not-ready'
    this.selfID = ''
    this.globalDisplay = false
    this.resetTracking()
    this.serverMayHoldUnknown = false
    this.cancelTimer()
    this.resolveIdle()
  }

  onNetState(state: 'connected' | 'connecting' | 'disconnected'): void {
    if (!this.ready) return
    if (state === 'connected') {
      if (this.connected) return
      this.connected = true
      // Nothing received while down can be trusted: re-subscribe what is in view, then re-query it.
      this.fresh.clear()
      for (const id of this.subscribed) this.needResubscribe.add(id)
      this.changed(true)
    } else if (this.connected) {
      this.connected = false
      this.epoch++
      this.sink.markAllStale()
    }
  }

  /** Applies an `onUserStatusUpdated` payload: only users the kit tracks are written. */
  onStatusUpdated(list: readonly UserStatus[]): void {
    if (!this.ready) return
    const accepted: UserStatus[] = []
    for (const status of list) {
      if (status.userID === this.selfID) {
        this.sink.setSelfStatus(status)
        if (this.isTracked(status.userID)) accepted.push(status)
      } else if (this.subscribed.has(status.userID) || (this.isTracked(status.userID) && this.fresh.has(status.userID))) {
        accepted.push(status)
      } else if (this.friendAutoNotify && this.friends.has(status.userID) && this.isTracked(status.userID)) {
        accepted.push(status)
      }
    }
    if (accepted.length) {
      this.storeHasEntries = true
      this.sink.applyStatuses(accepted)
    }
  }

  /**
   * Before a logout: unsubscribes everything on the server (one call) after the call in flight, if any.
   * Errors are reported to the store, never thrown: the logout goes on.
   */
  async clearServer(): Promise<void> {
    this.epoch++
    this.stop = 'closing'
    this.cancelTimer()
    await this.running
    this.cancelTimer()
    if (!this.ready || !this.connected) return
    if (this.subscribed.size === 0 && !this.serverMayHoldUnknown) return
    try {
      await this.call(() => this.engine.unsubscribeUserStatus())
      this.subscribed.clear()
      this.serverMayHoldUnknown = false
    } catch (error) {
      this.sink.setLastError(toChatError(error))
    }
  }

  /** Undoes {@link clearServer} when the logout that followed it failed: the session goes on. */
  resume(): void {
    if (this.stop !== 'closing') return
    this.stop = null
    this.serverMayHoldUnknown = true
    this.changed(true)
  }

  /** Resolves when no call is running or scheduled before `now + settle`. For tests and `switchUserStatus`. */
  whenIdle(): Promise<void> {
    if (!this.running && this.timer === null) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
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
    this.fresh.clear()
    this.visibleSince.clear()
    this.lastVisible.clear()
    this.needResubscribe.clear()
    if (!this.ready) this.subscribed.clear()
    if (this.storeHasEntries) this.sink.clearStatuses()
    this.storeHasEntries = false
  }

  /** Removes store entries of users that are neither in view nor subscribed (they would go stale silently). */
  private dropUntracked(): void {
    const drop: string[] = []
    for (const id of this.fresh) if (!this.isTracked(id) && id !== this.selfID) drop.push(id)
    if (!drop.length) return
    for (const id of drop) this.fresh.delete(id)
    this.sink.removeStatuses(drop)
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
    if (this.timer === null) this.resolveIdle()
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
    if (this.storeHasEntries) this.sink.clearStatuses()
    this.storeHasEntries = false
  }

  /**
   * Reads every status in view again (one query per 500), and retries after 72001 / 3122.
   * `switchUserStatus({ displayOnlineStatus: true })` while already on calls this.
   */
  refresh(): void {
    if (this.stop === 'unavailable') return this.retry()
    if (!this.ready || !this.active) return
    this.fresh.clear()
    this.changed(true)
  }

  /** Tries again after 72001 / 3122 (for example after the console switch was turned on). */
  retry(): void {
    if (this.stop !== 'unavailable') return
    this.stop = null
    this.sink.setAvailability('available')
    this.sink.setLastError(null)
    this.serverMayHoldUnknown = true
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

    // 3. After a reconnect: confirm the subscriptions of rows in view before re-querying them.
    const again = [...this.needResubscribe].filter((id) => desired.has(id) && subscribable(id))
    if (again.length) return { kind: 'call', run: () => this.subscribe(again.slice(0, LIMITS.SUBSCRIBE_MAX_IDS)) }
    this.needResubscribe.clear()

    // 4. A snapshot for rows in view and in the overscan that have no current status: up to 500 per call.
    const toQuery = new Set<string>()
    const addQuery = (id: string) => {
      if (toQuery.size < LIMITS.GET_USER_STATUS_MAX_IDS && id && id !== this.selfID && !this.fresh.has(id)) toQuery.add(id)
    }
    for (const id of desired) addQuery(id)
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
    const { data } = await this.call(() => this.engine.getUserStatus({ userIDList: ids }))
    if (epoch !== this.epoch) return
    const known: UserStatus[] = []
    for (const status of data.successUserList) {
      if (!this.isTracked(status.userID)) continue
      known.push(status)
      this.fresh.add(status.userID)
    }
    for (const failure of data.failureUserList) {
      if (!this.isTracked(failure.userID)) continue
      // Not knowable (unknown user, no permission): show "unknown" rather than querying forever.
      known.push({ userID: failure.userID, statusType: 0, customStatus: '' })
      this.fresh.add(failure.userID)
    }
    if (known.length) {
      this.storeHasEntries = true
      this.sink.applyStatuses(known)
    }
    this.sink.setAvailability('available')
  }

  private async subscribe(ids: string[]): Promise<void> {
    const { data } = await this.call(() => this.engine.subscribeUserStatus({ userIDList: ids }))
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
    await this.call(() => this.engine.unsubscribeUserStatus({ userIDList: ids }))
    for (const id of ids) {
      this.subscribed.delete(id)
      if (!this.isTracked(id)) {
        this.fresh.delete(id)
        this.sink.removeStatuses([id])
      }
    }
  }

  private async unsubscribeAll(): Promise<void> {
    await this.call(() => this.engine.unsubscribeUserStatus())
    this.subscribed.clear()
    this.serverMayHoldUnknown = false
  }
}
