/** The measurements run inside the page, the same code for both variants. */
import {
  afterNextPaint,
  flip,
  isOnlineInWorld,
  median,
  nextTick,
  now,
  progress,
  quantile,
  renderCounts,
  sleep,
} from './harness'
import type { Variant } from './variant'

export interface MountResult {
  /** From rendering the list to the end of Vue's flush (the DOM built). */
  domMs: number
  /** From rendering the list to the first painted frame in which every visible row shows its dot. */
  firstRenderMs: number
  /** Until every visible row's dot shows a known status (ours: after its query; the baseline: at once). */
  statusShownMs: number | null
  visibleRows: number
  renderedRows: number
}

export interface PrepareResult {
  /** Every event target's events reach this client. */
  reachable: boolean
  domNodes: number
  renderedRows: number
}

export interface BurstResult {
  events: number
  /** Events dispatched before the budget ran out. */
  delivered: number
  /** From the moment the events were queued to the end of the flush after the last one. */
  ms: number
  timedOut: boolean
  /** Every target's dot shows the world's status afterwards. */
  correct: boolean
  rowUpdates: number
  componentUpdates: number
  /** The first event's work (its task plus Vue's flush), as a single event measures it. */
  firstEventWorkMs: number
  /** The first event's task alone. */
  firstEventTaskMs: number
}

export interface SinglesResult {
  /** Per event: the event's task (script) plus Vue's flush, until the next tick resolved, in ms. */
  samples: number[]
  medianMs: number
  p95Ms: number
  /** Median of the event's task alone (engine dispatch, kit / store handlers), before Vue's flush. */
  taskMedianMs: number
  /** Median of the rest: Vue's flush (render and patch) until the next tick resolved. */
  flushMedianMs: number
  rowUpdatesMedian: number
  rowUpdatesMax: number
  componentUpdatesMedian: number
  timedOut: boolean
}

/** Rows at least partly inside the scroller's box. */
export function visibleRows(v: Variant): HTMLElement[] {
  const scroller = v.scroller()
  if (!scroller) return []
  const box = scroller.getBoundingClientRect()
  const out: HTMLElement[] = []
  for (const row of v.rows()) {
    const rect = row.getBoundingClientRect()
    if (rect.bottom <= box.top + 0.5) continue
    if (rect.top >= box.bottom - 0.5) break
    out.push(row)
  }
  return out
}

function allVisibleDots(v: Variant, known: boolean): boolean {
  const rows = visibleRows(v)
  if (rows.length === 0) return false
  return rows.every((row) => {
    const dot = v.dotOf(row)
    return dot !== null && (!known || v.dotKnown(dot))
  })
}

function waitStatusShown(v: Variant, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    if (allVisibleDots(v, true)) return resolve(now())
    const scroller = v.scroller()
    if (!scroller) return resolve(null)
    const observer = new MutationObserver(() => {
      const t = now()
      if (!allVisibleDots(v, true)) return
      observer.disconnect()
      clearTimeout(timer)
      resolve(t)
    })
    observer.observe(scroller, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'class'] })
    const timer = setTimeout(() => {
      observer.disconnect()
      resolve(null)
    }, timeoutMs)
  })
}

/**
 * `idleMs`: the page first stays idle this long (then waits for an idle period), as when a list is opened a moment
 * after the login rather than at once; 0 shows the list right after the setup.
 */
export async function mount(v: Variant, idleMs = 0): Promise<MountResult> {
  if (idleMs > 0) {
    await sleep(idleMs)
    if (typeof requestIdleCallback === 'function') await new Promise<void>((resolve) => requestIdleCallback(() => resolve()))
  }
  await afterNextPaint()
  progress('mount-start')
  const t0 = now()
  v.show()
  await nextTick()
  const tDom = now()
  progress('mount-dom', { ms: tDom - t0 })
  let firstRender = NaN
  for (let frame = 0; frame < 1200; frame++) {
    const t = await afterNextPaint()
    if (allVisibleDots(v, false)) {
      firstRender = t
      break
    }
  }
  const shown = await waitStatusShown(v, 15_000)
  return {
    domMs: tDom - t0,
    firstRenderMs: firstRender - t0,
    statusShownMs: shown === null ? null : Math.max(shown, firstRender) - t0,
    visibleRows: visibleRows(v).length,
    renderedRows: v.rows().length,
  }
}

/** Waits until the targets' events reach the client and no engine call was made for 400 ms. */
export async function prepare(v: Variant): Promise<PrepareResult> {
  const reachable = await v.targetsReachable(10_000)
  let lastCall = now()
  const stop = v.population.world.onCall(() => {
    lastCall = now()
  })
  const deadline = now() + 5_000
  while (now() - lastCall < 400 && now() < deadline) await sleep(50)
  stop()
  await afterNextPaint()
  return { reachable, domNodes: document.querySelectorAll('*').length, renderedRows: v.rows().length }
}

function targetsCorrect(v: Variant): boolean {
  const scroller = v.scroller()
  if (!scroller) return false
  return v.population.targets.every((id) => {
    const row = scroller.querySelector<HTMLElement>(`[data-key="${id}"]`)
    const dot = row ? v.dotOf(row) : null
    return dot !== null && v.dotOnline(dot) === isOnlineInWorld(v.population, id)
  })
}

let eventCounter = 0

/** `count` status events queued at once, each delivered in its own task; bounded by `budgetMs`. */
export async function burst(v: Variant, count: number, budgetMs: number): Promise<BurstResult> {
  await afterNextPaint()
  const rows0 = renderCounts.rows
  const all0 = renderCounts.all
  let delivered = 0
  let deadline = Infinity
  let previousStart = NaN
  let firstEventWorkMs = NaN
  let firstEventTaskMs = NaN
  v.scheduler.observe((task) => {
    // Stop once the budget is spent, or when the next event would overrun it (the previous one's cost, task
    // and flush, is the time between their starts): an event in flight cannot be interrupted.
    const t = now()
    const previousCost = Number.isNaN(previousStart) ? 0 : t - previousStart
    if (t > deadline || t + previousCost > deadline) return
    previousStart = t
    if (delivered === 0) {
      task()
      firstEventTaskMs = now() - t
      void nextTick().then(() => {
        firstEventWorkMs = now() - t
      })
    } else {
      task()
    }
    delivered++
  })
  for (let i = 0; i < count; i++) flip(v.population, eventCounter++)
  const t0 = now()
  deadline = t0 + budgetMs
  await v.scheduler.afterQueued()
  await nextTick()
  const ms = now() - t0
  v.scheduler.observe(null)
  progress('burst', { delivered, ms })
  const timedOut = delivered < count
  // Skipped events never reached the store: bring the world back in line with what the client saw is not
  // possible, so a timed-out burst is reported as incorrect rather than checked.
  const correct = !timedOut && targetsCorrect(v)
  return {
    events: count,
    delivered,
    ms,
    timedOut,
    correct,
    rowUpdates: renderCounts.rows - rows0,
    componentUpdates: renderCounts.all - all0,
    firstEventWorkMs,
    firstEventTaskMs,
  }
}

/** Single events, one at a time (a painted frame between them); bounded by `budgetMs`. */
export async function singles(v: Variant, count: number, budgetMs: number): Promise<SinglesResult> {
  const samples: number[] = []
  const tasks: number[] = []
  const rows: number[] = []
  const all: number[] = []
  const deadline = now() + budgetMs
  let timedOut = false
  let previousCost = 0
  for (let i = 0; i < count; i++) {
    const start = now()
    if (start > deadline || start + previousCost > deadline) {
      timedOut = true
      break
    }
    await afterNextPaint()
    let work = NaN
    let taskMs = NaN
    v.scheduler.observe((task) => {
      const t0 = now()
      task()
      taskMs = now() - t0
      void nextTick().then(() => {
        work = now() - t0
      })
    })
    const rows0 = renderCounts.rows
    const all0 = renderCounts.all
    flip(v.population, eventCounter++)
    await v.scheduler.afterQueued()
    await nextTick()
    v.scheduler.observe(null)
    samples.push(work)
    tasks.push(taskMs)
    rows.push(renderCounts.rows - rows0)
    all.push(renderCounts.all - all0)
    if (samples.length % 10 === 0) progress('single', { done: samples.length })
    previousCost = now() - start
  }
  return {
    samples,
    medianMs: median(samples),
    p95Ms: quantile(samples, 0.95),
    taskMedianMs: median(tasks),
    flushMedianMs: median(samples.map((ms, i) => ms - tasks[i])),
    rowUpdatesMedian: median(rows),
    rowUpdatesMax: rows.length ? Math.max(...rows) : NaN,
    componentUpdatesMedian: median(all),
    timedOut,
  }
}
