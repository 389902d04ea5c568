// @vitest-environment node
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { TYPES } from '../../src/engine/constants'
import { KitRuntime } from '../../src/services/kit'
import { useKitStores } from '../../src/stores'
import { useUserStatusStore } from '../../src/stores/user-status'
import { tokenFor, until, useServerFixture } from './helpers'

/** The kit over the socket engine: its presence manager re-subscribes after the engine reconnects. */

const fixture = useServerFixture()

describe('kit + socket engine', () => {
  it('shows live statuses, and re-subscribes what is in view when the connection comes back', async () => {
    const server = await fixture.server({ setup: (world) => world.addFriend('alice', 'bob') })
    const pinia = createPinia()
    setActivePinia(pinia)
    const store = useUserStatusStore(pinia)
    const alice = fixture.engine(server.url, 'alice')
    const kit = new KitRuntime(
      { engine: alice.engine, presence: { dwellMs: 50, settleMs: 10, maxWaitMs: 200, retryDelayMs: 100 } },
      useKitStores(pinia),
    )
    fixture.disposeAfter(kit)
    const list = kit.presence.createList()
    list.setOverride(true)
    list.setVisible(['bob'])
    await kit.login({ userID: 'alice', userSig: tokenFor('alice') })

    const bob = fixture.engine(server.url, 'bob')
    await until(() => server.world.subscribersOf('bob').length === 1, 'the kit subscribed bob')
    await bob.engine.login({ userID: 'bob', userSig: 'x' })
    await until(() => store.userStatusList.get('bob')?.statusType === TYPES.USER_STATUS_ONLINE, 'bob ONLINE in the store')

    // The socket drops: the engine reconnects on a new server session, without subscriptions...
    alice.socket().terminate()
    await until(() => alice.netStates().at(-1) === 'disconnected', 'disconnected')
    await until(() => alice.netStates().at(-1) === 'connected', 'reconnected')
    // ...and the kit subscribes again on 'connected'.
    await until(
      () => server.world.subscribersOf('bob').some((session) => session.loggedIn && session.link === 'up'),
      'the kit re-subscribed bob on the new session',
    )
    await bob.engine.setSelfStatus({ customStatus: 'after the reconnect' })
    await until(() => store.userStatusList.get('bob')?.customStatus === 'after the reconnect', 'live again')
    expect(store.userStatusList.get('bob')?.statusType).toBe(TYPES.USER_STATUS_ONLINE)
  })
})
