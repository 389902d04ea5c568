import TUILastSeen from './TUILastSeen.vue'

export { TUILastSeen }
export type { TUILastSeenProps } from './TUILastSeen.vue'
export { formatLastSeen, formatOnlineFor, DEFAULT_LAST_SEEN_MESSAGES } from './format'
export type { LastSeenMessages } from './format'
