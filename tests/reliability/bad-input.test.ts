import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp, type App } from 'vue'
import { createPinia } from 'pinia'
import { ERROR_CODE, LIMITS } from '../../src/engine/constants'
import { ChatError } from '../../src/engine/errors'
import { createLocalEngine, createWorld, LocalEngine, type World } from '../../src/engine/local'
import { TUIKit } from '../../src/plugin'
import { getActiveKit, setActiveKit, TUILogin, TUIUserService } from '../../src/services'
import type { KitRuntime } from '../../src/services/kit'
import type { PresenceList } from '../../src/services/presence'
import { useUserStatusStore, type UserStatusStore } from '../../src/stores/user-status'
import { writeStats } from './stats'

/**
 * Every public function with wrong types, empty and oversized lists, unknown and duplicate IDs, very long and
 * HTML custom status. Each gets a typed ChatError (a code of ERROR_CODE and a message that says what to do) and
 * changes nothing (store snapshot, world subscriptions and the call log before == after), or behaves safely.
 * The cases tried are counted into tests/reliability/stats.json for docs/reliability.md.
 */

const KNOWN_CODES = new Set<number>(Object.values(ERROR_CODE))
const USERS = Array.from({ length: 10 }, (_, i) => `u${i + 1}`)
const tried: Record<string, string[]> = {}

function note(api: string, input: string): void {
  ;(tried[api] ??= []).push(input)
}

afterAll(() => {
  const apis = Object.entries(tried).map(([api, inputs]) => ({ api, cases: inputs.length, inputs }))
  writeStats('badInput', { cases: apis.reduce((n, a) => n + a.cases, 0), apis })
})

interface Ctx {
  app: App
  world: World
  engine: LocalEngine
  store: UserStatusStore
  kit: KitRuntime
  list: PresenceList
}

let ctx: Ctx

async function install(loggedIn: boolean): Promise<Ctx> {
  const world = createWorld()
  for (const [i, id] of USERS.entries()) {
    world.addUser({ userID: id })
    world.setPresence(id, i % 2 ? 'online' : 'offline')
  }
  world.setCustomStatus('u1', 'at work')
  const engine = createLocalEngine({ world, id: 'kit' })
  const pinia = createPinia()
  const app = createApp({ render: () => null })
  app.use(pinia)
  app.use(TUIKit, { engine, presence: { dwellMs: 300, settleMs: 80, retryDelayMs: 500 } })
  app.mount(document.createElement('div'))
  const kit = getActiveKit()
  if (!kit) throw new Error('TUIKit did not install')
  const store = useUserStatusStore(pinia)
  const list = kit.presence.createList()
  if (loggedIn) {
    await TUILogin.login({ userID: 'me', userSig: 'sig-me' })
    await TUIUserService.switchUserStatus({ displayOnlineStatus: true })
    list.setVisible(USERS.slice(0, 5))
    await vi.advanceTimersByTimeAsync(2000)
    expect(store.userStatusList.size).toBe(5)
    expect(world.subscriptionsOf(engine)).toHaveLength(5)
  }
  return { app, world, engine, store, kit, list }
}

/** Everything a bad call must leave as it was. */
function snapshot(c: Ctx) {
  const { store } = c
  return {
    displayOnlineStatus: store.displayOnlineStatus,
    entries: [...store.userStatusList.entries()],
    isLoggedIn: store.isLoggedIn,
    userID: store.userID,
    netState: store.netState,
    selfStatus: store.selfStatus,
    availability: store.availability,
    lastError: store.lastError?.code ?? null,
    worldSubscriptions: c.world.subscriptionsOf(c.engine).sort(),
    kitSubscriptions: c.kit.presence.subscribedIDs().sort(),
    desired: [...c.kit.presence.desiredIDs()].sort(),
    activeKit: getActiveKit() === c.kit,
  }
}

const show = (value: unknown): string => {
  if (value instanceof LocalEngine) return 'engine'
  if (value instanceof Set) return `new Set(${show([...value])})`
  if (typeof value === 'string') return value.length > 30 ? `${JSON.stringify(value.slice(0, 12))}… (${value.length} chars)` : JSON.stringify(value)
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN'
  if (Array.isArray(value)) return value.length > 8 ? `[${value.length} items]` : `[${value.map(show).join(', ')}]`
  if (value && typeof value === 'object') return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${show(v)}`).join(', ')} }`
  return String(value)
}

/** Runs a bad call: it must fail with `code` (a typed ChatError whose message says what to do) and change nothing. */
async function rejects(api: string, input: unknown, run: () => unknown, code: number): Promise<void> {
  const before = snapshot(ctx)
  const calls = ctx.world.calls.length
  let error: unknown = null
  try {
    await run()
  } catch (e) {
    error = e
  }
  await vi.advanceTimersByTimeAsync(2000)
  const label = `${api}(${show(input)})`
  expect(error, label).toBeInstanceOf(ChatError)
  const chatError = error as ChatError
  expect(KNOWN_CODES.has(chatError.code), label).toBe(true)
  expect(chatError.code, `${label}: ${chatError.message}`).toBe(code)
  expect(chatError.message.length, label).toBeGreaterThan(30)
  expect(snapshot(ctx), label).toEqual(before)
  expect(ctx.world.calls.length, `${label} made an engine call`).toBe(calls)
  note(api, show(input))
}

const as = <T,>(value: unknown): T => value as T

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  ctx?.app.unmount()
  setActiveKit(null)
  vi.clearAllTimers()
  vi.useRealTimers()
})

const WRONG_OBJECTS: unknown[] = [undefined, null, 'me', 42, true, []]

describe.each([
  ['logged out', false],
  ['logged in, a list showing 5 users', true],
])('bad input, %s', (_state, loggedIn) => {
  beforeEach(async () => {
    ctx = await install(loggedIn)
  })

  it('TUILogin.login', async () => {
    const inputs: unknown[] = [
      ...WRONG_OBJECTS,
      {},
      { userID: '', userSig: 's' },
      { userID: '   ', userSig: 's' },
      { userID: 42, userSig: 's' },
      { userID: ['me'], userSig: 's' },
      { userID: 'me' },
      { userID: 'me', userSig: '' },
      { userID: 'me', userSig: 42 },
    ]
    for (const input of inputs) {
      await rejects('TUILogin.login', input, () => TUILogin.login(as(input)), ERROR_CODE.INVALID_PARAMETERS)
    }
    if (loggedIn) {
      const other = { userID: 'someone-else', userSig: 's' }
      await rejects('TUILogin.login', other, () => TUILogin.login(other), ERROR_CODE.INVALID_PARAMETERS)
      // The same user again: resolves and changes nothing.
      const before = snapshot(ctx)
      await TUILogin.login({ userID: 'me', userSig: 'sig-me' })
      await vi.advanceTimersByTimeAsync(2000)
      expect(snapshot(ctx)).toEqual(before)
      note('TUILogin.login', 'the same user again (resolves, no change)')
    }
  })

  it('TUILogin.logout', async () => {
    if (loggedIn) return // a valid logout of a logged-in user is no bad input
    for (const input of [undefined, 'junk', { force: true }]) {
      const before = snapshot(ctx)
      const calls = ctx.world.calls.length
      await (TUILogin.logout as (x: unknown) => Promise<void>)(input)
      await vi.advanceTimersByTimeAsync(2000)
      expect(snapshot(ctx)).toEqual(before)
      expect(ctx.world.calls.length).toBe(calls)
      note('TUILogin.logout', `${show(input)} while logged out (resolves, no call)`)
    }
  })

  it('TUIUserService.switchUserStatus', async () => {
    const inputs: unknown[] = [
      ...WRONG_OBJECTS,
      {},
      { displayOnlineStatus: 'true' },
      { displayOnlineStatus: 1 },
      { displayOnlineStatus: null },
      { displayOnlineStatus: undefined },
    ]
    for (const input of inputs) {
      await rejects('TUIUserService.switchUserStatus', input, () => TUIUserService.switchUserStatus(as(input)), ERROR_CODE.INVALID_PARAMETERS)
    }
    if (!loggedIn) {
      for (const on of [true, false]) {
        const input = { displayOnlineStatus: on }
        await rejects('TUIUserService.switchUserStatus', input, () => TUIUserService.switchUserStatus(input), ERROR_CODE.NOT_LOGGED_IN)
      }
    }
  })

  it('TUIUserService.setSelfStatus', async () => {
    const inputs: unknown[] = [...WRONG_OBJECTS, {}, { customStatus: 42 }, { customStatus: null }, { customStatus: ['busy'] }]
    for (const input of inputs) {
      await rejects('TUIUserService.setSelfStatus', input, () => TUIUserService.setSelfStatus(as(input)), ERROR_CODE.INVALID_PARAMETERS)
    }
    // Over the 100-byte limit (LIMITS.CUSTOM_STATUS_MAX_BYTES), counted in UTF-8: rejected before any engine call.
    for (const customStatus of ['x'.repeat(100_000), 'x'.repeat(101), '🎉'.repeat(26)]) {
      const input = { customStatus }
      await rejects('TUIUserService.setSelfStatus', input, () => TUIUserService.setSelfStatus(input), ERROR_CODE.INVALID_PARAMETERS)
    }
    const long = 'x'.repeat(100)
    const html = '<img src=x onerror="alert(1)"><b>busy</b>'
    if (!loggedIn) {
      for (const customStatus of ['busy', long, html]) {
        const input = { customStatus }
        await rejects('TUIUserService.setSelfStatus', input, () => TUIUserService.setSelfStatus(input), ERROR_CODE.NOT_LOGGED_IN)
      }
      return
    }
    // Valid, if unusual: stored verbatim as text (never truncated, never parsed); the components escape it.
    for (const customStatus of [long, html, '']) {
      const before = snapshot(ctx)
      const result = await TUIUserService.setSelfStatus({ customStatus })
      await vi.advanceTimersByTimeAsync(100)
      expect(result.customStatus).toBe(customStatus)
      expect(ctx.store.selfStatus?.customStatus).toBe(customStatus)
      expect(ctx.world.getStatus('me').customStatus).toBe(customStatus)
      expect({ ...snapshot(ctx), selfStatus: null }).toEqual({ ...before, selfStatus: null })
      note('TUIUserService.setSelfStatus', `${show(customStatus)} (stored verbatim)`)
    }
  })

  it('TUIUserService.getUserStatus', async () => {
    const inputs: unknown[] = [
      ...WRONG_OBJECTS,
      {},
      { userIDList: 'u1' },
      { userIDList: [1] },
      { userIDList: [''] },
      { userIDList: [null] },
      { userIDList: ['u1', 2] },
      { userIDList: new Set(['u1']) },
    ]
    for (const input of inputs) {
      await rejects('TUIUserService.getUserStatus', input, () => TUIUserService.getUserStatus(as(input)), ERROR_CODE.INVALID_PARAMETERS)
    }
    await rejects('TUIUserService.getUserStatus', { userIDList: [] }, () => TUIUserService.getUserStatus({ userIDList: [] }), ERROR_CODE.OPTIONS_IS_EMPTY)
    if (!loggedIn) {
      const input = { userIDList: ['u1'] }
      await rejects('TUIUserService.getUserStatus', input, () => TUIUserService.getUserStatus(input), ERROR_CODE.NOT_LOGGED_IN)
      return
    }

    // Valid but odd lists: answered, nothing in the store or the subscriptions changes.
    const odd: Array<{ label: string; ids: string[]; check: (r: Awaited<ReturnType<typeof TUIUserService.getUserStatus>>) => void }> = [
      {
        label: 'unknown and HTML userIDs',
        ids: ['nobody', '<script>alert(1)</script>', 'u1'],
        check: (r) => {
          expect(r.successUserList.map((s) => s.userID)).toEqual(['u1'])
          expect(r.failureUserList.map((f) => [f.userID, f.code])).toEqual([
            ['nobody', 70107],
            ['<script>alert(1)</script>', 70107],
          ])
        },
      },
      {
        label: 'duplicates',
        ids: ['u1', 'u1', 'u2', 'u1'],
        check: (r) => expect(r.successUserList.map((s) => s.userID)).toEqual(['u1', 'u2']),
      },
      { label: 'self only (answered locally)', ids: ['me'], check: (r) => expect(r.successUserList[0].statusType).toBe(1) },
      {
        label: '1,200 IDs (3 calls of <= 500)',
        ids: [...USERS, ...Array.from({ length: 1190 }, (_, i) => `ghost${i}`)],
        check: (r) => expect(r.successUserList.length + r.failureUserList.length).toBe(1200),
      },
      {
        label: '15,000 IDs (30 calls, paced within 20 per 5 s)',
        ids: Array.from({ length: 15_000 }, (_, i) => `many${i}`),
        check: (r) => expect(r.failureUserList).toHaveLength(15_000),
      },
    ]
    for (const { label, ids, check } of odd) {
      const before = snapshot(ctx)
      const from = ctx.world.calls.length
      const pending = TUIUserService.getUserStatus({ userIDList: ids })
      await vi.advanceTimersByTimeAsync(30_000)
      check(await pending)
      const calls = ctx.world.calls.slice(from)
      for (const call of calls) {
        expect(call.ok, `${label}: ${call.method} failed with ${call.code}`).toBe(true)
        expect(call.userIDList?.length ?? 0).toBeLessThanOrEqual(LIMITS.GET_USER_STATUS_MAX_IDS)
      }
      expect(snapshot(ctx)).toEqual(before)
      note('TUIUserService.getUserStatus', `${label} (answered, no state change)`)
    }
  })

  it('PresenceList.setVisible / setOverscan / setOverride', async () => {
    const { list } = ctx
    const junk: unknown[] = [undefined, null, 42, 'u1', true, {}, { length: 2, 0: 'u1', 1: 'u2' }]
    for (const input of junk) {
      await rejects('PresenceList.setVisible', input, () => list.setVisible(as(input)), ERROR_CODE.INVALID_PARAMETERS)
      await rejects('PresenceList.setOverscan', input, () => list.setOverscan(as(input)), ERROR_CODE.INVALID_PARAMETERS)
    }
    for (const input of ['yes', 1, 0, {}, []]) {
      await rejects('PresenceList.setOverride', input, () => list.setOverride(as(input)), ERROR_CODE.INVALID_PARAMETERS)
    }
    if (!loggedIn) return

    // Junk entries are skipped, duplicates count once: only u1 and u2 are in view.
    list.setVisible(as(['u1', 1, null, '', 'u1', { userID: 'u3' }, 'u2', undefined]))
    await vi.advanceTimersByTimeAsync(2000)
    expect([...ctx.kit.presence.desiredIDs()].sort()).toEqual(['u1', 'u2'])
    expect(ctx.store.userStatusList.get('u1')).toMatchObject({ statusType: 2, customStatus: 'at work', stale: false })
    note('PresenceList.setVisible', '[u1, 1, null, "", u1, {…}, u2, undefined] (junk skipped, duplicates once)')

    // 10,000 rows in view: batches within the limits, at most 200 subscribed, the server agrees.
    const many = Array.from({ length: 10_000 }, (_, i) => (i < USERS.length ? USERS[i] : `row${i}`))
    for (const id of many.slice(USERS.length, USERS.length + 400)) ctx.world.addUser({ userID: id })
    const from = ctx.world.calls.length
    list.setVisible(many)
    await vi.advanceTimersByTimeAsync(60_000)
    const calls = ctx.world.calls.slice(from)
    for (const call of calls) {
      expect(call.ok, `${call.method} failed with ${call.code}`).toBe(true)
      const limit = call.method === 'getUserStatus' ? 500 : 100
      expect(call.userIDList?.length ?? 0).toBeLessThanOrEqual(limit)
    }
    const times = calls.map((c) => c.at)
    for (let i = 20; i < times.length; i++) expect(times[i] - times[i - 20]).toBeGreaterThanOrEqual(5000)
    expect(ctx.world.subscriptionsOf(ctx.engine).sort()).toEqual(ctx.kit.presence.subscribedIDs().sort())
    expect(ctx.kit.presence.subscribedIDs().length).toBe(200)
    note('PresenceList.setVisible', '10,000 userIDs (batched, 200 subscribed, within 20 calls per 5 s)')

    // A disposed list ignores everything.
    list.dispose()
    await vi.advanceTimersByTimeAsync(2000)
    const before = snapshot(ctx)
    list.setVisible(['u9'])
    list.setOverride(true)
    list.dispose()
    await vi.advanceTimersByTimeAsync(2000)
    expect(snapshot(ctx)).toEqual(before)
    note('PresenceList.setVisible', 'after dispose() (ignored)')
  })

  it('app.use(TUIKit, options) with bad options', async () => {
    const engine = createLocalEngine({ world: ctx.world })
    const inputs: unknown[] = [
      undefined,
      null,
      'local',
      {},
      { engine: null },
      { engine: 'local' },
      { engine: {} },
      { engine: { login: () => undefined } },
      { engine, presence: 'fast' },
      { engine, presence: { dwellMs: -1 } },
      { engine, presence: { settleMs: '80' } },
      { engine, presence: { maxWaitMs: Infinity } },
      { engine, presence: { offlineGraceMs: Number.NaN } },
      { engine, presence: { offlineGraceMs: -500 } },
      { engine, presence: { maxSubscriptions: 0 } },
      { engine, presence: { maxSubscriptions: 1.5 } },
      { engine, presence: { friendAutoNotify: 'yes' } },
      { engine, presence: { clock: {} } },
    ]
    for (const input of inputs) {
      // A fresh app each time: Vue marks a plugin installed even when its install throws.
      const app = createApp({ render: () => null })
      app.use(createPinia())
      await rejects('app.use(TUIKit, options)', input, () => app.use(TUIKit, as(input)), ERROR_CODE.INVALID_PARAMETERS)
    }
    const noPinia = createApp({ render: () => null })
    await rejects('app.use(TUIKit, options)', 'without Pinia', () => noPinia.use(TUIKit, { engine }), ERROR_CODE.INVALID_PARAMETERS)
    engine.destroy()
  })

  it('TUILogin / TUIUserService before app.use(TUIKit)', async () => {
    const active = getActiveKit()
    const before = snapshot(ctx)
    setActiveKit(null)
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['TUILogin.login', () => TUILogin.login({ userID: 'me', userSig: 's' })],
      ['TUILogin.logout', () => TUILogin.logout()],
      ['TUIUserService.switchUserStatus', () => TUIUserService.switchUserStatus({ displayOnlineStatus: true })],
      ['TUIUserService.setSelfStatus', () => TUIUserService.setSelfStatus({ customStatus: 'x' })],
      ['TUIUserService.getUserStatus', () => TUIUserService.getUserStatus({ userIDList: ['u1'] })],
    ]
    for (const [api, run] of calls) {
      const error = await run().then(
        () => null,
        (e: unknown) => e,
      )
      expect(error, api).toBeInstanceOf(ChatError)
      expect((error as ChatError).code).toBe(ERROR_CODE.NOT_LOGGED_IN)
      expect((error as ChatError).message).toContain('app.use(TUIKit')
      note(api, 'before the kit is installed')
    }
    setActiveKit(active)
    expect(snapshot(ctx)).toEqual(before)
  })
})
