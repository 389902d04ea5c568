import { DEFAULT_ENGINE_LIMITS, type EngineLimits } from '../constants'
import type {
  ChatEngine,
  EngineEvent,
  EngineEventHandler,
  EngineEventName,
  LoginOptions,
  SetSelfStatusOptions,
  UserIDListOptions,
} from '../types'
import { EngineEmitter } from '../emitter'
import type { AnyEngineEvent, SessionApi, WorldSession } from './types'
import { World, type DropConnectionOptions } from './world'

export interface LocalEngineOptions {
  /** The world to connect to. @default a new world with default options */
  world?: World
  /** The client's id in `world.calls`. @default 'c1', 'c2', ... */
  id?: string
  /**
   * Runs one event dispatch later, when the world's `latencyMs` is 0. For example a MessageChannel post, to
   * deliver each event in its own task as the SDK does. @default queueMicrotask
   */
  schedule?: (task: () => void) => void
}

/**
 * One device of the embedded engine: a `ChatEngine` over a world session.
 *
 * Events are dispatched asynchronously, never inside the call that caused them: each one in its own microtask
 * (or `options.schedule`), or `latencyMs` later on the world's clock when the world has a latency; always in the
 * order the world sent them. `isReady()` and `getLoginUser()` read the session's state at once.
 */
export class LocalEngine implements ChatEngine {
  readonly world: World
  readonly session: WorldSession
  /** The embedded server's per-call caps: the SDK's defaults (500 / 100 / 100); over them is 6017. */
  readonly limits: EngineLimits = DEFAULT_ENGINE_LIMITS
  private readonly schedule: (task: () => void) => void
  private readonly emitter = new EngineEmitter()

  constructor(options: LocalEngineOptions = {}) {
    this.world = options.world ?? new World()
    this.schedule = options.schedule ?? ((task) => queueMicrotask(task))
    this.session = this.world.openSession((event) => this.enqueue(event), { id: options.id })
  }

  /** The client's id in `world.calls`. */
  get id(): string {
    return this.session.id
  }

  login(options: LoginOptions): ReturnType<SessionApi['login']> {
    return this.session.login(options)
  }

  logout(): ReturnType<SessionApi['logout']> {
    return this.session.logout()
  }

  isReady(): boolean {
    return this.session.loggedIn
  }

  getLoginUser(): string {
    return this.session.userID
  }

  getConversationList(): ReturnType<SessionApi['getConversationList']> {
    return this.session.getConversationList()
  }

  getFriendList(): ReturnType<SessionApi['getFriendList']> {
    return this.session.getFriendList()
  }

  getUserStatus(options: UserIDListOptions): ReturnType<SessionApi['getUserStatus']> {
    return this.session.getUserStatus(options)
  }

  subscribeUserStatus(options: UserIDListOptions): ReturnType<SessionApi['subscribeUserStatus']> {
    return this.session.subscribeUserStatus(options)
  }

  unsubscribeUserStatus(options?: Partial<UserIDListOptions>): ReturnType<SessionApi['unsubscribeUserStatus']> {
    return this.session.unsubscribeUserStatus(options)
  }

  setSelfStatus(options: SetSelfStatusOptions): ReturnType<SessionApi['setSelfStatus']> {
    return this.session.setSelfStatus(options)
  }

  on<E extends EngineEventName>(name: E, handler: EngineEventHandler<E>): void {
    this.emitter.on(name, handler)
  }

  off<E extends EngineEventName>(name: E, handler: EngineEventHandler<E>): void {
    this.emitter.off(name, handler)
  }

  /** Same as `world.dropConnection(this, options)`. */
  dropConnection(options?: DropConnectionOptions): void {
    this.world.dropConnection(this, options)
  }

  /** Same as `world.restoreConnection(this)`. */
  restoreConnection(): void {
    this.world.restoreConnection(this)
  }

  /** Logs out if needed and leaves the world for good (as the SDK's `destroy()`). */
  destroy(): void {
    this.session.close()
  }

  private enqueue(event: AnyEngineEvent): void {
    const task = () => this.dispatch(event)
    const latency = this.world.latencyMs
    if (latency > 0) this.world.clock.setTimeout(task, latency)
    else this.schedule(task)
  }

  private dispatch<E extends EngineEventName>(event: EngineEvent<E>): void {
    this.emitter.dispatch(event)
  }
}
