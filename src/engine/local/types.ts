import type { ChatEngine, EngineEvent, EngineEventName, UserStatus } from '../types'
import type { Clock } from './clock'

/** The app's plan. User status (others' status, subscriptions) needs `pro` or above. */
export type Edition = 'standard' | 'pro' | 'ultimate' | 'enterprise'

/** A simulated user's virtual device, set with `world.setPresence` (no client needed). */
export type Presence = 'online' | 'offline' | 'unlogined'

/** The engine calls a client can make to the world (the `ChatEngine` methods that reach a server). */
export type EngineMethod = Exclude<keyof ChatEngine, 'on' | 'off' | 'isReady' | 'getLoginUser' | 'limits' | 'capabilities'>

/** Any engine event, as a union discriminated by `name`. */
export type AnyEngineEvent = { [E in EngineEventName]: EngineEvent<E> }[EngineEventName]

/** Receives the events the world sends to one client (notifications, lifecycle and network events). */
export type SessionSink = (event: AnyEngineEvent) => void

/**
 * A client's connection: `up`; `silent` (lost without FIN: the server still counts the device online until the
 * heartbeat times out); `down` (lost, and the server knows it).
 */
export type LinkState = 'up' | 'silent' | 'down'

/** One call the world received, in `world.calls` and passed to `world.onCall` listeners. */
export interface EngineCall {
  clientId: string
  /** The client's logged-in user at call time ('' when none); for `login`, the userID asked for. */
  userID: string
  method: EngineMethod
  /** A copy of `options.userIDList` when it was an array of strings. */
  userIDList?: string[]
  /** `clock.now()` when the call was made. */
  at: number
  ok: boolean
  /** The error code when `ok` is false. */
  code?: number
}

export interface WorldOptions {
  /** @default systemClock (follows `vi.useFakeTimers()`) */
  clock?: Clock
  /** @default 'ultimate' */
  edition?: Edition
  /** Console switch "user status query and status change notification". @default true */
  userStatusEnabled?: boolean
  /** Console switch "friend status auto-notify". @default false */
  friendAutoNotify?: boolean
  /** Devices one user may have logged in at once; past it the oldest is kicked out. @default Infinity */
  maxDevicesPerUser?: number
  /** Delay after logout (or a lost connection) before the server clears a client's subscriptions. @default 30_000 */
  subscriptionClearDelayMs?: number
  /** Delay of every server response and every event, on the clock. 0 = next microtask. @default 0 */
  latencyMs?: number
  /** Most calls kept in `world.calls` (the oldest dropped); 0 keeps none (`onCall` listeners still see all). @default Infinity */
  callLogLimit?: number
}

/** The engine calls of one client session, with the `ChatEngine` signatures. */
export type SessionApi = Pick<ChatEngine, EngineMethod>

/** The world's side of one client (one device): opened with `world.openSession(sink)`. */
export interface WorldSession extends SessionApi {
  readonly id: string
  /** The logged-in user, '' when not logged in. */
  readonly userID: string
  readonly loggedIn: boolean
  /** The code calls reject with while not logged in: 2024 (never logged in), 3005 (logged out), 3002-3006 (kicked out). */
  readonly notReadyCode: number
  readonly link: LinkState
  /** Logs out if needed, clears the subscriptions and removes the client from the world. */
  close(): void
}

/** A client in world commands: its session, or anything that holds one (a `LocalEngine`). */
export type ClientRef = WorldSession | { readonly session: WorldSession }

/**
 * Told every change of a user's status or custom status, after the world sent its notifications: the user's
 * status now and before. Set with `world.onStatusChange` (the presence server mirrors changes to Redis with it).
 */
export type StatusChangeListener = (status: UserStatus, previous: UserStatus) => void

/** Fault injection for randomized tests. */
export interface FaultInjector {
  /** The next `times` calls of `method` that reach the server reject with `code` (and change nothing). */
  failNext(method: EngineMethod, code: number, times?: number): void
  /** Responses of `method` are resolved `ms` later on the clock (on top of `latencyMs`); 0 removes the delay. */
  delay(method: EngineMethod, ms: number): void
  /** Removes every pending failure and delay. */
  clear(): void
}
