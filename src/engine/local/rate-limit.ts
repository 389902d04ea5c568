import { LIMITS } from '../constants'

/**
 * Sliding-window rate limit: at most `limit` accepted calls in any `windowMs`. `stamps` holds the times of the
 * accepted calls, oldest first (at most `limit` entries). Takes a slot and returns true, or returns false and
 * changes nothing, so a rejected call does not count.
 */
export function takeSlot(
  stamps: number[],
  now: number,
  limit: number = LIMITS.RATE_LIMIT_CALLS,
  windowMs: number = LIMITS.RATE_LIMIT_WINDOW_MS,
): boolean {
  while (stamps.length > 0 && now - stamps[0] >= windowMs) stamps.shift()
  if (stamps.length >= limit) return false
  stamps.push(now)
  return true
}
