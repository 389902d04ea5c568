import { createHmac, timingSafeEqual } from 'node:crypto'
import { ERROR_CODE } from '../src/engine/constants'
import { ChatError } from '../src/engine/errors'
import { SERVER_ERROR_CODE } from '../src/engine/socket/protocol'

/**
 * Tokens: the presence server's analogue of a userSig. Your backend, which knows the secret, issues one per
 * userID; the server only checks it.
 *
 * - without expiry: `base64url(HMAC-SHA256(secret, userID))`
 * - with expiry:    `${expiresAt}.${base64url(HMAC-SHA256(secret, `${userID}.${expiresAt}`))}`, expiresAt in
 *   seconds since the epoch.
 */

export interface TokenOptions {
  /** Seconds from now until the token expires. Absent: it never expires (rotate the secret to revoke). */
  expiresInSec?: number
  /** @default Date.now */
  now?: () => number
}

const MIN_SECRET_LENGTH = 16

export function assertSecret(secret: unknown): asserts secret is string {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new TypeError(`The presence server needs a secret of at least ${MIN_SECRET_LENGTH} characters (PRESENCE_SECRET).`)
  }
}

function sign(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload, 'utf8').digest()
}

export function createToken(secret: string, userID: string, options: TokenOptions = {}): string {
  assertSecret(secret)
  if (typeof userID !== 'string' || userID === '') throw new TypeError('createToken: userID must be a non-empty string.')
  if (options.expiresInSec === undefined) return sign(secret, userID).toString('base64url')
  const now = options.now ?? Date.now
  const expiresAt = Math.floor(now() / 1000) + Math.max(0, Math.floor(options.expiresInSec))
  return `${expiresAt}.${sign(secret, `${userID}.${expiresAt}`).toString('base64url')}`
}

const MAC_PATTERN = /^[A-Za-z0-9_-]{43}$/
const EXPIRY_PATTERN = /^[0-9]{1,12}$/

/** Resolves if `token` was issued for `userID` with `secret` and has not expired; else throws a ChatError. */
export function verifyToken(secret: string, userID: string, token: string, now: () => number = Date.now): void {
  const dot = token.indexOf('.')
  const expiry = dot === -1 ? '' : token.slice(0, dot)
  const mac = dot === -1 ? token : token.slice(dot + 1)
  if (!MAC_PATTERN.test(mac) || (dot !== -1 && !EXPIRY_PATTERN.test(expiry))) {
    throw new ChatError(SERVER_ERROR_CODE.TOKEN_MALFORMED, 'login: the token is malformed; ask your backend for a token for this userID.')
  }
  const expected = sign(secret, dot === -1 ? userID : `${userID}.${expiry}`)
  const given = Buffer.from(mac, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ChatError(SERVER_ERROR_CODE.TOKEN_INVALID, `login: the token was not issued for userID "${userID}" by this server.`)
  }
  if (dot !== -1 && Number(expiry) * 1000 <= now()) {
    throw new ChatError(SERVER_ERROR_CODE.TOKEN_EXPIRED, 'login: the token has expired; get a new one from your backend.')
  }
}

/** Codes that mean "these credentials will never work": a client must not retry them. */
export const AUTH_FAILURE_CODES: ReadonlySet<number> = new Set<number>([
  ERROR_CODE.LOGIN_FAILED,
  SERVER_ERROR_CODE.TOKEN_EXPIRED,
  SERVER_ERROR_CODE.TOKEN_MALFORMED,
  SERVER_ERROR_CODE.TOKEN_INVALID,
])
