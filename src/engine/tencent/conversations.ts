import type { Conversation } from '../types'

/** The SDK's order of a conversation list: pinned first, then the most recent message first. */
function bySdkOrder(a: Conversation, b: Conversation): number {
  if (a.isPinned !== b.isPinned) return a.isPinned ? -1 : 1
  return (b.lastMessage?.lastTime ?? 0) - (a.lastMessage?.lastTime ?? 0)
}

/**
 * The adapter's list sync. `SDK_READY` comes before the SDK has synced the conversation list; the adapter keeps the
 * list it knows and completes it with the SDK's later `CONVERSATION_LIST_UPDATED`. With `partialUpdatedConversations`
 * an update carries only the conversations that changed: they are merged into that list, so the kit's handlers
 * always get the whole list.
 */
export class ConversationSync {
  /** The conversation list as the adapter knows it, by conversationID (null: not loaded since the last login). */
  private conversations: Map<string, Conversation> | null = null

  constructor(private readonly partialUpdates: boolean) {}

  /** Forgets the list (logout, SDK not ready). */
  reset(): void {
    this.conversations = null
  }

  /** Applies one CONVERSATION_LIST_UPDATED of the SDK; returns the whole list for the kit's handlers. */
  applyUpdate(changed: Conversation[]): Conversation[] {
    if (!this.partialUpdates || this.conversations === null) {
      this.conversations = byID(changed)
      return this.partialUpdates ? this.listNow() : changed
    }
    for (const conversation of changed) this.conversations.set(conversation.conversationID, conversation)
    return this.listNow()
  }

  /** Applies the answer of getConversationList; returns the list to answer with. */
  applyAnswer(list: Conversation[]): Conversation[] {
    if (this.partialUpdates && this.conversations !== null) {
      // Keep what later events already brought; the answer wins for the conversations it has.
      for (const conversation of list) this.conversations.set(conversation.conversationID, conversation)
    } else {
      this.conversations = byID(list)
    }
    return this.partialUpdates ? this.listNow() : list
  }

  private listNow(): Conversation[] {
    return [...(this.conversations?.values() ?? [])].sort(bySdkOrder)
  }
}

function byID(list: Conversation[]): Map<string, Conversation> {
  return new Map(list.map((conversation) => [conversation.conversationID, conversation]))
}
