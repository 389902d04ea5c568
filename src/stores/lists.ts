import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { Conversation, Friend } from '../engine/types'
import type { ListsSink } from '../services/types'

/** The logged-in user's conversations, as the engine reports them (pinned first, then newest). */
export const useConversationStore = defineStore('tui-conversation', () => {
  const conversationList = shallowRef<readonly Conversation[]>([])
  return { conversationList }
})

/** The logged-in user's friends. */
export const useContactStore = defineStore('tui-contact', () => {
  const friendList = shallowRef<readonly Friend[]>([])
  return { friendList }
})

export function createListsSink(
  conversations: ReturnType<typeof useConversationStore>,
  contacts: ReturnType<typeof useContactStore>,
): ListsSink {
  return {
    setConversationList(list) {
      conversations.conversationList = list
    },
    setFriendList(list) {
      contacts.friendList = list
    },
    clear() {
      conversations.conversationList = []
      contacts.friendList = []
    },
  }
}
