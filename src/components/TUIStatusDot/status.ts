import { computed, effectScope, type ComputedRef } from 'vue'
import { TYPES } from '../../engine/constants'
import { en, type KitI18n, type MessageKey } from '../../i18n'
import type { UserStatusEntry } from '../../services/types'

/** The four states a dot shows, as in its `data-status` attribute. */
export type StatusKind = 'online' | 'offline' | 'unlogined' | 'unknown'

/**
 * Words of the accessible label, one per state. They come from the kit's message catalogue
 * (`status.*` keys); the dot's `labels` prop replaces some of them for one dot.
 */
export interface StatusLabels {
  online: string
  offline: string
  unlogined: string
  unknown: string
  /** A last known state while reconnecting: `last seen {status}` ("last seen online"); without `{status}`, a prefix. */
  lastSeen: string
  /** Said last while reconnecting. */
  reconnecting: string
  /**
   * Between the parts of the label.
   * @defaultValue ', '
   */
  separator?: string
}

/** The labels of a catalogue: the kit's current locale, with its overrides. */
export function statusLabelsOf(i18n: Pick<KitI18n, 't'>): StatusLabels {
  return {
    online: i18n.t('status.online'),
    offline: i18n.t('status.offline'),
    unlogined: i18n.t('status.unlogined'),
    unknown: i18n.t('status.unknown'),
    lastSeen: i18n.t('status.lastSeen', { status: '{status}' }),
    reconnecting: i18n.t('status.reconnecting'),
    separator: i18n.t('status.separator'),
  }
}

const shared = new WeakMap<KitI18n, ComputedRef<StatusLabels>>()

/**
 * The labels of an i18n's current locale, computed once for every dot of the kit (a status event then costs a
 * string join, not seven catalogue look-ups), and again when the locale or its messages change.
 */
export function sharedStatusLabels(i18n: KitI18n): ComputedRef<StatusLabels> {
  let labels = shared.get(i18n)
  if (!labels) {
    // A detached scope: the first dot's unmount must not stop what every other dot reads.
    labels = effectScope(true).run(() => computed(() => statusLabelsOf(i18n)))!
    shared.set(i18n, labels)
  }
  return labels
}

/** English labels (the `en` catalogue). */
export const DEFAULT_STATUS_LABELS: Readonly<StatusLabels> = Object.freeze(statusLabelsOf({ t: ((key: MessageKey) => en[key]) as KitI18n['t'] }))

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
  if (status?.stale && kind !== 'unknown') {
    parts.push(labels.lastSeen.includes('{status}') ? labels.lastSeen.replace('{status}', labels[kind]) : `${labels.lastSeen} ${labels[kind]}`)
  } else parts.push(labels[kind])
  const custom = status?.customStatus.trim()
  if (custom) parts.push(custom)
  if (status?.stale) parts.push(labels.reconnecting)
  return parts.join(labels.separator ?? ', ')
}
