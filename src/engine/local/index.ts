/**
 * The embedded engine: an in-memory world (the server) and `LocalEngine` clients (one per device).
 *
 * Documented choices:
 * - Login registers unknown userIDs on the fly (any non-empty userSig is accepted; an empty one is 3001).
 *   As the SDK: logging in while logged in (as anyone) resolves `{ repeatLogin: true }` and stays the old user.
 *   Login is synchronous, so the SDK's in-flight states (3000 for calls, 2025 for a second login) do not occur.
 * - Unknown userIDs in getUserStatus / subscribe / unsubscribe go to `failureUserList` with code 70107
 *   (`FAILURE_CODE.USER_NOT_FOUND`); subscribing oneself is a failure entry with code 6017.
 * - Check order of every call: logged in (else the SDK's "not ready" code: 2024 never logged in, 3005 logged out,
 *   3002-3006 kicked out), parameters (3153 / 6017), connection (2800), injected fault, edition (3122), rate
 *   limit (2996: the SDK's fixed 5 s window from the first call, every attempt from here on counting), console
 *   switch (72001). A rejected call changes nothing. `logout` while not logged in is 2024. Getting one's own
 *   status only is answered locally, with only the first two checks.
 *   Per-call limits count distinct userIDs; over the limit is 6017 (the SDK would truncate silently).
 * - logout works without a connection and is never delayed or faulted.
 * - Answers: calls that reached the server resolve after `latencyMs` plus any `faults.delay` on the clock (at once
 *   when both are 0); errors found before the server (not ready, 3153, 6017, 2800) and self-only getUserStatus at once.
 *   The effect of a call happens when it is made, even when its answer is delayed. `faults.failNext` applies to
 *   calls that reach the server, in place of the edition/switch/rate checks and the effect.
 * - Events: the world sends them to a client's sink synchronously; `LocalEngine` dispatches each in a microtask
 *   (or `latencyMs` later on the clock), never inside the call that caused them. Only logged-in, connected
 *   clients receive notifications; nothing is replayed after a reconnect. A client's own lifecycle events
 *   (SDK_READY, SDK_NOT_READY, netStateChange) always reach it; a kick-out while disconnected is told on reconnect.
 * - Notifications to subscribers and friends need an edition with user status and the console switch on;
 *   a user's own clients always get their own changes.
 * - Subscriptions are cleared `subscriptionClearDelayMs` after logout or after the server notices a lost
 *   connection (cancelled by a re-login as the same user on the same client, or by reconnecting), at once on a
 *   kick-out or a login as another user.
 * - Custom status is cleared 30 s after the user became UNLOGINED (cancelled if they come back), with a notification.
 * - World commands (setPresence, setCustomStatus, addFriend, addConversation, sendMessage) create unknown users.
 */
import { LocalEngine, type LocalEngineOptions } from './client'
import { DemoEngine, type DemoOptions } from './demo'
import { World } from './world'
import type { WorldOptions } from './types'

export function createWorld(options?: WorldOptions): World {
  return new World(options)
}

export interface CreateLocalEngineOptions extends LocalEngineOptions {
  /**
   * Simulated users (`true` or options): whoever logs in finds about 130 friends and 60 conversations, with
   * presence and custom statuses that change over time. @default false (an empty world)
   */
  demo?: boolean | DemoOptions
}

/**
 * A client engine on `options.world`, or on a new world with default options. `{ demo: true }` fills the world
 * with simulated users around whoever logs in, for demos and first tries.
 */
export function createLocalEngine(options?: CreateLocalEngineOptions): LocalEngine {
  const { demo, ...rest } = options ?? {}
  if (demo !== undefined && demo !== false && demo !== true && (typeof demo !== 'object' || demo === null)) {
    throw new TypeError('createLocalEngine({ demo }): demo must be true, false or { users, seed, intervalMs }.')
  }
  if (demo) return new DemoEngine(rest, demo === true ? {} : demo)
  return new LocalEngine(rest)
}

export { LocalEngine, World, DemoEngine }
export { populateDemoWorld } from './demo'
export type { DemoOptions } from './demo'
export { systemClock } from './clock'
export { FAILURE_CODE } from './server'
export type { LocalEngineOptions } from './client'
export type { Clock } from './clock'
export type {
  AddFriendOptions,
  AddUserOptions,
  ConversationOptions,
  ConversationTarget,
  DropConnectionOptions,
  OpenSessionOptions,
} from './world'
export type {
  AnyEngineEvent,
  ClientRef,
  Edition,
  EngineCall,
  EngineMethod,
  FaultInjector,
  LinkState,
  Presence,
  SessionApi,
  SessionSink,
  StatusChangeListener,
  WorldOptions,
  WorldSession,
} from './types'
