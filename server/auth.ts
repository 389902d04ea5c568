import { createHmac, timingSafeEqual } from 'node:crypto'
import { ERROR_CODE } from '../src/engine/constants'
import { ChatError } from '../src/engine/errors'
import { SERVER_ERROR_CODE } from '../src/engine/socket/protocol'

/**
 * Tokens: the presence server's analogue of a userSig. Your backend, which knows the secret, issues one per
 * userID; the server only checks it.
 *
 * Format (version 1): `v1.HS256.{expiresAt}.{mac}`
 * - `v1`: the format version; `HS256`: the algorithm (HMAC-SHA256), the only one accepted;
 * - `expiresAt`: seconds since the epoch, `0` for a token that never expires;
 * - `mac`: base64url (no padding, 43 characters) of HMAC-SHA256(secret, message), where the message is
 *   `tui-presence-token\nv1\nHS256\n{byte length of userID}:{userID}\n{expiresAt}`. The userID is
 *   length-prefixed, so no two (userID, expiresAt) pairs share a message.
 *
 * Anything else (the unversioned format of earlier releases included) is malformed (70003).
 */

export interface TokenOptions {
  /** Seconds from now until the token expires. Absent: it never expires (rotate the secret to revoke). */
  expiresInSec?: number
  /** @default Date.now */
  now?: () => number
}

const MIN_SECRET_LENGTH = 16
export const TOKEN_VERSION = 'v1'
export const TOKEN_ALGORITHM = 'HS256'
const TOKEN_PATTERN = /^v1\.HS256\.(0|[1-9][0-9]{0,11})\.([A-Za-z0-9_-]{43})$/

export function assertSecret(secret: unknown): asserts secret is string {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new TypeError(`The presence server needs a secret of at least ${MIN_SECRET_LENGTH} characters (PRESENCE_SECRET).`)
  }
}

/** The signed message: every field fixed or length-prefixed, so distinct inputs never give the same bytes. */
function message(userID: string, expiresAt: string): string {
  return `tui-presence-token\n${TOKEN_VERSION}\n${TOKEN_ALGORITHM}\n${Buffer.byteLength(userID, 'utf8')}:${userID}\n${expiresAt}`
}

function sign(secret: string, userID: string, expiresAt: string): Buffer {
  return createHmac('sha256', secret).update(message(userID, expiresAt), 'utf8').digest()
}

export function createToken(secret: string, userID: string, options: TokenOptions = {}): string {
  assertSecret(secret)
  if (typeof userID !== 'string' || userID === '') throw new TypeError('createToken: userID must be a non-empty string.')
  let expiresAt = '0'
  if (options.expiresInSec !== undefined) {
    const now = options.now ?? Date.now
    expiresAt = String(Math.max(1, Math.floor(now() / 1000) + Math.max(0, Math.floor(options.expiresInSec))))
  }
  return `${TOKEN_VERSION}.${TOKEN_ALGORITHM}.${expiresAt}.${sign(secret, userID, expiresAt).toString('base64url')}`
}

/** Returns if `token` was issued for `userID` with `secret` and has not expired; else throws a ChatError. */
export function verifyToken(secret: string, userID: string, token: string, now: () => number = Date.now): void {
  const match = typeof token === 'string' ? TOKEN_PATTERN.exec(token) : null
  if (!match) {
    throw new ChatError(
      SERVER_ERROR_CODE.TOKEN_MALFORMED,
      `login: the token is malformed (expected ${TOKEN_VERSION}.${TOKEN_ALGORITHM}.<expiresAt>.<mac>; tokens of the older format are no longer accepted); ask your backend for a new token for this userID.`,
    )
  }
  const [, expiresAt, mac] = match
  const expected = sign(secret, userID, expiresAt)
  const given = Buffer.from(mac, 'base64url')
  // Both are 32 bytes (43 base64url characters); the length check only guards timingSafeEqual.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ChatError(SERVER_ERROR_CODE.TOKEN_INVALID, `login: the token was not issued for userID "${userID}" by this server.`)
  }
  if (expiresAt !== '0' && Number(expiresAt) * 1000 <= now()) {
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
