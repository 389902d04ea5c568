/**
 * The benchmark page. `?variant=ours|baseline|reference&n=<friends>` picks the list; the page sets it up when asked
 * (`window.bench.setup()`), or at once with `&mount=1` (which also renders it). bench/run.mjs drives
 * `window.bench` from Playwright: setup, mount, prepare, burst, singles, scrollRun.
 */
import { burst, mount, prepare, singles, type BurstResult, type MountResult, type PrepareResult, type SinglesResult } from './measure'
import { scrollRun, type ScrollOptions, type ScrollResult } from './scroll'
import { now, populate, progress, type Population } from './harness'
import type { Variant, VariantName } from './variant'

export interface SetupResult {
  variant: VariantName
  friends: number
  setupMs: number
}

export interface BenchApi {
  readonly variant: VariantName
  readonly n: number
  /** Builds the world alone (optional, before `setup`), so the runner can weigh the heap without the list. */
  populate(): { friends: number }
  setup(): Promise<SetupResult>
  /** `idleMs`: show the list after the page was idle this long (see `mount`). */
  mount(idleMs?: number): Promise<MountResult>
  prepare(): Promise<PrepareResult>
  burst(count: number, budgetMs: number): Promise<BurstResult>
  singles(count: number, budgetMs: number): Promise<SinglesResult>
  scrollRun(options?: ScrollOptions): Promise<ScrollResult>
}

declare global {
  interface Window {
    bench?: BenchApi
  }
}

const params = new URLSearchParams(location.search)
const VARIANTS: readonly VariantName[] = ['ours', 'baseline', 'reference']
const variantName: VariantName = VARIANTS.find((name) => name === params.get('variant')) ?? 'ours'
const n = Math.max(1, Number(params.get('n') ?? 1000) || 1000)

let current: Variant | null = null
let population: Population | null = null
function requireVariant(): Variant {
  if (!current) throw new Error('window.bench.setup() first.')
  return current
}

const api: BenchApi = {
  variant: variantName,
  n,
  populate() {
    population ??= populate(n)
    return { friends: population.friendIDs.length }
  },
  async setup() {
    if (current) throw new Error('window.bench.setup(): already set up; reload the page.')
    const t0 = now()
    const mountPoint = document.getElementById('app')
    if (!mountPoint) throw new Error('#app is missing.')
    const world = population ?? populate(n)
    if (variantName === 'ours') current = await (await import('./ours')).setupOurs(world, mountPoint)
    else if (variantName === 'baseline') current = await (await import('./baseline')).setupBaseline(world, mountPoint)
    else current = await (await import('./reference')).setupReference(world, mountPoint)
    progress('setup', { variant: variantName, n })
    return { variant: variantName, friends: current.population.friendIDs.length, setupMs: now() - t0 }
  },
  mount: (idleMs) => mount(requireVariant(), idleMs),
  prepare: () => prepare(requireVariant()),
  burst: (count, budgetMs) => burst(requireVariant(), count, budgetMs),
  singles: (count, budgetMs) => singles(requireVariant(), count, budgetMs),
  scrollRun: (options) => scrollRun(requireVariant(), options),
}
window.bench = api

if (params.get('mount') === '1') {
  void api.setup().then(() => api.mount())
}
