import TUIContact from './TUIContact.vue'
import ContactListItem from './ContactListItem.vue'

export { TUIContact, ContactListItem }
export type { TUIContactProps, TUIContactEmits } from './TUIContact.vue'
export type { ContactListItemProps, ContactItemSlotProps } from './ContactListItem.vue'
export { friendName } from './rows'
