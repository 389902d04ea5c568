import { ERROR_CODE } from '../src/engine/constants'
import { ChatError } from '../src/engine/errors'
import { invalid, isRecord } from '../src/engine/guards'
import {
  isServerMethod,
  PROTOCOL_LIMITS,
  type LoginParams,
  type RequestId,
  type ServerMethod,
} from '../src/engine/socket/protocol'

/** Reading and checking client frames. Nothing here throws anything but a ChatError. */


function isRequestId(value: unknown): value is RequestId {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0
  return typeof value === 'string' && value.length > 0 && value.length <= PROTOCOL_LIMITS.MAX_STRING_ID_LENGTH
}

export interface ParsedRequest {
  id: RequestId
  method: ServerMethod
  params: unknown
}

/** A frame that could not become a request: the error to answer, and the id when it could be read. */
export class FrameError extends Error {
  readonly id: RequestId | null
  readonly error: ChatError

  constructor(id: RequestId | null, error: ChatError) {
    super(error.message)
    this.id = id
    this.error = error
  }
}

/** Parses one text frame into a request, or throws a FrameError. */
export function parseRequest(text: string): ParsedRequest {
  let frame: unknown
  try {
    frame = JSON.parse(text)
  } catch {
    throw new FrameError(null, invalid('Malformed frame: not JSON. Send {"id":1,"method":"login","params":{...}}.'))
  }
  if (!isRecord(frame)) throw new FrameError(null, invalid('Malformed frame: expected a JSON object {id, method, params}.'))
  const { id, method, params } = frame
  if (!isRequestId(id)) {
    throw new FrameError(null, invalid('Malformed frame: id must be a non-negative integer or a string of 1-64 characters.'))
  }
  if (typeof method !== 'string') throw new FrameError(id, invalid('Malformed frame: method must be a string.'))
  if (!isServerMethod(method)) throw new FrameError(id, invalid(`Unknown method "${method.slice(0, 64)}".`))
  if (params !== undefined && params !== null && !isRecord(params)) {
    throw new FrameError(id, invalid(`${method}: params must be an object.`))
  }
  return { id, method, params: params ?? undefined }
}

function readString(params: Record<string, unknown>, method: string, key: string, max: number): string {
  const value = params[key]
  if (typeof value !== 'string') throw invalid(`${method}: params.${key} must be a string.`)
  if (value.length > max) throw invalid(`${method}: params.${key} is longer than ${max} characters.`)
  return value
}

export function readLoginParams(params: unknown): LoginParams {
  if (!isRecord(params)) throw invalid('login: params must be { userID, token }.')
  const userID = readString(params, 'login', 'userID', PROTOCOL_LIMITS.MAX_USER_ID_LENGTH)
  const token = readString(params, 'login', 'token', PROTOCOL_LIMITS.MAX_TOKEN_LENGTH)
  if (userID === '') throw invalid('login: params.userID must not be empty.')
  if (token === '') throw new ChatError(ERROR_CODE.LOGIN_FAILED, 'login: params.token must not be empty.')
  return { userID, token }
}

/**
 * Checks the shape of a userIDList call: an object whose `userIDList`, when present, is an array of strings of
 * bounded length. Emptiness and the per-method limits are left to the engine's world (3153 / 6017).
 */
export function checkUserIDListParams(method: string, params: unknown): { userIDList?: string[] } | undefined {
  if (params === undefined) return undefined
  if (!isRecord(params)) throw invalid(`${method}: params must be { userIDList: string[] }.`)
  const list = params.userIDList
  if (list === undefined) return {}
  if (!Array.isArray(list)) throw invalid(`${method}: params.userIDList must be an array of userIDs.`)
  const items: readonly unknown[] = list
  if (items.length > PROTOCOL_LIMITS.MAX_LIST_LENGTH) {
    throw invalid(`${method}: params.userIDList has more than ${PROTOCOL_LIMITS.MAX_LIST_LENGTH} entries.`)
  }
  const ids: string[] = []
  for (const item of items) {
    if (typeof item !== 'string' || item.length > PROTOCOL_LIMITS.MAX_USER_ID_LENGTH) {
      throw invalid(`${method}: params.userIDList must hold strings of at most ${PROTOCOL_LIMITS.MAX_USER_ID_LENGTH} characters.`)
    }
    ids.push(item)
  }
  return { userIDList: ids }
}

export function readSetSelfStatusParams(params: unknown): { customStatus: string; expiresAt?: number } {
  if (!isRecord(params)) throw invalid("setSelfStatus: params must be { customStatus, expiresAt? } ('' clears).")
  const customStatus = readString(params, 'setSelfStatus', 'customStatus', PROTOCOL_LIMITS.MAX_CUSTOM_STATUS_LENGTH)
  const { expiresAt } = params
  if (expiresAt === undefined || expiresAt === null) return { customStatus }
  if (typeof expiresAt !== 'number' || !Number.isSafeInteger(expiresAt) || expiresAt < 0) {
    throw invalid('setSelfStatus: params.expiresAt must be a time in epoch milliseconds (an integer), or absent for no expiry.')
  }
  return { customStatus, expiresAt }
}

/** Methods without params accept none, `null` or `{}`. */
export function checkNoParams(method: string, params: unknown): void {
  if (params !== undefined && (!isRecord(params) || Object.keys(params).length > 0)) {
    throw invalid(`${method}: takes no params.`)
  }
}
