import { ERROR_CODE, LIMITS } from '../constants'
import { ChatError } from '../errors'
import { invalid, isRecord } from '../guards'

/** Parameter checks of the engine calls. They throw the SDK's codes: 3153 (empty), 6017 (wrong type or size), 3001. */

export interface UserIDListRule {
  method: string
  /** Most distinct userIDs in one call. */
  max: number
  /** A missing or empty list means "all" (unsubscribeUserStatus) instead of 3153. */
  emptyMeansAll?: boolean
}

/**
 * Reads `options.userIDList`: an array of non-empty strings, at most `rule.max` distinct IDs (stricter than the
 * SDK, which silently truncates). Returns the distinct IDs in their first order; [] means "all" when allowed.
 */
export function readUserIDList(options: unknown, rule: UserIDListRule): string[] {
  const empty = () => {
    if (rule.emptyMeansAll) return []
    throw new ChatError(ERROR_CODE.OPTIONS_IS_EMPTY, `${rule.method}: userIDList is required and must not be empty.`)
  }
  if (options === undefined || options === null) return empty()
  if (!isRecord(options)) throw invalid(`${rule.method}: options must be an object like { userIDList: ['user1'] }.`)
  const list = options.userIDList
  if (list === undefined) return empty()
  if (!Array.isArray(list)) throw invalid(`${rule.method}: userIDList must be an array of userIDs.`)
  const items: readonly unknown[] = list
  if (items.length === 0) return empty()
  const unique = new Set<string>()
  for (const item of items) {
    if (typeof item !== 'string' || item === '') {
      throw invalid(`${rule.method}: userIDList must contain non-empty strings only.`)
    }
    unique.add(item)
  }
  if (unique.size > rule.max) {
    throw invalid(
      `${rule.method}: at most ${rule.max} userIDs per call (got ${unique.size}); send them in batches of ${rule.max}.`,
    )
  }
  return [...unique]
}

/** `options.userIDList` copied for the call log when it is an array of strings, else undefined. */
export function loggableUserIDList(options: unknown): string[] | undefined {
  if (!isRecord(options) || !Array.isArray(options.userIDList)) return undefined
  const items: readonly unknown[] = options.userIDList
  const ids: string[] = []
  for (const item of items) {
    if (typeof item !== 'string') return undefined
    ids.push(item)
  }
  return ids
}

/** Reads login options: userID a non-empty string (else 6017), userSig a non-empty string (else 3001). */
export function readLogin(options: unknown): { userID: string } {
  if (!isRecord(options)) throw invalid('login: options must be an object like { userID, userSig }.')
  const { userID, userSig } = options
  if (typeof userID !== 'string' || userID === '') throw invalid('login: userID must be a non-empty string.')
  if (typeof userSig !== 'string' || userSig === '') {
    throw new ChatError(ERROR_CODE.LOGIN_FAILED, 'login: userSig must be a non-empty string.')
  }
  return { userID }
}

/** Reads `options.customStatus` of setSelfStatus: a string ('' clears) of at most 100 UTF-8 bytes, else 6017. */
export function readCustomStatus(options: unknown): string {
  if (!isRecord(options) || typeof options.customStatus !== 'string') {
    throw invalid("setSelfStatus: options.customStatus must be a string ('' clears the custom status).")
  }
  const bytes = new TextEncoder().encode(options.customStatus).length
  if (bytes > LIMITS.CUSTOM_STATUS_MAX_BYTES) {
    throw invalid(`setSelfStatus: customStatus is ${bytes} bytes (UTF-8); at most ${LIMITS.CUSTOM_STATUS_MAX_BYTES} are allowed.`)
  }
  return options.customStatus
}
