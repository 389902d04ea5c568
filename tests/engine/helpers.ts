import { EVENT } from '../../src/engine/constants'
import { ChatError } from '../../src/engine/errors'
import { createLocalEngine, createWorld, type LocalEngine, type World, type WorldOptions } from '../../src/engine/local'
import type { EngineEvent, UserStatus } from '../../src/engine/types'

/** Lets queued microtasks run (event dispatch and promise continuations). Works with fake timers. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

/** A status without its `since`, for tests about the other fields. */
export function withoutSince({ userID, statusType, customStatus }: UserStatus): UserStatus {
  return { userID, statusType, customStatus }
}

/** Records every event a client dispatches. */
export function record(engine: LocalEngine) {
  const events: EngineEvent[] = []
  for (const name of Object.values(EVENT)) engine.on(name, (event) => events.push(event))
  return {
    events,
    names: () => events.map((event) => event.name),
    /** The onUserStatusUpdated items, flattened, without `since` (tests/engine/local-since.test.ts checks it). */
    statuses: (): UserStatus[] =>
      events.flatMap((event) => (event.name === EVENT.USER_STATUS_UPDATED ? (event.data as UserStatus[]).map(withoutSince) : [])),
    clear: () => {
      events.length = 0
    },
  }
}

export type Recorder = ReturnType<typeof record>

export interface Device {
  engine: LocalEngine
  log: Recorder
}

/** A new client of `world`, logged in as `userID`, with its login events already flushed and cleared. */
export async function loginDevice(world: World, userID: string, id?: string): Promise<Device> {
  const engine = createLocalEngine({ world, id })
  const log = record(engine)
  await engine.login({ userID, userSig: `sig-${userID}` })
  await flush()
  log.clear()
  return { engine, log }
}

/** A world with users u1..u{count} registered. */
export function worldWithUsers(count: number, options?: WorldOptions): World {
  const world = createWorld(options)
  for (let i = 1; i <= count; i++) world.addUser({ userID: `u${i}` })
  return world
}

export function ids(from: number, to: number): string[] {
  const list: string[] = []
  for (let i = from; i <= to; i++) list.push(`u${i}`)
  return list
}

/** The ChatError a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<ChatError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ChatError) return error
    throw error
  }
  throw new Error('expected the call to reject')
}

export async function codeOf(promise: Promise<unknown>): Promise<number> {
  return (await rejection(promise)).code
}
