import { ERROR_CODE, NOT_READY_CODES } from './constants'

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

export const MESSAGES = {
  notReady: 'The chat SDK is not ready: call TUILogin.login() and wait for it to resolve before this call.',
  featureNotEnabled:
    'User status is switched off in the Chat console (72001). Open the console, Feature Configuration, and turn on "User Status Query and Status Change Notification".',
  editionNotSupported:
    'Your Chat edition does not include user status (3122). Upgrade the app to Pro, Pro Plus or Enterprise.',
  overFrequency: 'Too many user-status calls: at most 20 calls in 5 seconds (2996). Wait and retry.',
} as const
