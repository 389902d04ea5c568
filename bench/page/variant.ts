import type { LocalEngine } from '../../src/engine/local'
import type { Population, TaskScheduler } from './harness'

export type VariantName = 'ours' | 'baseline' | 'reference'

/** One list under test, set up and logged in, not yet rendered. */
export interface Variant {
  name: VariantName
  population: Population
  engine: LocalEngine
  scheduler: TaskScheduler
  /** Name of the row component, for the update counters. */
  rowComponent: string
  /** Renders the list (the timed part of the first render). */
  show(): void
  /** The scrolling element of the list. */
  scroller(): HTMLElement | null
  /** The friend rows currently in the DOM, in display order. */
  rows(): HTMLElement[]
  keyOf(row: HTMLElement): string
  dotOf(row: HTMLElement): HTMLElement | null
  /** The dot shows a known status (ours: data-status other than 'unknown'; the baseline's dot always does). */
  dotKnown(dot: HTMLElement): boolean
  dotOnline(dot: HTMLElement): boolean
  /** Resolves once every event target's events reach this client (subscribed). */
  targetsReachable(timeoutMs: number): Promise<boolean>
}
