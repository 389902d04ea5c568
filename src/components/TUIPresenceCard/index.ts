import TUIPresenceCard from './TUIPresenceCard.vue'

export { TUIPresenceCard }
export type { TUIPresenceCardProps, TUIPresenceCardEmits } from './TUIPresenceCard.vue'
export { DEFAULT_PRESENCE_CARD_MESSAGES } from './messages'
export type { PresenceCardMessages } from './messages'
