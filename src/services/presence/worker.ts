import type { SchedulerClock } from './options'
import { settleDelay } from './planner'

/** What a run of the worker asks for next: run again in `ms` (a background wait keeps nobody waiting), or nothing. */
export type NextRun = { ms: number; background: boolean } | null

/**
 * Runs the manager's calls one at a time, on timers: debounces changes of the view, waits for dwell deadlines,
 * retries and freshness refreshes, and tells waiters when nothing is running or due (`whenIdle`).
 * It decides nothing itself: `run` (the manager's loop over the planner's steps) does.
 */
export class PresenceWorker {
  private timer: unknown = null
  private timerAt = Infinity
  /** The pending timer came from a debounced change (a later change may move it). */
  private timerDebounced = false
  /** The pending timer is a background wait (a refresh): the worker counts as idle during it. */
  private timerBackground = false
  private firstChangeAt: number | null = null
  private running: Promise<void> | null = null
  /** Something changed while a call was in flight: plan again as soon as it ends. */
  private dirty = false
  private idleWaiters: Array<() => void> = []
  private alarm: unknown = null

  constructor(
    private readonly clock: SchedulerClock,
    private readonly run: () => Promise<NextRun>,
    private readonly onFailure: (error: unknown) => NextRun,
    /** Other work that keeps the kit busy (the offline grace holding a value). */
    private readonly busyElsewhere: () => boolean,
    private readonly debounce: { settleMs: number; maxWaitMs: number },
  ) {}

  /** Plan as soon as possible. */
  now(): void {
    this.schedule(0, false, false)
  }

  /** A change of the view: plan once it settles (debounced, at most `maxWaitMs` after the first change). */
  afterSettle(): void {
    const now = this.clock.now()
    if (this.firstChangeAt === null) this.firstChangeAt = now
    this.schedule(settleDelay(now, this.firstChangeAt, this.debounce.settleMs, this.debounce.maxWaitMs), true, false)
  }

  /** Drops the pending timer (the calls were stopped). */
  cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
    this.timerAt = Infinity
    this.timerBackground = false
  }

  /**
   * Runs `fn` at time `at` (Infinity: never), replacing the previous alarm: the freshness deadline of the entries.
   * An alarm keeps nobody waiting in {@link whenIdle}.
   */
  setAlarm(at: number, fn: () => void): void {
    if (this.alarm !== null) this.clock.clearTimeout(this.alarm)
    this.alarm = null
    if (at === Infinity) return
    this.alarm = this.clock.setTimeout(() => {
      this.alarm = null
      fn()
    }, Math.max(0, at - this.clock.now()))
  }

  /** Resolves when no call is running or due (background waits aside) and nothing else is busy. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Tells the waiters of {@link whenIdle} when the worker just became idle. */
  checkIdle(): void {
    if (!this.isIdle()) return
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const resolve of waiters) resolve()
  }

  private isIdle(): boolean {
    return !this.running && (this.timer === null || this.timerBackground) && !this.busyElsewhere()
  }

  private schedule(delay: number, debounced: boolean, background: boolean): void {
    if (this.running) {
      this.dirty = true // planned again when the call in flight ends
      return
    }
    const at = this.clock.now() + delay
    // Keep an earlier timer, unless it is a debounced one a new change postpones, or a background one.
    if (this.timer !== null && this.timerAt <= at && !this.timerBackground && !(debounced && this.timerDebounced)) return
    this.cancel()
    this.timerDebounced = debounced
    this.timerBackground = background
    this.timerAt = at
    this.timer = this.clock.setTimeout(() => {
      this.timer = null
      this.timerAt = Infinity
      this.timerBackground = false
      this.start()
    }, delay)
  }

  private start(): void {
    if (this.running) return
    this.firstChangeAt = null
    this.dirty = false
    this.running = this.run().then(
      (next) => this.finished(next),
      (error: unknown) => this.finished(this.onFailure(error)),
    )
  }

  private finished(next: NextRun): void {
    this.running = null
    if (this.dirty) {
      this.dirty = false
      this.schedule(0, false, false)
    } else if (next !== null) {
      this.schedule(next.ms, false, next.background)
    }
    this.checkIdle()
  }
}
