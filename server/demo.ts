import type { World } from '../src/engine/local'

/** The users of the demo world: friends with each other, with a chat between each pair. */
export const DEMO_USERS = ['alice', 'bob', 'carol', 'dave', 'erin'] as const

const NICKS: Record<(typeof DEMO_USERS)[number], string> = {
  alice: 'Alice',
  bob: 'Bob',
  carol: 'Carol',
  dave: 'Dave',
  erin: 'Erin',
}

/**
 * Populates a server's world for the playground and the browser tests (PRESENCE_DEMO=1, the Vite plugin).
 * Users only: nobody is online until a browser logs in.
 */
export function seedDemo(world: World): void {
  for (const userID of DEMO_USERS) world.addUser({ userID, nick: NICKS[userID] })
  DEMO_USERS.forEach((userID, i) => {
    for (const friendID of DEMO_USERS.slice(i + 1)) {
      world.addFriend(userID, friendID)
      world.addConversation(userID, { userID: friendID })
      world.addConversation(friendID, { userID })
    }
  })
}
