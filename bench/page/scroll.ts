/**
 * The scroll run on the kit's TUIContact: programmatic scrollTop steps through every contact, alternating slow
 * reading, pauses, flings and medium scrolling, while the world's call log, the client's subscriptions and the
 * rows' dots are recorded.
 */
import { now, progress, sleep } from './harness'
import type { Variant } from './variant'

export interface ScrollSegment {
  /** How long the segment lasts, in ms of page time. */
  ms: number
  /** Scroll speed in px per second (0: a pause). */
  pxPerSecond: number
  kind: 'slow' | 'pause' | 'fling' | 'medium'
}

/** ~75,000 px per 3.2 s cycle: about 24 s for 10,000 rows of 56 px. */
export const DEFAULT_CYCLE: ScrollSegment[] = [
  { kind: 'slow', ms: 1000, pxPerSecond: 500 },
  { kind: 'pause', ms: 500, pxPerSecond: 0 },
  { kind: 'fling', ms: 600, pxPerSecond: 120_000 },
  { kind: 'medium', ms: 800, pxPerSecond: 4_000 },
  { kind: 'pause', ms: 300, pxPerSecond: 0 },
]

export interface ScrollOptions {
  cycle?: ScrollSegment[]
  /** Time left after the end is reached, for the last calls. */
  tailMs?: number
  /** Longest scrolling time. */
  maxMs?: number
}

export interface CallRecord {
  method: string
  /** Page time (performance.now()) of the call. */
  t: number
  ids: number
  ok: boolean
  code?: number
}

export interface ScrollResult {
  scrollMs: number
  tailMs: number
  frames: number
  scrolledPx: number
  totalPx: number
  reachedEnd: boolean
  calls: CallRecord[]
  peakSubscriptions: number
  subscriptionSamples: number
  subscriptionsAtEnd: number
  rowsAppeared: number
  /** Per row appearance that got a known dot while rendered: ms from the row element appearing to that. */
  latencies: number[]
  /** Appearances whose row already had a known status when it appeared (latency 0, included above). */
  shownAtAppearance: number
  /** Rows removed again before their dot showed a status (passed by in a fling: by design, never queried). */
  leftBeforeStatus: number
  /** Longest time a row stayed rendered and then left without ever showing a status, in ms. */
  longestUnshownMs: number
  /** Rows still rendered without a status at the end. */
  pendingAtEnd: number
  /** Minimum time in view for a visit to count as "stays in view" (STAY_MS). */
  stayMs: number
  /**
   * The target's metric, one value per visit of a row to the viewport (the scroller's box, overscan excluded)
   * that lasted at least `stayMs`: ms from the row entering the viewport to its dot showing a status (0 when it
   * showed one on entry). A visit that ended (or the run ended) without a status counts its whole length, a
   * lower bound of the latency, so slowness is never dropped.
   */
  stayLatencies: number[]
  /** Of those, visits that ended without a status (their value is a lower bound). */
  stayUnshown: number
  /** Visits to the viewport shorter than `stayMs` (flung or scrolled past); not in `stayLatencies`. */
  passedBy: number
}

/**
 * A row "stays in view" when it remains inside the scroller's box for at least this long: the view stopped with
 * it in view, or slow motion kept it there. Rows crossing the viewport faster (a fling crosses 640 px in 5 ms,
 * medium scrolling in under 200 ms) pass by. The latency is still counted from the moment the row entered the
 * viewport, not from the stop.
 */
export const STAY_MS = 300

const PRESENCE_METHODS = new Set(['getUserStatus', 'subscribeUserStatus', 'unsubscribeUserStatus'])

export async function scrollRun(v: Variant, options: ScrollOptions = {}): Promise<ScrollResult> {
  const cycle = options.cycle ?? DEFAULT_CYCLE
  const tailMs = options.tailMs ?? 3000
  const maxMs = options.maxMs ?? 60_000
  const el = v.scroller()
  // The whole scroller is observed: the rows' parent is not necessarily its first child (a sticky header is).
  if (!el || !el.querySelector('[role="option"]')) throw new Error('scrollRun: the list is not rendered.')
  const spacer: HTMLElement = el
  const { world } = v.population

  // Calls and subscriptions.
  const calls: CallRecord[] = []
  let peakSubscriptions = world.subscriptionsOf(v.engine).length
  let subscriptionSamples = 0
  const sample = () => {
    subscriptionSamples++
    peakSubscriptions = Math.max(peakSubscriptions, world.subscriptionsOf(v.engine).length)
  }
  const stopCalls = world.onCall((call) => {
    if (call.clientId !== v.engine.id || !PRESENCE_METHODS.has(call.method)) return
    calls.push({ method: call.method, t: now(), ids: call.userIDList?.length ?? 0, ok: call.ok, code: call.code })
    sample()
  })
  const sampler = setInterval(sample, 20)

  // Rows appearing and their dots.
  const pending = new Map<string, number>()
  const seen = new WeakSet<Element>()
  const latencies: number[] = []
  let rowsAppeared = 0
  let shownAtAppearance = 0
  let leftBeforeStatus = 0
  let longestUnshownMs = 0
  const rowOf = (node: Node): HTMLElement | null =>
    node instanceof HTMLElement && node.getAttribute('role') === 'option' ? node : null
  const observer = new MutationObserver((records) => {
    const t = now()
    for (const record of records) {
      if (record.type === 'childList') {
        record.removedNodes.forEach((node) => {
          const row = rowOf(node)
          if (!row || row.isConnected) return // moved, not removed
          const key = v.keyOf(row)
          const since = pending.get(key)
          if (since === undefined) return
          pending.delete(key)
          leftBeforeStatus++
          longestUnshownMs = Math.max(longestUnshownMs, t - since)
        })
        record.addedNodes.forEach((node) => {
          const row = rowOf(node)
          if (!row || seen.has(row)) return
          seen.add(row)
          rowsAppeared++
          const dot = v.dotOf(row)
          if (dot && v.dotKnown(dot)) {
            latencies.push(0)
            shownAtAppearance++
          } else {
            pending.set(v.keyOf(row), t)
          }
        })
      } else if (record.target instanceof HTMLElement && v.dotKnown(record.target)) {
        const row = record.target.closest<HTMLElement>('[role="option"]')
        if (!row) continue
        const key = v.keyOf(row)
        const since = pending.get(key)
        if (since === undefined) continue
        latencies.push(t - since)
        pending.delete(key)
      }
    }
  })
  observer.observe(spacer, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-status'] })

  // Visits to the viewport (the target's metric): an IntersectionObserver on every rendered row, the scroller
  // as root; entry.time is on the performance.now() timeline.
  interface Visit {
    since: number
    knownAt: number | null
  }
  const visits = new Map<Element, Visit>()
  const stayLatencies: number[] = []
  let stayUnshown = 0
  let passedBy = 0
  const endVisit = (row: Element, t: number) => {
    const visit = visits.get(row)
    if (!visit) return
    visits.delete(row)
    const stayed = t - visit.since
    if (stayed < STAY_MS) {
      passedBy++
      return
    }
    if (visit.knownAt !== null) stayLatencies.push(Math.max(0, visit.knownAt - visit.since))
    else {
      stayLatencies.push(stayed)
      stayUnshown++
    }
  }
  const known = (row: HTMLElement) => {
    const dot = v.dotOf(row)
    return dot !== null && v.dotKnown(dot)
  }
  const io = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const row = entry.target as HTMLElement
        const inView = entry.isIntersecting && entry.intersectionRatio > 0
        if (inView && !visits.has(row)) visits.set(row, { since: entry.time, knownAt: known(row) ? entry.time : null })
        else if (!inView && visits.has(row)) endVisit(row, entry.time)
      }
    },
    { root: el, threshold: [0, 0.01] },
  )
  const observedRows = new Set<HTMLElement>()
  const visitObserver = new MutationObserver((records) => {
    const t = now()
    for (const record of records) {
      if (record.type === 'childList') {
        record.removedNodes.forEach((node) => {
          const row = rowOf(node)
          if (!row || row.isConnected) return
          io.unobserve(row)
          observedRows.delete(row)
          endVisit(row, t)
        })
        record.addedNodes.forEach((node) => {
          const row = rowOf(node)
          if (!row || observedRows.has(row)) return
          observedRows.add(row)
          io.observe(row)
        })
      } else if (record.target instanceof HTMLElement && v.dotKnown(record.target)) {
        const row = record.target.closest<HTMLElement>('[role="option"]')
        const visit = row ? visits.get(row) : undefined
        if (visit && visit.knownAt === null) visit.knownAt = t
      }
    }
  })
  visitObserver.observe(spacer, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-status'] })
  for (const row of v.rows()) {
    observedRows.add(row)
    io.observe(row)
  }

  // The scroll driver.
  const totalPx = el.scrollHeight - el.clientHeight
  let position = el.scrollTop
  let frames = 0
  const t0 = now()
  await new Promise<void>((resolve) => {
    let segment = 0
    let segmentStart = t0
    let last = t0
    let lastReport = t0
    const step = () => {
      const t = now()
      while (t - segmentStart >= cycle[segment % cycle.length].ms) {
        segmentStart += cycle[segment % cycle.length].ms
        segment++
      }
      position = Math.min(totalPx, position + (cycle[segment % cycle.length].pxPerSecond * (t - last)) / 1000)
      last = t
      el.scrollTop = position
      frames++
      if (t - lastReport > 2000) {
        lastReport = t
        progress('scroll', { position: Math.round(position), totalPx })
      }
      if (position >= totalPx || t - t0 > maxMs) resolve()
      else requestAnimationFrame(step)
    }
    requestAnimationFrame(step)
  })
  const scrollMs = now() - t0
  await sleep(tailMs)

  observer.disconnect()
  visitObserver.disconnect()
  io.disconnect()
  const tEnd = now()
  for (const row of [...visits.keys()]) endVisit(row, tEnd)
  clearInterval(sampler)
  stopCalls()
  return {
    scrollMs,
    tailMs,
    frames,
    scrolledPx: position,
    totalPx,
    reachedEnd: position >= totalPx,
    calls,
    peakSubscriptions,
    subscriptionSamples,
    subscriptionsAtEnd: world.subscriptionsOf(v.engine).length,
    rowsAppeared,
    latencies,
    shownAtAppearance,
    leftBeforeStatus,
    longestUnshownMs,
    pendingAtEnd: pending.size,
    stayMs: STAY_MS,
    stayLatencies,
    stayUnshown,
    passedBy,
  }
}
