import { defineMessages } from '../define'

/** TUIConversation and TUIContact: names, empty and no-match texts, the search box, the unread count. */
export const listMessages = defineMessages({
  en: {
    'conversation.label': 'Conversations',
    'conversation.empty': 'No conversations yet',
    'conversation.unread': '{count} unread',
    'contact.label': 'Contacts',
    'contact.empty': 'No contacts yet',
    'contact.noMatch': 'No contacts match your search',
    'contact.search': 'Search contacts',
  },
  'zh-CN': {
    'conversation.label': '会话',
    'conversation.empty': '暂无会话',
    'conversation.unread': '{count} 条未读',
    'contact.label': '联系人',
    'contact.empty': '暂无联系人',
    'contact.noMatch': '没有匹配的联系人',
    'contact.search': '搜索联系人',
  },
})
