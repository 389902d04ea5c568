import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowReactive, shallowRef } from 'vue'
import type { ChatError } from '../engine/errors'
import type { NetState, UserStatus } from '../engine/types'
import type { PresenceAvailability, UserStatusEntry, UserStatusSink } from '../services/types'

/**
 * Presence state of the kit. `userStatusList` is a reactive Map: a row that reads
 * `userStatusList.get(id)` depends on that one key, so one user's change re-renders one row.
 * Fed by the services; components only read it.
 */
export const useUserStatusStore = defineStore('tui-user-status', () => {
  /** Global switch set by `TUIUserService.switchUserStatus`. Lists without a `displayOnlineStatus` prop follow it. */
  const displayOnlineStatus = ref(false)
  const userStatusList = shallowReactive(new Map<string, UserStatusEntry>())
  const isLoggedIn = ref(false)
  const userID = ref('')
  const netState = ref<NetState>('disconnected')
  const selfStatus = shallowRef<UserStatus | null>(null)
  const availability = ref<PresenceAvailability>('available')
  const lastError = shallowRef<ChatError | null>(null)
  const isConnected = computed(() => netState.value === 'connected')

  /** The write side, for the services (not reactive itself). */
  const sink: UserStatusSink = markRaw({
    setSession(session) {
      isLoggedIn.value = session.isLoggedIn
      userID.value = session.userID
    },
    setDisplayOnlineStatus(on) {
      displayOnlineStatus.value = on
    },
    setNetState(state) {
      netState.value = state
    },
    applyStatuses(list) {
      for (const { userID: id, statusType, customStatus } of list) {
        const prev = userStatusList.get(id)
        if (prev && !prev.stale && prev.statusType === statusType && prev.customStatus === customStatus) continue
        userStatusList.set(id, Object.freeze({ statusType, customStatus, stale: false }))
      }
    },
    removeStatuses(ids) {
      for (const id of ids) userStatusList.delete(id)
    },
    clearStatuses() {
      userStatusList.clear()
    },
    markAllStale() {
      for (const [id, entry] of userStatusList) {
        if (!entry.stale) userStatusList.set(id, Object.freeze({ ...entry, stale: true }))
      }
    },
    setSelfStatus(status) {
      selfStatus.value = status
    },
    setAvailability(value) {
      availability.value = value
    },
    setLastError(error) {
      lastError.value = error
    },
  })

  return { displayOnlineStatus, userStatusList, isLoggedIn, userID, netState, isConnected, selfStatus, availability, lastError, sink }
})

export type UserStatusStore = ReturnType<typeof useUserStatusStore>
