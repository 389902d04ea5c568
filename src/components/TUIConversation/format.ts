import { TYPES } from '../../engine/constants'
import type { Conversation } from '../../engine/types'
import { dateTimeFormat as formatter } from '../../i18n/format'

function startOfDay(ms: number): number {
  const d = new Date(ms)
  d.setHours(0, 0, 0, 0)
  return d.getTime()
}

/**
 * Short time of a conversation's last message through `Intl` in `locale` (the kit's): "2:05 PM" / "14:05" today,
 * "Mon" / "周一" within the last week, "12/03" earlier this year, "12/03/24" before. `seconds` is the SDK's
 * `lastTime` (seconds since the epoch).
 */
export function formatConversationTime(seconds: number, now: number = Date.now(), locale?: string): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return ''
  const ms = seconds * 1000
  const today = startOfDay(now)
  if (ms >= today) return formatter(locale, { hour: 'numeric', minute: '2-digit' }).format(ms)
  if (ms >= today - 6 * 86_400_000) return formatter(locale, { weekday: 'short' }).format(ms)
  if (new Date(ms).getFullYear() === new Date(now).getFullYear()) {
    return formatter(locale, { day: '2-digit', month: '2-digit' }).format(ms)
  }
  return formatter(locale, { day: '2-digit', month: '2-digit', year: '2-digit' }).format(ms)
}

/** Full date and time, for the `title` and `datetime` of the short form. */
export function formatFullTime(seconds: number, locale?: string): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return ''
  return formatter(locale, { dateStyle: 'full', timeStyle: 'short' }).format(seconds * 1000)
}

/** "99+" past 99; '' for none. */
export function formatUnread(count: number): string {
  if (!count || count < 0) return ''
  return count > 99 ? '99+' : String(count)
}

/** The C2C partner's userID, '' for a group conversation. */
export function partnerIDOf(conversation: Conversation): string {
  if (conversation.type !== TYPES.CONV_C2C) return ''
  return conversation.userProfile?.userID || conversation.conversationID.replace(/^C2C/, '')
}

/**
 * Seed of a conversation's avatar colour: the partner's userID (as in TUIContact, so a person has one colour
 * everywhere), the group's groupID.
 */
export function avatarSeedOf(conversation: Conversation): string {
  if (conversation.type === TYPES.CONV_C2C) return partnerIDOf(conversation)
  return conversation.groupProfile?.groupID || conversation.conversationID.replace(/^GROUP/, '')
}

/** Name shown for a conversation: the partner's nick or userID, the group's name or groupID. */
export function conversationName(conversation: Conversation): string {
  if (conversation.type === TYPES.CONV_GROUP) {
    return conversation.groupProfile?.name || conversation.groupProfile?.groupID || conversation.conversationID.replace(/^GROUP/, '')
  }
  return conversation.userProfile?.nick || partnerIDOf(conversation)
}

export function conversationAvatar(conversation: Conversation): string {
  return (conversation.type === TYPES.CONV_GROUP ? conversation.groupProfile?.avatar : conversation.userProfile?.avatar) ?? ''
}
