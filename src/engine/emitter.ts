import type { EngineEvent, EngineEventData, EngineEventHandler, EngineEventName } from './types'

type HandlerSets = { [E in EngineEventName]?: Set<EngineEventHandler<E>> }

/**
 * The event side of every engine (embedded client, socket engine, Tencent adapter): `on` / `off` with the SDK's
 * semantics (the same handler twice is registered once; `off` removes exactly that handler) and `emit`, which
 * calls the handlers in registration order. A handler that throws does not starve the others: its error is
 * rethrown in a microtask, so it still surfaces as an uncaught error.
 */
export class EngineEmitter {
  private readonly handlers: HandlerSets = {}

  on<E extends EngineEventName>(name: E, handler: EngineEventHandler<E>): void {
    const set: Set<EngineEventHandler<E>> = this.handlers[name] ?? new Set()
    set.add(handler)
    this.handlers[name] = set as HandlerSets[E]
  }

  off<E extends EngineEventName>(name: E, handler: EngineEventHandler<E>): void {
    this.handlers[name]?.delete(handler)
  }

  /** How many handlers `name` has. */
  count(name: EngineEventName): number {
    return this.handlers[name]?.size ?? 0
  }

  emit<E extends EngineEventName>(name: E, data: EngineEventData[E]): void {
    this.dispatch({ name, data } as EngineEvent<E>)
  }

  dispatch<E extends EngineEventName>(event: EngineEvent<E>): void {
    const set: Set<EngineEventHandler<E>> | undefined = this.handlers[event.name]
    if (!set) return
    for (const handler of [...set]) {
      try {
        handler(event)
      } catch (error) {
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }
}
