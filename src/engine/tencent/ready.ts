import { ERROR_CODE } from '../constants'
import { ChatError } from '../errors'

/**
 * The adapter's login/ready handling: `login()` resolves only once the SDK is ready (SDK_READY), is refused when a
 * kick-out comes first, and gives up with 3000 after a timeout.
 */

/** Outcome of waiting for SDK_READY: null when ready, else why not. */
type ReadyListener = (error: ChatError | null) => void

export class ReadyWaiters {
  private readonly listeners = new Set<ReadyListener>()

  constructor(private readonly readyTimeoutMs: number) {}

  /** SDK_READY came (null) or can no longer come (the error the waiting logins reject with). */
  settle(error: ChatError | null): void {
    for (const listener of [...this.listeners]) listener(error)
  }

  /**
   * Starts listening for SDK_READY before `chat.login` is called, so the event cannot be missed; `wait()` then
   * waits for it, at most `readyTimeoutMs` from that moment.
   */
  listen(): { wait: () => Promise<void>; cancel: () => void } {
    const readyTimeoutMs = this.readyTimeoutMs
    let outcome: ChatError | null | undefined
    let wake: ReadyListener | null = null
    const listener: ReadyListener = (error) => {
      if (outcome !== undefined) return
      outcome = error
      wake?.(error)
    }
    this.listeners.add(listener)
    const cancel = () => {
      this.listeners.delete(listener)
    }
    const wait = () =>
      new Promise<void>((resolve, reject) => {
        let timer: ReturnType<typeof setTimeout> | undefined
        const finish: ReadyListener = (error) => {
          clearTimeout(timer)
          cancel()
          if (error) reject(error)
          else resolve()
        }
        if (outcome !== undefined) return finish(outcome)
        wake = finish
        timer = setTimeout(() => {
          finish(
            new ChatError(
              ERROR_CODE.LOGGING_IN,
              `login: the SDK did not become ready (SDK_READY) within ${readyTimeoutMs} ms; it is still logging in.`,
            ),
          )
        }, readyTimeoutMs)
      })
    return { wait, cancel }
  }
}
