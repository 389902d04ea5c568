import { defineStore } from 'pinia'
import { computed, ref, shallowReactive, shallowRef } from 'vue'
import type { ChatError } from '../engine/errors'
import type { NetState, UserStatus } from '../engine/types'
import { resolveSince } from '../services/since'
import type { PresenceAvailability, UserStatusEntry } from '../services/types'

/**
 * Presence state of the kit. `userStatusList` is a reactive Map: a row that reads
 * `userStatusList.get(id)` depends on that one key, so one user's change re-renders one row.
 *
 * Read side: the state below, for apps and components. Write side: the actions whose names start with `_`, called
 * by the kit's services only (an app that calls them desynchronises the store from the engine). They are Pinia
 * actions so devtools and `store.$onAction` see every write.
 */
export const useUserStatusStore = /* @__PURE__ */ defineStore('tui-user-status', () => {
  /**
   * Global switch set by `TUIUserService.switchUserStatus` (the presence manager owns it and pushes it here).
   * Lists without a `displayOnlineStatus` prop follow it.
   */
  const displayOnlineStatus = ref(false)
  const userStatusList = shallowReactive(new Map<string, UserStatusEntry>())
  const isLoggedIn = ref(false)
  const userID = ref('')
  const netState = ref<NetState>('disconnected')
  const selfStatus = shallowRef<UserStatus | null>(null)
  const availability = ref<PresenceAvailability>('available')
  const lastError = shallowRef<ChatError | null>(null)
  const isConnected = computed(() => netState.value === 'connected')
  /**
   * Counts the query answers written (not the pushed events): what reads the store on a timer rather than
   * reactively (the last-seen texts) reads it again when a snapshot lands, as on a list's first screen.
   */
  const snapshotVersion = ref(0)

  /** @internal */
  function _setSession(session: { isLoggedIn: boolean; userID: string }): void {
    isLoggedIn.value = session.isLoggedIn
    userID.value = session.userID
  }
  /** @internal */
  function _setDisplayOnlineStatus(on: boolean): void {
    displayOnlineStatus.value = on
  }
  /** @internal */
  function _setNetState(state: NetState): void {
    netState.value = state
  }
  /**
   * @internal Writes live entries; unchanged values are not written (their rows do not re-render). `observedAt`:
   * the list is a pushed event seen at that time, which dates a change of type when the engine sends no `since`.
   */
  function _applyStatuses(list: readonly UserStatus[], observedAt?: number): void {
    if (observedAt === undefined) snapshotVersion.value++
    for (const status of list) {
      const { userID: id, statusType, customStatus } = status
      const prev = userStatusList.get(id)
      const since = resolveSince(prev, status, observedAt)
      if (prev && !prev.stale && prev.statusType === statusType && prev.customStatus === customStatus && prev.since === since) continue
      const entry: UserStatusEntry = { statusType, customStatus, stale: false }
      if (since !== undefined) entry.since = since
      userStatusList.set(id, Object.freeze(entry))
    }
  }
  /** @internal */
  function _removeStatuses(ids: readonly string[]): void {
    for (const id of ids) userStatusList.delete(id)
  }
  /** @internal */
  function _clearStatuses(): void {
    userStatusList.clear()
  }
  /** @internal */
  function _markStale(ids: readonly string[]): void {
    for (const id of ids) {
      const entry = userStatusList.get(id)
      if (entry && !entry.stale) userStatusList.set(id, Object.freeze({ ...entry, stale: true }))
    }
  }
  /** @internal */
  function _markAllStale(): void {
    _markStale([...userStatusList.keys()])
  }
  /** @internal */
  function _setSelfStatus(status: UserStatus | null): void {
    selfStatus.value = status
  }
  /** @internal */
  function _setAvailability(value: PresenceAvailability): void {
    availability.value = value
  }
  /** @internal */
  function _setLastError(error: ChatError | null): void {
    lastError.value = error
  }

  return {
    displayOnlineStatus,
    userStatusList,
    isLoggedIn,
    userID,
    netState,
    isConnected,
    selfStatus,
    availability,
    lastError,
    snapshotVersion,
    _setSession,
    _setDisplayOnlineStatus,
    _setNetState,
    _applyStatuses,
    _removeStatuses,
    _clearStatuses,
    _markStale,
    _markAllStale,
    _setSelfStatus,
    _setAvailability,
    _setLastError,
  }
})

export type UserStatusStore = ReturnType<typeof useUserStatusStore>
