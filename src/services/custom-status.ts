import { ERROR_CODE, LIMITS } from '../engine/constants'
import { ChatError } from '../engine/errors'
import type { UserStatus } from '../engine/types'
import { globalClock, type SchedulerClock } from './presence'

/** How long a custom status lasts before the kit clears it. */
export type ClearAfter = '30m' | '1h' | '4h' | 'today' | 'week' | 'never'

export const CLEAR_AFTER_OPTIONS: readonly ClearAfter[] = Object.freeze(['30m', '1h', '4h', 'today', 'week', 'never'])

const DURATION_MS: Partial<Record<ClearAfter, number>> = { '30m': 30 * 60_000, '1h': 3_600_000, '4h': 4 * 3_600_000 }

/**
 * When a status set at `now` with `clearAfter` expires (epoch ms), or `null` for `never`.
 * `today` ends at the next local midnight; `week` at the next local Monday 00:00 (ISO weeks start on Monday).
 */
export function expiryTime(clearAfter: ClearAfter, now: number): number | null {
  const duration = DURATION_MS[clearAfter]
  if (duration !== undefined) return now + duration
  if (clearAfter === 'never') return null
  const end = new Date(now)
  end.setHours(24, 0, 0, 0)
  if (clearAfter === 'week') {
    // getDay(): 0 Sunday ... 6 Saturday; `end` is tomorrow 00:00: move on to the Monday.
    const daysToMonday = (8 - end.getDay()) % 7
    end.setDate(end.getDate() + daysToMonday)
  }
  return end.getTime()
}

/** Length of a string in UTF-8 bytes: what the custom-status limit counts. */
export function utf8Bytes(text: string): number {
  let bytes = 0
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4
  }
  return bytes
}

/**
 * A custom status longer than the engine accepts (`LIMITS.CUSTOM_STATUS_MAX_BYTES`, 100 UTF-8 bytes).
 * Code 6017 (invalid parameters), as the SDK answers a parameter out of range. Nothing was sent or changed.
 */
export class CustomStatusTooLongError extends ChatError {
  /** UTF-8 bytes of the rejected status. */
  readonly bytes: number
  /** The most allowed. */
  readonly limit: number

  constructor(bytes: number, limit: number = LIMITS.CUSTOM_STATUS_MAX_BYTES) {
    super(ERROR_CODE.INVALID_PARAMETERS, `The custom status is ${bytes} bytes (UTF-8); at most ${limit} are allowed. Shorten it by ${bytes - limit} bytes.`)
    this.name = 'CustomStatusTooLongError'
    this.bytes = bytes
    this.limit = limit
  }
}

/** Throws {@link CustomStatusTooLongError} when `customStatus` is over the limit. */
export function checkCustomStatus(customStatus: string, limit: number = LIMITS.CUSTOM_STATUS_MAX_BYTES): void {
  const bytes = utf8Bytes(customStatus)
  if (bytes > limit) throw new CustomStatusTooLongError(bytes, limit)
}

/** The status an editor composes: an optional emoji and a text, sent as one `customStatus` ("🗓️ In a meeting"). */
export interface ComposedStatus {
  emoji: string
  text: string
}

export function composeCustomStatus({ emoji, text }: ComposedStatus): string {
  const trimmed = text.trim()
  if (!emoji) return trimmed
  return trimmed ? `${emoji} ${trimmed}` : emoji
}

const LEADING_EMOJI = /^(\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|\p{Emoji_Modifier})*)\s*/u

/** Splits a leading emoji off a custom status ("🗓️ In a meeting" -> { emoji: "🗓️", text: "In a meeting" }). */
export function parseCustomStatus(customStatus: string): ComposedStatus {
  const match = LEADING_EMOJI.exec(customStatus)
  if (!match) return { emoji: '', text: customStatus }
  return { emoji: match[1], text: customStatus.slice(match[0].length) }
}

/** What the kit remembers about a status with an expiry, per user. */
export interface StatusExpiryRecord {
  /** The custom status that was set; the kit clears only this one (never a status set since, elsewhere). */
  customStatus: string
  /** Epoch ms. */
  expiresAt: number
}

/**
 * Where the kit keeps expiries between sessions (Tencent has no expiry field). Replace it with
 * `app.use(TUIKit, { engine, statusExpiryStorage })` to keep them on your server or in IndexedDB.
 */
export interface StatusExpiryStorage {
  get(userID: string): StatusExpiryRecord | null
  set(userID: string, record: StatusExpiryRecord): void
  remove(userID: string): void
}

function isRecordValue(value: unknown): value is StatusExpiryRecord {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return typeof record.customStatus === 'string' && typeof record.expiresAt === 'number' && Number.isFinite(record.expiresAt)
}

/** In memory: lost on reload. */
export function createMemoryExpiryStorage(): StatusExpiryStorage {
  const records = new Map<string, StatusExpiryRecord>()
  return {
    get: (userID) => records.get(userID) ?? null,
    set: (userID, record) => void records.set(userID, { ...record }),
    remove: (userID) => void records.delete(userID),
  }
}

/**
 * In `localStorage` under `${prefix}${userID}`; falls back to memory where there is none (server rendering,
 * storage disabled). Anything unreadable is treated as no record.
 */
export function createLocalExpiryStorage(prefix = 'tui-status-expiry:'): StatusExpiryStorage {
  const storage = typeof globalThis.localStorage === 'undefined' ? null : globalThis.localStorage
  if (!storage) return createMemoryExpiryStorage()
  return {
    get(userID) {
      try {
        const raw = storage.getItem(prefix + userID)
        const value: unknown = raw === null ? null : JSON.parse(raw)
        return isRecordValue(value) ? { customStatus: value.customStatus, expiresAt: value.expiresAt } : null
      } catch {
        return null
      }
    },
    set(userID, record) {
      try {
        storage.setItem(prefix + userID, JSON.stringify({ customStatus: record.customStatus, expiresAt: record.expiresAt }))
      } catch {
        // Quota or privacy mode: the expiry still works in this session (the timer), not across sessions.
      }
    },
    remove(userID) {
      try {
        storage.removeItem(prefix + userID)
      } catch {
        // As above.
      }
    },
  }
}

/** What the self-status service needs from the kit. */
export interface SelfStatusHost {
  /** Sends the custom status (validated by the caller); `expiresAt` only when `nativeExpiry()`. */
  setSelfStatus(customStatus: string, expiresAt?: number): Promise<UserStatus>
  /** The engine keeps the expiry and clears the status itself (`engine.capabilities.statusExpiry`). */
  nativeExpiry?(): boolean
  /** Reads the logged-in user's own status from the engine. */
  readSelf(): Promise<UserStatus | null>
}

export interface SetCustomStatusOptions {
  /** An emoji shown before the text. @default '' */
  emoji?: string
  /** The text ('' with no emoji clears the status). */
  text: string
  /** @default 'never' */
  clearAfter?: ClearAfter
}

/**
 * The logged-in user's custom status with an expiry ("clear after 1 h"): sets it, remembers the expiry per user in
 * a replaceable storage, clears it when it expires while logged in, and at the next login when it expired
 * meanwhile. It clears only the status it set: one changed since (on another device) is left alone.
 * Plain TypeScript; the kit creates one (`kit.customStatus`).
 */
export class CustomStatusService {
  private userID = ''
  private timer: unknown = null
  private session = 0
  /** The expiry sent to an engine that keeps it (nothing is stored then). */
  private nativeExpiresAt: number | null = null

  constructor(
    private readonly host: SelfStatusHost,
    private readonly storage: StatusExpiryStorage,
    private readonly clock: SchedulerClock = globalClock,
  ) {}

  /** The expiry of the logged-in user's status (epoch ms), or null. */
  expiresAt(): number | null {
    if (!this.userID) return null
    if (this.host.nativeExpiry?.()) return this.nativeExpiresAt
    return this.storage.get(this.userID)?.expiresAt ?? null
  }

  /**
   * Sets the status. Over the limit it throws {@link CustomStatusTooLongError} and changes nothing (no call, no
   * stored expiry); an engine error is thrown as is, with the stored expiry unchanged.
   */
  async set(options: SetCustomStatusOptions): Promise<UserStatus> {
    const emoji = typeof options.emoji === 'string' ? options.emoji : ''
    if (typeof options.text !== 'string') throw new ChatError(ERROR_CODE.INVALID_PARAMETERS, 'setCustomStatus({ text }) needs text: a string (\'\' clears).')
    const clearAfter = options.clearAfter ?? 'never'
    if (!CLEAR_AFTER_OPTIONS.includes(clearAfter)) {
      throw new ChatError(ERROR_CODE.INVALID_PARAMETERS, `setCustomStatus: clearAfter must be one of ${CLEAR_AFTER_OPTIONS.join(', ')}; got ${String(clearAfter)}.`)
    }
    const customStatus = composeCustomStatus({ emoji, text: options.text })
    checkCustomStatus(customStatus)
    const userID = this.userID
    const expiresAt = customStatus ? expiryTime(clearAfter, this.clock.now()) : null
    if (this.host.nativeExpiry?.()) {
      // The engine stores the expiry with the status and clears it itself, also while the app is closed.
      const result = await this.host.setSelfStatus(customStatus, expiresAt ?? undefined)
      if (userID !== this.userID || !userID) return result
      this.nativeExpiresAt = expiresAt
      this.forget()
      return result
    }
    const result = await this.host.setSelfStatus(customStatus)
    if (userID !== this.userID || !userID) return result
    if (expiresAt === null) this.forget()
    else this.remember({ customStatus, expiresAt })
    return result
  }

  /** Clears the status now (and its expiry). */
  async clear(): Promise<UserStatus> {
    return this.set({ text: '' })
  }

  /** A session began: clears a status that expired while the app was closed, or arms the timer of one that has not. */
  onLogin(userID: string): void {
    this.onLogout()
    this.userID = userID
    // The engine clears expired statuses itself.
    if (this.host.nativeExpiry?.()) return
    const session = this.session
    const record = this.storage.get(userID)
    if (!record) return
    if (record.expiresAt > this.clock.now()) {
      this.arm(record)
      return
    }
    void this.expire(record, session)
  }

  /** The session ended: the timer stops (the stored expiry stays for the next login). */
  onLogout(): void {
    this.session++
    this.userID = ''
    this.nativeExpiresAt = null
    this.disarm()
  }

  private remember(record: StatusExpiryRecord): void {
    this.storage.set(this.userID, record)
    this.arm(record)
  }

  private forget(): void {
    this.disarm()
    if (this.userID) this.storage.remove(this.userID)
  }

  private arm(record: StatusExpiryRecord): void {
    this.disarm()
    const session = this.session
    // setTimeout holds at most 2^31-1 ms (24.8 days); a week fits.
    this.timer = this.clock.setTimeout(() => {
      this.timer = null
      void this.expire(record, session)
    }, Math.max(0, record.expiresAt - this.clock.now()))
  }

  private disarm(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }

  /** Clears the status if it is still the one that expired; forgets the record either way. */
  private async expire(record: StatusExpiryRecord, session: number): Promise<void> {
    const userID = this.userID
    try {
      const self = await this.host.readSelf()
      if (session !== this.session) return
      if (self && self.customStatus === record.customStatus) await this.host.setSelfStatus('')
      if (session !== this.session) return
      const stored = this.storage.get(userID)
      if (stored && stored.expiresAt === record.expiresAt && stored.customStatus === record.customStatus) this.storage.remove(userID)
    } catch {
      // Not ready or offline: the record stays, and the next login tries again.
    }
  }
}
