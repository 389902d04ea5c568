import { describe, expect, it } from 'vitest'
import * as kit from '../../src'

/** The runtime names `src/index.ts` promises. Adding or removing one is a decision: update this list with it. */
const RUNTIME_EXPORTS = [
  'BUILTIN_MESSAGES',
  'KitI18nKey',
  'MESSAGE_KEYS',
  'createKitI18n',
  'useKitI18n',
  'CLEAR_AFTER_OPTIONS',
  'CustomStatusService',
  'CustomStatusTooLongError',
  'DEFAULT_LAST_SEEN_MESSAGES',
  'DEFAULT_STATUS_EMOJIS',
  'IdleWatcher',
  'TUILastSeen',
  'TUIPresenceCard',
  'TUIStatusEditor',
  'TUITickerKey',
  'Ticker',
  'createLocalExpiryStorage',
  'createMemoryExpiryStorage',
  'expiryTime',
  'formatLastSeen',
  'formatOnlineFor',
  'lastSeenMessagesOf',
  'useNow',
  'usePresenceCardHost',
  'utf8Bytes',
  'ChatError',
  'ContactListItem',
  'DEFAULT_ENGINE_LIMITS',
  'DemoEngine',
  'ConversationListItem',
  'DEFAULT_STATUS_LABELS',
  'ERROR_CODE',
  'EVENT',
  'FAILURE_CODE',
  'KitRuntime',
  'LIMITS',
  'LocalEngine',
  'NOT_READY_CODES',
  'PresenceManager',
  'SocketEngine',
  'TUIAvatar',
  'TUIContact',
  'TUIConversation',
  'TUIKit',
  'TUIKitInstanceKey',
  'TUIKitKey',
  'TUILogin',
  'TUIStatusDot',
  'TUIUserService',
  'TYPES',
  'World',
  'createLocalEngine',
  'createSocketEngine',
  'createTUIKit',
  'createWorld',
  'engineLimits',
  'formatConversationTime',
  'friendName',
  'initialsOf',
  'populateDemoWorld',
  'setActiveTUIKit',
  'isChatError',
  'isNotReady',
  'statusKind',
  'statusLabel',
  'systemClock',
  'toChatError',
  'useContactStore',
  'useTUIKit',
  'useConversationStore',
  'useUserStatus',
  'useUserStatusStore',
]

describe('public API', () => {
  it('exports exactly the documented names, each defined', () => {
    expect(Object.keys(kit).sort()).toEqual([...RUNTIME_EXPORTS].sort())
    for (const name of RUNTIME_EXPORTS) expect(kit[name as keyof typeof kit], name).toBeDefined()
  })

  it('keeps the SDK values of TYPES and EVENT', () => {
    expect(kit.TYPES.USER_STATUS_UNKNOWN).toBe(0)
    expect(kit.TYPES.USER_STATUS_ONLINE).toBe(1)
    expect(kit.TYPES.USER_STATUS_OFFLINE).toBe(2)
    expect(kit.TYPES.USER_STATUS_UNLOGINED).toBe(3)
    expect(kit.EVENT.USER_STATUS_UPDATED).toBe('onUserStatusUpdated')
    expect(kit.ERROR_CODE.FEATURE_NOT_ENABLED).toBe(72001)
    expect(kit.ERROR_CODE.EDITION_NOT_SUPPORTED).toBe(3122)
    expect(kit.ERROR_CODE.OVER_FREQUENCY_LIMIT).toBe(2996)
    // The real SDK's "not ready" codes; it never rejects a call with 2999.
    expect(kit.ERROR_CODE.NOT_LOGGED_IN).toBe(2024)
    expect(kit.ERROR_CODE.LOGGED_OUT).toBe(3005)
    expect(Object.values(kit.ERROR_CODE)).not.toContain(2999)
  })

  it('the /tencent entry exports the adapter factory', async () => {
    const tencent = await import('../../src/tencent')
    expect(typeof tencent.createTencentEngine).toBe('function')
  })
})
