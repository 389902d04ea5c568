import { computed, toValue, type ComputedRef, type MaybeRefOrGetter } from 'vue'
import type { UserStatusEntry } from '../services/types'
import { useUserStatusStore } from '../stores/user-status'

/**
 * One user's status from the store, for one row. It reads `userStatusList.get(userID)` and nothing else of
 * the Map, so a change of another user never re-renders this row. The logged-in user's own row reads
 * `selfStatus`, which the kit keeps without querying.
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
    if (!id || !toValue(enabled)) return undefined
    const entry = store.userStatusList.get(id)
    if (entry || id !== store.userID || !store.selfStatus) return entry
    const self = store.selfStatus
    return { statusType: self.statusType, customStatus: self.customStatus, stale: !store.isConnected }
  })
}
