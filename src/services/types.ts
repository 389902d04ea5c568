import type { ChatError } from '../engine/errors'
import type { Conversation, Friend, NetState, UserStatus, UserStatusType } from '../engine/types'

/** What the kit knows of one user's status, as held in `userStatusList`. */
export interface UserStatusEntry {
  statusType: UserStatusType
  customStatus: string
  /**
   * True while the connection is down or the value has not been confirmed since it came back:
   * the last known value, shown as such, never as a confident live status.
   */
  stale: boolean
}

/**
 * Whether presence can be shown at all.
 * - `available`: calls succeed (or have not been tried yet).
 * - `feature-not-enabled`: the console switch is off (72001).
 * - `edition-not-supported`: the app's edition lacks the feature (3122).
 */
export type PresenceAvailability = 'available' | 'feature-not-enabled' | 'edition-not-supported'

/** The writable side of the user-status store, as services see it (plain TS, no Vue). */
export interface UserStatusSink {
  setSession(session: { isLoggedIn: boolean; userID: string }): void
  setDisplayOnlineStatus(on: boolean): void
  setNetState(state: NetState): void
  /** Writes entries (only changed values are written, so unchanged rows do not re-render). */
  applyStatuses(list: readonly UserStatus[]): void
  /** Removes entries of users the kit no longer tracks. */
  removeStatuses(userIDs: Iterable<string>): void
  clearStatuses(): void
  markAllStale(): void
  setSelfStatus(status: UserStatus | null): void
  setAvailability(availability: PresenceAvailability): void
  setLastError(error: ChatError | null): void
}

export interface ListsSink {
  setConversationList(list: readonly Conversation[]): void
  setFriendList(list: readonly Friend[]): void
  clear(): void
}
