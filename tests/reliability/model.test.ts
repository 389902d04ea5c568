import { afterAll, beforeAll, beforeEach, afterEach, describe, it, vi } from 'vitest'
import fc from 'fast-check'
import { commandsArbitrary, type Model, type OpSpace, type OpWeights } from './commands'
import { FAKED_TIMERS, Harness, makePool, windowOf, type RunConfig } from './harness'
import { emptyStats, writeStats, type PropertyStats } from './stats'

/**
 * Randomized operation sequences against a real KitRuntime (Pinia store sink) over a real embedded world.
 * Invariants: tests/reliability/harness.ts (`checkAlways` after every step, `checkSettled` after `settle()`),
 * listed in docs/reliability.md with the counts of the last run (tests/reliability/stats.json).
 *
 * Reproduce a failure: FC_SEED=<seed> npx vitest run tests/reliability/model.test.ts; the output also prints the
 * `path` of the shrunk counterexample (pass it as `path` in `fc.assert` options to replay it alone).
 * More runs: FC_RUNS_SCALE=10 (multiplies every property's numRuns).
 */

const SEED = Number(process.env.FC_SEED ?? 0x5eed_2024)
const SCALE = Number(process.env.FC_RUNS_SCALE ?? 1)

const unhandled: unknown[] = []
const warnings: string[] = []
const onUnhandled = (reason: unknown) => {
  unhandled.push(reason)
}
const results: Record<string, PropertyStats> = {}

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled)
})
afterAll(() => {
  process.off('unhandledRejection', onUnhandled)
  const total = emptyStats()
  for (const s of Object.values(results)) {
    total.sequences += s.sequences
    total.steps += s.steps
    total.settledSteps += s.settledSteps
    total.engineCalls += s.engineCalls
    total.peakCallsPer5s = Math.max(total.peakCallsPer5s, s.peakCallsPer5s)
    total.peakAllCallsPer5s = Math.max(total.peakAllCallsPer5s, s.peakAllCallsPer5s)
    total.unexpected2996 += s.unexpected2996
    total.wallMs += s.wallMs
    for (const [name, n] of Object.entries(s.checks)) total.checks[name] = (total.checks[name] ?? 0) + n
  }
  writeStats('model', { seed: SEED, scale: SCALE, properties: results, total })
  const checks = Object.values(total.checks).reduce((a, b) => a + b, 0)
  process.stdout.write(
    `\n[reliability] seed ${SEED}: ${total.sequences} sequences, ${total.steps} steps, ${total.settledSteps} settled steps, ` +
      `${checks} invariant checks, ${total.engineCalls} engine calls (peak per 5 s: ${total.peakCallsPer5s} per API, ${total.peakAllCallsPer5s} all APIs), ` +
      `${(total.wallMs / 1000).toFixed(1)} s\n`,
  )
})
beforeEach(() => {
  vi.useFakeTimers({ toFake: [...FAKED_TIMERS], now: 0 })
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    warnings.push(args.map(String).join(' '))
  })
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

const configArb = (poolSize: number): fc.Arbitrary<RunConfig & { prelude: boolean }> =>
  fc.record({
    poolSize: fc.constant(poolSize),
    latencyMs: fc.constantFrom(0, 0, 30),
    offlineGraceMs: fc.constantFrom(0, 0, 600),
    friendEvery: fc.constantFrom(2, 3, 7, 1000),
    autoNotify: fc.boolean(),
    prelude: fc.constantFrom(true, true, true, false),
  })

const BASE: OpWeights = {
  settle: 14,
  advance: 5,
  login: 3,
  logout: 2,
  switch: 4,
  mount: 3,
  unmount: 1,
  override: 2,
  visible: 8,
  overscan: 3,
  presence: 8,
  custom: 4,
  autoNotify: 1,
  friend: 1,
  drop: 2,
  restore: 2,
  kick: 1,
  feature: 1,
  fault: 3,
  selfStatus: 1,
  appQuery: 1,
  hang: 1,
  device: 1,
}

interface PropertySpec {
  name: string
  space: OpSpace
  maxCommands: number
  numRuns: number
}

const PROPERTIES: PropertySpec[] = [
  {
    name: 'hung calls, a second device, world restarts (30 users)',
    space: {
      poolSize: 30,
      maxWindow: 15,
      weights: { ...BASE, settle: 10, advance: 6, hang: 4, device: 4, restart: 2, drop: 2, restore: 2 },
    },
    maxCommands: 30,
    numRuns: 400,
  },
  {
    name: 'past the 200 cap for minutes: freshness (300 users)',
    space: {
      poolSize: 300,
      maxWindow: 250,
      maxAdvance: 30_000,
      weights: {
        ...Object.fromEntries(Object.keys(BASE).map((k) => [k, 0])),
        settle: 4,
        advance: 8,
        visible: 4,
        overscan: 2,
        presence: 10,
        custom: 6,
        fault: 1,
        hang: 1,
        appQuery: 1,
      } as OpWeights,
    },
    maxCommands: 40,
    numRuns: 150,
  },
  { name: 'everything mixed (40 users)', space: { poolSize: 40, maxWindow: 25, weights: BASE }, maxCommands: 40, numRuns: 1100 },
  {
    name: 'scrolling past the 200 cap (300 users)',
    space: {
      poolSize: 300,
      maxWindow: 160,
      weights: { ...BASE, visible: 16, overscan: 6, mount: 5, login: 1, logout: 1, kick: 0, feature: 0, friend: 0, autoNotify: 0, presence: 10 },
    },
    maxCommands: 40,
    numRuns: 350,
  },
  {
    name: 'session, connection and fault churn (30 users)',
    space: {
      poolSize: 30,
      maxWindow: 15,
      weights: { ...BASE, settle: 8, advance: 6, login: 6, logout: 5, switch: 7, drop: 5, restore: 5, kick: 3, feature: 4, fault: 6, autoNotify: 2, friend: 2 },
    },
    maxCommands: 40,
    numRuns: 1250,
  },
  {
    name: 'rapid scrolling and app queries against 20 calls / 5 s (300 users)',
    space: {
      poolSize: 300,
      maxWindow: 60,
      maxAdvance: 250,
      weights: {
        ...Object.fromEntries(Object.keys(BASE).map((k) => [k, 0])),
        settle: 1,
        advance: 12,
        visible: 14,
        overscan: 5,
        override: 1,
        mount: 1,
        presence: 4,
        custom: 1,
        appQuery: 8,
        fault: 1,
        drop: 1,
        restore: 1,
      } as OpWeights,
    },
    maxCommands: 80,
    numRuns: 300,
  },
]

async function prelude(h: Harness, model: Model): Promise<void> {
  h.login('me')
  await h.settle()
  h.track('switchUserStatus', () => h.kit.switchUserStatus({ displayOnlineStatus: true }))
  h.mount(0, undefined)
  model.mounted[0] = true
  h.setVisible(0, windowOf(h.pool, 0, 20))
  await h.settle()
  h.checkSettled()
}

describe('presence is never wrong: randomized operation sequences', () => {
  for (const spec of PROPERTIES) {
    it(spec.name, async () => {
      const stats = emptyStats()
      results[spec.name] = stats
      const started = performance.now()
      const pool = makePool(spec.space.poolSize)
      const names = (i: number) => pool[((i % pool.length) + pool.length) % pool.length]
      try {
        await fc.assert(
          fc.asyncProperty(configArb(spec.space.poolSize), commandsArbitrary(spec.space, names, spec.maxCommands), async (config, cmds) => {
            stats.sequences++
            unhandled.length = 0
            warnings.length = 0
            const h = new Harness(config, stats, { unhandled, warnings })
            try {
              const model: Model = { mounted: [false, false, false] }
              if (config.prelude) await prelude(h, model)
              await fc.asyncModelRun(() => ({ model, real: h }), cmds)
              await h.settle()
              h.checkSettled()
            } finally {
              h.dispose()
              vi.clearAllTimers()
            }
          }),
          { seed: SEED, numRuns: Math.max(1, Math.round(spec.numRuns * SCALE)) },
        )
      } finally {
        stats.wallMs = performance.now() - started
      }
    }, 600_000)
  }
})
