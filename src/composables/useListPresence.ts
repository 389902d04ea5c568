import { computed, inject, onScopeDispose, toValue, watch, type ComputedRef, type MaybeRefOrGetter } from 'vue'
import type { PlainMessageKey } from '../i18n'
import { useKitI18n } from '../i18n/useKitI18n'
import { TUIKitKey } from '../keys'
import { effectiveDisplay, type PresenceList } from '../services/presence'
import type { PresenceAvailability } from '../services/types'
import { useUserStatusStore } from '../stores/user-status'
import { nextFrame } from './utils/dom'

export interface UseListPresenceOptions {
  /**
   * The list's `displayOnlineStatus` prop, as given: `undefined` follows the global switch
   * (`TUIUserService.switchUserStatus`).
   */
  display: MaybeRefOrGetter<boolean | undefined>
  /** User IDs whose rows are in the viewport (C2C partners, friends). */
  visibleIDs: MaybeRefOrGetter<readonly string[]>
  /** User IDs whose rows are rendered just outside the viewport. */
  overscanIDs: MaybeRefOrGetter<readonly string[]>
}

export interface UseListPresenceReturn {
  /** False when `TUIKit` is not installed: the list renders, without status. */
  readonly installed: boolean
  /** Effective display: the prop when given, else the global switch. */
  displays: ComputedRef<boolean>
  availability: ComputedRef<PresenceAvailability>
  /** Whether rows show the status dot and text: displays, the kit is installed and presence is available. */
  showStatus: ComputedRef<boolean>
  /**
   * Why presence cannot be shown, or that what is shown is the last known while reconnecting, in the kit's
   * locale ('' when there is nothing to say, or when the list does not display status).
   */
  notice: ComputedRef<string>
}

/** The message key of each availability that hides status. */
export const PRESENCE_NOTICES: Readonly<Record<Exclude<PresenceAvailability, 'available'>, PlainMessageKey>> = Object.freeze({
  'feature-not-enabled': 'notice.featureNotEnabled',
  'edition-not-supported': 'notice.editionNotSupported',
})

/** Which notice a list shows: unavailable (72001, 3122), else reconnecting while logged in, else none. */
export function presenceNoticeKey(state: {
  installed: boolean
  displays: boolean
  availability: PresenceAvailability
  loggedIn: boolean
  connected: boolean
}): PlainMessageKey | null {
  if (!state.installed || !state.displays) return null
  if (state.availability !== 'available') return PRESENCE_NOTICES[state.availability]
  return state.loggedIn && !state.connected ? 'notice.reconnecting' : null
}

function sameIDs(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * Connects one list component to the kit's presence manager: reports the list's `displayOnlineStatus` prop and
 * the user IDs in its viewport and overscan (only when they change), and disposes of the registration with the
 * component. The manager decides what to query and subscribe.
 *
 * Works without `TUIKit` installed (no status is shown); needs Pinia.
 */
export function useListPresence(options: UseListPresenceOptions): UseListPresenceReturn {
  const kit = inject(TUIKitKey, null)
  const store = useUserStatusStore()
  const list: PresenceList | null = kit ? kit.presence.createList() : null

  // The kit's one rule (prop ?? global switch); the manager owns the switch and pushes it to the store.
  const displays = computed(() => effectiveDisplay(toValue(options.display), store.displayOnlineStatus))
  const availability = computed(() => store.availability)
  const showStatus = computed(() => list !== null && displays.value && availability.value === 'available')
  const i18n = useKitI18n()
  const notice = computed(() => {
    const key = presenceNoticeKey({
      installed: list !== null,
      displays: displays.value,
      availability: availability.value,
      loggedIn: store.isLoggedIn,
      connected: store.isConnected,
    })
    return key ? i18n.t(key) : ''
  })

  if (list) {
    watch(() => toValue(options.display), (display) => list.setOverride(display), { immediate: true })

    let visible: readonly string[] = []
    let overscan: readonly string[] = []
    let shown = false
    let cancelFirstScreen: (() => void) | null = null
    watch(
      () => toValue(options.visibleIDs),
      (ids) => {
        if (sameIDs(ids, visible)) return
        visible = ids
        if (shown || !ids.length) return list.setVisible(ids)
        shown = true
        // The first screen is queried at once: in a browser right after the frame that shows its rows (the
        // call's work would otherwise delay that frame), elsewhere now. Later views are queried once they settle.
        cancelFirstScreen = nextFrame(() => {
          cancelFirstScreen = null
          setTimeout(() => list.setVisible(visible, { now: true }), 0)
        })
        list.setVisible(ids, { now: cancelFirstScreen === null })
      },
      { immediate: true },
    )
    onScopeDispose(() => cancelFirstScreen?.())
    watch(
      () => toValue(options.overscanIDs),
      (ids) => {
        if (sameIDs(ids, overscan)) return
        overscan = ids
        list.setOverscan(ids)
      },
      { immediate: true },
    )
    onScopeDispose(() => list.dispose())
  }

  return { installed: list !== null, displays, availability, showStatus, notice }
}
