import type { EngineMethod, FaultInjector } from './types'

/** Pending injected failures and delays, per method. */
export class Faults implements FaultInjector {
  private readonly failures = new Map<EngineMethod, number[]>()
  private readonly delays = new Map<EngineMethod, number>()

  failNext(method: EngineMethod, code: number, times = 1): void {
    const queue = this.failures.get(method) ?? []
    for (let i = 0; i < times; i++) queue.push(code)
    this.failures.set(method, queue)
  }

  delay(method: EngineMethod, ms: number): void {
    if (ms > 0) this.delays.set(method, ms)
    else this.delays.delete(method)
  }

  clear(): void {
    this.failures.clear()
    this.delays.clear()
  }

  /** The code of the next injected failure of `method`, consumed; undefined when none. */
  takeFailure(method: EngineMethod): number | undefined {
    return this.failures.get(method)?.shift()
  }

  delayOf(method: EngineMethod): number {
    return this.delays.get(method) ?? 0
  }
}
