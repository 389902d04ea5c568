import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { Conversation } from '../engine/types'

/**
 * The logged-in user's conversations, as the engine reports them (pinned first, then newest).
 * `_setConversationList` is the kit's internal write action (see user-status.ts).
 */
export const useConversationStore = /* @__PURE__ */ defineStore('tui-conversation', () => {
  const conversationList = shallowRef<readonly Conversation[]>([])
  /** @internal */
  function _setConversationList(list: readonly Conversation[]): void {
    conversationList.value = list
  }
  return { conversationList, _setConversationList }
})

export type ConversationStore = ReturnType<typeof useConversationStore>
