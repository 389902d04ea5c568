import { computed, toValue, type ComputedRef, type MaybeRefOrGetter } from 'vue'
import type { UserStatusEntry } from '../services/types'
import { useUserStatusStore, type UserStatusStore } from '../stores/user-status'

/**
 * One user's entry, read now: `userStatusList.get(userID)` and nothing else of the Map; the logged-in user's own
 * entry comes from `selfStatus`, which the kit keeps without querying. Read inside a render or a computed, it
 * depends on that one key, so a change of another user re-runs nothing.
 */
export function readUserStatus(store: UserStatusStore, userID: string): UserStatusEntry | undefined {
  const entry = store.userStatusList.get(userID)
  if (entry || userID !== store.userID || !store.selfStatus) return entry
  const self = store.selfStatus
  return { statusType: self.statusType, customStatus: self.customStatus, stale: !store.isConnected }
}

/**
 * One user's status from the store, for one row (see {@link readUserStatus}).
 *
 * @param userID the user ('' for none, as for a group conversation)
 * @param enabled false reads nothing (no dependency at all) and returns `undefined`
 */
export function useUserStatus(
  userID: MaybeRefOrGetter<string>,
  enabled: MaybeRefOrGetter<boolean> = true,
): ComputedRef<UserStatusEntry | undefined> {
  const store = useUserStatusStore()
  return computed(() => {
    const id = toValue(userID)
    return id && toValue(enabled) ? readUserStatus(store, id) : undefined
  })
}
