import type { PlainMessageKey } from '../../i18n'

/** A suggested status: an emoji and a text. */
export interface StatusPreset {
  emoji: string
  text: string
}

/** The built-in suggestions; their texts come from the kit's catalogue in its current locale. */
export const BUILTIN_PRESETS: ReadonlyArray<{ emoji: string; key: PlainMessageKey }> = Object.freeze([
  { emoji: '📅', key: 'statusEditor.preset.meeting' },
  { emoji: '🚌', key: 'statusEditor.preset.commuting' },
  { emoji: '🤒', key: 'statusEditor.preset.sick' },
  { emoji: '🌴', key: 'statusEditor.preset.holiday' },
  { emoji: '🎯', key: 'statusEditor.preset.focusing' },
])

/** The built-in emoji set: small on purpose (no emoji library in the bundle); pass `emojis` for others. */
export const DEFAULT_STATUS_EMOJIS: readonly string[] = Object.freeze([
  '💬', '📅', '🚌', '🤒', '🌴', '🎯', '🏠', '☕', '🍽️', '🎧', '✈️', '🏃', '💻', '📞', '🌙', '🎉',
])
