import { DEFAULT_ENGINE_LIMITS, ERROR_CODE, KICKED_OUT_CODES, NOT_READY_CODES, type EngineLimits } from './constants'

/**
 * The error every kit and engine call rejects with. It has the shape of the SDK's own error
 * (`{ code, message }`), so `catch (e) { e.code === 72001 }` works the same on every engine.
 */
export class ChatError extends Error {
  readonly code: number
  /** Extra data, for example the `failureUserList` of a partial failure. */
  readonly data?: unknown

  constructor(code: number, message: string, data?: unknown) {
    super(message)
    this.name = 'ChatError'
    this.code = code
    this.data = data
  }
}

export function isChatError(value: unknown): value is ChatError {
  return value instanceof ChatError
}

/** Reads `{ code, message }` from anything an SDK may reject with. */
export function toChatError(value: unknown): ChatError {
  if (value instanceof ChatError) return value
  if (value && typeof value === 'object' && 'code' in value && typeof (value as { code: unknown }).code === 'number') {
    const { code, message } = value as { code: number; message?: unknown }
    return new ChatError(code, typeof message === 'string' ? message : `Chat SDK error ${code}`, value)
  }
  if (value instanceof Error) return new ChatError(ERROR_CODE.NETWORK_ERROR, value.message, value)
  return new ChatError(ERROR_CODE.NETWORK_ERROR, String(value), value)
}

/** True for an error whose code says the engine is not ready (not logged in, logging in, logged out, kicked out). */
export function isNotReady(error: unknown): boolean {
  const code = typeof error === 'number' ? error : error && typeof error === 'object' && 'code' in error ? (error as { code: unknown }).code : undefined
  return typeof code === 'number' && NOT_READY_CODES.has(code)
}

/** The code calls are rejected with after a kick-out of `type` (3002-3006; 3006 for a type the SDK does not name). */
export function kickedOutCode(type: string): number {
  return KICKED_OUT_CODES[type] ?? ERROR_CODE.KICKED_OUT_REST_API
}

/** The "not ready" error of a call, with the code the real SDK gives for why it is not ready. */
export function notReadyError(method: string, code: number): ChatError {
  let why: string
  switch (code) {
    case ERROR_CODE.NOT_LOGGED_IN:
      why = MESSAGES.notLoggedIn
      break
    case ERROR_CODE.LOGGING_IN:
      why = MESSAGES.loggingIn
      break
    case ERROR_CODE.LOGGED_OUT:
      why = MESSAGES.loggedOut
      break
    default:
      why = MESSAGES.kickedOut
  }
  return new ChatError(code, `${method}: ${why}`)
}

export const MESSAGES = {
  notReady: 'The chat SDK is not ready: call TUILogin.login() and wait for it to resolve before this call.',
  notLoggedIn: 'not logged in (2024): call TUILogin.login() and wait for it to resolve before this call.',
  loggingIn: 'a login is still in progress (3000): wait for TUILogin.login() to resolve before this call.',
  loggedOut: 'logged out (3005): call TUILogin.login() again before this call.',
  kickedOut: 'the session was ended by the server (kicked out): call TUILogin.login() again before this call.',
  loginInProgress: 'another login is still in progress (2025): wait for it to settle before logging in again.',
  featureNotEnabled:
    'User status is switched off in the Chat console (72001). Open the console, Feature Configuration, and turn on "User Status Query and Status Change Notification".',
  editionNotSupported:
    'Your Chat edition does not include user status (3122). Upgrade the app to Pro, Pro Plus or Enterprise.',
  overFrequency: 'Too many user-status calls: at most 20 calls in 5 seconds (2996). Wait and retry.',
} as const

/** An engine's per-call caps: its own `limits`, else the SDK's defaults (500 / 100 / 100). */
export function engineLimits(engine: { readonly limits?: EngineLimits }): EngineLimits {
  return engine.limits ?? DEFAULT_ENGINE_LIMITS
}
