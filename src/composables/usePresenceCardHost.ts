import { nextTick, onScopeDispose, shallowRef, toValue, useId, watch, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue'
import { useNamespace } from './useNamespace'

/** Whose card a row opens. */
export interface PresenceCardTarget {
  userID: string
  name: string
  avatar: string
}

/** The card a list shows now: the user, and the avatar it floats next to. */
export interface OpenPresenceCard extends PresenceCardTarget {
  key: string
  reference: HTMLElement
}

export interface UsePresenceCardHostOptions {
  /** The listbox element (rows are `[role="option"][data-key]` inside it). */
  listbox: Readonly<Ref<HTMLElement | null>>
  /** The active option's key (keyboard focus stays on the listbox: `aria-activedescendant`). */
  activeKey: Readonly<Ref<string | null>>
  /** The user of a row, or null for rows without one (a group). */
  targetOf: (key: string) => PresenceCardTarget | null
  /** Cards open only while the list shows status. */
  enabled: MaybeRefOrGetter<boolean>
  /**
   * Hover time before the card opens, in ms.
   * @default 400
   */
  openDelayMs?: number
  /**
   * Time the card stays after the pointer left the avatar (to move onto the card), in ms.
   * @default 200
   */
  closeDelayMs?: number
}

export interface UsePresenceCardHostReturn {
  /** The card to render, or null. */
  card: Readonly<ShallowRef<OpenPresenceCard | null>>
  /** Element id for the card (the option it describes points to it with `aria-describedby`). */
  cardId: string
  /** `v-model:open` of the card: false closes it. */
  setOpen: (open: boolean) => void
  /** The card's `hover` event: the pointer on the card keeps it open. */
  onCardHover: (inside: boolean) => void
}

/**
 * One presence card per list, following the ARIA tooltip pattern: it opens on hover of a row's avatar (or dot) and
 * when a row becomes active from the keyboard, describes that row (`aria-describedby`), never takes focus, and
 * closes on Escape, on blur and when the pointer leaves. Listeners are delegated on the listbox, so rows add
 * nothing; one card element exists at most.
 */
export function usePresenceCardHost(options: UsePresenceCardHostOptions): UsePresenceCardHostReturn {
  const { listbox, activeKey, targetOf, openDelayMs = 400, closeDelayMs = 200 } = options
  const avatarClass = useNamespace('avatar').b()
  const card = shallowRef<OpenPresenceCard | null>(null)
  const cardId = `tui-presence-card-${useId()}`
  let openTimer: ReturnType<typeof setTimeout> | undefined
  let closeTimer: ReturnType<typeof setTimeout> | undefined
  /** The listbox was focused or last used from the keyboard (not the pointer). */
  let keyboard = false
  let pointerDown = false
  let describedOption: HTMLElement | null = null

  function clearTimers(): void {
    clearTimeout(openTimer)
    clearTimeout(closeTimer)
    openTimer = closeTimer = undefined
  }

  function optionOf(key: string): HTMLElement | null {
    const root = listbox.value
    if (!root) return null
    for (const option of root.querySelectorAll<HTMLElement>('[role="option"][data-key]')) if (option.dataset.key === key) return option
    return null
  }

  function describe(option: HTMLElement | null): void {
    if (describedOption === option) return
    describedOption?.removeAttribute('aria-describedby')
    describedOption = option
    option?.setAttribute('aria-describedby', cardId)
  }

  function show(key: string, reference: HTMLElement | null): void {
    const target = toValue(options.enabled) ? targetOf(key) : null
    const option = optionOf(key)
    const anchor = reference ?? option?.querySelector<HTMLElement>(`.${avatarClass}`) ?? null
    if (!target || !anchor) return hide()
    card.value = { ...target, key, reference: anchor }
    describe(option)
  }

  function hide(): void {
    clearTimers()
    card.value = null
    describe(null)
  }

  function avatarAt(event: Event): { key: string; avatar: HTMLElement } | null {
    const target = event.target
    if (!(target instanceof Element)) return null
    const avatar = target.closest<HTMLElement>(`.${avatarClass}`)
    const option = avatar?.closest<HTMLElement>('[role="option"]')
    const key = option?.dataset.key
    if (!avatar || !key || !listbox.value?.contains(option)) return null
    return { key, avatar }
  }

  function onPointerover(event: PointerEvent): void {
    const hit = avatarAt(event)
    if (!hit) return
    clearTimeout(closeTimer)
    if (card.value?.key === hit.key) return
    clearTimeout(openTimer)
    openTimer = setTimeout(() => show(hit.key, hit.avatar), card.value ? 0 : openDelayMs)
  }

  function onPointerout(event: PointerEvent): void {
    const hit = avatarAt(event)
    if (!hit) return
    const to = event.relatedTarget
    if (to instanceof Element && hit.avatar.contains(to)) return
    clearTimeout(openTimer)
    if (!card.value) return
    clearTimeout(closeTimer)
    closeTimer = setTimeout(hide, closeDelayMs)
  }

  function onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      // Dismissed until the next move.
      if (card.value) hide()
      return
    }
    keyboard = true
  }

  function onFocusin(): void {
    keyboard = !pointerDown
    pointerDown = false
  }

  function onFocusout(event: FocusEvent): void {
    const to = event.relatedTarget
    if (to instanceof Node && listbox.value?.contains(to)) return
    keyboard = false
    hide()
  }

  function onPointerdown(): void {
    keyboard = false
    pointerDown = true
  }

  // The avatar may be recycled by the virtual list: a scroll closes the card.
  function onScroll(): void {
    if (card.value) hide()
  }

  // Keyboard focus: the active row's card, once the row is rendered.
  watch(activeKey, async (key) => {
    if (!keyboard || key === null) return
    await nextTick()
    if (activeKey.value !== key || typeof document === 'undefined' || document.activeElement !== listbox.value) return
    clearTimers()
    show(key, null)
  })
  watch(
    () => toValue(options.enabled),
    (on) => {
      if (!on) hide()
    },
  )

  // Delegated listeners on the listbox element.
  watch(
    listbox,
    (element, _old, onCleanup) => {
      if (!element) return
      element.addEventListener('pointerover', onPointerover)
      element.addEventListener('pointerout', onPointerout)
      element.addEventListener('keydown', onKeydown)
      element.addEventListener('focusout', onFocusout)
      element.addEventListener('focusin', onFocusin)
      element.addEventListener('pointerdown', onPointerdown)
      element.addEventListener('scroll', onScroll, { passive: true })
      onCleanup(() => {
        element.removeEventListener('pointerover', onPointerover)
        element.removeEventListener('pointerout', onPointerout)
        element.removeEventListener('keydown', onKeydown)
        element.removeEventListener('focusout', onFocusout)
        element.removeEventListener('focusin', onFocusin)
        element.removeEventListener('pointerdown', onPointerdown)
        element.removeEventListener('scroll', onScroll)
      })
    },
    { immediate: true },
  )
  onScopeDispose(hide)

  return {
    card,
    cardId,
    setOpen(open) {
      if (!open) hide()
    },
    onCardHover(inside) {
      if (inside) clearTimeout(closeTimer)
      else if (card.value) {
        clearTimeout(closeTimer)
        closeTimer = setTimeout(hide, closeDelayMs)
      }
    },
  }
}
