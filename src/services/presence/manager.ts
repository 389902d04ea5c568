import { ERROR_CODE, type EngineLimits } from '../../engine/constants'
import { ChatError, engineLimits, isNotReady, toChatError } from '../../engine/errors'
import type { ChatEngine, UserStatus } from '../../engine/types'
import type { UserStatusSink } from '../types'
import { CallBudget, sleep } from './budget'
import { PresenceCalls } from './calls'
import { PresenceLedger } from './ledger'
import { ListRegistry, type PresenceList } from './lists'
import { resolvePresenceOptions, type PresenceOptions, type ResolvedPresenceOptions } from './options'
import { desiredIDs, expiredEntries, isActive, isTracked, nextStep, type PlanState, type Step } from './planner'
import { PresenceWorker, type NextRun } from './worker'
import { StatusWriter } from './writer'

/** Why the manager makes no call: not logged in, the feature is unavailable (72001 / 3122), a logout is clearing. */
type Pause = 'logged-out' | 'unavailable' | 'closing' | null

/**
 * Keeps the engine's subscriptions equal to what the lists on screen need: the planner decides, the worker runs
 * the calls one at a time within the shared budget, the ledger records the answers, the writer fills the store.
 * Owns the global switch and pushes it to the store. Answers to calls made before a reset, a disconnect or a
 * retry are ignored (`epoch`); subscriptions belong to one login session (`session`). Invariants:
 * docs/reliability.md.
 */
export class PresenceManager {
  readonly budget: CallBudget
  private readonly sink: UserStatusSink
  /** The options with their defaults (the kit reads `callTimeoutMs` and `clock` here). */
  readonly options: ResolvedPresenceOptions
  /** `urgent`: a list's first screen, queried at once. */
  private readonly registry = new ListRegistry((urgent) => this.changed(urgent))
  private readonly worker: PresenceWorker
  private readonly writer: StatusWriter
  private friendAutoNotify: boolean

  private globalDisplay = false
  private selfID = ''
  private ready = false
  private connected = false
  private hidden = false
  private pause: Pause = 'logged-out'
  private friends = new Set<string>()
  private readonly ledger = new PresenceLedger()
  private readonly calls: PresenceCalls
  private readonly limits: EngineLimits // the engine's per-call caps
  /** Changes when what the calls in flight were asked for no longer holds (their answers are ignored). */
  private epoch = 0
  /** Changes on login and logout: subscriptions belong to one login session. */
  private session = 0
  private wasActive = false

  /** @throws ChatError 6017 when an option has the wrong type or is out of range (the message names it). */
  constructor(engine: ChatEngine, sink: UserStatusSink, options: PresenceOptions = {}, budget?: CallBudget) {
    this.options = resolvePresenceOptions(options)
    const { clock } = this.options
    this.sink = sink
    this.budget = budget ?? new CallBudget(clock)
    this.calls = new PresenceCalls(engine, this.ledger, this.budget, this.options)
    this.limits = engineLimits(engine)
    this.friendAutoNotify = this.options.friendAutoNotify
    this.writer = new StatusWriter(sink, clock, this.options.offlineGraceMs, () => this.worker.checkIdle())
    this.worker = new PresenceWorker(
      clock,
      () => this.work(),
      (error) => {
        this.sink._setLastError(toChatError(error))
        return { ms: this.options.retryDelayMs, background: false }
      },
      () => this.writer.holding,
      this.options,
    )
  }

  // ---------------------------------------------------------------- inputs
  /** Registers a list (see {@link ListRegistry.create}). */
  createList(): PresenceList {
    return this.registry.create()
  }

  /** The global switch (`TUIUserService.switchUserStatus`): kept here and pushed to the store. */
  setGlobalDisplay(on: boolean): void {
    if (this.globalDisplay === on) return
    this.globalDisplay = on
    this.sink._setDisplayOnlineStatus(on)
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
    // A new friend's snapshot may predate the pushes: read it again. A former friend was pushed until now.
    for (const id of this.friends) if (!before.has(id)) this.ledger.unconfirm(id)
    for (const id of before) if (!this.friends.has(id)) this.ledger.pushedUntil(id, this.options.clock.now())
    this.changed()
  }

  setFriendAutoNotify(on: boolean): void {
    if (on === this.friendAutoNotify) return
    this.friendAutoNotify = on
    const now = this.options.clock.now()
    // On: friends only queried missed earlier changes (read them again). Off: they were pushed until now.
    for (const id of this.friends) {
      if (on) this.ledger.unconfirm(id)
      else this.ledger.pushedUntil(id, now)
    }
    this.changed()
  }

  /** Pause all calls while the page is hidden; resume when shown. */
  setHidden(hidden: boolean): void {
    if (this.hidden === hidden) return
    this.hidden = hidden
    if (!hidden) this.worker.now()
  }

  /** The engine is logged in and ready as `userID`. */
  onReady(userID: string): void {
    this.epoch++
    this.session++
    this.selfID = userID
    this.ready = true
    this.connected = true
    this.pause = null
    this.ledger.startSession()
    this.changed(true)
  }

  /**
   * Logged out or kicked out: forget everything at once, so no status survives into the next login; the global
   * switch goes off. Call {@link clearServer} first on a clean logout so the server holds nothing either.
   */
  onNotReady(): void {
    this.epoch++
    this.session++
    this.ready = false
    this.connected = false
    this.pause = 'logged-out'
    this.selfID = ''
    if (this.globalDisplay) {
      this.globalDisplay = false
      this.sink._setDisplayOnlineStatus(false)
    }
    this.resetTracking()
    this.worker.cancel()
    this.worker.checkIdle()
  }

  onNetState(state: 'connected' | 'connecting' | 'disconnected'): void {
    if (!this.ready) return
    if (state === 'connected') {
      if (this.connected) return
      this.connected = true
      // The server may have dropped the subscriptions (it clears them a while after it noticed the loss) or kept
      // them: subscribe them all again (rows in view first; idempotent), then re-query every entry. Entries stay
      // stale until fresh data replaces them.
      this.ledger.reconnected()
      this.changed(true)
    } else if (this.connected) {
      this.connected = false
      this.epoch++
      this.writer.markAllStale()
    }
  }

  /** Applies an `onUserStatusUpdated` payload: only users the kit tracks are written. */
  onStatusUpdated(list: readonly UserStatus[]): void {
    if (!this.ready) return
    const accepted: UserStatus[] = []
    // Only what `isTracked` reads: an event is the hot path, so it builds no full plan state.
    const state = { lists: this.registry.lists, globalDisplay: this.globalDisplay, subscribed: this.ledger.subscribed }
    for (const status of list) {
      const id = status.userID
      if (id === this.selfID) {
        // Self lives in `selfStatus` only: an entry in the map would go stale (self is never queried there).
        this.sink._setSelfStatus(status)
        continue
      }
      // Only users a displaying list needs (nothing while nothing displays or the feature is unavailable).
      const tracked = this.pause !== 'unavailable' && isTracked(state, id)
      this.ledger.noteEvent(id, tracked)
      if (tracked) accepted.push(status)
    }
    // A pushed change is seen as it happens: it dates the new status when the engine sends no `since`.
    if (accepted.length) this.writer.write(accepted, this.options.clock.now())
  }

  /**
   * Before a logout: stops the calls and unsubscribes everything on the server (one call, within the rate limit),
   * giving up at `deadline` (the server then clears them itself a while after the logout). It does not wait for a
   * call in flight (its answer no longer counts; the server handles the unsubscribe after it), and tries even when
   * the connection is believed down (the news of a reconnect may be on its way). Errors are reported to the store
   * (network and not-ready errors are not), never thrown.
   */
  async clearServer(deadline = this.options.clock.now() + this.options.callTimeoutMs): Promise<void> {
    const { clock } = this.options
    this.epoch++
    this.pause = 'closing'
    this.worker.cancel()
    try {
      if (!this.ready || !this.ledger.serverMayHoldAny) return
      const wait = this.budget.waitMs()
      if (clock.now() + wait >= deadline) return
      if (wait > 0) await sleep(clock, wait)
      if (!this.ready || this.pause !== 'closing') return
      const session = this.session
      await this.calls.unsubscribe(undefined, () => session === this.session, deadline - clock.now())
    } catch (error) {
      const chatError = toChatError(error)
      if (chatError.code !== ERROR_CODE.NETWORK_ERROR && !isNotReady(chatError)) this.sink._setLastError(chatError)
    } finally {
      // Timers were cancelled: whoever waits for the manager to be idle must hear of it.
      this.worker.checkIdle()
    }
  }

  /** Undoes {@link clearServer} when the logout that followed it failed: the session goes on. */
  resume(): void {
    if (this.pause !== 'closing') return
    this.pause = null
    this.ledger.serverMayHoldUnknown = true
    this.changed(true)
  }

  /**
   * Resolves when no call is running or due and no offline value is held (see `offlineGraceMs`); background
   * refreshes may still come. For tests and `switchUserStatus`.
   */
  whenIdle(): Promise<void> {
    return this.worker.whenIdle()
  }

  /** Users currently subscribed, as the manager believes the server holds them. */
  subscribedIDs(): string[] {
    return [...this.ledger.subscribed]
  }

  /** Users the lists need (visible in a list that displays status), self excluded. */
  desiredIDs(): Set<string> {
    return desiredIDs(this.planState())
  }

  /**
   * Tries again after 72001 / 3122 (for example after the console switch was turned on) and reads every status
   * in view again: changes made while the feature was off were never notified, even if no call failed meanwhile.
   * `switchUserStatus({ displayOnlineStatus: true })` calls it.
   */
  retry(): void {
    if (!this.ready) return
    if (this.pause === 'unavailable') this.leaveUnavailable()
    else if (this.pause !== null) return
    // Answers (and errors, such as a late 72001) of calls made before the retry no longer count.
    this.epoch++
    this.ledger.readAt.clear()
    this.ledger.refusedAt.clear()
    this.changed(true)
  }

  private leaveUnavailable(): void {
    this.pause = null
    this.sink._setAvailability('available')
    this.sink._setLastError(null)
  }

  // ---------------------------------------------------------------- state
  private planState(): PlanState {
    return {
      lists: this.registry.lists,
      globalDisplay: this.globalDisplay,
      selfID: this.selfID,
      subscribed: this.ledger.subscribed,
      serverMayHoldUnknown: this.ledger.serverMayHoldUnknown,
      needResubscribe: this.ledger.needResubscribe,
      readAt: this.ledger.readAt,
      refusedAt: this.ledger.refusedAt,
      unknownReads: this.ledger.unknownReads,
      autoNotified: this.friendAutoNotify ? this.friends : new Set(),
      visibleSince: this.registry.visibleSince,
      lastVisible: this.registry.lastVisible,
      entries: this.writer.entries,
      dwellMs: this.options.dwellMs,
      maxSubscriptions: this.options.maxSubscriptions,
      limits: this.limits,
      freshForMs: this.options.freshForMs,
      callsLeft: this.budget.callsLeft(),
    }
  }

  private changed(urgent = false): void {
    const started = this.registry.noteChange(this.options.clock.now(), this.globalDisplay)
    const active = isActive(this.planState())
    const wasActive = this.wasActive
    this.wasActive = active
    // After 72001 / 3122 the manager stops calling; a list that starts displaying (a remount, a prop turned on)
    // tries again, and so does the clean-up once nothing displays: the server may hold subscriptions.
    if (this.ready && this.pause === 'unavailable' && (started || (wasActive && !active))) {
      this.leaveUnavailable()
      this.epoch++
      urgent = true
    }
    if (!active) {
      // Nothing displays status: drop every entry now; the worker clears the server.
      this.resetTracking()
      this.worker.now()
      return
    }
    this.dropUntracked()
    this.expireStale()
    if (urgent) this.worker.now()
    else this.worker.afterSettle()
  }

  private resetTracking(): void {
    // Answers of calls in flight were asked for what is being dropped: ignore them.
    this.epoch++
    this.ledger.reset(!this.ready)
    this.registry.clearClocks()
    this.writer.clear()
    this.worker.setAlarm(Infinity, () => undefined)
  }

  /** Removes store entries of users that are neither in view nor subscribed (they would go stale silently). */
  private dropUntracked(): void {
    const state = this.planState()
    const drop = this.writer.ids().filter((id) => !isTracked(state, id))
    for (const id of [...this.ledger.readAt.keys()]) if (!isTracked(state, id)) this.ledger.readAt.delete(id)
    if (drop.length) this.writer.remove(drop)
  }

  /** Marks entries past the freshness bound stale (they are queried again) and arms the timer for the next one. */
  private expireStale(): void {
    const { expired, nextAt } = expiredEntries(this.planState(), this.options.clock.now())
    if (expired.length) {
      for (const id of expired) this.ledger.readAt.delete(id)
      this.writer.markStale(expired)
      this.worker.now()
    }
    this.worker.setAlarm(this.ready ? nextAt : Infinity, () => this.expireStale())
  }

  // ---------------------------------------------------------------- the worker's loop
  /** Runs calls one at a time until nothing is left; returns when to run again, or null. */
  private async work(): Promise<NextRun> {
    for (;;) {
      if (!this.ready || !this.connected || this.hidden || this.pause) return null
      const step = nextStep(this.planState(), this.options.clock.now())
      if (step.kind === 'idle') return null
      if (step.kind === 'wait') return step
      const wait = this.budget.waitMs()
      if (wait > 0) return { ms: wait, background: false }
      const epoch = this.epoch
      try {
        await this.execute(step)
      } catch (error) {
        if (epoch !== this.epoch) continue
        return this.handleError(toChatError(error))
      }
      this.expireStale()
    }
  }

  /** Returns when to retry, or null to stop until something changes. */
  private handleError(error: ChatError): NextRun {
    // Not ready (kicked out, logged out, logging in): the session events end it; not the app's error, no retry.
    if (isNotReady(error)) return null
    this.sink._setLastError(error)
    if (error.code === ERROR_CODE.FEATURE_NOT_ENABLED || error.code === ERROR_CODE.EDITION_NOT_SUPPORTED) {
      this.pause = 'unavailable'
      this.sink._setAvailability(error.code === ERROR_CODE.FEATURE_NOT_ENABLED ? 'feature-not-enabled' : 'edition-not-supported')
      this.ledger.readAt.clear()
      this.writer.clear()
      return null
    }
    // 2996, network and server errors, calls past the time limit: retry later; the plan is recomputed then.
    return { ms: this.options.retryDelayMs, background: false }
  }

  private async execute(step: Exclude<Step, { kind: 'wait' } | { kind: 'idle' }>): Promise<void> {
    const session = this.session
    const sameSession = () => session === this.session
    if (step.kind === 'query') {
      const epoch = this.epoch
      const { data, readAt } = await this.calls.query(step.userIDs)
      if (epoch !== this.epoch) return
      const state = this.planState()
      const known = this.ledger.answered(data, readAt, (id) => isTracked(state, id))
      if (known.length) this.writer.write(known)
      this.sink._setAvailability('available')
    } else {
      if (step.kind === 'subscribe') await this.calls.subscribe(step.userIDs, sameSession)
      else await this.calls.unsubscribe(step.kind === 'evict' ? step.userIDs : undefined, sameSession)
      // Users kept only because they were subscribed (out of view; now unsubscribed or refused) lose their entries.
      if (sameSession()) this.dropUntracked()
    }
  }
}
