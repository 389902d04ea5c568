import { EVENT, TYPES } from '../constants'
import { EVENT_DECODERS, isRecord } from '../guards'
import type { EngineEvent } from '../types'
import { isPushEvent } from './protocol'

/**
 * Decoding of what the presence server sends: a frame is a push event or an answer; a pushed event is read with the
 * same decoders as the Tencent adapter's SDK events. Nothing from the wire is trusted; a malformed frame is dropped.
 */

export type Frame = { kind: 'push'; event: unknown; data: unknown } | { kind: 'answer'; frame: Record<string, unknown> }

/** Parses one socket message; null when it is not a JSON object. */
export function readFrame(raw: unknown): Frame | null {
  if (typeof raw !== 'string') return null
  let frame: unknown
  try {
    frame = JSON.parse(raw)
  } catch {
    return null
  }
  if (!isRecord(frame)) return null
  if ('event' in frame) return { kind: 'push', event: frame.event, data: frame.data }
  return { kind: 'answer', frame }
}

type Pushed = typeof EVENT.USER_STATUS_UPDATED | typeof EVENT.FRIEND_LIST_UPDATED | typeof EVENT.CONVERSATION_LIST_UPDATED

/** A pushed event the engine passes on, or a kick-out (which it acts on first). */
export type PushEvent = { kickedOut: string } | EngineEvent<Pushed>

/** Reads one pushed event; null for an unknown name or a malformed payload. */
export function decodePush(name: unknown, data: unknown): PushEvent | null {
  if (!isPushEvent(name)) return null
  if (name === EVENT.KICKED_OUT) {
    return { kickedOut: isRecord(data) && typeof data.type === 'string' ? data.type : TYPES.KICKED_OUT_MULT_ACCOUNT }
  }
  const decoded = EVENT_DECODERS[name](data)
  return decoded ? { name, data: decoded.data } : null
}
