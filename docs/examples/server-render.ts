import { createSSRApp, inject, type Component } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createPinia } from 'pinia'
import { TUIKit, TUIKitKey, type ChatEngine } from 'tui-presence-kit'

export interface RenderRequest {
  userID: string
  userSig: string
  /** The engine of this request's user, e.g. createTencentEngine(chat) or createSocketEngine({ url, userID, token }). */
  engine: ChatEngine
}

/** Renders `App` for one request: its own app, Pinia and kit, logged in as the request's user. */
export async function renderPage(App: Component, request: RenderRequest): Promise<string> {
  const app = createSSRApp(App)
  app.use(createPinia())
  app.use(TUIKit, { engine: request.engine })
  const kit = app.runWithContext(() => inject(TUIKitKey))
  if (!kit) throw new Error('TUIKit is not installed')
  await kit.login({ userID: request.userID, userSig: request.userSig })
  try {
    return await renderToString(app)
  } finally {
    // The app is never mounted on the server: end the session and release the engine here.
    await kit.logout()
    kit.dispose()
  }
}
