import type { ChatError } from '../engine/errors'
import type { Conversation, Friend, NetState, UserStatus, UserStatusType } from '../engine/types'

/** What the kit knows of one user's status, as held in `userStatusList`. */
export interface UserStatusEntry {
  statusType: UserStatusType
  customStatus: string
  /**
   * True while the connection is down, while the value has not been confirmed since it came back, or when it was
   * read longer ago than the freshness bound and nothing pushes it: the last known value, shown as such, never as
   * a confident live status.
   */
  stale: boolean
  /**
   * When the current `statusType` began (epoch ms), when known: sent by the embedded engine and the presence
   * server; on Tencent set only when the kit saw the change itself (a pushed event). Never guessed.
   */
  since?: number
}

/**
 * Whether presence can be shown at all.
 * - `available`: calls succeed (or have not been tried yet).
 * - `feature-not-enabled`: the console switch is off (72001).
 * - `edition-not-supported`: the app's edition lacks the feature (3122).
 */
export type PresenceAvailability = 'available' | 'feature-not-enabled' | 'edition-not-supported'

/**
 * The write side of the user-status store as the services see it (plain TS, no Vue): the store's internal
 * actions, whose names start with `_` (see README, "Architecture"). The store itself satisfies this interface.
 */
export interface UserStatusSink {
  _setSession(session: { isLoggedIn: boolean; userID: string }): void
  _setDisplayOnlineStatus(on: boolean): void
  _setNetState(state: NetState): void
  /**
   * Writes entries, live (only changed values are written, so unchanged rows do not re-render). `observedAt`: the
   * list is a pushed event seen at that time (a change of type then dates the new status when the engine sends no
   * `since`); omitted for a query's snapshot.
   */
  _applyStatuses(list: readonly UserStatus[], observedAt?: number): void
  /** Removes entries of users the kit no longer tracks. */
  _removeStatuses(userIDs: readonly string[]): void
  _clearStatuses(): void
  _markAllStale(): void
  /** Marks these entries stale (past the freshness bound). */
  _markStale(userIDs: readonly string[]): void
  _setSelfStatus(status: UserStatus | null): void
  _setAvailability(availability: PresenceAvailability): void
  _setLastError(error: ChatError | null): void
}

/** The write side of the conversation store. */
export interface ConversationSink {
  _setConversationList(list: readonly Conversation[]): void
}

/** The write side of the contact store. */
export interface ContactSink {
  _setFriendList(list: readonly Friend[]): void
}

/** The stores a kit instance writes to. */
export interface KitSinks {
  status: UserStatusSink
  conversations: ConversationSink
  contacts: ContactSink
}
