import TUIPresenceCard from './TUIPresenceCard.vue'

export { TUIPresenceCard }
export type { TUIPresenceCardProps, TUIPresenceCardEmits } from './TUIPresenceCard.vue'
