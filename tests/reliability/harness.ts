import { setImmediate as realSetImmediate } from 'node:timers'
import { vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { ERROR_CODE, LIMITS } from '../../src/engine/constants'
import { ChatError } from '../../src/engine/errors'
import { createLocalEngine, createWorld, type EngineCall, type LocalEngine, type World } from '../../src/engine/local'
import type { UserStatus } from '../../src/engine/types'
import { KitRuntime } from '../../src/services/kit'
import type { PresenceList, PresenceOptions } from '../../src/services/presence'
import { useKitStores } from '../../src/stores'
import { useUserStatusStore, type UserStatusStore } from '../../src/stores/user-status'
import { RestartableEngine } from './restartable-engine'
import { count, type PropertyStats } from './stats'

/**
 * A real KitRuntime (Pinia store sink) over a real world, on vitest fake timers, with the invariants of
 * docs/reliability.md. Operations never await the kit (rapid toggles happen while calls are in flight);
 * `settle()` runs the clock until the kit is idle, then `checkSettled()` holds it to the world.
 */

/** Timers the harness fakes: not setImmediate, which `drain()` uses to let every microtask run. */
export const FAKED_TIMERS = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] as const

export const SELF_ACCOUNTS = ['me', 'me2'] as const
export type Account = (typeof SELF_ACCOUNTS)[number]

/** User IDs that are never registered in the world (unknown users: failure entries, status 0). */
export const GHOSTS = ['ghost0', 'ghost1'] as const

/** The users a list can show, by index: `u<i>`, with the two accounts and the ghosts mixed in. */
export function makePool(size: number): string[] {
  const special: Record<number, string> = { 3: 'me', 11: 'ghost0', 17: 'me2', 26: 'ghost1' }
  return Array.from({ length: size }, (_, i) => special[i] ?? `u${i}`)
}

/** `count` consecutive pool users from `start`, wrapping: what a scrolled list shows. */
export function windowOf(pool: readonly string[], start: number, size: number): string[] {
  const ids: string[] = []
  for (let i = 0; i < Math.min(size, pool.length); i++) ids.push(pool[(start + i) % pool.length])
  return ids
}

export interface RunConfig {
  /** Users in the pool (ids `u<i>`, plus the accounts and ghosts at fixed places). */
  poolSize: number
  /** World latency of responses and events, ms. */
  latencyMs: number
  /** PresenceOptions.offlineGraceMs. */
  offlineGraceMs: number
  /** Every `friendEvery`-th pool user is a friend of both accounts. */
  friendEvery: number
  /** The console's friend auto-notify switch at start (world and kit). */
  autoNotify: boolean
}

export const PRESENCE_OPTIONS: PresenceOptions = {
  dwellMs: 300,
  settleMs: 80,
  maxWaitMs: 1000,
  retryDelayMs: 700,
  // Shorter than the 60 s default so that sequences live through several bounds.
  freshForMs: 20_000,
  callTimeoutMs: 8_000,
}

/** The freshness bound the invariant holds the kit to. */
export const FRESH_MS = PRESENCE_OPTIONS.freshForMs ?? 60_000
/** How long a call that "never answers" takes to answer (far past every time limit). */
export const HANG_MS = 600_000
/** How long users stay unknown after a restart of the world, once the kit is connected again. */
export const UNKNOWN_AFTER_RESTART_MS = 15_000
type StatusMethod = 'getUserStatus' | 'subscribeUserStatus' | 'unsubscribeUserStatus'

const STATUS_METHODS: ReadonlySet<string> = new Set(['getUserStatus', 'subscribeUserStatus', 'unsubscribeUserStatus'])
const PER_CALL_LIMIT: Record<string, number> = {
  getUserStatus: LIMITS.GET_USER_STATUS_MAX_IDS,
  subscribeUserStatus: LIMITS.SUBSCRIBE_MAX_IDS,
  unsubscribeUserStatus: LIMITS.UNSUBSCRIBE_MAX_IDS,
}
const KNOWN_CODES: ReadonlySet<number> = new Set(Object.values(ERROR_CODE))
const STATUS_EDITIONS: ReadonlySet<string> = new Set(['pro', 'ultimate', 'enterprise'])
/** Longest simulated time `settle()` may take before the kit counts as stuck. */
const SETTLE_LIMIT_MS = 180_000

/** Lets every queued microtask run (a real macrotask turn; the fake clock does not move). */
export function drain(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve))
}

export class InvariantError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InvariantError'
  }
}

interface Slot {
  list: PresenceList
  override: boolean | undefined
  visible: string[]
  overscan: string[]
}

const key = (s: { statusType: number; customStatus: string }) => `${s.statusType}|${JSON.stringify(s.customStatus)}`

export class Harness {
  readonly world: World
  readonly engine: LocalEngine
  /** What the kit talks to: `engine`, with users unknown for a while after a restart of the world. */
  readonly kitEngine: RestartableEngine
  /** A second device, which logs in as one of the kit's accounts. */
  readonly device: LocalEngine
  readonly kit: KitRuntime
  readonly store: UserStatusStore
  readonly pool: string[]
  readonly config: RunConfig
  readonly slots: Array<Slot | null> = [null, null, null]
  private readonly stats: PropertyStats
  private readonly ghosts = new Set<string>(GHOSTS)
  /** Friendships as made through `setFriend` (the world answers friend lists to clients only). */
  private readonly friendships = new Map<string, Set<string>>()
  private readonly violations: string[] = []
  private readonly unhandled: unknown[]
  private readonly warnings: string[]
  private readonly stopCallListener: () => void
  private pending = 0
  private readonly pendingNames: string[] = []
  /** Values the world had for each user since the current session's login call. */
  private history = new Map<string, Set<string>>()
  /** Status calls per method (times), for the 20 / 5 s check. */
  private readonly callTimes = new Map<string, number[]>()
  private readonly allCallTimes: number[] = []
  private wasLoggedIn = false
  /** 2996 failures injected with faults.failNext and not yet seen, per method. */
  private readonly injected2996 = new Map<string, number>()
  /** A logout in progress that could not clear the server (link down, feature off, failed call). */
  private logout: { unclean: boolean } | null = null
  /** Logged out: the world must hold no subscription of the client from `clearBy` on. */
  private clearBy = Infinity
  /** userID -> when the kit's value of it was last backed: read from the world, or pushed by a subscription. */
  private readonly backedAt = new Map<string, number>()
  /** The world's subscriptions of the client at the last look (to see when each one ended). */
  private worldSubs = new Set<string>()
  /** Calls of each method that will never answer (the next ones the kit makes). */
  private readonly hangs = new Map<StatusMethod, number>()
  /** Methods whose injected delay is the hang: restored at their next call. */
  private readonly hung = new Set<StatusMethod>()
  /** Delays set with world.faults.delay by the model (restored after a hang). */
  private readonly delays = new Map<StatusMethod, number>()
  /** After a restart: settle() runs the clock at least until then (the unknown users are followed again). */
  private recoverBy = -Infinity

  constructor(config: RunConfig, stats: PropertyStats, sinks: { unhandled: unknown[]; warnings: string[] }) {
    this.config = config
    this.stats = stats
    this.unhandled = sinks.unhandled
    this.warnings = sinks.warnings
    setActivePinia(createPinia())
    this.world = createWorld({ latencyMs: config.latencyMs, friendAutoNotify: config.autoNotify })
    this.pool = makePool(config.poolSize)
    this.pool.forEach((id, i) => {
      if (this.ghosts.has(id)) return
      this.world.addUser({ userID: id })
      const presence = i % 3 === 0 ? 'online' : i % 3 === 1 ? 'offline' : 'unlogined'
      if (!SELF_ACCOUNTS.includes(id as Account)) this.world.setPresence(id, presence)
      if (i % 4 === 0) this.world.setCustomStatus(id, `status of ${id}`)
    })
    for (const account of SELF_ACCOUNTS) {
      this.pool.forEach((id, i) => {
        if (i % config.friendEvery === 0) this.setFriend(account, id, true)
      })
    }
    this.engine = createLocalEngine({ world: this.world, id: 'kit' })
    this.kitEngine = new RestartableEngine(this.engine, (ids, at) => {
      for (const id of ids) {
        this.history.get(id)?.add(key({ statusType: 0, customStatus: '' }))
        this.backedAt.set(id, at)
      }
    })
    this.device = createLocalEngine({ world: this.world, id: 'device2' })
    const status = useUserStatusStore()
    this.store = status
    this.kit = new KitRuntime(
      { engine: this.kitEngine, presence: { ...PRESENCE_OPTIONS, friendAutoNotify: config.autoNotify, offlineGraceMs: config.offlineGraceMs } },
      useKitStores(),
    )
    this.stopCallListener = this.world.onCall((call) => this.onCall(call))
  }

  dispose(): void {
    this.stopCallListener()
    this.kit.dispose()
    this.engine.destroy()
    this.device.destroy()
  }

  countStep(): void {
    this.stats.steps++
  }

  get self(): string {
    return this.kit.userID
  }

  get worldAvailable(): boolean {
    return STATUS_EDITIONS.has(this.world.edition) && this.world.userStatusEnabled
  }

  // ------------------------------------------------------------------ operations

  /** Runs a kit call without awaiting it; a rejection must be a ChatError with a known code and a message. */
  track(name: string, run: () => Promise<unknown>): void {
    this.pending++
    this.pendingNames.push(name)
    const done = () => {
      this.pending--
      this.pendingNames.splice(this.pendingNames.indexOf(name), 1)
    }
    let promise: Promise<unknown>
    try {
      promise = run()
    } catch (error) {
      done()
      this.violations.push(`${name} threw synchronously instead of rejecting: ${String(error)}`)
      return
    }
    promise.then(
      () => done(),
      (error: unknown) => {
        done()
        count(this.stats, 'rejections are typed ChatErrors')
        if (!(error instanceof ChatError) || !KNOWN_CODES.has(error.code) || error.message.length < 10) {
          this.violations.push(`${name} rejected with ${String(error)} (not a ChatError with a known code)`)
        }
      },
    )
  }

  mount(slot: number, override: boolean | undefined): void {
    this.slots[slot]?.list.dispose()
    const list = this.kit.presence.createList()
    if (override !== undefined) list.setOverride(override)
    this.slots[slot] = { list, override, visible: [], overscan: [] }
  }

  unmount(slot: number): void {
    this.slots[slot]?.list.dispose()
    this.slots[slot] = null
  }

  setOverride(slot: number, override: boolean | undefined): void {
    const s = this.slots[slot]
    if (!s) return
    s.override = override
    s.list.setOverride(override)
  }

  setVisible(slot: number, ids: string[]): void {
    const s = this.slots[slot]
    if (!s) return
    s.visible = ids
    s.list.setVisible(ids)
  }

  setOverscan(slot: number, ids: string[]): void {
    const s = this.slots[slot]
    if (!s) return
    s.overscan = ids
    s.list.setOverscan(ids)
  }

  /** Kick-outs so far: a login that resolves after a later kick-out decides nothing. */
  private kicks = 0
  /**
   * Who must be logged in once settled ('' nobody): set when a login or logout resolves (they run in call order);
   * undefined after a kick-out (the kit learns of it when connected).
   */
  private expectedUser: string | undefined = ''

  login(account: string): void {
    const kicks = this.kicks
    this.track('login', async () => {
      await this.kit.login({ userID: account, userSig: `sig-${account}` })
      this.expectedUser = this.kicks === kicks ? account : undefined
    })
  }

  kickOut(): void {
    if (!this.engine.isReady()) return
    this.kicks++
    this.expectedUser = undefined
    this.world.kickOut(this.engine)
  }

  /** world.faults.failNext, remembering injected 2996s (a real 2996 is a violation). */
  failNext(method: 'getUserStatus' | 'subscribeUserStatus' | 'unsubscribeUserStatus', code: number, times: number): void {
    this.world.faults.failNext(method, code, times)
    if (code === ERROR_CODE.OVER_FREQUENCY_LIMIT) this.injected2996.set(method, (this.injected2996.get(method) ?? 0) + times)
  }

  /** world.faults.delay, remembered (a hang restores it afterwards). */
  setDelay(method: StatusMethod, ms: number): void {
    this.delays.set(method, ms)
    if (!this.hung.has(method)) this.world.faults.delay(method, ms)
  }

  /** The next `times` calls of `method` the kit makes never answer (the world applies them, the answer is lost). */
  hang(method: StatusMethod, times: number): void {
    this.hangs.set(method, (this.hangs.get(method) ?? 0) + times)
  }

  /** Called for each of the kit's calls before the world computes its delay. */
  private applyHang(method: string): void {
    if (!STATUS_METHODS.has(method)) return
    const m = method as StatusMethod
    const armed = this.hangs.get(m) ?? 0
    if (armed > 0) {
      this.hangs.set(m, armed - 1)
      this.hung.add(m)
      this.world.faults.delay(m, HANG_MS)
    } else if (this.hung.delete(m)) {
      this.world.faults.delay(m, this.delays.get(m) ?? 0)
    }
  }

  /** The second device logs in as `account`, logs out, or sets its custom status (never awaited, errors ignored). */
  deviceAction(action: 'login' | 'logout' | 'custom', account: Account, text: string): void {
    const ignore = () => undefined
    if (action === 'login') void this.device.login({ userID: account, userSig: `sig-${account}` }).catch(ignore)
    else if (action === 'logout') void this.device.logout().catch(ignore)
    else if (this.device.isReady()) void this.device.setSelfStatus({ customStatus: text }).catch(ignore)
  }

  /**
   * The engine's world restarts: the kit's connection drops, the server forgets its subscriptions, and once the
   * kit is back every fourth pool user is unknown (70107) for a while, as if not reconnected yet.
   */
  async restart(): Promise<void> {
    this.noteUnclean()
    // A link lost silently is cut for good (the server notices at once, it is restarting).
    if (this.engine.session.link === 'silent') this.world.restoreConnection(this.engine)
    this.world.dropConnection(this.engine)
    await this.advance(this.world.subscriptionClearDelayMs + 1)
    this.world.restoreConnection(this.engine)
    const until = Date.now() + UNKNOWN_AFTER_RESTART_MS
    const unknown = this.pool.filter((id, i) => i % 4 === 1 && !this.ghosts.has(id) && !SELF_ACCOUNTS.includes(id as Account))
    this.kitEngine.forget(unknown, until)
    this.recoverBy = until + FRESH_MS + 10_000
  }

  beginLogout(): void {
    // A logout issued during a login runs after it: it is the logout of that session.
    const session = this.kit.isLoggedIn || this.pendingNames.includes('login')
    if (session && !this.logout) this.logout = { unclean: !this.linkUp || !this.worldAvailable }
    this.track('logout', async () => {
      await this.kit.logout()
      this.expectedUser = ''
    })
  }

  /** The connection went down (or the feature off) while a logout was running: it may not clear the server. */
  noteUnclean(): void {
    if (this.logout) this.logout.unclean = true
  }

  get linkUp(): boolean {
    return this.engine.session.link === 'up'
  }

  // ------------------------------------------------------------------ time

  /** Moves the fake clock by exactly `ms`, one timer at a time, letting microtasks run after each. */
  async advance(ms: number): Promise<void> {
    const target = Date.now() + ms
    const sentinel = setTimeout(() => undefined, ms)
    await drain()
    while (Date.now() < target) {
      vi.advanceTimersToNextTimer()
      await drain()
    }
    clearTimeout(sentinel)
  }

  private idle(): Promise<boolean> {
    let idle = false
    void this.kit.presence.whenIdle().then(() => {
      idle = true
    })
    return drain().then(() => idle && this.pending === 0)
  }

  /**
   * Runs the clock until the kit is idle (no call running or due, no login/logout/switch pending) and stays idle
   * through one more world latency: dwell, settle, retries, rate-limit waits, delayed answers and the offline
   * grace all elapse. Fails when that takes longer than 3 minutes of simulated time (the kit would be stuck).
   */
  async settle(): Promise<void> {
    const start = Date.now()
    for (;;) {
      if (await this.idle()) {
        if (Date.now() < this.recoverBy) {
          // After a restart: the kit follows the unknown users again within the bound; wait for it.
          await this.advance(Math.min(this.recoverBy - Date.now(), 5000))
          continue
        }
        await this.advance(this.config.latencyMs + 1)
        if (await this.idle()) break
      } else {
        await this.advance(Math.max(50, this.config.latencyMs))
      }
      if (Date.now() - start > SETTLE_LIMIT_MS) {
        const idle = await this.idle()
        throw new InvariantError(
          `the kit did not settle within ${SETTLE_LIMIT_MS / 1000} s of simulated time ` +
            `(pending: [${this.pendingNames.join(', ')}], manager idle: ${idle || this.pending > 0 ? 'yes' : 'no'})`,
        )
      }
    }
    this.stats.settledSteps++
    count(this.stats, 'settles (goes idle) within 180 s of simulated time')
  }

  // ------------------------------------------------------------------ invariants

  private fail(message: string): never {
    throw new InvariantError(`${message}\n  at t=${Date.now()} self=${this.self || '(logged out)'} link=${this.engine.session.link}`)
  }

  private onCall(call: EngineCall): void {
    if (call.clientId !== this.engine.id) return
    this.applyHang(call.method)
    this.noteSubscriptions(call.at)
    if (call.ok && call.method === 'getUserStatus') for (const id of call.userIDList ?? []) this.backedAt.set(id, call.at)
    this.stats.engineCalls++
    if (call.method === 'login') {
      if (call.ok) this.resetHistory()
      return
    }
    count(this.stats, 'no engine call while logged out')
    if (!this.kit.isLoggedIn) this.violations.push(`${call.method} called while the kit is logged out`)
    if (!STATUS_METHODS.has(call.method)) return
    if (call.method === 'unsubscribeUserStatus' && !call.ok) this.noteUnclean()
    count(this.stats, 'no 2996 from the world (unless injected)')
    if (call.code === ERROR_CODE.OVER_FREQUENCY_LIMIT) {
      const injected = this.injected2996.get(call.method) ?? 0
      if (injected > 0) this.injected2996.set(call.method, injected - 1)
      else {
        this.stats.unexpected2996++
        this.violations.push(`the world answered ${call.method} with 2996 (over 20 calls / 5 s) without an injected fault`)
      }
    }
    const ids = call.userIDList ?? []
    count(this.stats, 'per-call limits (500 / 100 IDs), valid parameters')
    if (ids.length > PER_CALL_LIMIT[call.method]) {
      this.violations.push(`${call.method} with ${ids.length} IDs (limit ${PER_CALL_LIMIT[call.method]})`)
    }
    if (call.code === ERROR_CODE.INVALID_PARAMETERS || call.code === ERROR_CODE.OPTIONS_IS_EMPTY) {
      this.violations.push(`${call.method} rejected for its parameters (${call.code}): ${JSON.stringify(ids.slice(0, 5))}`)
    }
    if (call.method === 'subscribeUserStatus') {
      count(this.stats, 'never subscribes self')
      if (ids.includes(call.userID)) this.violations.push(`subscribeUserStatus included self (${call.userID})`)
    }
    // Self only is answered locally and is not rate limited.
    if (call.method === 'getUserStatus' && ids.length === 1 && ids[0] === call.userID) return
    const times = this.callTimes.get(call.method) ?? []
    times.push(call.at)
    this.callTimes.set(call.method, times)
    while (times.length && times[0] <= call.at - LIMITS.RATE_LIMIT_WINDOW_MS) times.shift()
    count(this.stats, 'at most 20 calls per 5 s per API')
    this.stats.peakCallsPer5s = Math.max(this.stats.peakCallsPer5s, times.length)
    this.allCallTimes.push(call.at)
    while (this.allCallTimes[0] <= call.at - LIMITS.RATE_LIMIT_WINDOW_MS) this.allCallTimes.shift()
    this.stats.peakAllCallsPer5s = Math.max(this.stats.peakAllCallsPer5s, this.allCallTimes.length)
    if (times.length > LIMITS.RATE_LIMIT_CALLS) {
      this.violations.push(`${times.length} ${call.method} calls within 5 s (at ${call.at})`)
    }
  }

  /** Subscriptions of the client that ended since the last look: their values were pushed until `at`. */
  private noteSubscriptions(at: number): void {
    const now = new Set(this.world.subscriptionsOf(this.engine))
    for (const id of this.worldSubs) if (!now.has(id)) this.backedAt.set(id, at)
    for (const id of now) this.backedAt.set(id, at)
    this.worldSubs = now
  }

  private resetHistory(): void {
    this.history = new Map()
    this.sampleWorld()
  }

  /** Records the world's current value of every pool user (called around every step). */
  sampleWorld(): void {
    for (const id of this.pool) {
      let seen = this.history.get(id)
      if (!seen) {
        seen = new Set()
        this.history.set(id, seen)
      }
      seen.add(key(this.world.getStatus(id)))
    }
  }

  private displayingSlots(): Slot[] {
    return this.slots.filter((s): s is Slot => s !== null && (s.override ?? this.store.displayOnlineStatus))
  }

  private sameAsWorld(id: string, entry: { statusType: number; customStatus: string }): boolean {
    return key(entry) === key(this.world.getStatus(id))
  }

  private describe(id: string): string {
    const entry = this.store.userStatusList.get(id)
    const world: UserStatus = this.world.getStatus(id)
    return `${id}: store ${entry ? `${key(entry)}${entry.stale ? ' (stale)' : ''}` : '(none)'}, world ${key(world)}`
  }

  /** After an operation: lets its microtasks run, then checks the invariants that always hold. */
  async drainAndCheck(): Promise<void> {
    await drain()
    this.checkAlways()
  }

  /** Invariants that hold after every step, settled or not. */
  checkAlways(): void {
    this.sampleWorld()
    if (this.violations.length) this.fail(this.violations.join('\n'))
    count(this.stats, 'no unhandled promise rejection')
    if (this.unhandled.length) this.fail(`unhandled rejection: ${this.unhandled.map(String).join('; ')}`)
    count(this.stats, 'no Vue warning')
    if (this.warnings.length) this.fail(`Vue warned: ${this.warnings.join('; ')}`)

    const { store, kit } = this
    const loggedIn = kit.isLoggedIn
    const subscribed = kit.presence.subscribedIDs()
    const worldSubs = this.world.subscriptionsOf(this.engine)

    count(this.stats, 'store switch equals the manager switch')
    if (store.displayOnlineStatus !== kit.presence.displaysGlobally) this.fail('store.displayOnlineStatus differs from the manager')
    count(this.stats, 'at most 200 subscriptions, never self')
    if (subscribed.length > LIMITS.MAX_SUBSCRIPTIONS || worldSubs.length > LIMITS.MAX_SUBSCRIPTIONS) {
      this.fail(`over 200 subscriptions: kit ${subscribed.length}, world ${worldSubs.length}`)
    }
    if (this.self && (subscribed.includes(this.self) || worldSubs.includes(this.self))) this.fail('self is subscribed')

    if (!loggedIn) {
      if (this.wasLoggedIn) {
        // The session just ended: a clean logout or a kick-out leaves nothing on the server.
        this.clearBy = this.logout?.unclean ? Date.now() + this.world.subscriptionClearDelayMs : Date.now()
        this.wasLoggedIn = false
      }
      if (!this.pendingNames.includes('login')) this.logout = null
      count(this.stats, 'logged out: empty store, nothing subscribed')
      if (store.userStatusList.size || store.selfStatus || subscribed.length || store.displayOnlineStatus) {
        this.fail(
          `logged out but the kit still holds state: ${store.userStatusList.size} entries, self ${JSON.stringify(store.selfStatus)}, ` +
            `${subscribed.length} subscribed, switch ${store.displayOnlineStatus}`,
        )
      }
      count(this.stats, 'logged out: no subscription left in the world')
      if (worldSubs.length && Date.now() >= this.clearBy) {
        this.fail(`logged out but the world still holds ${worldSubs.length} subscriptions of the client: ${worldSubs.slice(0, 5).join(',')}`)
      }
      return
    }
    this.wasLoggedIn = true
    this.clearBy = Infinity

    count(this.stats, 'no entry for self (self is read from selfStatus)')
    if (store.userStatusList.has(this.self)) this.fail(`the store has an entry for self (${this.self})`)
    const disconnected = store.netState !== 'connected'
    for (const [id, entry] of store.userStatusList) {
      count(this.stats, 'never a value from before the login (every entry was a world value this session)')
      if (!this.history.get(id)?.has(key(entry))) {
        this.fail(`entry of ${id} (${key(entry)}) is no value the world had since the login`)
      }
      if (disconnected) {
        count(this.stats, 'while disconnected every entry is stale')
        if (!entry.stale) this.fail(`connection down but ${id} is shown live: ${this.describe(id)}`)
      }
    }
    this.checkFreshness()
  }

  /**
   * Freshness: a dot shown without the stale mark is pushed (a live subscription in the world, or a friend with
   * auto-notify on) or was read (or last pushed) at most FRESH_MS ago.
   */
  private checkFreshness(): void {
    const now = Date.now()
    this.noteSubscriptions(now)
    const autoNotified = new Set(this.world.friendAutoNotify && this.self ? this.friendsOf(this.self) : [])
    for (const id of autoNotified) if (!this.kitEngine.isUnknown(id)) this.backedAt.set(id, now)
    for (const [id, entry] of this.store.userStatusList) {
      if (entry.stale) continue
      count(this.stats, 'freshness: a live dot is pushed or was read within freshForMs')
      if (this.worldSubs.has(id) || (autoNotified.has(id) && !this.kitEngine.isUnknown(id))) continue
      const at = this.backedAt.get(id)
      if (at === undefined || now - at > FRESH_MS) {
        this.fail(`${id} shown live but nothing pushes it and it was read ${at === undefined ? 'never' : `${now - at} ms ago`} (bound ${FRESH_MS} ms): ${this.describe(id)}`)
      }
    }
  }

  /** Invariants of a settled kit: what it shows is what the world has. */
  checkSettled(): void {
    this.checkAlways()
    const { store, kit, world, engine } = this
    const linkUp = this.linkUp

    if (this.expectedUser !== undefined) {
      count(this.stats, 'the last login / logout that resolved decides who is logged in')
      if (kit.userID !== this.expectedUser) {
        this.fail(`the last session call to resolve was ${this.expectedUser ? `a login as "${this.expectedUser}"` : 'a logout'} but the kit is logged in as "${kit.userID}"`)
      }
    }
    if (linkUp) {
      count(this.stats, 'kit and engine agree on the login')
      const engineUser = engine.isReady() ? engine.getLoginUser() : ''
      if (engineUser !== kit.userID) this.fail(`kit logged in as "${kit.userID}", engine as "${engineUser}"`)
    }
    if (!kit.isLoggedIn) return

    count(this.stats, 'net state follows the connection')
    if ((store.netState === 'connected') !== linkUp) this.fail(`netState ${store.netState} while the link is ${engine.session.link}`)
    if (!linkUp) return

    count(this.stats, 'selfStatus equals the world')
    const selfWorld = world.getStatus(this.self)
    if (!store.selfStatus || key(store.selfStatus) !== key(selfWorld)) {
      this.fail(`selfStatus ${store.selfStatus ? key(store.selfStatus) : 'null'}, world ${key(selfWorld)}`)
    }

    const available = store.availability === 'available'
    if (this.worldAvailable) {
      count(this.stats, 'feature available in the world -> available in the kit (after a retry)')
      if (!available) this.fail(`the world has user status but the kit shows "${store.availability}"`)
    }
    if (!available) {
      count(this.stats, 'feature unavailable: no status shown')
      if (store.userStatusList.size) this.fail(`availability ${store.availability} but ${store.userStatusList.size} entries shown`)
      return
    }
    const subscribed = new Set(kit.presence.subscribedIDs())
    const worldSubs = new Set(world.subscriptionsOf(engine))
    // While the feature is unavailable the server refuses unsubscribe too: the kit cannot know what it holds
    // (a retry starts by clearing them all).
    count(this.stats, 'world subscriptions equal subscribedIDs()')
    if (subscribed.size !== worldSubs.size || [...subscribed].some((id) => !worldSubs.has(id))) {
      const onlyKit = [...subscribed].filter((id) => !worldSubs.has(id))
      const onlyWorld = [...worldSubs].filter((id) => !subscribed.has(id))
      this.fail(`subscriptions differ: only in the kit [${onlyKit.join(',')}], only in the world [${onlyWorld.join(',')}]`)
    }

    if (!this.worldAvailable) return // the kit has not made a call since the switch went off: it cannot know yet

    const displaying = this.displayingSlots()
    if (!displaying.length) {
      count(this.stats, 'nothing displays: empty store, no subscription (switch-off)')
      if (store.userStatusList.size || subscribed.size || worldSubs.size) {
        this.fail(`no list displays status but ${store.userStatusList.size} entries, ${subscribed.size} subscribed, world ${worldSubs.size}`)
      }
      return
    }

    const self = this.self
    const visible = new Set<string>()
    const tracked = new Set<string>(subscribed)
    for (const slot of displaying) {
      for (const id of slot.visible) if (id !== self) visible.add(id)
      for (const id of [...slot.visible, ...slot.overscan]) if (id !== self) tracked.add(id)
    }
    const autoNotifyFriends = new Set(world.friendAutoNotify ? this.friendsOf(self) : [])
    // A user whose every change reaches the client: subscribed, an auto-notified friend, or unknown (never changes).
    const covered = (id: string) => subscribed.has(id) || autoNotifyFriends.has(id) || this.ghosts.has(id)
    const fitsCap = visible.size <= LIMITS.MAX_SUBSCRIPTIONS

    for (const id of visible) {
      count(this.stats, 'visible user: entry exists, is live, equals the world')
      const entry = store.userStatusList.get(id)
      if (!entry) this.fail(`visible user has no entry: ${this.describe(id)}`)
      if (entry.stale) this.fail(`visible user still stale after settling: ${this.describe(id)}`)
      if (!fitsCap) count(this.stats, 'over 200 in view: the rows past the cap keep a snapshot of this session')
      if (fitsCap) {
        count(this.stats, 'visible user (<= 200 in view) is subscribed or auto-notified')
        if (!covered(id)) this.fail(`visible user is neither subscribed nor auto-notified: ${id}`)
      }
      if (covered(id) && !this.sameAsWorld(id, entry)) this.fail(`visible user shows a wrong status: ${this.describe(id)}`)
    }
    for (const [id, entry] of store.userStatusList) {
      count(this.stats, 'every entry belongs to a tracked user and is live')
      if (!tracked.has(id)) this.fail(`entry of an untracked user (not in view, overscan or subscribed): ${this.describe(id)}`)
      if (entry.stale) this.fail(`entry still stale after settling: ${this.describe(id)}`)
      if (covered(id)) {
        count(this.stats, 'subscribed / auto-notified entry equals the world')
        if (!this.sameAsWorld(id, entry)) this.fail(`subscribed user shows a wrong status: ${this.describe(id)}`)
      }
    }
  }

  private friendsOf(userID: string): string[] {
    return [...(this.friendships.get(userID) ?? [])]
  }

  /** Mirrors world.addFriend / removeFriend (the world has no friend query without a client). */
  setFriend(account: string, userID: string, friends: boolean): void {
    if (account === userID || this.ghosts.has(userID)) return
    if (friends) this.world.addFriend(account, userID)
    else this.world.removeFriend(account, userID)
    for (const [a, b] of [[account, userID], [userID, account]]) {
      const set = this.friendships.get(a) ?? new Set()
      if (friends) set.add(b)
      else set.delete(b)
      this.friendships.set(a, set)
    }
  }
}
