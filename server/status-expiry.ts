/** setTimeout holds at most 2^31-1 ms; longer expiries are reached in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1

interface Pending {
  customStatus: string
  expiresAt: number
  timer: ReturnType<typeof setTimeout>
}

/**
 * The custom statuses that clear themselves (`setSelfStatus({ customStatus, expiresAt })`), one per user. At
 * `expiresAt` it calls `expire(userID, customStatus)`, which clears the status if it is still that text. A new
 * status for the user replaces the entry (without `expiresAt`: removes it).
 */
export class StatusExpiry {
  private readonly pending = new Map<string, Pending>()

  constructor(private readonly expire: (userID: string, customStatus: string) => void) {}

  /** The user's status is now `customStatus`, clearing itself at `expiresAt` (null: never). */
  set(userID: string, customStatus: string, expiresAt: number | null): void {
    const known = this.pending.get(userID)
    if (known && known.customStatus === customStatus && known.expiresAt === expiresAt) return
    this.cancel(userID)
    if (expiresAt === null || customStatus === '') return
    const arm = (): ReturnType<typeof setTimeout> =>
      setTimeout(() => {
        const entry = this.pending.get(userID)
        if (!entry) return
        if (Date.now() < entry.expiresAt) {
          entry.timer = arm()
          return
        }
        this.pending.delete(userID)
        this.expire(userID, entry.customStatus)
      }, Math.min(MAX_DELAY_MS, Math.max(0, expiresAt - Date.now())))
    this.pending.set(userID, { customStatus, expiresAt, timer: arm() })
  }

  /** The expiry of the user's status, or null. */
  get(userID: string): number | null {
    return this.pending.get(userID)?.expiresAt ?? null
  }

  cancel(userID: string): void {
    const entry = this.pending.get(userID)
    if (entry) clearTimeout(entry.timer)
    this.pending.delete(userID)
  }

  close(): void {
    for (const entry of this.pending.values()) clearTimeout(entry.timer)
    this.pending.clear()
  }
}
