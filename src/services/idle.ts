import { ERROR_CODE } from '../engine/constants'
import { ChatError } from '../engine/errors'
import { globalClock, type SchedulerClock } from './presence'

/** Opt-in "Away" custom status: `app.use(TUIKit, { engine, presence: { idle: { afterMs: 300_000 } } })`. */
export interface IdleOptions {
  /** Time without input (pointer, keyboard, touch) after which the status becomes `customStatus`, in ms. */
  afterMs: number
  /**
   * The custom status shown while away.
   * @default 'Away'
   */
  customStatus?: string
}

/** What the idle watcher needs from the kit. */
export interface IdleHost {
  /** The logged-in user's custom status now ('' when none, or not logged in). */
  currentCustomStatus(): string
  isLoggedIn(): boolean
  setSelfStatus(customStatus: string): Promise<unknown>
}

/** Checks `presence.idle`; throws ChatError 6017 naming what is wrong. */
export function readIdleOptions(value: unknown): Required<IdleOptions> | null {
  if (value === undefined || value === null || value === false) return null
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ChatError(ERROR_CODE.INVALID_PARAMETERS, 'presence.idle must be an object like { afterMs: 300000, customStatus: "Away" }.')
  }
  const { afterMs, customStatus } = value as Record<string, unknown>
  if (typeof afterMs !== 'number' || !Number.isFinite(afterMs) || afterMs <= 0) {
    throw new ChatError(ERROR_CODE.INVALID_PARAMETERS, `presence.idle.afterMs must be a number of milliseconds > 0; got ${String(afterMs)}.`)
  }
  if (customStatus !== undefined && (typeof customStatus !== 'string' || customStatus.trim() === '')) {
    throw new ChatError(ERROR_CODE.INVALID_PARAMETERS, 'presence.idle.customStatus must be a non-empty string such as "Away".')
  }
  return { afterMs, customStatus: (customStatus as string | undefined) ?? 'Away' }
}

/**
 * Sets the "Away" custom status after `afterMs` without input, and puts the previous one back on the first input
 * or when the page is shown again. It restores only what it replaced: a status the user changed while away (on
 * another device) stays. Plain TypeScript: the plugin feeds it DOM input and visibility.
 */
export class IdleWatcher {
  private timer: unknown = null
  /** The custom status replaced by "Away", while away. */
  private replaced: string | null = null
  private disposed = false

  constructor(
    private readonly options: Required<IdleOptions>,
    private readonly host: IdleHost,
    private readonly clock: SchedulerClock = globalClock,
  ) {}

  /** True while the kit shows the away status. */
  get away(): boolean {
    return this.replaced !== null
  }

  /** Input from the user (throttle pointer moves before calling). */
  activity(): void {
    if (this.disposed) return
    this.back()
    this.arm()
  }

  /** The page was hidden or shown. Shown counts as a return; hidden keeps counting from the last input. */
  setHidden(hidden: boolean): void {
    if (!hidden) this.activity()
  }

  /** A session began: start counting. */
  onLogin(): void {
    this.replaced = null
    this.arm()
  }

  /** The session ended: nothing to restore (the server clears the custom status after logout). */
  onLogout(): void {
    this.replaced = null
    this.disarm()
  }

  dispose(): void {
    this.disposed = true
    this.disarm()
  }

  private arm(): void {
    this.disarm()
    if (!this.host.isLoggedIn()) return
    this.timer = this.clock.setTimeout(() => {
      this.timer = null
      this.goAway()
    }, this.options.afterMs)
  }

  private disarm(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
  }

  private goAway(): void {
    if (!this.host.isLoggedIn() || this.replaced !== null) return
    const current = this.host.currentCustomStatus()
    if (current === this.options.customStatus) return
    this.replaced = current
    this.host.setSelfStatus(this.options.customStatus).catch(() => {
      // Not sent: nothing to restore later.
      if (this.replaced === current) this.replaced = null
    })
  }

  private back(): void {
    const previous = this.replaced
    if (previous === null) return
    this.replaced = null
    if (!this.host.isLoggedIn() || this.host.currentCustomStatus() !== this.options.customStatus) return
    this.host.setSelfStatus(previous).catch(() => undefined)
  }
}
