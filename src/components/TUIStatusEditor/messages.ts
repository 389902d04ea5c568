import type { ClearAfter } from '../../services/custom-status'

/** A preset status: an emoji and a text. */
export interface StatusPreset {
  emoji: string
  text: string
}

/** Every word the editor shows or speaks; replace them to translate the editor. */
export interface StatusEditorMessages {
  title: string
  emojiLabel: string
  noEmoji: string
  textLabel: string
  textPlaceholder: string
  /** The byte counter: "12 / 100 bytes". */
  counter: (bytes: number, limit: number) => string
  tooLong: (bytes: number, limit: number) => string
  presetsLabel: string
  clearAfterLabel: string
  clearAfter: Record<ClearAfter, string>
  save: string
  clear: string
  saved: string
  cleared: string
}

export const DEFAULT_STATUS_PRESETS: readonly StatusPreset[] = Object.freeze([
  { emoji: '📅', text: 'In a meeting' },
  { emoji: '🚌', text: 'Commuting' },
  { emoji: '🤒', text: 'Out sick' },
  { emoji: '🌴', text: 'On holiday' },
  { emoji: '🎯', text: 'Focusing' },
])

/** The built-in emoji set: small on purpose (no emoji library in the bundle); pass `emojis` for others. */
export const DEFAULT_STATUS_EMOJIS: readonly string[] = Object.freeze([
  '💬', '📅', '🚌', '🤒', '🌴', '🎯', '🏠', '☕', '🍽️', '🎧', '✈️', '🏃', '💻', '📞', '🌙', '🎉',
])

export const DEFAULT_STATUS_EDITOR_MESSAGES: Readonly<StatusEditorMessages> = Object.freeze({
  title: 'Set a status',
  emojiLabel: 'Emoji',
  noEmoji: 'No emoji',
  textLabel: "What's your status?",
  textPlaceholder: "What's happening?",
  counter: (bytes: number, limit: number) => `${bytes} / ${limit} bytes`,
  tooLong: (bytes: number, limit: number) => `Too long: ${bytes} of ${limit} bytes. Shorten it by ${bytes - limit} bytes.`,
  presetsLabel: 'Suggestions',
  clearAfterLabel: 'Clear after',
  clearAfter: Object.freeze({
    '30m': '30 minutes',
    '1h': '1 hour',
    '4h': '4 hours',
    today: 'Today',
    week: 'This week',
    never: "Don't clear",
  }),
  save: 'Save',
  clear: 'Clear status',
  saved: 'Status saved',
  cleared: 'Status cleared',
})
