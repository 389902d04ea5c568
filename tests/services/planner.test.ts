import { describe, expect, it } from 'vitest'
import { effectiveDisplay, expiredEntries, nextStep, settleDelay, type PlanState, type PlannerList } from '../../src/services/presence'

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
