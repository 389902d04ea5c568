import { ERROR_CODE } from '../constants'
import { ChatError } from '../errors'

/** The part of the WebSocket API the engine uses: the browser's `WebSocket` and Node's `ws` both have it. */
export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((event: never) => void) | null
  onclose: ((event: never) => void) | null
  onerror: ((event: never) => void) | null
  onmessage: ((event: never) => void) | null
}

/** A WebSocket class: the browser's global `WebSocket`, or `ws`'s in Node. */
export type WebSocketConstructor = new (url: string) => WebSocketLike

export interface ReconnectOptions {
  /** First delay after a drop. @default 500 */
  initialDelayMs?: number
  /** @default 30_000 */
  maxDelayMs?: number
  /** @default 2 */
  factor?: number
  /** Share of each delay drawn at random (0 = none, 1 = full jitter). @default 0.5 */
  jitter?: number
}

export interface SocketEngineOptions {
  /** The presence server, `ws://host:8787/` (`wss://` in production). */
  url: string
  /** The user the engine logs in as; `login({ userID })` must match it when a `token` is given. */
  userID?: string
  /** The user's token (from your backend). When given, login() uses it instead of `userSig`. */
  token?: string
  /** The WebSocket class. @default the global `WebSocket` (browsers, Node 22); in Node 20, `ws`'s. */
  WebSocket?: WebSocketConstructor
  reconnect?: ReconnectOptions
  /** A request without answer for this long is rejected with 2800. @default 15_000 */
  requestTimeoutMs?: number
  /** Interval of the engine's ping; a ping without answer drops the socket and reconnects. 0 = off. @default 25_000 */
  heartbeatMs?: number
  /** @default Math.random */
  random?: () => number
}

/** The reconnect options with their defaults filled in (jitter clamped to 0..1). */
export function readBackoff(options: ReconnectOptions | undefined): Required<ReconnectOptions> {
  return {
    initialDelayMs: options?.initialDelayMs ?? 500,
    maxDelayMs: options?.maxDelayMs ?? 30_000,
    factor: options?.factor ?? 2,
    jitter: Math.min(1, Math.max(0, options?.jitter ?? 0.5)),
  }
}

/** The delay before reconnect attempt `attempt` (0-based): exponential, capped, with jitter. */
export function backoffDelay(backoff: Required<ReconnectOptions>, attempt: number, random: () => number): number {
  const { initialDelayMs, maxDelayMs, factor, jitter } = backoff
  const base = Math.min(maxDelayMs, initialDelayMs * factor ** attempt)
  return Math.round(base * (1 - jitter) + base * jitter * random())
}

export function globalSocket(url: string): WebSocketLike {
  if (typeof WebSocket === 'undefined') {
    throw new ChatError(ERROR_CODE.NETWORK_ERROR, "No global WebSocket here: pass createSocketEngine({ WebSocket }) (the ws package's class in Node 20).")
  }
  return new WebSocket(url)
}

/** Detaches the engine's handlers from `socket`, then closes it; nobody hears of the close. */
export function closeQuietly(socket: WebSocketLike, code: number, reason: string): void {
  socket.onopen = null
  socket.onmessage = null
  socket.onerror = null
  socket.onclose = null
  try {
    socket.close(code, reason)
  } catch {
    // Already closed.
  }
}
