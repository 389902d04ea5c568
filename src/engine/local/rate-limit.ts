import { LIMITS } from '../constants'

/**
 * The rate limit of `@tencentcloud/chat` 3.6 (2996), raised in the client before a request goes out: a fixed
 * window of `windowMs` that opens at the first call and every call made while it is open counts, rejected ones
 * included. Past `limit` calls in the window, calls reject until the window ends; the next call opens a new one.
 */
export class FixedWindow {
  private start = 0
  private count = 0
  private open = false

  constructor(
    private readonly limit: number = LIMITS.RATE_LIMIT_CALLS,
    private readonly windowMs: number = LIMITS.RATE_LIMIT_WINDOW_MS,
  ) {}

  /** Counts one attempt at `now`; false when it is over the limit of the current window. */
  attempt(now: number): boolean {
    if (!this.open || now - this.start >= this.windowMs) {
      this.open = true
      this.start = now
      this.count = 0
    }
    this.count++
    return this.count <= this.limit
  }
}
