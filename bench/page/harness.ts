/**
 * Benchmark harness shared by both variants: the world and its friends, the task scheduler that delivers every
 * engine event in its own task, render counters and the measurement helpers. Bench builds only; nothing in src/
 * imports this folder.
 */
import { nextTick, type ComponentPublicInstance } from 'vue'
import { TYPES } from '../../src/engine/constants'
import { createWorld, type Presence, type World } from '../../src/engine/local'

export const SELF = 'me'
/** Each burst / single event changes one of the first TARGETS friends: their rows are in view in both variants. */
export const TARGETS = 8
/** Height of the list frame in px, the same for both variants. */
export const FRAME_HEIGHT = 640

// ------------------------------------------------------------------------------------------------ scheduler

type Task = () => void

/**
 * Delivers each scheduled task in its own macrotask (a MessageChannel message), first in first out, as the SDK
 * delivers each status event in its own socket message. An observer can wrap every task (to time it, or to skip
 * it once a time budget is spent); markers (`afterQueued`) are never observed.
 */
export class TaskScheduler {
  private readonly queue: Array<{ task: Task; marker: boolean }> = []
  private readonly channel = new MessageChannel()
  private observer: ((run: Task) => void) | null = null

  constructor() {
    this.channel.port1.onmessage = () => {
      const next = this.queue.shift()
      if (!next) return
      if (this.observer && !next.marker) this.observer(next.task)
      else next.task()
    }
  }

  /** For `createLocalEngine({ schedule })`. */
  readonly schedule = (task: Task): void => {
    this.queue.push({ task, marker: false })
    this.channel.port2.postMessage(null)
  }

  /** Resolves in a task of its own after every task queued so far has run. */
  afterQueued(): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push({ task: resolve, marker: true })
      this.channel.port2.postMessage(null)
    })
  }

  observe(observer: ((run: Task) => void) | null): void {
    this.observer = observer
  }
}

// ------------------------------------------------------------------------------------------------ population

const WORDS = [
  'Ada', 'Bea', 'Cyd', 'Dee', 'Eli', 'Fay', 'Gus', 'Hal', 'Ivy', 'Joy', 'Kai', 'Liv', 'Mo',
  'Ned', 'Oz', 'Pia', 'Quin', 'Rae', 'Sal', 'Tam', 'Uma', 'Vic', 'Wes', 'Xia', 'Yul', 'Zed',
]

export function friendIDOf(index: number): string {
  return `u${String(index + 1).padStart(5, '0')}`
}

/** Names sort in index order (A-Z blocks, zero-padded numbers), so both lists show friends in the same order. */
export function friendNameOf(index: number, total: number): string {
  const block = Math.min(WORDS.length - 1, Math.floor((index * WORDS.length) / total))
  return `${WORDS[block]} ${String(index + 1).padStart(5, '0')}`
}

export interface Population {
  world: World
  friendIDs: string[]
  targets: string[]
}

/**
 * A world where SELF has `n` friends, each with a deterministic initial presence (45% online, 45% offline, 10%
 * not logged in). Friends are added before any login, so no friend-list event is sent while populating.
 */
export function populate(n: number): Population {
  const world = createWorld({ friendAutoNotify: false })
  world.addUser({ userID: SELF, nick: 'Me' })
  let seed = 0x2545f491
  const random = () => {
    seed ^= seed << 13
    seed ^= seed >>> 17
    seed ^= seed << 5
    return (seed >>> 0) / 0x1_0000_0000
  }
  const friendIDs: string[] = []
  for (let i = 0; i < n; i++) {
    const userID = friendIDOf(i)
    friendIDs.push(userID)
    world.addUser({ userID, nick: friendNameOf(i, n) })
    world.addFriend(SELF, userID)
    const r = random()
    const presence: Presence = r < 0.45 ? 'online' : r < 0.9 ? 'offline' : 'unlogined'
    world.setPresence(userID, presence)
  }
  return { world, friendIDs, targets: friendIDs.slice(0, TARGETS) }
}

/** Event `i` of a run: flips target `i % TARGETS` between online and offline; the world sends one status event. */
export function flip(population: Population, i: number): void {
  const userID = population.targets[i % population.targets.length]
  const online = population.world.getStatus(userID).statusType === TYPES.USER_STATUS_ONLINE
  population.world.setPresence(userID, online ? 'offline' : 'online')
}

export function isOnlineInWorld(population: Population, userID: string): boolean {
  return population.world.getStatus(userID).statusType === TYPES.USER_STATUS_ONLINE
}

// ------------------------------------------------------------------------------------------------ counters

/** Component updates (re-renders after mount), counted by an app mixin in bench builds only. */
export const renderCounts = { rows: 0, all: 0 }

/** A global mixin counting every component update, and separately the updates of the row component. */
export function countingMixin(rowComponentName: string) {
  return {
    updated(this: ComponentPublicInstance) {
      renderCounts.all++
      const type = this.$.type as { __name?: string; name?: string }
      if ((type.__name ?? type.name) === rowComponentName) renderCounts.rows++
    },
  }
}

// ------------------------------------------------------------------------------------------------ timing

export const now = (): number => performance.now()

/** Resolves after the next frame was produced (a task posted from requestAnimationFrame runs after its paint). */
export function afterNextPaint(): Promise<number> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel()
      channel.port1.onmessage = () => resolve(now())
      channel.port2.postMessage(null)
    })
  })
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5)
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  const high = Math.ceil(position)
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low)
}

/** Sends a progress line to the runner (read from the console, even while the page is busy afterwards). */
export function progress(stage: string, data: Record<string, unknown> = {}): void {
  console.debug(`bench-progress ${JSON.stringify({ stage, ...data })}`)
}

export { nextTick }
