import { LIMITS } from '../../engine/constants'
import { invalid } from '../../engine/guards'

/** Time source of the presence services; tests pass fake timers through the globals or an explicit clock. */
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
   * subscribing, so friends are queried and never use the subscription quota.
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
  /**
   * Freshness bound, in ms: a status shown without the stale mark is pushed by a live subscription (or friend
   * auto-notify), or was read at most this long ago. Rows nothing pushes (past the 200 cap, overscan, users the
   * server did not know) are read again after half of it, and marked stale when it passes without a new read.
   * Users the server refused to subscribe (70107: unknown, for example while a presence server restarts) are
   * tried again after it.
   * @default 60000
   */
  freshForMs?: number
  /**
   * Time limit of every engine call, in ms: a call that has not answered by then counts as a network failure
   * (2800). `TUILogin.logout` completes locally within it whatever the engine does.
   * @default 5000
   */
  callTimeoutMs?: number
  clock?: SchedulerClock
}

/** The options with every default filled in. */
export interface ResolvedPresenceOptions {
  dwellMs: number
  settleMs: number
  maxWaitMs: number
  maxSubscriptions: number
  friendAutoNotify: boolean
  offlineGraceMs: number
  retryDelayMs: number
  freshForMs: number
  callTimeoutMs: number
  clock: SchedulerClock
}

export const DEFAULT_CALL_TIMEOUT_MS = 5_000

export { invalid }

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (Array.isArray(value)) return 'an array'
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : String(value)
}

/** `PresenceList.setVisible` / `setOverscan` input: any iterable of userIDs (not a string). */
export function readUserIDs(value: unknown, method: string): Set<string> {
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
export function readOverride(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'boolean') return value
  throw invalid(`PresenceList.setOverride(display) needs true, false or undefined (follow the global switch); got ${describeValue(value)}.`)
}

const NUMBER_OPTIONS = ['dwellMs', 'settleMs', 'maxWaitMs', 'retryDelayMs', 'offlineGraceMs', 'freshForMs', 'callTimeoutMs'] as const
/** Options that must be above 0: a bound of 0 would mean "always stale" or "every call times out". */
const POSITIVE_OPTIONS: ReadonlySet<string> = new Set(['freshForMs', 'callTimeoutMs'])

/** Checks `PresenceOptions` and fills in the defaults; throws ChatError 6017 naming the option and what it needs. */
export function resolvePresenceOptions(options: unknown): ResolvedPresenceOptions {
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
    throw invalid(`PresenceOptions must be an object like { dwellMs: 300, offlineGraceMs: 0 }; got ${describeValue(options)}.`)
  }
  const o = (options ?? {}) as Record<string, unknown>
  for (const name of NUMBER_OPTIONS) {
    const value = o[name]
    const min = POSITIVE_OPTIONS.has(name) ? '> 0' : '>= 0'
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (value === 0 && min === '> 0'))) {
      throw invalid(`PresenceOptions.${name} must be a number of milliseconds ${min}; got ${describeValue(value)}.`)
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
  const p = o as PresenceOptions
  return {
    dwellMs: p.dwellMs ?? 300,
    settleMs: p.settleMs ?? 80,
    maxWaitMs: p.maxWaitMs ?? 1000,
    maxSubscriptions: Math.min(p.maxSubscriptions ?? LIMITS.MAX_SUBSCRIPTIONS, LIMITS.MAX_SUBSCRIPTIONS),
    friendAutoNotify: p.friendAutoNotify ?? false,
    offlineGraceMs: p.offlineGraceMs ?? 0,
    retryDelayMs: p.retryDelayMs ?? 2000,
    freshForMs: p.freshForMs ?? 60_000,
    callTimeoutMs: p.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
    clock: p.clock ?? globalClock,
  }
}
