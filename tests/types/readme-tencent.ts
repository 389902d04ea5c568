/**
 * The code sample of the README section "Using Tencent Chat" (docs/tencent.md), type-checked by
 * `vue-tsc --noEmit`. In an app, the imports read `from 'tui-presence-kit'` and `from 'tui-presence-kit/tencent'`.
 */
import { createApp } from 'vue'
import { defineComponent, h } from 'vue'
import { createPinia } from 'pinia'
import TencentCloudChat from '@tencentcloud/chat'
import { TUIKit, TUILogin, TUIUserService } from '../../src'
import { createTencentEngine } from '../../src/tencent'

// Stands in for `import App from './App.vue'`.
const App = defineComponent({ name: 'App', render: () => h('div') })

/** Your server signs userSigs; never ship the secret key to the browser. */
declare function fetchUserSig(userID: string): Promise<string>

// 1. One SDK instance for the page (the SDKAppID of your app in the Chat console).
const chat = TencentCloudChat.create({ SDKAppID: 1400000000 })

// 2. Plug it into the kit.
const app = createApp(App)
app.use(createPinia())
app.use(TUIKit, { engine: createTencentEngine(chat) })
app.mount('#app')

// 3. Log in, then turn online status on for every list.
export async function signIn(userID: string): Promise<void> {
  const userSig = await fetchUserSig(userID)
  await TUILogin.login({ userID, userSig })
  await TUIUserService.switchUserStatus({ displayOnlineStatus: true })
}
