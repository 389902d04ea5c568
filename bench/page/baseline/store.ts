/**
 * BASELINE ONLY (bench/page/baseline/, never shipped, never imported by src/).
 *
 * A minimal stand-in for the official kit's `TUIStore` (@tencentcloud/chat-uikit-engine) and for the part of the
 * official engine that feeds its `userStatusList`: a plain store whose `update` calls every watcher at once,
 * synchronously, and an engine binding that writes each `onUserStatusUpdated` payload into the one
 * `Map<string, IUserStatus>` and publishes that Map again. The list component that consumes it
 * (./ContactList.vue) follows TUIKit/components/TUIContact/contact-list/index.vue of
 * @tencentcloud/chat-uikit-vue; the row (./ContactListItem.vue) follows
 * TUIKit/components/TUIContact/contact-list/contact-list-item/index.vue.
 */
import { EVENT } from '../../../src/engine/constants'
import type { ChatEngine, Friend, UserStatus } from '../../../src/engine/types'

/** The official `IUserStatus`: one entry of `userStatusList`. */
export type IUserStatus = UserStatus
/** The official `IUserStatusMap`: the object the list builds with `Object.fromEntries`. */
export type IUserStatusMap = Record<string, IUserStatus>

export const StoreName = {
  USER: 'user',
  FRIEND: 'friend',
} as const

interface StoreData {
  user: { displayOnlineStatus: boolean; userStatusList: Map<string, IUserStatus> }
  friend: { friendList: Friend[] }
}

type StoreKey = keyof StoreData
type Watchers<S extends StoreKey> = { [K in keyof StoreData[S]]?: (value: StoreData[S][K]) => void }

class BaselineStore {
  private readonly data: StoreData = {
    user: { displayOnlineStatus: false, userStatusList: new Map() },
    friend: { friendList: [] },
  }
  private readonly watchers: { [S in StoreKey]: Set<Watchers<S>> } = { user: new Set(), friend: new Set() }

  /** Registers callbacks per field; each is called at once with the current value, then on every update. */
  watch<S extends StoreKey>(store: S, callbacks: Watchers<S>): () => void {
    const set = this.watchers[store] as Set<Watchers<S>>
    set.add(callbacks)
    for (const key of Object.keys(callbacks) as Array<keyof StoreData[S]>) {
      callbacks[key]?.(this.data[store][key])
    }
    return () => {
      set.delete(callbacks)
    }
  }

  getData<S extends StoreKey, K extends keyof StoreData[S]>(store: S, key: K): StoreData[S][K] {
    return this.data[store][key]
  }

  /** Sets a field and notifies its watchers synchronously (also when the value is the same Map, mutated). */
  update<S extends StoreKey, K extends keyof StoreData[S]>(store: S, key: K, value: StoreData[S][K]): void {
    this.data[store][key] = value
    for (const callbacks of this.watchers[store] as Set<Watchers<S>>) callbacks[key]?.(value)
  }
}

export const TUIStore = new BaselineStore()

/**
 * The engine side, as the official engine keeps `userStatusList`: every status event is written into the one Map
 * and the Map is published again, one store update per event.
 */
export function bindUserStatus(engine: ChatEngine): void {
  engine.on(EVENT.USER_STATUS_UPDATED, ({ data }) => {
    const list = TUIStore.getData(StoreName.USER, 'userStatusList')
    for (const status of data) list.set(status.userID, status)
    TUIStore.update(StoreName.USER, 'userStatusList', list)
  })
}

/**
 * After login with the switch on: the friend list, then one subscription call and one query, each with all
 * friends' IDs cut to the per-call limit (100 / 500) as the SDK truncates them. The Map then holds min(N, 500)
 * entries; the first 100 friends (the rows in view) are subscribed, so their events reach this client.
 */
export async function loadBaseline(engine: ChatEngine): Promise<{ friends: number; statuses: number }> {
  const { data: friends } = await engine.getFriendList()
  TUIStore.update(StoreName.FRIEND, 'friendList', friends)
  TUIStore.update(StoreName.USER, 'displayOnlineStatus', true)
  const ids = friends.map((f) => f.userID)
  await engine.subscribeUserStatus({ userIDList: ids.slice(0, 100) })
  const { data } = await engine.getUserStatus({ userIDList: ids.slice(0, 500) })
  const list = TUIStore.getData(StoreName.USER, 'userStatusList')
  for (const status of data.successUserList) list.set(status.userID, status)
  TUIStore.update(StoreName.USER, 'userStatusList', list)
  return { friends: friends.length, statuses: list.size }
}
