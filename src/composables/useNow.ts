import { getCurrentInstance, inject, onScopeDispose, shallowRef, type InjectionKey, type ShallowRef } from 'vue'
import { Ticker } from '../services/ticker'

/** The kit's shared ticker, provided by `TUIKit`; components outside the kit share one default ticker. */
export const TUITickerKey: InjectionKey<Ticker> = Symbol('TUITicker')

interface Shared {
  now: ShallowRef<number>
  users: number
  stop: (() => void) | null
}

const shared = new WeakMap<Ticker, Shared>()
let defaultTicker: Ticker | null = null

/**
 * The time, updated once a minute by one ticker for the whole kit (never a timer per row). Components that only
 * read it when they show a relative time ("Active 5 minutes ago") re-render on a tick; the others do not depend
 * on it at all. The ticker runs while at least one component uses this.
 */
export function useNow(): Readonly<ShallowRef<number>> {
  const ticker = (getCurrentInstance() ? inject(TUITickerKey, null) : null) ?? (defaultTicker ??= new Ticker())
  let entry = shared.get(ticker)
  if (!entry) {
    entry = { now: shallowRef(ticker.now()), users: 0, stop: null }
    shared.set(ticker, entry)
  }
  const own = entry
  if (own.users++ === 0) {
    own.now.value = ticker.now()
    own.stop = ticker.subscribe((now) => {
      own.now.value = now
    })
  }
  onScopeDispose(() => {
    if (--own.users === 0) {
      own.stop?.()
      own.stop = null
    }
  })
  return own.now
}
