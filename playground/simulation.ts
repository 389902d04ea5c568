import type { World } from '../src/engine/local'

const FIRST = ['Ada', 'Bela', 'Chen', 'Dara', 'Emil', 'Farah', 'Goran', 'Hana', 'Ines', 'Jonas', 'Kenji', 'Lena', 'Mateo', 'Nadia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tomas', 'Uma', 'Viktor', 'Wen', 'Ximena', 'Yusuf', 'Zoe', 'Aiko', 'Bruno', 'Clara', 'Dmitri', 'Elif', 'Felix', 'Greta', 'Hugo', 'Ivy', 'Jia', 'Kofi', 'Lucia', 'Marek', 'Nora']
const LAST = ['Ahmed', 'Berg', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Huang', 'Ivanova', 'Jensen', 'Kowalski', 'Li', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Rossi', 'Silva', 'Tanaka', 'Weber']
const STATUSES = ['Listening to music', 'In a meeting', 'On holiday until Monday', 'Focus time', 'Commuting', 'At the gym', 'Working from home', 'Lunch break', 'On a call', 'Back in 10 minutes']
const GROUPS = ['Team', 'Design', 'Family', 'Friends', 'Clients']
const LINES = ['See you tomorrow!', 'Can you review the PR?', 'Sounds good', 'The build is green again', 'Lunch at 12:30?', 'Sent the slides', 'Thanks, that fixed it', 'Call in 5?', 'Happy birthday!', 'Where are the keys?', 'Landing at 18:40', 'Let me check and get back to you']

/** A small deterministic PRNG, so every run of the playground starts from the same world. */
function prng(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface SimulatedWorld {
  userIDs: string[]
  start(): void
  stop(): void
}

/** Populates `world` with `count` users around `me`: friends, conversations, presence that changes over time. */
export function populate(world: World, me: string, count = 200, seed = 7): SimulatedWorld {
  const random = prng(seed)
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]
  const userIDs: string[] = []
  world.addUser({ userID: me, nick: 'You' })
  for (let i = 0; i < count; i++) {
    const first = FIRST[i % FIRST.length]
    const last = LAST[(i + Math.floor(i / FIRST.length)) % LAST.length]
    const userID = `${first}.${last}`.toLowerCase()
    userIDs.push(userID)
    world.addUser({ userID, nick: `${first} ${last}`, avatar: '' })
    const r = random()
    // Back-dated starts, so the lists show "Active 12 minutes ago", "Last seen yesterday", "Online for 3 hr".
    const ago = r < 0.45 ? 300_000 + random() * 5 * 3_600_000 : random() < 0.5 ? 60_000 + random() * 3_600_000 : random() * 4 * 86_400_000
    world.setPresence(userID, r < 0.45 ? 'online' : r < 0.7 ? 'offline' : 'unlogined', { since: Date.now() - ago })
    if (random() < 0.3) world.setCustomStatus(userID, pick(STATUSES))
  }
  const now = Math.floor(Date.now() / 1000)
  userIDs.forEach((userID, i) => {
    if (i % 3 !== 2) world.addFriend(me, userID, { remark: '', groupList: [pick(GROUPS)] })
    if (i < 60) {
      world.addConversation(me, { userID }, {
        lastMessage: { messageForShow: pick(LINES), lastTime: now - Math.floor(random() * 86_400 * 6), fromAccount: random() < 0.5 ? me : userID },
        unreadCount: random() < 0.3 ? Math.floor(random() * 12) + 1 : 0,
        isPinned: i < 2,
      })
    }
  })
  world.addConversation(me, { groupID: 'design-crit', name: 'Design crit' }, {
    lastMessage: { messageForShow: 'Nora: new mocks are up', lastTime: now - 600, fromAccount: userIDs[39] },
    unreadCount: 3,
  })
  world.addConversation(me, { groupID: 'release', name: 'Release 2.4' }, {
    lastMessage: { messageForShow: 'Tomas: tagging at 17:00', lastTime: now - 3_600, fromAccount: userIDs[19] },
    unreadCount: 0,
  })

  let timer: ReturnType<typeof setInterval> | null = null
  const tick = () => {
    for (let n = 0; n < 3; n++) {
      const userID = pick(userIDs)
      const r = random()
      if (r < 0.6) world.setPresence(userID, random() < 0.55 ? 'online' : random() < 0.6 ? 'offline' : 'unlogined')
      else if (r < 0.85) world.setCustomStatus(userID, random() < 0.35 ? '' : pick(STATUSES))
      else if (random() < 0.3) world.sendMessage(userID, me, pick(LINES))
    }
  }
  return {
    userIDs,
    start() {
      if (!timer) timer = setInterval(tick, 1200)
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = null
    },
  }
}
