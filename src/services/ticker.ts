import { globalClock, type SchedulerClock } from './presence'

/**
 * One timer for every relative time the kit shows ("Active 5 minutes ago"): it runs only while something listens,
 * and tells every listener the same `now` once per `periodMs`. Plain TypeScript; `useNow()` is its Vue side.
 */
export class Ticker {
  private readonly listeners = new Set<(now: number) => void>()
  private timer: unknown = null

  constructor(
    private readonly periodMs = 60_000,
    private readonly clock: SchedulerClock = globalClock,
  ) {}

  now(): number {
    return this.clock.now()
  }

  /** Number of listeners (for tests: rows out of view hold none). */
  get size(): number {
    return this.listeners.size
  }

  get running(): boolean {
    return this.timer !== null
  }

  /** Adds a listener; returns the function that removes it. The timer stops with the last one. */
  subscribe(listener: (now: number) => void): () => void {
    this.listeners.add(listener)
    if (this.timer === null) this.schedule()
    return () => {
      this.listeners.delete(listener)
      if (this.listeners.size === 0) this.stop()
    }
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = null
      const now = this.clock.now()
      for (const listener of [...this.listeners]) listener(now)
      if (this.listeners.size) this.schedule()
    }, this.periodMs)
  }

  private stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }
}
