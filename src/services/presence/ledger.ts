import type { UserStatus } from '../../engine/types'

/**
 * What the kit knows of the server and of its own entries: who is subscribed (as far as it knows), what must be
 * confirmed, who was refused, which entries are current and since when, and the query in flight. The manager
 * makes the calls; the answers are recorded here. Plain data and bookkeeping, no I/O.
 */
export class PresenceLedger {
  /** Users the manager believes the server has subscribed for this client. */
  readonly subscribed = new Set<string>()
  /** Subscriptions to confirm: held before a reconnect, or sent by a call whose outcome is unknown. */
  readonly needResubscribe = new Set<string>()
  /** Users the server refused to subscribe (failureUserList), with when: tried again after the freshness bound. */
  readonly refusedAt = new Map<string, number>()
  /** Users whose entry is current, with when it was read (or stopped being pushed). */
  readonly readAt = new Map<string, number>()
  /**
   * Users whose last read was a failure entry (unknown to the server, for example while it restarts): read again
   * within the bound even when pushed, since nothing is pushed until they change.
   */
  readonly unknownReads = new Set<string>()
  /** The server may hold subscriptions the manager does not know of (after a failed call, a relogin). */
  serverMayHoldUnknown = false
  /** Subscribe calls sent and not answered yet: the server may hold more than `subscribed`. */
  subscribesInFlight = 0

  /** Whether the server may hold any subscription of this client. */
  get serverMayHoldAny(): boolean {
    return this.subscribed.size > 0 || this.serverMayHoldUnknown || this.subscribesInFlight > 0
  }
  /** The users of the getUserStatus call in flight. */
  private querying = new Set<string>()
  /** userID -> whether an event that arrived during the query was shown (false: dropped, not tracked then). */
  private readonly eventsWhileQuerying = new Map<string, boolean>()

  /** A new login session: a previous one of this client may have left subscriptions on the server. */
  startSession(): void {
    this.refusedAt.clear()
    this.serverMayHoldUnknown = true
  }

  /**
   * The entries are dropped (nothing displays). Logged out: the server dropped the subscriptions too. Otherwise
   * what the server holds is unchanged, including what is still to be confirmed.
   */
  reset(loggedOut: boolean): void {
    this.readAt.clear()
    this.unknownReads.clear()
    if (loggedOut) {
      this.subscribed.clear()
      this.needResubscribe.clear()
      this.serverMayHoldUnknown = false
    }
  }

  /** Back online: nothing received while down can be trusted; confirm every subscription, re-read every entry. */
  reconnected(): void {
    this.readAt.clear()
    for (const id of this.subscribed) this.needResubscribe.add(id)
  }

  /** The entry may be outdated and nothing pushes it: query it again (subscribed users are pushed). */
  unconfirm(userID: string): void {
    if (!this.subscribed.has(userID)) this.readAt.delete(userID)
  }

  /** It was pushed until `now` (its subscription or auto-notify ended): its freshness bound starts here. */
  pushedUntil(userID: string, now: number): void {
    if (this.readAt.has(userID)) this.readAt.set(userID, now)
  }

  // ---- queries

  startQuery(ids: readonly string[]): void {
    this.querying = new Set(ids)
    this.eventsWhileQuerying.clear()
  }

  endQuery(): void {
    this.querying = new Set()
  }

  /** An event arrived for `userID`: newer than the snapshot of a query in flight, which must not overwrite it. */
  noteEvent(userID: string, shown: boolean): void {
    if (this.querying.has(userID)) this.eventsWhileQuerying.set(userID, shown)
  }

  /**
   * Records a query's answer taken at `readAt`, for the users still tracked; returns the values to write. An event
   * during the call is newer than the snapshot: it was shown (the user is current) or dropped (query again).
   * Failure entries (unknown user, no permission) are written as "unknown" and read again within the bound.
   */
  answered(
    data: { successUserList: readonly UserStatus[]; failureUserList: ReadonlyArray<{ userID: string }> },
    readAt: number,
    tracked: (userID: string) => boolean,
  ): UserStatus[] {
    const known: UserStatus[] = []
    for (const status of data.successUserList) {
      if (!tracked(status.userID)) continue
      const event = this.eventsWhileQuerying.get(status.userID)
      if (event === false) continue
      this.readAt.set(status.userID, readAt)
      this.unknownReads.delete(status.userID)
      if (!event) known.push(status)
    }
    for (const failure of data.failureUserList) {
      if (!tracked(failure.userID)) continue
      known.push({ userID: failure.userID, statusType: 0, customStatus: '' })
      this.readAt.set(failure.userID, readAt)
      this.unknownReads.add(failure.userID)
    }
    return known
  }

  // ---- subscriptions

  subscribeAnswered(ids: readonly string[], failed: ReadonlySet<string>, now: number): void {
    for (const id of ids) {
      this.needResubscribe.delete(id)
      if (failed.has(id)) {
        this.subscribed.delete(id)
        this.refusedAt.set(id, now)
      } else {
        this.subscribed.add(id)
        this.refusedAt.delete(id)
        // A change between the snapshot and this subscription was not notified: query again.
        this.readAt.delete(id)
      }
    }
  }

  /**
   * A subscribe got no answer: the server may or may not hold them. Count them as held (the cap stays safe) and
   * confirm them with the next subscribe (idempotent).
   */
  subscribeUnknown(ids: readonly string[]): void {
    for (const id of ids) {
      this.subscribed.add(id)
      this.needResubscribe.add(id)
    }
  }

  /** Unsubscribed `ids` (everyone when undefined) at `now`. */
  unsubscribed(ids: readonly string[] | undefined, now: number): void {
    for (const id of ids ?? [...this.subscribed]) {
      this.subscribed.delete(id)
      this.needResubscribe.delete(id)
      this.pushedUntil(id, now)
    }
    if (!ids) this.serverMayHoldUnknown = false
  }

  /**
   * An unsubscribe (of `ids`, or of everyone) got no answer: the server may have dropped them. They stay counted
   * as held; the plan confirms them (subscribes again) or unsubscribes them again, whichever it needs.
   */
  unsubscribeUnknown(ids: readonly string[] | undefined): void {
    for (const id of ids ?? this.subscribed) this.needResubscribe.add(id)
  }
}
