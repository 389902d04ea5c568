import { describe, expect, it } from 'vitest'
import { TYPEAHEAD_RESET_MS, findTypeahead, typeaheadQuery } from '../../src/composables/utils/typeahead'

const names = [null, 'Boss', 'Zoe', null, 'Álvaro', 'alice', null, 'Bobby', 'Carl']
const textOf = (i: number) => names[i]

describe('type-ahead', () => {
  it('builds a word from keys typed close together, and starts a new one after a pause', () => {
    let state = typeaheadQuery(null, 'b', 1000)
    state = typeaheadQuery(state, 'o', 1000 + TYPEAHEAD_RESET_MS)
    expect(state.query).toBe('bo')
    expect(typeaheadQuery(state, 's', state.at + TYPEAHEAD_RESET_MS + 1).query).toBe('s')
  })

  it('finds the next name after the current one, wrapping, skipping what is not an option', () => {
    expect(findTypeahead(names.length, textOf, -1, 'b')).toBe(1)
    expect(findTypeahead(names.length, textOf, 1, 'b')).toBe(7)
    expect(findTypeahead(names.length, textOf, 7, 'b')).toBe(1)
    expect(findTypeahead(names.length, textOf, 8, 'z')).toBe(2)
    expect(findTypeahead(names.length, textOf, 1, 'x')).toBe(-1)
    expect(findTypeahead(0, textOf, -1, 'b')).toBe(-1)
  })

  it('keeps the current name while a longer word still matches; a repeated letter cycles', () => {
    expect(findTypeahead(names.length, textOf, 7, 'bob')).toBe(7)
    expect(findTypeahead(names.length, textOf, 7, 'bos')).toBe(1)
    expect(findTypeahead(names.length, textOf, 1, 'bb')).toBe(7)
  })

  it('ignores case and accents', () => {
    expect(findTypeahead(names.length, textOf, 2, 'AL')).toBe(4)
    expect(findTypeahead(names.length, textOf, 4, 'ali')).toBe(5)
  })
})
