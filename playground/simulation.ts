import type { World } from '../src/engine/local'
import { demoActivity, demoRandom, populateDemoWorld } from '../src/engine/local/demo'

export interface SimulatedWorld {
  userIDs: readonly string[]
  start(): void
  stop(): void
}

/**
 * Populates `world` with `count` users around `me`, as `createLocalEngine({ demo })` does (friends, conversations,
 * presence with back-dated starts), and a life for it that the playground's controls start and stop.
 */
export function populate(world: World, me: string, count = 200, seed = 7): SimulatedWorld {
  world.addUser({ userID: me, nick: 'You' })
  const userIDs = populateDemoWorld(world, me, { users: count, seed })
  const random = demoRandom(seed + 1)
  let timer: ReturnType<typeof setInterval> | null = null
  return {
    userIDs,
    start() {
      timer ??= setInterval(() => demoActivity(world, me, userIDs, random), 1200)
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = null
    },
  }
}
