import type { Pinia } from 'pinia'
import type { KitSinks } from '../services/types'
import { useContactStore, type ContactStore } from './contact'
import { useConversationStore, type ConversationStore } from './conversation'
import { useUserStatusStore, type UserStatusStore } from './user-status'

export { useContactStore, type ContactStore } from './contact'
export { useConversationStore, type ConversationStore } from './conversation'
export { useUserStatusStore, type UserStatusStore } from './user-status'

/** The stores a kit instance writes to (through their `_` actions), from `pinia` or the active Pinia. */
export function useKitStores(pinia?: Pinia): KitSinks & { status: UserStatusStore; conversations: ConversationStore; contacts: ContactStore } {
  return { status: useUserStatusStore(pinia), conversations: useConversationStore(pinia), contacts: useContactStore(pinia) }
}
