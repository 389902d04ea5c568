import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Counters of one reliability run, written to `tests/reliability/stats.json` (gitignored) after each test file
 * and quoted in docs/reliability.md. Each test file merges its section into the JSON, so running the two files
 * separately or together gives the same result.
 */
export interface PropertyStats {
  /** Command sequences run (fast-check runs, including the shrinking runs after a failure). */
  sequences: number
  /** Commands executed, over all sequences. */
  steps: number
  /** Settled steps: the points where the full invariants were checked. */
  settledSteps: number
  /** Engine calls the kit's client made. */
  engineCalls: number
  /** Most calls of one user-status API within 5 s, over all sequences (the limit is 20). */
  peakCallsPer5s: number
  /** Most user-status calls of all three APIs together within 5 s (the kit keeps even this within 20). */
  peakAllCallsPer5s: number
  /** Calls the world rejected with 2996 (over the limit) that were not injected with faults.failNext. */
  unexpected2996: number
  /** Invariant name -> number of times it was evaluated (one per user, call or state it was checked on). */
  checks: Record<string, number>
  /** Wall time of the property, in ms. */
  wallMs: number
}

export function emptyStats(): PropertyStats {
  return { sequences: 0, steps: 0, settledSteps: 0, engineCalls: 0, peakCallsPer5s: 0, peakAllCallsPer5s: 0, unexpected2996: 0, checks: {}, wallMs: 0 }
}

export function count(stats: PropertyStats, invariant: string, n = 1): void {
  stats.checks[invariant] = (stats.checks[invariant] ?? 0) + n
}

export const STATS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'stats.json')

/** Merges `section` under `key` into stats.json. */
export function writeStats(key: string, section: unknown): void {
  let all: Record<string, unknown> = {}
  try {
    const parsed: unknown = JSON.parse(readFileSync(STATS_FILE, 'utf8'))
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) all = parsed as Record<string, unknown>
  } catch {
    // first write
  }
  all[key] = section
  all.updatedAt = new Date(performance.timeOrigin + performance.now()).toISOString()
  mkdirSync(dirname(STATS_FILE), { recursive: true })
  writeFileSync(STATS_FILE, `${JSON.stringify(all, null, 2)}\n`)
}
