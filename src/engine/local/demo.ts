import type { LoginOptions } from '../types'
import { LocalEngine, type LocalEngineOptions } from './client'
import type { World } from './world'

/** The simulated world of `createLocalEngine({ demo: true })`. */
export interface DemoOptions {
  /** Simulated users around whoever logs in. @default 200 */
  users?: number
  /** Seed of names, statuses and messages: the same seed gives the same world. @default 7 */
  seed?: number
  /**
   * While someone is logged in, every `intervalMs` a few users change presence or custom status, or send a
   * message; 0 keeps the world still. @default 1200
   */
  intervalMs?: number
}

const FIRST = ['Ada', 'Bela', 'Chen', 'Dara', 'Emil', 'Farah', 'Goran', 'Hana', 'Ines', 'Jonas', 'Kenji', 'Lena', 'Mateo', 'Nadia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tomas', 'Uma', 'Viktor', 'Wen', 'Ximena', 'Yusuf', 'Zoe', 'Aiko', 'Bruno', 'Clara', 'Dmitri', 'Elif', 'Felix', 'Greta', 'Hugo', 'Ivy', 'Jia', 'Kofi', 'Lucia', 'Marek', 'Nora']
const LAST = ['Ahmed', 'Berg', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Huang', 'Ivanova', 'Jensen', 'Kowalski', 'Li', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Rossi', 'Silva', 'Tanaka', 'Weber']
const STATUSES = ['Listening to music', 'In a meeting', 'On holiday until Monday', 'Focus time', 'Commuting', 'At the gym', 'Working from home', 'Lunch break', 'On a call', 'Back in 10 minutes']
const GROUPS = ['Team', 'Design', 'Family', 'Friends', 'Clients']
const LINES = ['See you tomorrow!', 'Can you review the PR?', 'Sounds good', 'The build is green again', 'Lunch at 12:30?', 'Sent the slides', 'Thanks, that fixed it', 'Call in 5?', 'Happy birthday!', 'Where are the keys?', 'Landing at 18:40', 'Let me check and get back to you']

/** A small deterministic PRNG (mulberry32): the same seed gives the same sequence. */
export function demoRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function checkDemoOptions(options: DemoOptions): Required<DemoOptions> {
  const users = options.users ?? 200
  const seed = options.seed ?? 7
  const intervalMs = options.intervalMs ?? 1200
  if (!Number.isInteger(users) || users < 1 || users > 100_000) throw new RangeError('createLocalEngine({ demo }): demo.users must be an integer from 1 to 100000.')
  if (!Number.isFinite(seed)) throw new RangeError('createLocalEngine({ demo }): demo.seed must be a finite number.')
  if (!(intervalMs >= 0) || !Number.isFinite(intervalMs)) throw new RangeError('createLocalEngine({ demo }): demo.intervalMs must be 0 (still) or a positive number of ms.')
  return { users, seed, intervalMs }
}

/**
 * Fills `world` with `options.users` simulated users around `userID`: two thirds are friends (in friend
 * groups), the first 60 and two groups have conversations, about 45% are online and 30% have a custom status.
 * Returns their userIDs. Deterministic for a given seed.
 */
export function populateDemoWorld(world: World, userID: string, options: DemoOptions = {}): string[] {
  const { users, seed } = checkDemoOptions(options)
  const random = demoRandom(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]
  const userIDs: string[] = []
  if (!world.hasUser(userID)) world.addUser({ userID, nick: userID })
  for (let i = 0; i < users; i++) {
    const first = FIRST[i % FIRST.length]
    const last = LAST[(i + Math.floor(i / FIRST.length)) % LAST.length]
    const round = Math.floor(i / (FIRST.length * LAST.length))
    const id = `${first}.${last}${round ? round + 1 : ''}`.toLowerCase()
    if (id === userID) continue
    userIDs.push(id)
    world.addUser({ userID: id, nick: `${first} ${last}`, avatar: '' })
    const r = random()
    // Back-dated starts, so lists show "Active 12 minutes ago", "Last seen yesterday", "Online for 3 hr".
    const ago = r < 0.45 ? 300_000 + random() * 5 * 3_600_000 : random() < 0.5 ? 60_000 + random() * 3_600_000 : random() * 4 * 86_400_000
    world.setPresence(id, r < 0.45 ? 'online' : r < 0.7 ? 'offline' : 'unlogined', { since: world.clock.now() - ago })
    if (random() < 0.3) world.setCustomStatus(id, pick(STATUSES))
  }
  const now = Math.floor(world.clock.now() / 1000)
  userIDs.forEach((id, i) => {
    if (i % 3 !== 2) world.addFriend(userID, id, { remark: '', groupList: [pick(GROUPS)] })
    if (i < 60) {
      world.addConversation(userID, { userID: id }, {
        lastMessage: { messageForShow: pick(LINES), lastTime: now - Math.floor(random() * 86_400 * 6), fromAccount: random() < 0.5 ? userID : id },
        unreadCount: random() < 0.3 ? Math.floor(random() * 12) + 1 : 0,
        isPinned: i < 2,
      })
    }
  })
  const someone = (n: number) => userIDs[n % userIDs.length]
  world.addConversation(userID, { groupID: 'design-crit', name: 'Design crit' }, {
    lastMessage: { messageForShow: 'New mocks are up', lastTime: now - 600, fromAccount: someone(39) },
    unreadCount: 3,
  })
  world.addConversation(userID, { groupID: 'release', name: 'Release 2.4' }, {
    lastMessage: { messageForShow: 'Tagging at 17:00', lastTime: now - 3_600, fromAccount: someone(19) },
    unreadCount: 0,
  })
  return userIDs
}

/**
 * One step of the demo world's life around `me`: three of `userIDs` change presence or custom status, or send
 * `me` a message. `random` is the source of choices (`demoRandom(seed)` for a repeatable sequence).
 */
export function demoActivity(world: World, me: string, userIDs: readonly string[], random: () => number): void {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]
  for (let n = 0; n < 3; n++) {
    const userID = pick(userIDs)
    const r = random()
    if (r < 0.6) world.setPresence(userID, random() < 0.55 ? 'online' : random() < 0.6 ? 'offline' : 'unlogined')
    else if (r < 0.85) world.setCustomStatus(userID, random() < 0.35 ? '' : pick(STATUSES))
    else if (random() < 0.3) world.sendMessage(userID, me, pick(LINES))
  }
}

/**
 * The embedded engine on a world of simulated users: whoever logs in (any userID, any non-empty userSig) finds
 * friends and conversations, with presence that changes over time while they are logged in.
 * Made by `createLocalEngine({ demo: true })`.
 */
export class DemoEngine extends LocalEngine {
  private readonly demo: Required<DemoOptions>
  private readonly populated = new Map<string, string[]>()
  private random: () => number
  private timer: unknown = null

  constructor(options: LocalEngineOptions = {}, demo: DemoOptions = {}) {
    super(options)
    this.demo = checkDemoOptions(demo)
    this.random = demoRandom(this.demo.seed + 1)
  }

  override async login(options: LoginOptions): ReturnType<LocalEngine['login']> {
    const userID = options && typeof options === 'object' ? options.userID : undefined
    if (typeof userID === 'string' && userID.trim() !== '' && !this.populated.has(userID)) {
      this.populated.set(userID, populateDemoWorld(this.world, userID, this.demo))
    }
    const result = await super.login(options)
    this.startTicking()
    return result
  }

  override async logout(): ReturnType<LocalEngine['logout']> {
    this.stopTicking()
    return super.logout()
  }

  override destroy(): void {
    this.stopTicking()
    super.destroy()
  }

  private startTicking(): void {
    if (this.timer !== null || this.demo.intervalMs === 0) return
    const clock = this.world.clock
    const next = () => {
      this.timer = clock.setTimeout(() => {
        this.tick()
        next()
      }, this.demo.intervalMs)
      // Never keeps a Node process (a server render, a test) alive.
      ;(this.timer as { unref?: () => void } | null)?.unref?.()
    }
    next()
  }

  private stopTicking(): void {
    if (this.timer !== null) this.world.clock.clearTimeout(this.timer)
    this.timer = null
  }

  private tick(): void {
    const me = this.getLoginUser()
    const userIDs = this.populated.get(me)
    if (me && userIDs?.length) demoActivity(this.world, me, userIDs, this.random)
  }
}
