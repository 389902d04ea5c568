// @vitest-environment node
import { createPinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { createSSRApp, defineComponent, h, resolveComponent } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createTUIKit, ERROR_CODE, TUILogin, useTUIKit, useUserStatusStore } from '../../src'
import { createLocalEngine, createWorld, type World } from '../../src/engine/local'

/**
 * Server rendering, one kit per request (README "Server rendering"): two requests render at the same time as
 * two users of one world, and neither page nor state holds anything of the other user.
 */

function world(): World {
  // Every answer and event 5 ms later, so the two requests' logins and loads interleave.
  const w = createWorld({ latencyMs: 5 })
  for (const [userID, nick] of [['alice', 'Alice'], ['bob', 'Bob'], ['ann', 'Ann Adams'], ['amy', 'Amy Archer'], ['ben', 'Ben Brown'], ['bea', 'Bea Baker']]) {
    w.addUser({ userID, nick })
  }
  w.addFriend('alice', 'ann')
  w.addFriend('alice', 'amy')
  w.addFriend('bob', 'ben')
  w.addFriend('bob', 'bea')
  w.addConversation('alice', { userID: 'ann' }, { lastMessage: { messageForShow: 'secret for alice', lastTime: 1_800_000_000, fromAccount: 'ann' } })
  w.addConversation('bob', { userID: 'ben' }, { lastMessage: { messageForShow: 'secret for bob', lastTime: 1_800_000_000, fromAccount: 'ben' } })
  w.setCustomStatus('alice', 'alice-only status')
  w.setCustomStatus('bob', 'bob-only status')
  return w
}

const Page = defineComponent({
  setup() {
    const kit = useTUIKit()
    const store = useUserStatusStore()
    return () =>
      h('main', [
        h('p', { class: 'me' }, `${kit.userID} / ${store.userID} / ${store.selfStatus?.customStatus ?? ''}`),
        h(resolveComponent('TUIConversation'), { height: 300, displayOnlineStatus: true }),
        h(resolveComponent('TUIContact'), { height: 300 }),
      ])
  },
})

/** What a request handler does: its own engine, Pinia and kit; log in, render, serialize state, clean up. */
async function handleRequest(w: World, userID: string): Promise<{ html: string; state: string }> {
  const engine = createLocalEngine({ world: w })
  const kit = createTUIKit({ engine })
  const pinia = createPinia()
  const app = createSSRApp(Page)
  app.use(pinia)
  app.use(kit)
  try {
    await kit.login({ userID, userSig: 'signed-by-the-server' })
    const html = await renderToString(app)
    return { html, state: JSON.stringify(pinia.state.value) }
  } finally {
    kit.dispose()
    await engine.logout()
    engine.destroy()
  }
}

describe('server rendering with one kit per request', () => {
  it('two requests rendered at the same time as two users: each page and state holds its own user only', async () => {
    const w = world()
    const [a, b] = await Promise.all([handleRequest(w, 'alice'), handleRequest(w, 'bob')])

    expect(a.html).toContain('alice / alice / alice-only status')
    expect(a.html).toContain('Ann Adams')
    expect(a.html).toContain('Amy Archer')
    expect(a.html).toContain('secret for alice')
    expect(b.html).toContain('bob / bob / bob-only status')
    expect(b.html).toContain('Ben Brown')
    expect(b.html).toContain('Bea Baker')
    expect(b.html).toContain('secret for bob')

    for (const leaked of ['bob', 'Ben Brown', 'Bea Baker', 'secret for bob']) {
      expect(a.html).not.toContain(leaked)
      expect(a.state).not.toContain(leaked)
    }
    for (const leaked of ['alice', 'Ann Adams', 'Amy Archer', 'secret for alice']) {
      expect(b.html).not.toContain(leaked)
      expect(b.state).not.toContain(leaked)
    }
    // Each request's rows: two contacts and one conversation.
    expect(a.html.match(/role="option"/g)).toHaveLength(3)
    expect(b.html.match(/role="option"/g)).toHaveLength(3)
  })

  it('no kit is active on the server: TUILogin rejects and says to call the request\'s kit', async () => {
    const w = world()
    const engine = createLocalEngine({ world: w })
    const kit = createTUIKit({ engine })
    createSSRApp(Page).use(createPinia()).use(kit)
    await expect(TUILogin.login({ userID: 'alice', userSig: 'sig' })).rejects.toMatchObject({
      code: ERROR_CODE.NOT_LOGGED_IN,
      message: expect.stringMatching(/on the server no kit is active.*kit\.login/),
    })
    expect(engine.isReady()).toBe(false)
    kit.dispose()
    engine.destroy()
  })
})
