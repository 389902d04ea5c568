/** Words of the card; replace them to translate it (relative times come from `LastSeenMessages`). */
export interface PresenceCardMessages {
  /** The status in words, by state. */
  status: { online: string; offline: string; unlogined: string; unknown: string }
  /** Suffix of a status that may be outdated (the connection is down). */
  stale: string
}

export const DEFAULT_PRESENCE_CARD_MESSAGES: Readonly<PresenceCardMessages> = Object.freeze({
  status: Object.freeze({ online: 'Online', offline: 'Offline', unlogined: 'Not logged in', unknown: 'Status unknown' }),
  stale: 'reconnecting…',
})
