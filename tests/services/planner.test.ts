import { describe, expect, it } from 'vitest'
import { effectiveDisplay, expiredEntries, nextStep, settleDelay, type PlanState, type PlannerList } from '../../src/services/presence'
import { CALL_RESERVE, SUBSCRIBE_BATCH, SUBSCRIBE_BATCH_WAIT_MS, overscanTrigger } from '../../src/services/presence/planner'

/** Pure decisions: no timers, no engine; the time is an argument. */

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `u${from + i}`)

function list(visible: string[], options: { override?: boolean; overscan?: string[] } = {}): PlannerList {
  return { override: options.override, visible: new Set(visible), overscan: new Set(options.overscan ?? []) }
}

function state(overrides: Partial<PlanState> = {}): PlanState {
  return {
    lists: [],
    globalDisplay: true,
    selfID: 'me',
    subscribed: new Set(),
    serverMayHoldUnknown: false,
    needResubscribe: new Set(),
    readAt: new Map(),
    refusedAt: new Map(),
    unknownReads: new Set(),
    autoNotified: new Set(),
    visibleSince: new Map(),
    lastVisible: new Map(),
    entries: [],
    dwellMs: 300,
    maxSubscriptions: 200,
    limits: { getUserStatusMaxIDs: 500, subscribeMaxIDs: 100, unsubscribeMaxIDs: 100 },
    freshForMs: 60_000,
    ...overrides,
  }
}

const since = (userIDs: string[], at: number) => new Map(userIDs.map((id) => [id, at]))

describe('effectiveDisplay: the prop when given, else the global switch', () => {
  it.each([
    [undefined, true, true],
    [undefined, false, false],
    [true, false, true],
    [false, true, false],
  ])('prop %s, global %s -> %s', (prop, global, expected) => {
    expect(effectiveDisplay(prop, global)).toBe(expected)
  })
})

describe('nextStep', () => {
  it('idle when nothing displays and the server holds nothing; clears the server when it may hold something', () => {
    expect(nextStep(state({ globalDisplay: false, lists: [list(['u1'])] }), 0)).toEqual({ kind: 'idle' })
    expect(nextStep(state({ globalDisplay: false, lists: [list(['u1'])], subscribed: new Set(['u1']) }), 0)).toEqual({ kind: 'clear-server' })
    expect(nextStep(state({ lists: [list(['u1'])], serverMayHoldUnknown: true }), 0)).toEqual({ kind: 'clear-server' })
  })

  it('queries rows in view without a current value, never self, at most 500 per call', () => {
    const step = nextStep(state({ lists: [list(['me', ...ids(0, 700)])], visibleSince: since(ids(0, 700), 0) }), 0)
    expect(step.kind).toBe('query')
    if (step.kind !== 'query') return
    expect(step.userIDs).toHaveLength(500)
    expect(step.userIDs).not.toContain('me')
  })

  it('waits for the dwell time before subscribing, then subscribes at most 100', () => {
    const rows = ids(0, 150)
    const s = state({ lists: [list(rows)], visibleSince: since(rows, 1000), readAt: since(rows, 1000), entries: rows })
    expect(nextStep(s, 1100)).toEqual({ kind: 'wait', ms: 200, background: false })
    expect(nextStep(s, 1300)).toEqual({ kind: 'subscribe', userIDs: ids(0, 100) })
  })

  it('a list with displayOnlineStatus=false needs nothing even when the global switch is on', () => {
    expect(nextStep(state({ lists: [list(['u1'], { override: false })] }), 0)).toEqual({ kind: 'idle' })
  })

  it('confirms subscriptions after a reconnect before anything else, rows in view first', () => {
    const s = state({
      lists: [list(['u2'])],
      subscribed: new Set(['u1', 'u2']),
      needResubscribe: new Set(['u1', 'u2']),
    })
    expect(nextStep(s, 0)).toEqual({ kind: 'subscribe', userIDs: ['u2', 'u1'] })
  })

  it('at the cap, evicts the least recently visible subscription out of view; never one in view', () => {
    const subscribed = new Set(ids(0, 200))
    const lastVisible = new Map(ids(0, 200).map((id, i) => [id, 10_000 - i]))
    const rows = ['u199', 'new']
    const s = state({
      lists: [list(rows)],
      subscribed,
      lastVisible,
      visibleSince: since(rows, 0),
      readAt: since([...ids(0, 200), 'new'], 0),
      entries: ['u199', 'new'],
    })
    expect(nextStep(s, 1000)).toEqual({ kind: 'evict', userIDs: ['u198'] })
    // Every subscription in view: the row past the cap keeps its snapshot (a background refresh later).
    const full = state({ ...s, lists: [list([...ids(0, 200), 'new'])], visibleSince: since([...ids(0, 200), 'new'], 0) })
    expect(nextStep(full, 1000)).toEqual({ kind: 'wait', ms: 29_000, background: true })
  })

  it('freshness: an entry nothing pushes is read again after half the bound, with those due soon', () => {
    const subscribed = new Set(ids(0, 200))
    const rows = [...ids(0, 200), 'a', 'b', 'c']
    const s = state({
      lists: [list(rows)],
      subscribed,
      visibleSince: since(rows, 0),
      readAt: new Map([...ids(0, 200).map((id): [string, number] => [id, 0]), ['a', 0], ['b', 10_000], ['c', 40_000]]),
      entries: rows,
    })
    expect(nextStep(s, 29_999)).toEqual({ kind: 'wait', ms: 1, background: true })
    // a is due at 30 s; b (due at 40 s) is within the next quarter bound and goes along; c is not due yet.
    expect(nextStep(s, 30_000)).toEqual({ kind: 'query', userIDs: ['a', 'b'] })
  })

  it('auto-notified friends are queried, never subscribed, and need no refresh', () => {
    const s = state({
      lists: [list(['f1'])],
      autoNotified: new Set(['f1']),
      visibleSince: since(['f1'], 0),
      readAt: since(['f1'], 0),
      entries: ['f1'],
    })
    expect(nextStep(s, 100_000)).toEqual({ kind: 'idle' })
  })

  it('a user the server refused (70107) is tried again once the freshness bound has passed', () => {
    const s = state({
      lists: [list(['x'])],
      refusedAt: since(['x'], 1000),
      visibleSince: since(['x'], 0),
      readAt: since(['x'], 50_000),
      entries: ['x'],
    })
    expect(nextStep(s, 2000)).toEqual({ kind: 'wait', ms: 59_000, background: true })
    expect(nextStep(s, 61_000)).toEqual({ kind: 'subscribe', userIDs: ['x'] })
  })
})

describe('expiredEntries', () => {
  it('lists entries nothing pushes whose last read is at least the bound old, and when the next one expires', () => {
    const s = state({
      subscribed: new Set(['pushed']),
      readAt: new Map([
        ['pushed', 0],
        ['old', 0],
        ['recent', 30_000],
      ]),
      entries: ['pushed', 'old', 'recent', 'unread'],
    })
    expect(expiredEntries(s, 60_000)).toEqual({ expired: ['old'], nextAt: 90_000 })
  })
})

describe('settleDelay', () => {
  it('waits the settle time after the last change, never past maxWait from the first', () => {
    expect(settleDelay(0, 0, 80, 1000)).toBe(80)
    expect(settleDelay(950, 0, 80, 1000)).toBe(50)
    expect(settleDelay(1200, 0, 80, 1000)).toBe(0)
  })
})

describe('nextStep while scrolling', () => {
  it('rows in view without a value are queried at once, with every overscan row lacking one', () => {
    const known = since(ids(0, 10), 0)
    const step = nextStep(state({ lists: [list(['u10'], { overscan: ids(0, 24) })], readAt: known, visibleSince: since(['u10'], 0) }), 0)
    expect(step).toEqual({ kind: 'query', userIDs: ['u10', ...ids(11, 24)] })
  })

  it('the overscan alone causes a query only once a quarter of it lacks a value, then all of it is read', () => {
    const overscan = ids(0, 24)
    const visible = ['v1']
    const base = { visibleSince: since(visible, 0), entries: visible }
    expect(overscanTrigger(24)).toBe(6)
    // 5 of 24 overscan rows without a value: nothing to query yet (the rows in view are known).
    const five = state({ ...base, lists: [list(visible, { overscan })], readAt: since([...visible, ...ids(0, 19)], 0) })
    expect(nextStep(five, 10).kind).not.toBe('query')
    // 6: the whole overscan lacking a value is read in one call.
    const six = state({ ...base, lists: [list(visible, { overscan })], readAt: since([...visible, ...ids(0, 18)], 0) })
    expect(nextStep(six, 10)).toEqual({ kind: 'query', userIDs: ids(18, 24) })
    // A small overscan still triggers on one missing row.
    const small = state({ ...base, lists: [list(visible, { overscan: ['o1'] })], readAt: since(visible, 0) })
    expect(nextStep(small, 10)).toEqual({ kind: 'query', userIDs: ['o1'] })
  })

  it('short of calls, due subscriptions wait for a batch (or the batch wait); with calls to spare they go at once', () => {
    const rows = ids(0, 3)
    const s = (callsLeft: number | undefined) =>
      state({ lists: [list(rows)], visibleSince: since(rows, 1000), readAt: since(rows, 1000), entries: rows, callsLeft })
    // Plenty of calls (or unknown): subscribed once the dwell time has passed, as before.
    expect(nextStep(s(undefined), 1300)).toEqual({ kind: 'subscribe', userIDs: rows })
    expect(nextStep(s(CALL_RESERVE + 1), 1300)).toEqual({ kind: 'subscribe', userIDs: rows })
    // Few calls left: wait for the batch wait counted from the dwell deadline, keeping the calls for queries.
    expect(nextStep(s(CALL_RESERVE), 1300)).toEqual({ kind: 'wait', ms: SUBSCRIBE_BATCH_WAIT_MS, background: false })
    expect(nextStep(s(CALL_RESERVE), 1300 + SUBSCRIBE_BATCH_WAIT_MS)).toEqual({ kind: 'subscribe', userIDs: rows })
    // A full batch goes at once even when few calls are left.
    const many = ids(0, SUBSCRIBE_BATCH)
    const full = state({ lists: [list(many)], visibleSince: since(many, 1000), readAt: since(many, 1000), entries: many, callsLeft: 1 })
    expect(nextStep(full, 1300)).toEqual({ kind: 'subscribe', userIDs: many })
  })

  it('a row in view without a value is queried even when few calls are left', () => {
    const step = nextStep(state({ lists: [list(['u1'])], visibleSince: since(['u1'], 0), callsLeft: 1 }), 0)
    expect(step).toEqual({ kind: 'query', userIDs: ['u1'] })
  })
})
