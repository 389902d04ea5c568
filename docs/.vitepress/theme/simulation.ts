/**
 * Status changes in a live example's world, one every few seconds, that the example's controls can pause. The
 * world itself (users, friends, conversations) is `createLocalEngine({ demo })`'s; its own changes are turned off
 * (`intervalMs: 0`) so that a reader, or a test, can stop them and watch a single change.
 */
import type { Presence, World } from 'tui-presence-kit'

const STATUSES = ['In a meeting', 'Focus time', 'Lunch break', 'On a call', 'Back in 10 minutes', '']
const PRESENCES: readonly Presence[] = ['online', 'online', 'offline', 'unlogined']

/** A small deterministic PRNG, so every page load sees the same sequence. */
function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface Simulation {
  start(): void
  stop(): void
  readonly running: boolean
}

// #region simulation
export function simulate(world: World, userIDs: readonly string[], intervalMs = 2500, seed = 16): Simulation {
  const random = prng(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]
  let timer: ReturnType<typeof setInterval> | null = null
  const tick = () => {
    const userID = pick(userIDs)
    if (random() < 0.65) world.setPresence(userID, pick(PRESENCES))
    else world.setCustomStatus(userID, pick(STATUSES))
  }
  return {
    start() {
      if (!timer && userIDs.length) timer = setInterval(tick, intervalMs)
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = null
    },
    get running() {
      return timer !== null
    },
  }
}
// #endregion simulation
