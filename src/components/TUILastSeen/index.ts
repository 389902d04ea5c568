import TUILastSeen from './TUILastSeen.vue'

export { TUILastSeen }
export type { TUILastSeenProps } from './TUILastSeen.vue'
export { formatLastSeen, formatOnlineFor, lastSeenMessagesOf, DEFAULT_LAST_SEEN_MESSAGES } from './format'
export type { LastSeenMessages } from './format'
