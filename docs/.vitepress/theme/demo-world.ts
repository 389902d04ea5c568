/**
 * The docs' demo world: a handful of users on the embedded engine whose presence and custom statuses change over
 * time, so every live example shows real subscriptions and status events. Deterministic (seeded), small on
 * purpose: each example gets its own world.
 */
import { createWorld, type Presence, type World } from 'tui-presence-kit'

export const DEMO_SELF = 'me'

export interface DemoUser {
  userID: string
  nick: string
  presence: Presence
  customStatus: string
  group: string
}

export const DEMO_USERS: readonly DemoUser[] = [
  { userID: 'ada', nick: 'Ada Park', presence: 'online', customStatus: 'Listening to music', group: 'Team' },
  { userID: 'bela', nick: 'Bela Nagy', presence: 'offline', customStatus: '', group: 'Team' },
  { userID: 'chen', nick: 'Chen Wei', presence: 'online', customStatus: 'In a meeting', group: 'Design' },
  { userID: 'dara', nick: 'Dara Okoye', presence: 'unlogined', customStatus: '', group: 'Design' },
  { userID: 'emil', nick: 'Emil Berg', presence: 'online', customStatus: '', group: 'Friends' },
  { userID: 'farah', nick: 'Farah Haddad', presence: 'offline', customStatus: 'On holiday until Monday', group: 'Friends' },
  { userID: 'goran', nick: 'Goran Petrov', presence: 'online', customStatus: 'Commuting', group: 'Team' },
  { userID: 'hana', nick: 'Hana Sato', presence: 'unlogined', customStatus: '', group: 'Design' },
]

const STATUSES = ['In a meeting', 'Focus time', 'Lunch break', 'On a call', 'Back in 10 minutes', '']
const LINES = ['See you tomorrow!', 'Can you review the PR?', 'Sounds good', 'The build is green again', 'Lunch at 12:30?', 'Sent the slides']

/** A small deterministic PRNG, so every page load starts from the same world. */
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

export interface DemoWorld {
  world: World
  users: readonly DemoUser[]
  /** Starts the simulated changes (one every `intervalMs`). */
  start(intervalMs?: number): void
  stop(): void
  readonly running: boolean
}

// #region world
export function createDemoWorld(seed = 16): DemoWorld {
  const random = prng(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]
  const world = createWorld({ friendAutoNotify: false })
  world.addUser({ userID: DEMO_SELF, nick: 'You' })
  const now = Math.floor(Date.now() / 1000)
  DEMO_USERS.forEach((user, i) => {
    world.addUser({ userID: user.userID, nick: user.nick })
    world.setPresence(user.userID, user.presence)
    if (user.customStatus) world.setCustomStatus(user.userID, user.customStatus)
    world.addFriend(DEMO_SELF, user.userID, { groupList: [user.group] })
    world.addConversation(DEMO_SELF, { userID: user.userID }, {
      lastMessage: { messageForShow: LINES[i % LINES.length], lastTime: now - 300 * (i + 1) * (i + 1), fromAccount: i % 2 ? DEMO_SELF : user.userID },
      unreadCount: i % 3 === 0 ? i + 1 : 0,
      isPinned: i === 0,
    })
  })
  // #endregion world
  world.addConversation(DEMO_SELF, { groupID: 'design-crit', name: 'Design crit' }, {
    lastMessage: { messageForShow: 'Chen: new mocks are up', lastTime: now - 5_000, fromAccount: 'chen' },
    unreadCount: 2,
  })

  let timer: ReturnType<typeof setInterval> | null = null
  const tick = () => {
    const user = pick(DEMO_USERS)
    if (random() < 0.65) world.setPresence(user.userID, pick<Presence>(['online', 'online', 'offline', 'unlogined']))
    else world.setCustomStatus(user.userID, pick(STATUSES))
  }
  return {
    world,
    users: DEMO_USERS,
    start(intervalMs = 2500) {
      if (!timer) timer = setInterval(tick, intervalMs)
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
