/** How long a pause ends a type-ahead word, in ms (as the APG listbox example). */
export const TYPEAHEAD_RESET_MS = 500

/** The letters typed so far, and when the last one came. */
export interface TypeaheadState {
  query: string
  at: number
}

/**
 * The query after a key press at `now`: the key is appended within `TYPEAHEAD_RESET_MS` of the last one, else a
 * new word starts.
 */
export function typeaheadQuery(state: TypeaheadState | null, key: string, now: number): TypeaheadState {
  const fresh = !state || now - state.at > TYPEAHEAD_RESET_MS
  return { query: fresh ? key : state.query + key, at: now }
}

/**
 * The index of the next item whose text starts with `query` (case- and accent-insensitive), searching forward
 * from `from` and wrapping around, or -1. A single letter, or the same letter typed again ("bbb"), starts after
 * `from`, so repeating a letter cycles through the names that start with it; a longer word starts at `from`,
 * so the current item stays while it still matches.
 *
 * @param count number of items
 * @param textOf the item's name, or null for an item that cannot be chosen (a group header)
 * @param from the active index (-1: none)
 */
export function findTypeahead(count: number, textOf: (index: number) => string | null, from: number, query: string, locale?: string): number {
  if (count === 0 || query === '') return -1
  const repeated = Array.from(query).every((c) => c === query[0])
  const needle = fold(repeated ? query[0] : query, locale)
  const start = repeated || from < 0 ? from + 1 : from
  for (let step = 0; step < count; step++) {
    const i = (((start + step) % count) + count) % count
    const text = textOf(i)
    if (text !== null && fold(text, locale).startsWith(needle)) return i
  }
  return -1
}

function fold(text: string, locale?: string): string {
  return text.trimStart().normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase(locale)
}
