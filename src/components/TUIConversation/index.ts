import TUIConversation from './TUIConversation.vue'
import ConversationListItem from './ConversationListItem.vue'

export { TUIConversation, ConversationListItem }
export type { TUIConversationProps, TUIConversationEmits } from './TUIConversation.vue'
export type { ConversationListItemProps, ConversationItemSlotProps } from './ConversationListItem.vue'
export { formatConversationTime } from './format'
