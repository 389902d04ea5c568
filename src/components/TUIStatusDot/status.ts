import { TYPES } from '../../engine/constants'
import type { UserStatusEntry } from '../../services/types'

/** The four states a dot shows, as in its `data-status` attribute. */
export type StatusKind = 'online' | 'offline' | 'unlogined' | 'unknown'

/** Words of the accessible label, one per state (replace them to translate the label). */
export interface StatusLabels {
  online: string
  offline: string
  unlogined: string
  unknown: string
  /** Prefix of a last known state while reconnecting: "last seen online". */
  lastSeen: string
  /** Suffix while reconnecting. */
  reconnecting: string
}

export const DEFAULT_STATUS_LABELS: Readonly<StatusLabels> = Object.freeze({
  online: 'online',
  offline: 'offline',
  unlogined: 'not logged in',
  unknown: 'status unknown',
  lastSeen: 'last seen',
  reconnecting: 'reconnecting',
})

/** `undefined` (not known yet) and `USER_STATUS_UNKNOWN` are both `unknown`. */
export function statusKind(status: UserStatusEntry | undefined): StatusKind {
  switch (status?.statusType) {
    case TYPES.USER_STATUS_ONLINE:
      return 'online'
    case TYPES.USER_STATUS_OFFLINE:
      return 'offline'
    case TYPES.USER_STATUS_UNLOGINED:
      return 'unlogined'
    default:
      return 'unknown'
  }
}

/**
 * The accessible label of a user's status:
 * "Alice, online, listening to music", "Alice, offline", "Alice, not logged in", "Alice, status unknown",
 * and while the value is stale (the connection is down): "Alice, last seen online, reconnecting".
 */
export function statusLabel(name: string, status: UserStatusEntry | undefined, labels: StatusLabels = DEFAULT_STATUS_LABELS): string {
  const kind = statusKind(status)
  const parts = [name]
  if (status?.stale && kind !== 'unknown') parts.push(`${labels.lastSeen} ${labels[kind]}`)
  else parts.push(labels[kind])
  const custom = status?.customStatus.trim()
  if (custom) parts.push(custom)
  if (status?.stale) parts.push(labels.reconnecting)
  return parts.join(', ')
}
