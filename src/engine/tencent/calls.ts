import { DEFAULT_ENGINE_LIMITS, ERROR_CODE, type EngineLimits } from '../constants'
import { ChatError, toChatError } from '../errors'
import { invalid, isRecord } from '../guards'
import type { ChatResponse, UserStatus } from '../types'

/**
 * The adapter's calls into the SDK: its parameters checked before they go out, its throws and rejections turned
 * into typed errors, the options of `createTencentEngine` read.
 */

const PARAMS_REFUSED =
  'the SDK refused the parameters ("Params validate failed."): pass the options the SDK documents, for example { userIDList: [\'user1\'] }.'

/** `options.userIDList` for getUserStatus / subscribeUserStatus: a non-empty array of non-empty strings. */
export function requireUserIDList(api: string, options: unknown): string[] {
  if (!isRecord(options) || options.userIDList === undefined) {
    throw new ChatError(ERROR_CODE.OPTIONS_IS_EMPTY, `${api}: options.userIDList is required, for example { userIDList: ['user1'] }.`)
  }
  return readUserIDs(api, options.userIDList, false)
}

export function readUserIDs(api: string, list: unknown, emptyMeansAll: boolean): string[] {
  if (!Array.isArray(list)) throw invalid(`${api}: userIDList must be an array of userIDs.`)
  const items: readonly unknown[] = list
  if (items.length === 0 && !emptyMeansAll) {
    throw new ChatError(ERROR_CODE.OPTIONS_IS_EMPTY, `${api}: userIDList must not be empty.`)
  }
  const ids: string[] = []
  for (const item of items) {
    if (typeof item !== 'string' || item === '') throw invalid(`${api}: userIDList must contain non-empty strings only.`)
    ids.push(item)
  }
  return ids
}

/**
 * Calls the SDK and reads its answer. A rejection keeps the SDK's `code` and `message`. A synchronous throw is the
 * SDK's parameter check (`Error("Params validate failed.")`, no code): it becomes a typed validation error (6017),
 * never a network error, so the kit does not retry it.
 */
export async function call<T>(api: string, run: () => Promise<unknown>, read: (response: unknown) => T): Promise<T> {
  let pending: Promise<unknown>
  try {
    pending = run()
  } catch (error) {
    if (isRecord(error) && typeof error.code === 'number') throw toChatError(error)
    throw new ChatError(ERROR_CODE.INVALID_PARAMETERS, `${api}: ${PARAMS_REFUSED}`, error)
  }
  let response: unknown
  try {
    response = await pending
  } catch (error) {
    throw toChatError(error)
  }
  return read(response)
}

export function ok<T>(data: T): ChatResponse<T> {
  return { code: 0, data }
}

/** The first status of each user: an oversized `getUserStatus` that includes self answers self twice. */
export function firstOfEach(list: UserStatus[]): UserStatus[] {
  const seen = new Set<string>()
  const out: UserStatus[] = []
  for (const status of list) {
    if (seen.has(status.userID)) continue
    seen.add(status.userID)
    out.push(status)
  }
  return out
}

/** `options.limits`: positive integers only; anything else keeps the SDK default. */
export function readLimits(value: Partial<EngineLimits> | undefined): Partial<EngineLimits> {
  const out: { -readonly [K in keyof EngineLimits]?: number } = {}
  if (!isRecord(value)) return out
  for (const key of Object.keys(DEFAULT_ENGINE_LIMITS) as Array<keyof EngineLimits>) {
    const limit = value[key]
    if (limit === undefined) continue
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
      throw invalid(`createTencentEngine: limits.${key} must be a positive integer; got ${String(limit)}.`)
    }
    out[key] = limit
  }
  return out
}
