import type { UserStatus } from '../engine/types'
import type { UserStatusEntry } from './types'

/**
 * When the user's current status began, never invented:
 * - the engine's own `since` when it sends one (embedded engine, presence server);
 * - else, for an event (`observedAt` set) that changes the status type of a live entry: the time the kit saw the
 *   change (Tencent sends no `since`; a subscribed user's transition is pushed as it happens);
 * - else the entry's `since` when the type did not change (a custom status change);
 * - else undefined: a snapshot (query) says what the status is, not since when.
 */
export function resolveSince(previous: UserStatusEntry | undefined, next: UserStatus, observedAt: number | undefined): number | undefined {
  if (typeof next.since === 'number' && Number.isFinite(next.since)) return next.since
  if (!previous || previous.stale) return undefined
  if (previous.statusType === next.statusType) return previous.since
  return observedAt
}
