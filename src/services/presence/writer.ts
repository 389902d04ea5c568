import { TYPES } from '../../engine/constants'
import type { UserStatus } from '../../engine/types'
import type { UserStatusSink } from '../types'
import type { SchedulerClock } from './options'

const OFFLINE_TYPES: ReadonlySet<number> = new Set([TYPES.USER_STATUS_OFFLINE, TYPES.USER_STATUS_UNLOGINED])

/**
 * The presence manager's writes to the user-status store: knows which entries it wrote (so it can drop the ones
 * nobody tracks) and applies the offline grace: a user shown ONLINE who goes OFFLINE / UNLOGINED keeps showing
 * ONLINE for `graceMs`, and is never shown offline if ONLINE comes back within it (a flapping connection). Any
 * other change is written at once. Stale entries are not held: they were not shown as live.
 */
export class StatusWriter {
  private readonly written = new Set<string>()
  /** Entries whose live (not stale) value is ONLINE. */
  private readonly shownOnline = new Set<string>()
  private readonly held = new Map<string, { status: UserStatus; timer: unknown }>()

  constructor(
    private readonly sink: UserStatusSink,
    private readonly clock: SchedulerClock,
    private readonly graceMs: number,
    private readonly onReleased: () => void,
  ) {}

  get holding(): boolean {
    return this.held.size > 0
  }

  has(userID: string): boolean {
    return this.written.has(userID)
  }

  /** Users whose entry this writer wrote and did not remove. */
  get entries(): ReadonlySet<string> {
    return this.written
  }

  ids(): string[] {
    return [...this.written]
  }

  /** `observedAt`: the list is a pushed event seen at that time (see `UserStatusSink._applyStatuses`). */
  write(list: readonly UserStatus[], observedAt?: number): void {
    const now: UserStatus[] = []
    for (const status of list) {
      const id = status.userID
      const hold = this.held.get(id)
      if (this.graceMs > 0 && OFFLINE_TYPES.has(status.statusType) && (hold || this.shownOnline.has(id))) {
        // A held change keeps the time it was seen, for when it is shown.
        const held = observedAt === undefined || status.since !== undefined ? status : { ...status, since: observedAt }
        if (hold) hold.status = held
        else this.held.set(id, { status: held, timer: this.clock.setTimeout(() => this.release(id), this.graceMs) })
        continue
      }
      if (hold) this.cancel(id)
      now.push(status)
    }
    this.apply(now, observedAt)
  }

  remove(ids: readonly string[]): void {
    const present: string[] = []
    for (const id of ids) {
      this.cancel(id)
      this.shownOnline.delete(id)
      if (this.written.delete(id)) present.push(id)
    }
    if (present.length) this.sink._removeStatuses(present)
  }

  clear(): void {
    for (const id of [...this.held.keys()]) this.cancel(id)
    this.shownOnline.clear()
    if (this.written.size) this.sink._clearStatuses()
    this.written.clear()
  }

  /** The connection is down: what was held is shown (it is newer), then everything is marked stale. */
  markAllStale(): void {
    this.showHeld([...this.held.keys()])
    this.shownOnline.clear()
    if (this.written.size) this.sink._markAllStale()
  }

  /** These entries are past the freshness bound: shown as the last known value, with the stale mark. */
  markStale(ids: readonly string[]): void {
    this.showHeld(ids)
    const present = ids.filter((id) => this.written.has(id))
    for (const id of present) this.shownOnline.delete(id)
    if (present.length) this.sink._markStale(present)
  }

  private showHeld(ids: readonly string[]): void {
    const held: UserStatus[] = []
    for (const id of ids) {
      const hold = this.held.get(id)
      if (!hold) continue
      held.push(hold.status)
      this.cancel(id)
    }
    this.apply(held)
  }

  private apply(list: readonly UserStatus[], observedAt?: number): void {
    if (!list.length) return
    for (const { userID, statusType } of list) {
      this.written.add(userID)
      if (statusType === TYPES.USER_STATUS_ONLINE) this.shownOnline.add(userID)
      else this.shownOnline.delete(userID)
    }
    if (observedAt === undefined) this.sink._applyStatuses(list)
    else this.sink._applyStatuses(list, observedAt)
  }

  private release(id: string): void {
    const hold = this.held.get(id)
    if (!hold) return
    this.held.delete(id)
    this.apply([hold.status])
    if (!this.held.size) this.onReleased()
  }

  private cancel(id: string): void {
    const hold = this.held.get(id)
    if (!hold) return
    this.clock.clearTimeout(hold.timer)
    this.held.delete(id)
    if (!this.held.size) this.onReleased()
  }
}
