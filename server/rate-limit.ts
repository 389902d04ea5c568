/** A token bucket: `burst` frames at once, refilled at `perSecond`. */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst
    this.last = now()
  }

  /** Takes one token; false when empty (the frame is over the limit). */
  take(): boolean {
    const now = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond)
    this.last = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}

/**
 * A sliding window per key (user and method): at most `calls` in any `windowMs`. Idle keys are dropped by
 * `sweep()`, so the memory follows the active users, not every user ever seen.
 */
export class SlidingWindowLimiter {
  private readonly stamps = new Map<string, number[]>()

  constructor(
    readonly calls: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a slot for `key`; false when `calls` were already taken in the last `windowMs`. */
  take(key: string): boolean {
    const now = this.now()
    let list = this.stamps.get(key)
    if (!list) {
      list = []
      this.stamps.set(key, list)
    }
    while (list.length > 0 && list[0] <= now - this.windowMs) list.shift()
    if (list.length >= this.calls) return false
    list.push(now)
    return true
  }

  /** Forgets keys with no call inside the window. */
  sweep(): void {
    const since = this.now() - this.windowMs
    for (const [key, list] of this.stamps) {
      if (list.length === 0 || list[list.length - 1] <= since) this.stamps.delete(key)
    }
  }

  get size(): number {
    return this.stamps.size
  }
}
