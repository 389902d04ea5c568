// @vitest-environment node
import { defineComponent, h } from 'vue'
import { describe, expect, it } from 'vitest'
import { TUIConversation, createLocalEngine, createWorld } from '../../src'
import { renderPage } from '../../docs/examples/server-render'

/** The server-rendering guide's code (docs/examples/server-render.ts, shown on the page) as it is written. */
describe('server rendering as the guide shows it', () => {
  it('renders two requests as two users, concurrently, with nothing of one in the other', async () => {
    const world = createWorld()
    world.addUser({ userID: 'bob', nick: 'Bob Partner' })
    world.addUser({ userID: 'dan', nick: 'Dan Partner' })
    world.addConversation('alice', { userID: 'bob' }, { lastMessage: { messageForShow: 'for alice only', lastTime: 1, fromAccount: 'bob' } })
    world.addConversation('carol', { userID: 'dan' }, { lastMessage: { messageForShow: 'for carol only', lastTime: 1, fromAccount: 'dan' } })
    const App = defineComponent({ render: () => h(TUIConversation) })

    const [alice, carol] = await Promise.all([
      renderPage(App, { userID: 'alice', userSig: 'sig', engine: createLocalEngine({ world }) }),
      renderPage(App, { userID: 'carol', userSig: 'sig', engine: createLocalEngine({ world }) }),
    ])
    expect(alice).toContain('role="listbox"')
    expect(alice).toContain('Bob Partner')
    expect(alice).toContain('for alice only')
    expect(alice).not.toContain('Dan Partner')
    expect(carol).toContain('Dan Partner')
    expect(carol).not.toContain('Bob Partner')
    // Each request ended its session: nobody is left logged in, nothing subscribed.
    expect(world.clients().filter((client) => client.loggedIn).map((client) => client.userID)).toEqual([])
  })
})
