import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { Friend } from '../engine/types'

/** The logged-in user's friends. `_setFriendList` is the kit's internal write action (see user-status.ts). */
export const useContactStore = /* @__PURE__ */ defineStore('tui-contact', () => {
  const friendList = shallowRef<readonly Friend[]>([])
  /** @internal */
  function _setFriendList(list: readonly Friend[]): void {
    friendList.value = list
  }
  return { friendList, _setFriendList }
})

export type ContactStore = ReturnType<typeof useContactStore>
