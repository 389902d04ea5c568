// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { createApp, defineComponent, h } from 'vue'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { ERROR_CODE, EVENT, TYPES } from '../../src/engine/constants'
import { ChatError, isNotReady } from '../../src/engine/errors'
import { createTencentEngine, type TencentChatLike, type TencentEventHandler } from '../../src/engine/tencent'
import { TUIKit, TUILogin, TUIUserService } from '../../src'
import { KitRuntime } from '../../src/services/kit'
import { useKitStores } from '../../src/stores'

/**
 * The installed `@tencentcloud/chat` itself, loaded offline: a stand-in WebSocket that never connects and a
 * `fetch` that refuses, so nothing leaves the machine. What can be checked without a server is checked against the
 * real package, so an SDK upgrade that changes it fails here: the TYPES / EVENT values the adapter relies on, the
 * "not ready" codes (never 2999) and that the adapter and the kit classify them as such, and the README sample up to
 * the login call.
 */

/** A WebSocket that stays CONNECTING forever: the SDK's connection attempts go nowhere. */
class OfflineWebSocket {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSING = 2
  static readonly CLOSED = 3
  static readonly opened: string[] = []
  readonly url: string
  readyState = 0
  binaryType = 'blob'
  onopen: unknown = null
  onclose: unknown = null
  onerror: unknown = null
  onmessage: unknown = null
  constructor(url: string) {
    this.url = url
    OfflineWebSocket.opened.push(url)
  }
  send(): void {
    throw new Error('offline: this WebSocket never connects')
  }
  close(): void {
    this.readyState = 3
  }
  addEventListener(): void {}
  removeEventListener(): void {}
}

/** An XMLHttpRequest that fails every request (after recording its URL) without touching the network. */
class OfflineXMLHttpRequest {
  static readonly opened: string[] = []
  readyState = 0
  status = 0
  responseText = ''
  response = ''
  timeout = 0
  withCredentials = false
  onreadystatechange: (() => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  onload: (() => void) | null = null
  ontimeout: (() => void) | null = null
  private listeners: Array<[string, (event: unknown) => void]> = []
  open(_method: string, url: string): void {
    OfflineXMLHttpRequest.opened.push(url)
    this.readyState = 1
  }
  setRequestHeader(): void {}
  getAllResponseHeaders(): string {
    return ''
  }
  send(): void {
    queueMicrotask(() => {
      this.readyState = 4
      this.onreadystatechange?.()
      this.onerror?.({ type: 'error' })
      for (const [name, listener] of this.listeners) if (name === 'error' || name === 'loadend') listener({ type: name })
    })
  }
  abort(): void {}
  addEventListener(name: string, listener: (event: unknown) => void): void {
    this.listeners.push([name, listener])
  }
  removeEventListener(): void {}
}

const requests: string[] = []
type Sdk = typeof import('@tencentcloud/chat').default
let TencentCloudChat: Sdk
let nextAppID = 1_400_000_000

/** A new SDK instance (one per SDKAppID: `create` returns the same instance for the same ID). */
function createChat() {
  const chat = TencentCloudChat.create({ SDKAppID: nextAppID++ })
  chat.setLogLevel(4)
  return chat
}

async function rejection(promise: Promise<unknown>): Promise<{ code: unknown; message: unknown }> {
  try {
    await promise
  } catch (error) {
    return error as { code: unknown; message: unknown }
  }
  throw new Error('expected the call to reject')
}

beforeAll(async () => {
  vi.stubGlobal('WebSocket', OfflineWebSocket)
  vi.stubGlobal('XMLHttpRequest', OfflineXMLHttpRequest)
  vi.stubGlobal('fetch', (input: unknown) => {
    requests.push(String(input))
    return Promise.reject(new TypeError('offline'))
  })
  // The SDK logs its version and every step; this test checks behaviour, not its log.
  for (const method of ['log', 'info', 'debug', 'error'] as const) vi.spyOn(console, method).mockImplementation(() => undefined)
  const warn = console.warn
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('[Vue warn]')) warn(...args)
  })
  TencentCloudChat = (await import('@tencentcloud/chat')).default
})

afterAll(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

afterEach(() => {
  vi.useRealTimers()
  // Offline means offline: the SDK's HTTP requests (log reports, cloud config) went to the stand-in, none to fetch.
  expect(requests).toEqual([])
})

describe('@tencentcloud/chat (installed package, offline)', () => {
  it('is 3.6.x', () => {
    expect(Reflect.get(TencentCloudChat, 'VERSION')).toMatch(/^3\.6\./)
  })

  it('has the TYPES and EVENT values the adapter relies on', () => {
    const sdkTypes: Record<string, unknown> = TencentCloudChat.TYPES
    const sdkEvents: Record<string, unknown> = TencentCloudChat.EVENT
    for (const [name, value] of Object.entries(TYPES)) expect(sdkTypes[name], `TYPES.${name}`).toBe(value)
    for (const [name, value] of Object.entries(EVENT)) expect(sdkEvents[name], `EVENT.${name}`).toBe(value)
  })

  it('a call before login rejects with 2024, which the adapter passes on and classifies as "not ready"', async () => {
    const chat = createChat()
    const raw = await rejection(chat.getUserStatus({ userIDList: ['bob'] }))
    expect(raw.code).toBe(ERROR_CODE.NOT_LOGGED_IN)
    expect(raw.code).not.toBe(2999)

    const engine = createTencentEngine(chat)
    const calls: Array<() => Promise<unknown>> = [
      () => engine.getUserStatus({ userIDList: ['bob'] }),
      () => engine.subscribeUserStatus({ userIDList: ['bob'] }),
      () => engine.unsubscribeUserStatus(),
      () => engine.getConversationList(),
      () => engine.getFriendList(),
      () => engine.setSelfStatus({ customStatus: 'hi' }),
      () => engine.logout(),
    ]
    for (const call of calls) {
      const error = await rejection(call())
      expect(error).toBeInstanceOf(ChatError)
      expect(error.code).toBe(ERROR_CODE.NOT_LOGGED_IN)
      expect(isNotReady(error)).toBe(true)
    }
    expect(engine.isReady()).toBe(false)
    expect(OfflineWebSocket.opened.length).toBeGreaterThan(0)
  })

  it('while a login is in flight: calls reject 3000 and a second login 2025, both "not ready" / passed on', async () => {
    const chat = createChat()
    void chat.login({ userID: 'alice', userSig: 'sig' }).catch(() => undefined) // never answered offline
    const engine = createTencentEngine(chat)
    const during = await rejection(engine.getUserStatus({ userIDList: ['bob'] }))
    expect(during.code).toBe(ERROR_CODE.LOGGING_IN)
    expect(isNotReady(during)).toBe(true)
    const second = await rejection(engine.login({ userID: 'alice', userSig: 'sig' }))
    expect(second.code).toBe(ERROR_CODE.LOGIN_IN_PROGRESS)
  })

  it('the kit, on the real SDK\'s rejection, stops: no retry, no lastError', async () => {
    const chat = createChat()
    const forwarded: string[] = []
    const readyHandlers = new Set<TencentEventHandler>()
    let loggedIn = false
    // The real instance, except that login "succeeds" (no server here): every other call reaches the real SDK,
    // which is not logged in and rejects with its own code.
    const sdk: TencentChatLike = {
      login: async () => {
        loggedIn = true
        queueMicrotask(() => {
          for (const handler of readyHandlers) handler({ name: EVENT.SDK_READY })
        })
        return { code: 0, data: { repeatLogin: false } }
      },
      logout: () => chat.logout(),
      isReady: () => loggedIn,
      getLoginUser: () => (loggedIn ? 'alice' : ''),
      getConversationList: () => (forwarded.push('getConversationList'), chat.getConversationList()),
      getFriendList: () => (forwarded.push('getFriendList'), chat.getFriendList()),
      getUserStatus: (options) => (forwarded.push(`getUserStatus:${options.userIDList.join(',')}`), chat.getUserStatus(options)),
      subscribeUserStatus: (options) => (forwarded.push('subscribeUserStatus'), chat.subscribeUserStatus(options)),
      unsubscribeUserStatus: (options) => (forwarded.push('unsubscribeUserStatus'), chat.unsubscribeUserStatus(options)),
      setSelfStatus: (options) => chat.setSelfStatus(options),
      on: (name, handler) => (name === EVENT.SDK_READY ? readyHandlers.add(handler) : chat.on(name, handler)),
      off: (name, handler) => (name === EVENT.SDK_READY ? readyHandlers.delete(handler) : chat.off(name, handler)),
    }
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
    setActivePinia(createPinia())
    const stores = useKitStores()
    const kit = new KitRuntime({ engine: createTencentEngine(sdk), presence: { dwellMs: 0, settleMs: 0, retryDelayMs: 500 } }, stores)
    await kit.login({ userID: 'alice', userSig: 'sig' })
    await kit.switchUserStatus({ displayOnlineStatus: true })
    const list = kit.presence.createList()
    list.setVisible(['bob', 'carol'])
    await vi.advanceTimersByTimeAsync(2_000)
    const queries = () => forwarded.filter((call) => /^(getUserStatus:(?!alice$)|subscribeUserStatus|unsubscribeUserStatus)/.test(call))
    const first = queries().length
    expect(first).toBeGreaterThan(0)
    // Long enough for many retries, had the kit retried.
    await vi.advanceTimersByTimeAsync(60_000)
    expect(queries()).toHaveLength(first)
    expect(stores.status.lastError).toBeNull()
    kit.dispose()
  })

  it('the README sample runs up to the login call', async () => {
    const chat = TencentCloudChat.create({ SDKAppID: nextAppID++ })
    chat.setLogLevel(4)
    const login = vi.spyOn(chat, 'login')
    const App = defineComponent({ name: 'App', render: () => h('div', { id: 'app-root' }) })
    const root = document.createElement('div')
    root.id = 'app'
    document.body.append(root)
    // The README's statements, in order (fetchUserSig stands in for the app's own server).
    const app = createApp(App)
    app.use(createPinia())
    app.use(TUIKit, { engine: createTencentEngine(chat) })
    app.mount('#app')
    const fetchUserSig = async (userID: string) => `sig-of-${userID}`
    const userID = 'alice'
    const userSig = await fetchUserSig(userID)
    void TUILogin.login({ userID, userSig }).catch(() => undefined) // offline: never answered
    await Promise.resolve()
    expect(login).toHaveBeenCalledWith({ userID: 'alice', userSig: 'sig-of-alice' })
    expect(document.getElementById('app-root')).not.toBeNull()
    // Before the login has resolved, the kit refuses with the SDK's own "not logged in" code.
    const early = await rejection(TUIUserService.switchUserStatus({ displayOnlineStatus: true }))
    expect(early.code).toBe(ERROR_CODE.NOT_LOGGED_IN)
    app.unmount()
    root.remove()
  })
})
