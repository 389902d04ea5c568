import { ERROR_CODE } from '../constants'
import { ChatError } from '../errors'
import { isRecord, readUserStatus, unexpectedResponse } from '../guards'
import type { EngineCapabilities, UserStatus } from '../types'
import { FixedWindow } from '../local/rate-limit'
import type { ResponseFrame, ServerMethod } from './protocol'
import type { WebSocketLike } from './options'

/**
 * The call/answer layer of the socket engine: numbered requests over the current socket, their answers matched
 * by id, a timeout per request, and the SDK's client-side rate limit. It knows nothing of login or reconnects.
 */

const OPEN = 1

interface Pending {
  method: ServerMethod
  resolve: (data: unknown) => void
  reject: (error: ChatError) => void
  timer: ReturnType<typeof setTimeout>
}

export function networkError(message: string): ChatError {
  return new ChatError(ERROR_CODE.NETWORK_ERROR, message)
}

function readResponse(value: Record<string, unknown>): ResponseFrame | null {
  const { id, ok } = value
  if (typeof id !== 'number' && typeof id !== 'string' && id !== null) return null
  if (ok === true) return { id, ok, data: value.data }
  const error = value.error
  if (ok === false && isRecord(error) && typeof error.code === 'number') {
    return { id, ok, error: { code: error.code, message: typeof error.message === 'string' ? error.message : `Error ${error.code}` } }
  }
  return null
}

/** The requests sent and not answered yet. */
export class PendingRequests {
  private readonly pending = new Map<number, Pending>()
  private nextId = 1

  constructor(private readonly timeoutMs: number) {}

  /** Sends `method` on `socket`; resolves with the server's data, rejects with its error or 2800. */
  send(socket: WebSocketLike | null, method: ServerMethod, params: unknown): Promise<unknown> {
    if (!socket || socket.readyState !== OPEN) return Promise.reject(networkError(`${method}: not connected to the presence server.`))
    const id = this.nextId++
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(networkError(`${method}: no answer from the presence server within ${this.timeoutMs} ms.`))
      }, this.timeoutMs)
      this.pending.set(id, { method, resolve, reject, timer })
      try {
        socket.send(JSON.stringify(params === undefined ? { id, method } : { id, method, params }))
      } catch (error) {
        clearTimeout(timer)
        this.pending.delete(id)
        reject(networkError(`${method}: ${error instanceof Error ? error.message : String(error)}`))
      }
    })
  }

  /** Settles the request a response frame answers; a frame that answers nothing pending is dropped. */
  answer(frame: Record<string, unknown>): void {
    const response = readResponse(frame)
    if (!response || typeof response.id !== 'number') return
    const pending = this.pending.get(response.id)
    if (!pending) return
    clearTimeout(pending.timer)
    this.pending.delete(response.id)
    if (response.ok) pending.resolve(response.data)
    else pending.reject(new ChatError(response.error.code, response.error.message))
  }

  /** Rejects every pending request with 2800. */
  rejectAll(reason: string): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer)
      this.pending.delete(id)
      pending.reject(networkError(`${pending.method}: ${reason}`))
    }
  }
}

/**
 * The SDK's client-side rate limit of the user-status calls (2996 before the request goes out): a fixed 5 s window
 * per method from the first call, every attempt counting. A self-only `getUserStatus` is not limited. The server
 * enforces its own limits too.
 */
export class RateSlots {
  private readonly windows = new Map<ServerMethod, FixedWindow>()

  take(method: ServerMethod, params: unknown, selfID: string | undefined): boolean {
    if (method !== 'getUserStatus' && method !== 'subscribeUserStatus' && method !== 'unsubscribeUserStatus') return true
    if (method === 'getUserStatus' && isRecord(params) && Array.isArray(params.userIDList)) {
      const list: readonly unknown[] = params.userIDList
      if (list.length > 0 && list.every((id) => id === selfID)) return true
    }
    let window = this.windows.get(method)
    if (!window) {
      window = new FixedWindow()
      this.windows.set(method, window)
    }
    return window.attempt(Date.now())
  }
}

/**
 * What the presence server does beyond the SDK: it keeps `setSelfStatus({ customStatus, expiresAt })` (sent as
 * given) and clears the status itself at that time, so the kit keeps no expiry of its own.
 */
export const SOCKET_CAPABILITIES: EngineCapabilities = Object.freeze({ statusExpiry: true })

/** The answer to `setSelfStatus`: the user's status, read with the same guard as every engine's. */
export function readSelfStatus(data: unknown): UserStatus {
  const status = readUserStatus(data)
  if (!status) throw unexpectedResponse('setSelfStatus', 'not a user status', data)
  return status
}
