/**
 * The time source of a world: `now()` for timestamps, `setTimeout` for every delay the world applies
 * (latency, heartbeat timeout, custom-status and subscription clearing, rate-limit windows).
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Runs `fn` once after `ms` milliseconds; returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

type TimerHandle = ReturnType<typeof globalThis.setTimeout>

/**
 * The real clock. It looks `Date.now` and `globalThis.setTimeout` up on every call (never caches them), so a
 * world created before `vi.useFakeTimers()` follows the fake timers too.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as TimerHandle),
}
