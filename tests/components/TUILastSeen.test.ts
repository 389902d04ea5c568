import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TUIContact } from '../../src/components/TUIContact'
import { formatLastSeen, formatOnlineFor } from '../../src/components/TUILastSeen'
import { TYPES } from '../../src/engine/constants'
import { createTencentEngine } from '../../src/engine/tencent'
import { TUIKit } from '../../src/plugin'
import { TUILogin, TUIUserService, getActiveKit } from '../../src/services'
import { useUserStatusStore } from '../../src/stores/user-status'
import { sdkFriend, TencentChatDouble } from '../engine/tencent-double'
import { ME, createTestWorld, createUpdateCounter, mountKit, settle } from './helpers'

enableAutoUnmount(afterEach)

const MINUTE = 60_000

beforeEach(() => {
  // The clock advances with real time too, so the kit's 0 ms timers run; tests jump it by minutes.
  vi.useFakeTimers({ shouldAdvanceTime: true, now: new Date('2026-03-10T15:00:00') })
})
afterEach(() => {
  vi.useRealTimers()
})

function lastSeenOf(wrapper: VueWrapper, key: string): string | null {
  const el = wrapper.element.querySelector(`[data-key="${key}"] .tui-last-seen`)
  return el ? (el.textContent ?? '') : null
}

async function tick(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms)
  await flushPromises()
}

describe('"Active N minutes ago" in rows (embedded engine: since is known)', () => {
  it('appears for offline users whose since is known, only, and follows the shared ticker', async () => {
    const made = createTestWorld((world) => {
      for (const id of ['bob', 'alice', 'newbie']) world.addFriend(ME, id)
      world.addUser({ userID: 'bob', nick: 'Bob' })
      world.setPresence('bob', 'online')
      world.setPresence('alice', 'online')
      world.setPresence('bob', 'offline') // since: now
      // newbie never logged in: not-logged-in with no since.
    })
    const counter = createUpdateCounter()
    const { wrapper, world } = await mountKit<object>(TUIContact, { ...made, props: { displayOnlineStatus: true }, mixins: [counter.mixin] })
    expect(world.getStatus('bob').since).toBeTypeOf('number')
    expect(lastSeenOf(wrapper, 'bob')).toBe('Active just now')
    expect(lastSeenOf(wrapper, 'alice')).toBeNull() // online: the row never says "online for"
    expect(lastSeenOf(wrapper, 'newbie')).toBeNull() // since unknown: nothing is invented

    await tick(5 * MINUTE)
    expect(lastSeenOf(wrapper, 'bob')).toBe('Active 5 minutes ago')
    counter.reset()
    await tick(MINUTE)
    expect(lastSeenOf(wrapper, 'bob')).toBe('Active 6 minutes ago')
    // A tick re-renders the last-seen text alone: no row, no dot, no avatar.
    expect(counter.of('TUILastSeen')).toBe(1)
    expect(counter.of('ContactListItem')).toBe(0)
    expect(counter.of('TUIStatusDot')).toBe(0)
    expect(wrapper.get('[data-key="bob"] .tui-last-seen').attributes('datetime')).toBe(new Date(world.getStatus('bob').since ?? 0).toISOString())

    // A status event updates the dot alone: the text follows on the next tick (CSS hides it at once when the dot
    // is no longer offline, see last-seen.css).
    counter.reset()
    world.setPresence('bob', 'online')
    await settle()
    expect(counter.all()).toEqual({ TUIStatusDot: 1 })
    await tick(MINUTE)
    expect(lastSeenOf(wrapper, 'bob')).toBeNull()
    // Offline again: it restarts from that moment.
    world.setPresence('bob', 'unlogined')
    await settle()
    await tick(MINUTE)
    expect(lastSeenOf(wrapper, 'bob')).toBe('Active just now')
  })

  it('uses the list locale', async () => {
    const made = createTestWorld((world) => {
      world.addFriend(ME, 'bob')
      world.setPresence('bob', 'online')
      world.setPresence('bob', 'offline')
    })
    const { wrapper } = await mountKit<object>(TUIContact, { ...made, props: { displayOnlineStatus: true, locale: 'de' } })
    await tick(3 * MINUTE)
    expect(lastSeenOf(wrapper, 'bob')).toBe(`Active ${new Intl.RelativeTimeFormat('de', { numeric: 'auto' }).format(-3, 'minute')}`)
  })

  it('one ticker for the whole kit, running only while a last-seen text is mounted', async () => {
    const made = createTestWorld((world) => {
      for (let i = 0; i < 30; i++) {
        world.addFriend(ME, `u${i}`)
        world.setPresence(`u${i}`, 'online')
        world.setPresence(`u${i}`, 'offline')
      }
    })
    const { wrapper } = await mountKit<object>(TUIContact, { ...made, props: { displayOnlineStatus: true } })
    const kit = getActiveKit()
    expect(kit?.ticker.running).toBe(true)
    expect(kit?.ticker.size).toBe(1)
    expect(wrapper.findAll('.tui-last-seen').length).toBeGreaterThan(1)
    wrapper.unmount()
    expect(kit?.ticker.running).toBe(false)
  })
})

describe('"Active N minutes ago" on Tencent (no since in the SDK)', () => {
  async function mountTencent() {
    const double = new TencentChatDouble({
      users: [
        { userID: 'bob', nick: 'Bob', statusType: TYPES.USER_STATUS_ONLINE },
        { userID: 'carol', nick: 'Carol', statusType: TYPES.USER_STATUS_OFFLINE },
      ],
    })
    double.setFriends([sdkFriend('bob', { nick: 'Bob' }), sdkFriend('carol', { nick: 'Carol' })])
    const wrapper = mount(TUIContact, {
      global: { plugins: [createPinia(), [TUIKit, { engine: createTencentEngine(double), presence: { dwellMs: 0, settleMs: 0 } }]] },
    })
    await TUILogin.login({ userID: ME, userSig: 'sig' })
    await TUIUserService.switchUserStatus({ displayOnlineStatus: true })
    await settle()
    await double.idle()
    await settle()
    return { wrapper, double }
  }

  it('never shows a time for a status the kit only read, and dates a transition it saw while subscribed', async () => {
    const { wrapper, double } = await mountTencent()
    const store = useUserStatusStore()
    expect(double.subscribedIDs().sort()).toEqual(['bob', 'carol'])
    // carol was offline in the snapshot: since when is unknown, so nothing is shown, ever.
    expect(store.userStatusList.get('carol')).toMatchObject({ statusType: TYPES.USER_STATUS_OFFLINE })
    expect(store.userStatusList.get('carol')?.since).toBeUndefined()
    expect(lastSeenOf(wrapper, 'carol')).toBeNull()
    await tick(10 * MINUTE)
    expect(lastSeenOf(wrapper, 'carol')).toBeNull()

    // bob goes offline while subscribed: the kit saw it happen.
    const seenAt = Date.now()
    double.setUserStatus('bob', { statusType: TYPES.USER_STATUS_OFFLINE })
    await double.idle()
    await settle()
    expect(store.userStatusList.get('bob')?.since).toBeGreaterThanOrEqual(seenAt)
    // The text comes with the next tick of the shared ticker (once a minute).
    await tick(MINUTE)
    expect(lastSeenOf(wrapper, 'bob')).toBe('Active just now')
    await tick(2 * MINUTE)
    expect(lastSeenOf(wrapper, 'bob')).toBe('Active 2 minutes ago')
    // A custom status change keeps the date; carol still has none.
    double.setUserStatus('bob', { customStatus: 'on a train' })
    await double.idle()
    await settle()
    await tick(MINUTE)
    expect(lastSeenOf(wrapper, 'bob')).toBe('Active 3 minutes ago')
    expect(lastSeenOf(wrapper, 'carol')).toBeNull()
  })
})

describe('formatLastSeen / formatOnlineFor', () => {
  const now = new Date('2026-03-10T15:00:00').getTime()
  it('says minutes and hours the same day, then calendar days, months, years', () => {
    expect(formatLastSeen(now - 20_000, now, 'en')).toBe('Active just now')
    expect(formatLastSeen(now - 5 * MINUTE, now, 'en')).toBe('Active 5 minutes ago')
    expect(formatLastSeen(now - 3 * 60 * MINUTE, now, 'en')).toBe('Active 3 hours ago')
    expect(formatLastSeen(new Date('2026-03-09T23:00:00').getTime(), now, 'en')).toBe('Last seen yesterday')
    expect(formatLastSeen(new Date('2026-03-06T10:00:00').getTime(), now, 'en')).toBe('Last seen 4 days ago')
    expect(formatLastSeen(now + MINUTE, now, 'en')).toBe('Active just now')
    expect(formatOnlineFor(now - 2 * 60 * MINUTE - 5 * MINUTE, now, 'en')).toBe('Online for 2 hr')
    expect(formatOnlineFor(now - 7 * MINUTE, now, 'en')).toBe('Online for 7 min')
  })
})
