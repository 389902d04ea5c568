/**
 * REFERENCE ONLY (bench/page/reference/, never shipped, never imported by src/): the simplest good list that SPEC
 * section 6 names, a plain keyed list whose rows read one reactive `Map`. No virtualisation, no kit, no Pinia.
 */
import { reactive } from 'vue'
import { EVENT } from '../../../src/engine/constants'
import type { ChatEngine, Friend, UserStatus } from '../../../src/engine/types'

/** userID -> status; a row reads `statuses.get(id)`, so one event re-renders one row. */
export const statuses = reactive(new Map<string, UserStatus>())

/** Each status event writes its entries into the Map, nothing else. */
export function bindStatuses(engine: ChatEngine): void {
  engine.on(EVENT.USER_STATUS_UPDATED, ({ data }) => {
    for (const status of data) statuses.set(status.userID, status)
  })
}

/**
 * Before the timed render, as the baseline does: the friends, the first 100 subscribed (the event targets are
 * among them) and the first 500 queried into the Map (the rows in view are among them).
 */
export async function loadReference(engine: ChatEngine): Promise<Friend[]> {
  const { data: friends } = await engine.getFriendList()
  const ids = friends.map((f) => f.userID)
  await engine.subscribeUserStatus({ userIDList: ids.slice(0, 100) })
  const { data } = await engine.getUserStatus({ userIDList: ids.slice(0, 500) })
  for (const status of data.successUserList) statuses.set(status.userID, status)
  return friends
}
