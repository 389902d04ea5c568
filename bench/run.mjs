#!/usr/bin/env node
/**
 * `npm run bench`: builds the benchmark page (`vite build --mode bench`), serves bench/dist on a free port with
 * a tiny static server (cross-origin isolated, so performance.now() has 5 µs resolution), drives Debian's
 * Chromium with Playwright, prints the tables and writes bench/results/latest.json and BENCHMARKS.md.
 *
 * Variants: (a) the kit's TUIContact, (b) the official contact-list pattern (bench/page/baseline/), (c) the
 * reference: a plain keyed list reading a reactive Map, not virtualised (bench/page/reference/). (b) and (c) run up
 * to BENCH_COMPARE_MAX friends; larger sizes measure (a) alone. Every baseline measurement has its own time budget;
 * one that cannot finish is printed as a lower bound.
 *
 * Environment: BENCH_SIZES=1000,10000,100000  BENCH_COMPARE_MAX=10000  BENCH_MOUNT_BUDGET_MS=90000  BENCH_BURST_BUDGET_MS=45000
 * BENCH_SINGLES_BUDGET_MS=20000  BENCH_SKIP_BUILD=1  BENCH_NO_SCROLL=1  BENCH_NO_WRITE=1 (no BENCHMARKS.md)
 * CHROMIUM_PATH=/usr/bin/chromium
 */
import { spawnSync, execFileSync } from 'node:child_process'
import { createServer } from 'node:http'
import { readFile, mkdir, writeFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from '@playwright/test'
import { chromiumLaunchOptions } from '../tools/launch.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DIST = path.join(ROOT, 'bench', 'dist')
const RESULTS = path.join(ROOT, 'bench', 'results')

const numberEnv = (name, fallback) => {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}
const CONFIG = {
  sizes: (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number).filter((n) => n > 0),
  /** (b) and (c) run up to this many friends; past it only (a) is measured. */
  compareMax: numberEnv('BENCH_COMPARE_MAX', 10_000),
  /** The size the targets are checked at (and the scroll run's first size). */
  targetN: 10_000,
  burstEvents: 1000,
  singleEvents: 200,
  /**
   * First render of (a) is the median of this many fresh pages (it is cheap); (b) renders once. Its samples fall
   * on either side of a frame boundary (the frame waits for the next vsync when the render's script ends just
   * after one), so an odd count large enough for a stable median.
   */
  oursFirstRenderRuns: 9,
  /**
   * The first render is measured a second way on fresh pages of (a) and (c): the list shown after the page was
   * idle this long since the setup (a list opened a moment after the login), beside right after it.
   */
  idleBeforeShowMs: 1000,
  budgets: {
    mount: numberEnv('BENCH_MOUNT_BUDGET_MS', 90_000),
    burst: numberEnv('BENCH_BURST_BUDGET_MS', 45_000),
    singles: numberEnv('BENCH_SINGLES_BUDGET_MS', 20_000),
  },
  /** Past a budget, the runner waits this long for the event in flight (one cannot be interrupted) before it kills the browser. */
  graceMs: 120_000,
  /** The whole run stops (with what it has) after this long. */
  totalLimitMs: 15 * 60_000,
  viewport: { width: 1280, height: 800 },
}
const LIMITS = { windowMs: 5_000, callsPerWindow: 20, maxSubscriptions: 200 }
const MAX_IDS = { getUserStatus: 500, subscribeUserStatus: 100, unsubscribeUserStatus: 100 }

const started = Date.now()
const log = (message) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${message}\n`)

// ------------------------------------------------------------------------------------------------ lifecycle

let server = null
let openBrowser = null
async function cleanup() {
  if (openBrowser) await openBrowser.close().catch(() => undefined)
  openBrowser = null
  if (server) await new Promise((resolve) => server.close(() => resolve()))
  server = null
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    void cleanup().finally(() => process.exit(130))
  })
}
const watchdog = setTimeout(() => {
  log(`the whole run exceeded ${CONFIG.totalLimitMs / 60_000} min; stopping.`)
  void cleanup().finally(() => process.exit(2))
}, CONFIG.totalLimitMs)
watchdog.unref()

function build() {
  if (process.env.BENCH_SKIP_BUILD === '1') return log('build skipped (BENCH_SKIP_BUILD=1)')
  log('vite build --mode bench')
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js')
  const result = spawnSync(process.execPath, [vite, 'build', '--mode', 'bench', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  })
  if (result.status !== 0) throw new Error(`vite build --mode bench failed (exit ${result.status}).`)
}

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' }

/** Serves bench/dist on 127.0.0.1, on a free port; cross-origin isolated for precise timers. */
async function serve() {
  server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    const file = path.normalize(path.join(DIST, pathname.endsWith('/') ? `${pathname}index.html` : pathname))
    if (!file.startsWith(DIST)) {
      response.writeHead(403).end()
      return
    }
    try {
      const body = await readFile(file)
      response.writeHead(200, {
        'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
        'cache-control': 'no-store',
      })
      response.end(body)
    } catch {
      response.writeHead(404).end()
    }
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  return `http://127.0.0.1:${server.address().port}/`
}

// ------------------------------------------------------------------------------------------------ one page

class Killed extends Error {}

const LETTER = { ours: 'a', baseline: 'b', reference: 'c' }

/** One browser and one page per case, so a runaway baseline can be killed without touching the other cases. */
async function openPage(baseURL, variant, n) {
  const browser = await chromium.launch(chromiumLaunchOptions())
  openBrowser = browser
  const page = await browser.newPage({ viewport: CONFIG.viewport })
  const state = { crashed: false, lastProgress: null }
  page.on('crash', () => {
    state.crashed = true
  })
  page.on('console', (message) => {
    const text = message.text()
    if (text.startsWith('bench-progress ')) state.lastProgress = text.slice('bench-progress '.length)
    else if (message.type() === 'error' || message.type() === 'warning') log(`  page ${message.type()}: ${text}`)
  })
  page.on('pageerror', (error) => log(`  page error: ${error.message}`))
  await page.goto(`${baseURL}?variant=${variant}&n=${n}`)
  await page.waitForFunction(() => window.bench !== undefined)
  const cdp = await page.context().newCDPSession(page)
  const close = async () => {
    await browser.close().catch(() => undefined)
    if (openBrowser === browser) openBrowser = null
  }
  /** Runs `fn` in the page; past `hardMs` the browser is killed and Killed thrown. */
  const run = async (label, hardMs, fn, arg) => {
    let timer
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Killed(`${label}: no answer after ${(hardMs / 1000).toFixed(0)} s`)), hardMs)
    })
    try {
      return await Promise.race([page.evaluate(fn, arg), timeout])
    } catch (error) {
      await close()
      if (error instanceof Killed) throw error
      throw new Killed(`${label}: ${state.crashed ? 'the page crashed' : error.message.split('\n')[0]}`)
    } finally {
      clearTimeout(timer)
    }
  }
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage')
    await cdp.send('HeapProfiler.collectGarbage')
    const usage = await cdp.send('Runtime.getHeapUsage')
    return usage.usedSize
  }
  return { browser, page, run, heap, close, state }
}

/** (a) or (b) at N friends: first render, heap and DOM, burst, single events. Never throws. */
async function runCase(baseURL, variant, n) {
  const { budgets } = CONFIG
  const result = { variant, n, mount: null, prepare: null, heapBytes: null, worldHeapBytes: null, burst: null, singles: null, stoppedAt: null, error: null }
  let page
  try {
    page = await openPage(baseURL, variant, n)
    await page.run('populate', 120_000, () => window.bench.populate())
    result.worldHeapBytes = await page.heap()
    result.setup = await page.run('setup', 120_000, () => window.bench.setup())
    log(`  (${LETTER[variant]}) N=${n}: first render`)
    const mountStarted = Date.now()
    try {
      result.mount = await page.run('mount', budgets.mount, () => window.bench.mount())
    } catch (error) {
      result.stoppedAt = 'mount'
      result.mountElapsedMs = Date.now() - mountStarted
      throw error
    }
    result.prepare = await page.run('prepare', 60_000, () => window.bench.prepare())
    result.heapBytes = await page.heap()
    log(`  (${LETTER[variant]}) N=${n}: burst of ${CONFIG.burstEvents}`)
    result.stoppedAt = 'burst'
    result.burst = await page.run('burst', budgets.burst + CONFIG.graceMs, ([count, budget]) => window.bench.burst(count, budget), [
      CONFIG.burstEvents,
      budgets.burst,
    ])
    if (result.burst.timedOut && result.burst.firstEventWorkMs > budgets.singles) {
      // One event costs more than the whole single-event budget: the burst's first event (its own task after a
      // painted frame, timed the same way) is the single-event sample.
      log(`  (${LETTER[variant]}) N=${n}: one event took ${(result.burst.firstEventWorkMs / 1000).toFixed(1)} s, over the single-event budget; using the burst's first event`)
      const { burst } = result
      result.singles = {
        fromBurst: true,
        samples: [burst.firstEventWorkMs],
        medianMs: burst.firstEventWorkMs,
        p95Ms: burst.firstEventWorkMs,
        taskMedianMs: burst.firstEventTaskMs,
        flushMedianMs: burst.firstEventWorkMs - burst.firstEventTaskMs,
        rowUpdatesMedian: burst.rowUpdates / burst.delivered,
        rowUpdatesMax: burst.rowUpdates / burst.delivered,
        componentUpdatesMedian: burst.componentUpdates / burst.delivered,
        timedOut: true,
      }
      result.stoppedAt = null
      return result
    }
    log(`  (${LETTER[variant]}) N=${n}: single events`)
    result.stoppedAt = 'singles'
    result.singles = await page.run('singles', budgets.singles + CONFIG.graceMs, ([count, budget]) => window.bench.singles(count, budget), [
      CONFIG.singleEvents,
      budgets.singles,
    ])
    result.stoppedAt = null
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error)
    log(`  stopped: ${result.error}`)
  } finally {
    await page?.close()
  }
  return result
}

/** A fresh page that only renders the list: repeated first-render samples for (a). */
async function firstRenderOnly(baseURL, variant, n, idleMs = 0) {
  const page = await openPage(baseURL, variant, n)
  try {
    await page.run('setup', 120_000, () => window.bench.setup())
    return await page.run('mount', CONFIG.budgets.mount + 30_000, (idle) => window.bench.mount(idle), idleMs)
  } finally {
    await page.close()
  }
}

/** Main-thread trace event names by kind of work (the rest counts as script when V8 runs it, else other). */
const TRACE_KINDS = {
  style: new Set(['UpdateLayoutTree', 'RecalculateStyles', 'ParseAuthorStyleSheet', 'InvalidateLayout', 'ScheduleStyleRecalculation']),
  layout: new Set(['Layout', 'UpdateLayerTree', 'IntersectionObserverController::computeIntersections']),
  paint: new Set(['Paint', 'PrePaint', 'Layerize', 'Commit', 'CompositeLayers', 'PaintImage', 'RasterTask', 'UpdateLayer']),
  gc: new Set(['MinorGC', 'MajorGC', 'BlinkGC.AtomicPhase', 'ThreadState::performIdleLazySweep']),
  script: new Set(['FunctionCall', 'EvaluateScript', 'RunMicrotasks', 'TimerFire', 'FireAnimationFrame', 'EventDispatch', 'v8.compile', 'v8.run', 'V8.Execute']),
}
function kindOf(name) {
  for (const [kind, names] of Object.entries(TRACE_KINDS)) if (names.has(name)) return kind
  if (name.startsWith('V8.GC')) return 'gc'
  if (name.startsWith('V8.') || name.startsWith('v8.')) return 'script'
  return 'other'
}

/**
 * Where the first render's time goes: one more fresh page of (a) rendered under a Chromium trace; the renderer
 * main thread's time from showing the list until its dots show a status, split by the innermost trace event
 * (self time) into script, style, layout, paint, GC and other.
 */
async function tracedFirstRender(baseURL, variant, n) {
  const page = await openPage(baseURL, variant, n)
  try {
    await page.run('setup', 120_000, () => window.bench.setup())
    await page.browser.startTracing(page.page, { categories: ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline'] })
    const mount = await page.run('mount', CONFIG.budgets.mount + 30_000, () => window.bench.mount())
    const { traceEvents } = JSON.parse((await page.browser.stopTracing()).toString())
    const mainTid = traceEvents.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')?.tid
    const events = traceEvents
      .filter((e) => e.ph === 'X' && e.tid === mainTid && typeof e.dur === 'number')
      .sort((a, b) => a.ts - b.ts || b.dur - a.dur)
    const self = { script: 0, style: 0, layout: 0, paint: 0, gc: 0, other: 0 }
    const stack = []
    const close = (event) => {
      self[kindOf(event.name)] += Math.max(0, event.dur - event.childDur) / 1000
    }
    for (const event of events) {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= event.ts) close(stack.pop())
      if (stack.length) stack.at(-1).childDur += event.dur
      stack.push({ name: event.name, ts: event.ts, dur: event.dur, childDur: 0 })
    }
    while (stack.length) close(stack.pop())
    return { mount, mainThreadMs: self }
  } finally {
    await page.close()
  }
}

async function runScroll(baseURL, n) {
  const page = await openPage(baseURL, 'ours', n)
  try {
    await page.run('setup', 120_000, () => window.bench.setup())
    await page.run('mount', 60_000, () => window.bench.mount())
    await page.run('prepare', 60_000, () => window.bench.prepare())
    log(`  scroll run through ${n.toLocaleString('en-US')} contacts`)
    return await page.run('scroll', 180_000, () => window.bench.scrollRun())
  } finally {
    await page.close()
  }
}

// ------------------------------------------------------------------------------------------------ analysis

const median = (values) => quantile(values, 0.5)
function quantile(values, q) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  const high = Math.ceil(position)
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low)
}

/** Most calls in any window (t - 5 s, t]. */
function maxInWindow(times, windowMs) {
  const sorted = [...times].sort((a, b) => a - b)
  let best = 0
  let start = 0
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= windowMs) start++
    best = Math.max(best, end - start + 1)
  }
  return best
}

function analyseScroll(scroll) {
  const methods = ['getUserStatus', 'subscribeUserStatus', 'unsubscribeUserStatus']
  const perMethod = {}
  let overLimit = 0
  for (const method of methods) {
    const calls = scroll.calls.filter((c) => c.method === method)
    const accepted = calls.filter((c) => c.ok)
    const maxIds = calls.reduce((m, c) => Math.max(m, c.ids), 0)
    // A call is over the limits when its API already had 20 accepted calls in the 5 s before it, or it names
    // more IDs than the API takes.
    const times = accepted.map((c) => c.t).sort((a, b) => a - b)
    let overRate = 0
    for (let i = 0, start = 0; i < times.length; i++) {
      while (times[i] - times[start] >= LIMITS.windowMs) start++
      if (i - start + 1 > LIMITS.callsPerWindow) overRate++
    }
    const overIds = calls.filter((c) => c.ids > MAX_IDS[method]).length
    overLimit += overRate + overIds
    perMethod[method] = {
      calls: calls.length,
      maxPerWindow: maxInWindow(calls.map((c) => c.t), LIMITS.windowMs),
      maxIds,
      idLimit: MAX_IDS[method],
      overRate,
      overIds,
    }
  }
  const rejected = scroll.calls.filter((c) => !c.ok)
  const shown = scroll.latencies
  return {
    perMethod,
    overall: { calls: scroll.calls.length, maxPerWindow: maxInWindow(scroll.calls.map((c) => c.t), LIMITS.windowMs) },
    overLimit,
    rejected: {
      total: rejected.length,
      2996: rejected.filter((c) => c.code === 2996).length,
      6017: rejected.filter((c) => c.code === 6017).length,
      other: rejected.filter((c) => c.code !== 2996 && c.code !== 6017).length,
    },
    latency: {
      count: shown.length,
      median: median(shown),
      p95: quantile(shown, 0.95),
      max: shown.length ? Math.max(...shown) : NaN,
      waitedMedian: median(shown.filter((ms) => ms > 0)),
    },
    // The target's metric: visits of rows to the viewport that lasted at least stayMs (see bench/page/scroll.ts).
    stay: {
      count: (scroll.stayLatencies ?? []).length,
      median: median(scroll.stayLatencies ?? []),
      p95: quantile(scroll.stayLatencies ?? [], 0.95),
      max: scroll.stayLatencies?.length ? Math.max(...scroll.stayLatencies) : NaN,
      atOnce: (scroll.stayLatencies ?? []).filter((ms) => ms === 0).length,
    },
  }
}

// ------------------------------------------------------------------------------------------------ formatting

const int = (x) => Math.round(x).toLocaleString('en-US')
function ms(x) {
  if (!Number.isFinite(x)) return 'n/a'
  if (x >= 100) return int(x)
  if (x >= 10) return x.toFixed(1)
  if (x >= 1) return x.toFixed(2)
  return x.toFixed(3)
}
const ratio = (r) => (r >= 100 ? int(r) : r >= 10 ? r.toFixed(0) : r.toFixed(1))

/**
 * A cell: { value, bound } where bound means "at least" (the baseline ran out of its budget).
 * Returns the printed (b)/(a) ratio, a lower bound when (b) is one.
 */
function ratioCell(a, b) {
  if (!a || !b || !Number.isFinite(a.value) || !Number.isFinite(b.value) || a.value <= 0) return 'n/a'
  return `${b.bound ? '>= ' : ''}${ratio(b.value / a.value)}x`
}
const cell = (c, format = ms) => (c && Number.isFinite(c.value) ? `${c.bound ? '>= ' : ''}${format(c.value)}` : c?.note ?? 'n/a')

function metricsOf(result, firstRenders) {
  const notReached = { value: NaN, note: `not reached (${result.stoppedAt ?? 'stopped'})` }
  const m = {}
  if (result.mount) {
    const first = firstRenders?.length ? median(firstRenders.map((r) => r.firstRenderMs)) : result.mount.firstRenderMs
    const shown = firstRenders?.length ? median(firstRenders.map((r) => r.statusShownMs ?? NaN)) : result.mount.statusShownMs ?? NaN
    m.firstRender = { value: first }
    m.statusShown = { value: shown }
    const idle = result.idleFirstRenders ?? []
    m.idleFirstRender = idle.length ? { value: median(idle.map((r) => r.firstRenderMs)) } : { value: NaN, note: '-' }
    m.idleStatusShown = idle.length ? { value: median(idle.map((r) => r.statusShownMs ?? NaN)) } : { value: NaN, note: '-' }
  } else if (result.stoppedAt === 'mount') {
    const bound = { value: result.mountElapsedMs ?? CONFIG.budgets.mount, bound: true }
    m.firstRender = bound
    m.statusShown = bound
  } else {
    m.firstRender = m.statusShown = notReached
  }
  if (result.burst) {
    m.burst = { value: result.burst.ms, bound: result.burst.timedOut, delivered: result.burst.delivered }
    m.rowsPerEventBurst = { value: result.burst.delivered ? result.burst.rowUpdates / result.burst.delivered : NaN }
  } else if (result.stoppedAt === 'burst') {
    m.burst = { value: CONFIG.budgets.burst, bound: true }
  } else {
    m.burst = notReached
  }
  if (result.singles && result.singles.samples.length) {
    m.single = { value: result.singles.medianMs, samples: result.singles.samples.length, p95: result.singles.p95Ms }
    m.singleTask = { value: result.singles.taskMedianMs }
    m.singleFlush = { value: result.singles.flushMedianMs }
    m.rowsPerEvent = { value: result.singles.rowUpdatesMedian }
    m.componentsPerEvent = { value: result.singles.componentUpdatesMedian }
  } else {
    m.single = m.singleTask = m.singleFlush = m.rowsPerEvent = m.componentsPerEvent = result.stoppedAt === 'singles' ? { value: NaN, note: 'n/a (killed)' } : notReached
  }
  m.domNodes = result.prepare ? { value: result.prepare.domNodes } : notReached
  m.heapMB = result.heapBytes ? { value: result.heapBytes / 1024 / 1024 } : notReached
  m.listHeapMB =
    result.heapBytes && result.worldHeapBytes ? { value: Math.max(0, result.heapBytes - result.worldHeapBytes) / 1024 / 1024 } : notReached
  return m
}

function pad(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)))
  return rows.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')).join('\n')
}
function markdown(rows) {
  const [head, ...body] = rows
  const align = head.map((_, i) => (i === 0 ? ':--' : '--:'))
  return [head, align, ...body].map((r) => `| ${r.join(' | ')} |`).join('\n')
}

function comparisonRows(cases) {
  const rows = [['metric', 'N', '(a) ours', '(b) baseline', '(c) reference', '(b)/(a)', '(a)/(c)']]
  const spec = [
    ['first render: visible rows and dots painted (ms)', 'firstRender', ms, true],
    ['first render: visible dots show a status (ms)', 'statusShown', ms, true],
    [`first render, shown ${int(CONFIG.idleBeforeShowMs)} ms after the setup: rows painted (ms)`, 'idleFirstRender', ms, true],
    [`first render, shown ${int(CONFIG.idleBeforeShowMs)} ms after the setup: dots show a status (ms)`, 'idleStatusShown', ms, true],
    [`burst of ${int(CONFIG.burstEvents)} events until the DOM settled (ms)`, 'burst', ms, true],
    ['single event: work, median (ms)', 'single', ms, true],
    ['- of which the task (engine, kit, store)', 'singleTask', ms, false],
    ['- of which the flush (render and patch)', 'singleFlush', ms, false],
    ['single event: rows re-rendered, median', 'rowsPerEvent', (x) => int(x), true],
    ['single event: components updated, median', 'componentsPerEvent', (x) => int(x), false],
    ['DOM nodes after first render', 'domNodes', (x) => int(x), true],
    ['JS heap after GC (MB)', 'heapMB', (x) => x.toFixed(1), true],
    ['- of which the list, the world excluded (MB)', 'listHeapMB', (x) => x.toFixed(1), false],
  ]
  for (const [label, key, format, withRatio] of spec) {
    for (const n of CONFIG.sizes) {
      const a = cases.find((c) => c.variant === 'ours' && c.n === n)?.metrics[key]
      const b = cases.find((c) => c.variant === 'baseline' && c.n === n)?.metrics[key]
      const c = cases.find((x) => x.variant === 'reference' && x.n === n)?.metrics[key]
      const compared = n <= CONFIG.compareMax
      const none = compared ? undefined : { value: NaN, note: '-' }
      rows.push([
        label,
        int(n),
        cell(a, format),
        cell(b ?? none, format),
        cell(c ?? none, format),
        withRatio && compared && b?.note !== '-' ? ratioCell(a, b) : '',
        withRatio && compared && OURS_OVER_REFERENCE.has(key) ? ratioCell(c, a) : '',
      ])
    }
  }
  return rows
}

/** Metrics where (a)/(c) is printed: what the kit costs beside the simplest good list (below 1: the kit is faster). */
const OURS_OVER_REFERENCE = new Set(['firstRender', 'statusShown', 'idleFirstRender', 'idleStatusShown', 'burst', 'single', 'singleFlush', 'componentsPerEvent', 'heapMB'])

function scrollRows(n, scroll, analysis) {
  const rows = [[`scroll run (a) ours, N = ${int(n)}`, 'value', 'limit', 'ok']]
  const ok = (pass) => (pass ? 'yes' : 'NO')
  rows.push(['contacts / px scrolled', `${int(n)} / ${int(scroll.scrolledPx)}${scroll.reachedEnd ? ' (end)' : ''}`, '', ''])
  rows.push(['scrolling time / frames (page time)', `${ms(scroll.scrollMs)} ms / ${int(scroll.frames)}`, '', ''])
  for (const [method, s] of Object.entries(analysis.perMethod)) {
    rows.push([`${method}: calls / max in any 5 s`, `${int(s.calls)} / ${int(s.maxPerWindow)}`, `${LIMITS.callsPerWindow} per 5 s`, ok(s.overRate === 0)])
    rows.push([`${method}: max IDs per call`, int(s.maxIds), int(s.idLimit), ok(s.overIds === 0)])
  }
  rows.push(['all APIs: calls / max in any 5 s', `${int(analysis.overall.calls)} / ${int(analysis.overall.maxPerWindow)}`, `${LIMITS.callsPerWindow} (kit budget)`, ok(analysis.overall.maxPerWindow <= LIMITS.callsPerWindow)])
  rows.push(['calls over the limits', int(analysis.overLimit), '0', ok(analysis.overLimit === 0)])
  rows.push([
    'calls rejected (2996 / 6017 / other)',
    `${int(analysis.rejected[2996])} / ${int(analysis.rejected[6017])} / ${int(analysis.rejected.other)}`,
    '0',
    ok(analysis.rejected.total === 0),
  ])
  rows.push(['peak subscriptions (sampled)', `${int(scroll.peakSubscriptions)} (${int(scroll.subscriptionSamples)} samples)`, int(LIMITS.maxSubscriptions), ok(scroll.peakSubscriptions <= LIMITS.maxSubscriptions)])
  rows.push(['rows appeared (incl. overscan)', int(scroll.rowsAppeared), '', ''])
  rows.push(['- dot showed a status while rendered', `${int(analysis.latency.count)} (${int(scroll.shownAtAppearance)} at once)`, '', ''])
  rows.push(['- removed before a status (flung past)', int(scroll.leftBeforeStatus), '', ''])
  rows.push(['- of those, longest rendered (ms)', ms(scroll.longestUnshownMs), '', ''])
  rows.push(['- still without a status at the end', int(scroll.pendingAtEnd), '0', ok(scroll.pendingAtEnd === 0)])
  rows.push(['row appears (rendered) -> dot shows: median / p95 / max (ms)', `${ms(analysis.latency.median)} / ${ms(analysis.latency.p95)} / ${ms(analysis.latency.max)}`, '', ''])
  rows.push([`visits to the viewport lasting >= ${int(scroll.stayMs)} ms (stays in view)`, `${int(analysis.stay.count)} (${int(analysis.stay.atOnce)} with a status on entry)`, '', ''])
  rows.push(['- of those, left or ended without a status (counted as their length)', int(scroll.stayUnshown), '', ''])
  rows.push([`visits shorter than ${int(scroll.stayMs)} ms (passed by, not counted)`, int(scroll.passedBy), '', ''])
  rows.push(['row stays in view -> dot shows: median / p95 / max (ms)', `${ms(analysis.stay.median)} / ${ms(analysis.stay.p95)} / ${ms(analysis.stay.max)}`, '300 (p95)', ok(analysis.stay.p95 <= 300)])
  return rows
}

// ------------------------------------------------------------------------------------------------ machine

function machine(browserVersion) {
  let cpu = os.cpus()[0]?.model ?? 'unknown'
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'))
    if (line) cpu = line.split(':')[1].trim()
  } catch {
    // not Linux
  }
  let nproc = os.availableParallelism?.() ?? os.cpus().length
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc
  } catch {
    // no nproc
  }
  const pkg = (name) => {
    try {
      return JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version
    } catch {
      return 'unknown'
    }
  }
  return {
    nproc,
    cpu,
    ramGiB: +(os.totalmem() / 1024 ** 3).toFixed(1),
    chromium: browserVersion,
    node: process.version,
    vue: pkg('vue'),
    playwright: pkg('@playwright/test'),
    os: `${os.type()} ${os.release()}`,
    date: new Date().toISOString(),
  }
}

function targetsOf(cases, scrolls) {
  const at = (variant, n) => cases.find((c) => c.variant === variant && c.n === n)?.metrics
  const big = CONFIG.sizes.includes(CONFIG.targetN) ? CONFIG.targetN : Math.max(...CONFIG.sizes.filter((n) => n <= CONFIG.compareMax))
  const a = at('ours', big)
  const b = at('baseline', big)
  const c = at('reference', big)
  const value = (m, key) => (m?.[key] && Number.isFinite(m[key].value) ? m[key].value : NaN)
  const atMost = (name, measured, limit, unit = 'ms') =>
    Number.isFinite(measured) ? { name, met: measured <= limit, ratio: `${ms(measured)} ${unit}, limit ${ms(limit)}` } : { name, met: null, ratio: 'n/a' }
  const check = (key, factor) => {
    if (!a?.[key] || !b?.[key] || !Number.isFinite(a[key].value) || !Number.isFinite(b[key].value)) return { met: null, ratio: 'n/a' }
    const r = b[key].value / a[key].value
    return { met: r >= factor, ratio: `${b[key].bound ? '>= ' : ''}${ratio(r)}x`, factor }
  }
  const single = value(a, 'single')
  const reference = value(c, 'single')
  const targets = [
    atMost(`per event at N = ${int(big)}: median <= 0.1 ms`, single, 0.1),
    {
      name: `per event at N = ${int(big)}: median <= the reference's median`,
      met: Number.isFinite(single) && Number.isFinite(reference) ? single <= reference : null,
      ratio: Number.isFinite(single) && Number.isFinite(reference) ? `${ms(single)} vs ${ms(reference)} ms, (a)/(c) = ${(single / reference).toFixed(2)}` : 'n/a',
    },
    atMost(`first render at N = ${int(big)}: painted rows <= 50 ms`, value(a, 'firstRender'), 50),
    atMost(`first render at N = ${int(big)}: dots with a status <= 120 ms`, value(a, 'statusShown'), 120),
    atMost(`first render at N = ${int(big)}, shown ${int(CONFIG.idleBeforeShowMs)} ms after the setup: painted rows <= 50 ms`, value(a, 'idleFirstRender'), 50),
    atMost(`first render at N = ${int(big)}, shown ${int(CONFIG.idleBeforeShowMs)} ms after the setup: dots with a status <= 120 ms`, value(a, 'idleStatusShown'), 120),
    { name: `burst of ${int(CONFIG.burstEvents)} events at N = ${int(big)}: (b)/(a) >= 50x`, ...check('burst', 50) },
    { name: `first render at N = ${int(big)}: (b)/(a) >= 10x`, ...check('firstRender', 10) },
  ]
  const huge = CONFIG.sizes.filter((n) => n > CONFIG.compareMax)
  for (const n of huge) {
    const h = at('ours', n)
    targets.push(atMost(`first render at N = ${int(n)}: painted rows <= 100 ms`, value(h, 'firstRender'), 100))
    const listHeap = value(h, 'listHeapMB')
    targets.push({ name: `heap of the list at N = ${int(n)} (the world excluded), reported`, met: Number.isFinite(listHeap) ? true : null, ratio: Number.isFinite(listHeap) ? `${listHeap.toFixed(1)} MB` : 'n/a' })
  }
  for (const { n, scroll, analysis } of scrolls) {
    targets.push(atMost(`scroll run at N = ${int(n)}: row stays in view -> dot shows, p95 <= 300 ms`, analysis.stay.p95, 300))
    targets.push({ name: `scroll run at N = ${int(n)}: zero calls over the limits, none rejected`, met: analysis.overLimit === 0 && analysis.rejected.total === 0, ratio: `${analysis.overLimit} over, ${analysis.rejected.total} rejected` })
    targets.push({ name: `scroll run at N = ${int(n)}: peak subscriptions <= 200`, met: scroll.peakSubscriptions <= LIMITS.maxSubscriptions, ratio: String(scroll.peakSubscriptions) })
  }
  return targets
}

/**
 * Replaces the part of `file` between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` (the other benches write
 * their own parts of BENCHMARKS.md); without the markers the part is put first.
 */
async function writeSection(file, name, body) {
  let text = ''
  try {
    text = await readFile(file, 'utf8')
  } catch {
    // a new file
  }
  const open = `<!-- bench:${name} -->`
  const close = `<!-- /bench:${name} -->`
  const part = `${open}\n${body.trim()}\n${close}`
  const start = text.indexOf(open)
  const end = text.indexOf(close)
  const next = start >= 0 && end > start ? text.slice(0, start) + part + text.slice(end + close.length) : `${part}\n\n${text}`
  await writeFile(file, next.endsWith('\n') ? next : `${next}\n`)
}

/** Where (a)'s first render spends the main thread, one row per size (see tracedFirstRender). */
function firstRenderTraceRows(cases) {
  const rows = [['first render of (a), main thread (traced page)', 'N', 'rows painted (ms)', 'script', 'style', 'layout', 'paint', 'GC', 'other']]
  for (const c of cases) {
    const trace = c.raw.firstRenderTrace
    if (!trace) continue
    const t = trace.mainThreadMs
    rows.push(['self time until the dots show a status (ms)', int(c.n), ms(trace.mount.firstRenderMs), ms(t.script), ms(t.style), ms(t.layout), ms(t.paint), ms(t.gc), ms(t.other)])
  }
  return rows
}

function benchmarksMarkdown({ machine: m, comparison, traceTable = [], scrollTables, targets, cases, durationMs }) {
  const budgets = CONFIG.budgets
  const notes = []
  for (const c of cases) {
    if (c.variant !== 'baseline') continue
    const r = c.raw
    if (r.stoppedAt === 'mount') notes.push(`- (b) N = ${int(c.n)}: the first render did not finish within its ${budgets.mount / 1000} s budget; the page was killed, nothing after it was measured.`)
    if (r.burst?.timedOut) {
      const per = r.burst.delivered ? r.burst.ms / r.burst.delivered : NaN
      notes.push(
        `- (b) N = ${int(c.n)}: the burst delivered ${int(r.burst.delivered)} of ${int(r.burst.events)} events in ${ms(r.burst.ms)} ms (budget ${budgets.burst / 1000} s), about ${ms(per)} ms per event; at that pace all ${int(r.burst.events)} would take about ${int((per * r.burst.events) / 1000)} s.`,
      )
    }
    if (r.singles?.fromBurst) notes.push(`- (b) N = ${int(c.n)}: one event took longer than the ${budgets.singles / 1000} s single-event budget, so the single-event figures are the burst's first event (its own task after a painted frame, timed the same way); rows and components per event are the burst's averages.`)
    else if (r.singles?.timedOut) notes.push(`- (b) N = ${int(c.n)}: ${r.singles.samples.length} single events fitted in the ${budgets.singles / 1000} s budget (median of those).`)
  }
  return `# Benchmarks

Online-status list rendering, measured in a real browser: **(a)** the kit's \`TUIContact\` (virtualised, a
reactive \`Map\` read per row), **(c)** the reference: the simplest good list (SPEC section 6), a plain list keyed
by user ID whose rows read one reactive \`Map\`, not virtualised (\`bench/page/reference/\`), and **(b)** a reproduction of the official kit's contact list
(\`@tencentcloud/chat-uikit-vue\`, \`TUIKit/components/TUIContact/contact-list/index.vue\` and
\`contact-list-item/index.vue\`: the status \`Map\` copied with \`Object.fromEntries\` on every event, the copy
passed to every row, a deep watcher per row, rows keyed by index, no virtualisation). The baseline lives in
\`bench/page/baseline/\` only; it is never shipped nor imported by \`src/\`. (b) and (c) run up to
N = ${int(CONFIG.compareMax)}; larger N measure (a) alone. \`(a)/(c)\` below 1 means the kit costs less than the reference.

Command: \`npm run bench\` (builds with \`vite build --mode bench\`, serves \`bench/dist\` on a free port, drives
Chromium with Playwright; about ${Math.round(durationMs / 60_000)} min). Raw results: \`bench/results/latest.json\`
(not committed).

## Machine

| | |
| :-- | :-- |
| CPU | ${m.cpu}, \`nproc\` = ${m.nproc} |
| RAM | ${m.ramGiB} GiB |
| Browser | Chromium ${m.chromium} (Debian, headless, \`--disable-gpu\`) |
| Runtime | Node ${m.node}, Vue ${m.vue}, Playwright ${m.playwright}, ${m.os} |
| Date | ${m.date} |

## Results

${markdown(comparison)}
${traceTable.length > 1 ? `\n${markdown(traceTable)}\n` : ''}

\`>=\`: the baseline did not finish within its budget, so the value and the ratio are lower bounds.
${notes.length ? `\n${notes.join('\n')}\n` : ''}
${scrollTables.map((table) => `### Scroll run\n\n${markdown(table)}\n`).join('\n')}
### Targets

${targets.map((t) => `- ${t.met === null ? 'not measured' : t.met ? 'met' : '**missed**'}: ${t.name} (${t.ratio})`).join('\n')}

## Method

- **Same events for both.** One in-memory world (\`createWorld\`) with N friends of the logged-in user (names
  sort in ID order, so both lists show the same first rows; 45% online, 45% offline, 10% not logged in). Each
  variant talks to it through \`createLocalEngine({ world, schedule })\`, where \`schedule\` posts every engine
  event to a \`MessageChannel\`, so each status event is dispatched in its own task, as the SDK delivers socket
  messages, never batched into one Vue flush. An event is \`world.setPresence\` flipping one of the first 8
  friends (in view in both lists) between online and offline; both clients are subscribed to them ((a) by its
  own presence manager after the dwell time, (b) with one \`subscribeUserStatus\` of the first 100 friends).
- **(a)** is the real kit: Pinia, \`app.use(TUIKit, { engine })\`, \`TUILogin.login\`,
  \`TUIUserService.switchUserStatus({ displayOnlineStatus: true })\`, \`<TUIContact :height="640">\` with the
  default presence options. **(b)**: one \`getFriendList\`, one \`subscribeUserStatus\` (first 100) and one
  \`getUserStatus\` (first 500, the SDK's per-call cut), so its map holds min(N, 500) entries; a map with every
  friend would only make (b) slower. Same frame (640 px), row height (56 px), avatar (36 px) and dot (10 px).
- **(c)** logs in on its own engine, reads the friend list, subscribes the first 100 and queries the first 500
  into a \`reactive(new Map())\` before it renders; each status event only writes its entries into that Map. Its
  rows (\`ReferenceRow\`) are keyed by user ID and each reads \`map.get(id)\`; every friend is rendered.
- **Heap of the list**: the heap after the first render minus the heap of the same page holding only the world
  (\`window.bench.populate()\`, weighed before the list is set up).
- **First render**: from setting the list visible to the first painted frame (a task posted from
  \`requestAnimationFrame\`) in which every row inside the scroller shows its dot; (a) is the median of
  ${CONFIG.oursFirstRenderRuns} fresh pages. "Show a status" adds the time until those dots are not \`unknown\`
  ((a) queries its first screen right after the frame that shows its rows, without the settle time; (b)'s and
  (c)'s maps are filled before they render). The list is shown right after the setup (login, friend list, switch
  on), with whatever the setup left to finish: garbage collection and JIT compilation of the setup, which here
  includes building the world of N users in the page (in an app that world is the server). Those samples vary
  most, and fall into two groups about one frame (16.7 ms) apart: the rows are painted at the first vsync after
  the render's script ends, one frame later when it ends just after one (each run's samples are in
  \`bench/results/latest.json\`). The targets are checked on both figures. "Shown ${int(CONFIG.idleBeforeShowMs)} ms after
  the setup" is the same on fresh pages where the page first stays idle ${int(CONFIG.idleBeforeShowMs)} ms (then waits for an idle
  period): a list opened a moment after the login. When the friend list arrives, (a)'s kit queues a task that
  groups and sorts it by name (\`scheduler.postTask\`, else \`setTimeout\`), so a first render after that task
  skips the pass; a list shown before it sorts in its first render.
- **Where the first render goes**: one more fresh page of (a) renders under a Chromium trace
  (\`devtools.timeline\`, \`v8.execute\`); the renderer main thread's trace events from showing the list until
  its dots show a status are split by self time (innermost event) into script (V8, microtasks, timers, frames),
  style (\`UpdateLayoutTree\`), layout, paint (paint, pre-paint, layerize, commit), GC and other. Tracing adds
  overhead, so its "rows painted" is above the untraced median.
- **Burst**: ${int(CONFIG.burstEvents)} events queued at once (each still its own task); from queueing to the end of the
  Vue flush after the last one; every target's dot is then checked against the world.
- **Single event**: ${CONFIG.singleEvents} events, one at a time with a painted frame between them; work = the event's task
  (engine dispatch, kit or store handlers) plus Vue's flush, until \`nextTick()\` resolved; median. Rows
  re-rendered = \`updated\` hooks of the row component (\`ContactListItem\` in both), counted by an app mixin in
  the bench build only.
- **DOM nodes**: \`document.querySelectorAll('*').length\` after the first render. **JS heap**: CDP
  \`HeapProfiler.collectGarbage\` twice, then \`Runtime.getHeapUsage().usedSize\` (the world with N users is
  included in both).
- **Budgets** (per baseline measurement, the same code runs for (a)): first render ${budgets.mount / 1000} s (the page is
  killed past it), burst ${budgets.burst / 1000} s, single events ${budgets.singles / 1000} s (at least one; when the burst's first event
  alone took longer than that, that event is the single-event sample). Between events the page stops once the
  next one would overrun the budget; an event in flight cannot be interrupted, so a measurement may end past its
  budget. An unfinished measurement is printed as \`>=\` the time it had run, and its ratio as a lower bound.
- **Scroll run** ((a), N = ${int(Math.max(...CONFIG.sizes))}): \`scrollTop\` set on every animation frame, cycling slow reading
  (500 px/s, 1 s), a pause (0.5 s), a fling (120,000 px/s, 0.6 s), medium scrolling (4,000 px/s, 0.8 s) and a
  pause (0.3 s) to the end, then 3 s of quiet. \`world.onCall\` records every presence call;
  \`world.subscriptionsOf(client)\` is sampled on every call and every 20 ms. A dot "shows" when its
  \`data-status\` is other than \`unknown\`. **Row stays in view -> dot shows** (the target): an
  \`IntersectionObserver\` (the scroller as root, overscan rows outside it) records every visit of a row to the
  viewport; a visit that lasts at least ${int(300)} ms is a row that stays in view (the view stopped with it
  in view, or slow scrolling kept it there), and its value is the time from the row ENTERING the viewport (not
  from the stop) to its dot showing a status, 0 when it showed one on entry. A visit that ends, or the run that
  ends, without a status counts its whole length (a lower bound), so no slow row is dropped. Shorter visits
  (rows flung or scrolled past) are counted apart and excluded. "Row appears (rendered) -> dot shows" is the
  older figure: from the row element being added to the DOM (the overscan included) to its status, over rows
  that got one while rendered. By design rows flung past are never queried; rows entering view are queried
  in batches with those just outside it, at once when the view stops, and subscribed after 300 ms in view.
- Timers: the page is served cross-origin isolated (COOP/COEP), so \`performance.now()\` has 5 µs resolution.
  One browser per case; a case that runs out of time is killed without affecting the others.
`
}

// ------------------------------------------------------------------------------------------------ main

async function main() {
  build()
  const baseURL = await serve()
  log(`serving bench/dist at ${baseURL}`)
  const cases = []
  let browserVersion
  {
    const probe = await chromium.launch(chromiumLaunchOptions())
    browserVersion = probe.version()
    await probe.close()
  }
  for (const n of CONFIG.sizes) {
    for (const variant of n <= CONFIG.compareMax ? ['ours', 'baseline', 'reference'] : ['ours']) {
      log(`case (${LETTER[variant]}) ${variant}, N = ${n.toLocaleString('en-US')}`)
      const raw = await runCase(baseURL, variant, n)
      let firstRenders = null
      if (variant === 'ours' && raw.mount) {
        firstRenders = [raw.mount]
        for (let i = 1; i < CONFIG.oursFirstRenderRuns; i++) {
          try {
            firstRenders.push(await firstRenderOnly(baseURL, variant, n))
          } catch (error) {
            log(`  extra first render failed: ${error.message}`)
          }
        }
        raw.firstRenders = firstRenders
        try {
          raw.firstRenderTrace = await tracedFirstRender(baseURL, variant, n)
        } catch (error) {
          log(`  traced first render failed: ${error.message}`)
        }
      }
      if ((variant === 'ours' || variant === 'reference') && raw.mount) {
        raw.idleFirstRenders = []
        for (let i = 0; i < (variant === 'ours' ? CONFIG.oursFirstRenderRuns : 1); i++) {
          try {
            raw.idleFirstRenders.push(await firstRenderOnly(baseURL, variant, n, CONFIG.idleBeforeShowMs))
          } catch (error) {
            log(`  first render after idle failed: ${error.message}`)
          }
        }
      }
      cases.push({ variant, n, raw, metrics: metricsOf(raw, firstRenders) })
    }
  }
  const scrolls = []
  if (process.env.BENCH_NO_SCROLL !== '1') {
    for (const n of CONFIG.sizes.filter((n) => n >= Math.min(CONFIG.targetN, Math.max(...CONFIG.sizes)))) {
      try {
        const scroll = await runScroll(baseURL, n)
        scrolls.push({ n, scroll, analysis: analyseScroll(scroll) })
      } catch (error) {
        log(`scroll run at N = ${n} failed: ${error.message}`)
      }
    }
  }
  await cleanup()

  const durationMs = Date.now() - started
  const m = machine(browserVersion)
  const comparison = comparisonRows(cases)
  const scrollTables = scrolls.map(({ n, scroll, analysis }) => scrollRows(n, scroll, analysis))
  const targets = targetsOf(cases, scrolls)
  const traceTable = firstRenderTraceRows(cases)

  const out = []
  out.push(`Presence list benchmark: (a) kit TUIContact, (b) official contact-list pattern, (c) reference keyed list; Chromium ${m.chromium}, ${m.cpu} x${m.nproc}, ${m.ramGiB} GiB`)
  out.push('')
  out.push(pad(comparison))
  out.push('">=": (b) ran out of its budget; value and ratio are lower bounds.')
  if (traceTable.length > 1) {
    out.push('')
    out.push(pad(traceTable))
  }
  for (const table of scrollTables) {
    out.push('')
    out.push(pad(table))
  }
  out.push('')
  out.push('Targets:')
  for (const t of targets) out.push(`  ${t.met === null ? 'not measured' : t.met ? 'met   ' : 'MISSED'}  ${t.name}: ${t.ratio}`)
  out.push(`(${(durationMs / 1000).toFixed(0)} s)`)
  process.stdout.write(`${out.join('\n')}\n`)

  await mkdir(RESULTS, { recursive: true })
  const json = {
    machine: m,
    config: CONFIG,
    durationMs,
    cases: cases.map((c) => ({ variant: c.variant, n: c.n, metrics: c.metrics, raw: c.raw })),
    scrolls,
    targets,
  }
  await writeFile(path.join(RESULTS, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`)
  if (process.env.BENCH_NO_WRITE !== '1') {
    await writeSection(path.join(ROOT, 'BENCHMARKS.md'), 'lists', benchmarksMarkdown({ machine: m, comparison, traceTable, scrollTables, targets, cases, durationMs }))
    log('wrote bench/results/latest.json and BENCHMARKS.md')
  } else {
    log('wrote bench/results/latest.json')
  }
}

main()
  .catch(async (error) => {
    process.stderr.write(`${error?.stack ?? error}\n`)
    process.exitCode = 1
  })
  .finally(async () => {
    clearTimeout(watchdog)
    await cleanup()
  })
