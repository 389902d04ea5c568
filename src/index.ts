/**
 * tui-presence-kit: Vue 3 chat lists with correct, fast and accessible online status.
 * Every public name is listed here; tests/build/public-api.test.ts checks the list.
 * Styles: `import 'tui-presence-kit/style.css'` (built from src/styles/index.css).
 */
import './styles/index.css'

// Kit instance, plugin and services
export { createTUIKit, useTUIKit, setActiveTUIKit } from './kit'
export type { TUIKitInstance, TUIKitOptions } from './kit'
export { TUIKitKey, TUIKitInstanceKey } from './keys'
export { TUIKit } from './plugin'
export { TUILogin, TUIUserService } from './services'
export { KitRuntime } from './services/kit'
export type { KitPresenceOptions, KitRuntimeOptions } from './services/kit'
export { PresenceManager } from './services/presence'
export type { PresenceList, PresenceOptions, SchedulerClock } from './services/presence'
export type { PresenceAvailability, UserStatusEntry, UserStatusSink, ConversationSink, ContactSink, KitSinks } from './services/types'
export {
  CustomStatusService,
  CustomStatusTooLongError,
  createLocalExpiryStorage,
  createMemoryExpiryStorage,
  expiryTime,
  utf8Bytes,
  CLEAR_AFTER_OPTIONS,
} from './services/custom-status'
export type { ClearAfter, SetCustomStatusOptions, StatusExpiryRecord, StatusExpiryStorage } from './services/custom-status'
export { IdleWatcher } from './services/idle'
export type { IdleOptions } from './services/idle'
export { Ticker } from './services/ticker'

// Stores
export { useUserStatusStore } from './stores/user-status'
export type { UserStatusStore } from './stores/user-status'
export { useConversationStore } from './stores/conversation'
export { useContactStore } from './stores/contact'

// Components and composables
export { TUIConversation, ConversationListItem, formatConversationTime } from './components/TUIConversation'
export type { TUIConversationProps, TUIConversationEmits, ConversationListItemProps, ConversationItemSlotProps } from './components/TUIConversation'
export { TUIContact, ContactListItem, friendName } from './components/TUIContact'
export type { TUIContactProps, TUIContactEmits, ContactListItemProps, ContactItemSlotProps } from './components/TUIContact'
export { TUIStatusDot, statusKind, statusLabel, DEFAULT_STATUS_LABELS } from './components/TUIStatusDot'
export type { TUIStatusDotProps, StatusKind, StatusLabels } from './components/TUIStatusDot'
export { TUIAvatar, initialsOf } from './components/TUIAvatar'
export type { TUIAvatarProps } from './components/TUIAvatar'
export { useUserStatus } from './composables/useUserStatus'
export { TUILastSeen, formatLastSeen, formatOnlineFor, lastSeenMessagesOf, DEFAULT_LAST_SEEN_MESSAGES } from './components/TUILastSeen'
export type { TUILastSeenProps, LastSeenMessages } from './components/TUILastSeen'
export { TUIStatusEditor, DEFAULT_STATUS_EMOJIS } from './components/TUIStatusEditor'
export type { TUIStatusEditorProps, TUIStatusEditorEmits, StatusPreset } from './components/TUIStatusEditor'
export { TUIPresenceCard } from './components/TUIPresenceCard'
export type { TUIPresenceCardProps, TUIPresenceCardEmits } from './components/TUIPresenceCard'
export { usePresenceCardHost } from './composables/usePresenceCardHost'
export type { OpenPresenceCard, PresenceCardTarget, UsePresenceCardHostOptions, UsePresenceCardHostReturn } from './composables/usePresenceCardHost'
export { useNow, TUITickerKey } from './composables/useNow'

// Texts, dates and times in the kit's locale (en, zh-CN shipped)
export { createKitI18n, KitI18nKey, useKitI18n, MESSAGE_KEYS, BUILTIN_MESSAGES } from './i18n'
export type { KitI18n, KitI18nOptions, LocaleMessages, MessageKey, MessageOverrides, MessageParams } from './i18n'

// Engine boundary and the embedded engine
export { TYPES, EVENT, ERROR_CODE, LIMITS, NOT_READY_CODES, DEFAULT_ENGINE_LIMITS } from './engine/constants'
export type { ErrorCode, EngineLimits } from './engine/constants'
export { ChatError, engineLimits, isChatError, isNotReady, toChatError } from './engine/errors'
export type {
  ChatEngine,
  ChatResponse,
  Conversation,
  ConversationType,
  EngineEvent,
  EngineEventData,
  EngineEventHandler,
  EngineEventName,
  FailureUser,
  Friend,
  GroupProfile,
  LastMessage,
  LoginOptions,
  NetState,
  Profile,
  SetSelfStatusOptions,
  UserIDListOptions,
  UserStatus,
  UserStatusType,
} from './engine/types'
export { createLocalEngine, createWorld, LocalEngine, DemoEngine, populateDemoWorld, World, systemClock, FAILURE_CODE } from './engine/local'
export type { Clock, CreateLocalEngineOptions, DemoOptions, Edition, EngineCall, LocalEngineOptions, Presence, WorldOptions } from './engine/local'

// The socket engine, for the self-hostable presence server (server/, docs/server.md)
export { createSocketEngine, SocketEngine } from './engine/socket'
export type { ReconnectOptions, SocketEngineOptions } from './engine/socket'
