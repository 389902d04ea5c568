import { ERROR_CODE, LIMITS } from '../../engine/constants'
import { ChatError } from '../../engine/errors'
import type { SchedulerClock } from './options'

/**
 * The client's share of the user-status rate limit (20 calls per 5 s, counted per API by the server): ONE budget
 * for the presence manager and the app's own `TUIUserService.getUserStatus`, so neither draws a 2996 from the
 * other. Counting every API together is stricter than the server and keeps the arithmetic in one place.
 */
export class CallBudget {
  private readonly times: number[] = []

  constructor(
    private readonly clock: SchedulerClock,
    private readonly calls: number = LIMITS.RATE_LIMIT_CALLS,
    private readonly windowMs: number = LIMITS.RATE_LIMIT_WINDOW_MS,
  ) {}

  /** Milliseconds until a call may be made (0: now). */
  waitMs(): number {
    const now = this.clock.now()
    while (this.times.length && this.times[0] <= now - this.windowMs) this.times.shift()
    if (this.times.length < this.calls) return 0
    return this.times[0] + this.windowMs - now + 1
  }

  /** Calls that may be made now, within the window. */
  callsLeft(): number {
    this.waitMs() // drops the calls that left the window
    return Math.max(0, this.calls - this.times.length)
  }

  /** Records a call made now (the caller checked {@link waitMs}). */
  take(): void {
    this.times.push(this.clock.now())
  }

  /** Waits for a slot and takes it. */
  async acquire(): Promise<void> {
    for (;;) {
      const wait = this.waitMs()
      if (wait <= 0) {
        this.take()
        return
      }
      await sleep(this.clock, wait)
    }
  }
}

export function sleep(clock: SchedulerClock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms))
}

/**
 * Settles like `promise`, or rejects with a network error (2800) when it has not settled within `ms`: an engine
 * call that never answers counts as a failed one. The late answer, if any, is dropped.
 */
export function withTimeout<T>(clock: SchedulerClock, promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimeout(() => {
      reject(new ChatError(ERROR_CODE.NETWORK_ERROR, `${what}: no answer within ${ms} ms (callTimeoutMs); treated as a network failure.`))
    }, ms)
    promise.then(
      (value) => {
        clock.clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clock.clearTimeout(timer)
        reject(error)
      },
    )
  })
}
