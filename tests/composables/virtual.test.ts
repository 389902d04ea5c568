import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  anchorShift,
  buildLayout,
  clampScroll,
  indexAt,
  scrollTopAfterChange,
  scrollTopFor,
  totalHeightOf,
  visibleRangeOf,
  withOverscan,
} from '../../src/composables/utils/virtual'

interface Row {
  key: string
  height: number
}

const rows = (heights: number[], prefix = 'r') => heights.map((height, i) => ({ key: `${prefix}${i}`, height }))
const layoutOf = (items: Row[]) => buildLayout(items, (r) => r.key, (r) => r.height)
/** A header of 28 px, then 56 px rows: the contact list's shape. */
const contacts = layoutOf([{ key: 'h', height: 28 }, ...rows(Array(100).fill(56))])

describe('virtual list maths', () => {
  it('lays rows out top to bottom and indexes their keys', () => {
    const layout = layoutOf(rows([10, 20, 30]))
    expect([...layout.offsets]).toEqual([0, 10, 30, 60])
    expect(totalHeightOf(layout)).toBe(60)
    expect(layout.keyIndex.get('r2')).toBe(2)
    expect(totalHeightOf(layoutOf([]))).toBe(0)
  })

  it('finds the row under an offset', () => {
    const layout = layoutOf(rows([10, 20, 30]))
    expect(indexAt(layout, 0)).toBe(0)
    expect(indexAt(layout, 9.9)).toBe(0)
    expect(indexAt(layout, 10)).toBe(1)
    expect(indexAt(layout, 59)).toBe(2)
    expect(indexAt(layout, 1000)).toBe(2)
    expect(indexAt(layout, -5)).toBe(0)
    expect(indexAt(layoutOf([]), 10)).toBe(0)
  })

  it('counts a row as visible when any of it is in the viewport', () => {
    // 0-28 header, then rows of 56: the viewport 0-480 shows the header and rows 1..9 (the 9th from 476 px).
    expect(visibleRangeOf(contacts, 0, 480)).toEqual({ start: 0, end: 10 })
    expect(visibleRangeOf(contacts, 28, 56)).toEqual({ start: 1, end: 2 })
    expect(visibleRangeOf(contacts, 29, 56)).toEqual({ start: 1, end: 3 })
    expect(visibleRangeOf(layoutOf([]), 0, 480)).toEqual({ start: 0, end: 0 })
    expect(withOverscan({ start: 1, end: 10 }, 101, 6)).toEqual({ start: 0, end: 16 })
    expect(withOverscan({ start: 95, end: 101 }, 101, 6)).toEqual({ start: 89, end: 101 })
    expect(withOverscan({ start: 5, end: 8 }, 101, -1)).toEqual({ start: 5, end: 8 })
  })

  it('scrolls the least that shows a row whole, or aligns it', () => {
    const view = 112
    expect(scrollTopFor(contacts, 1, 'auto', 0, view)).toBe(0)
    expect(scrollTopFor(contacts, 3, 'auto', 0, view)).toBe(28 + 3 * 56 - view)
    expect(scrollTopFor(contacts, 1, 'auto', 100, view)).toBe(28)
    expect(scrollTopFor(contacts, 2, 'start', 0, view)).toBe(84)
    expect(scrollTopFor(contacts, 2, 'end', 0, view)).toBe(140 - view)
    expect(scrollTopFor(contacts, 2, 'center', 0, view)).toBe(84 - (view - 56) / 2)
    expect(scrollTopFor(contacts, 500, 'start', 7, view)).toBe(7)
    expect(clampScroll(contacts, 1e9, view)).toBe(28 + 100 * 56 - view)
    expect(clampScroll(contacts, -3, view)).toBe(0)
    expect(clampScroll(layoutOf(rows([10])), 50, 480)).toBe(0)
  })

  it('keeps the rows in view in place when rows are added or removed above them', () => {
    const before = layoutOf(rows(Array(50).fill(64)))
    const added = layoutOf([{ key: 'new', height: 64 }, ...rows(Array(50).fill(64))])
    expect(anchorShift(before, added, 64 * 10, 480)).toBe(64)
    expect(scrollTopAfterChange(before, added, 64 * 10, 480, true)).toBe(64 * 11)
    // At the very top the list stays at the top, so the new first row shows.
    expect(scrollTopAfterChange(before, added, 0, 480, true)).toBe(0)
    // Without anchoring, only clamping.
    expect(scrollTopAfterChange(before, added, 64 * 10, 480, false)).toBe(64 * 10)
    const removed = layoutOf(rows(Array(50).fill(64)).slice(5))
    expect(scrollTopAfterChange(before, removed, 64 * 10, 480, true)).toBe(64 * 5)
    // Nothing of the old view is left: no anchor; the offset is clamped to the new end.
    const other = layoutOf(rows(Array(3).fill(64), 'x'))
    expect(anchorShift(before, other, 64 * 10, 480)).toBeNull()
    expect(scrollTopAfterChange(before, other, 64 * 10, 480, true)).toBe(0)
  })

  it('does not let a row in view that jumps to the top drag the view along', () => {
    const before = layoutOf(rows(Array(50).fill(64)))
    const items = rows(Array(50).fill(64))
    const [jumper] = items.splice(12, 1)
    const after = layoutOf([jumper, ...items])
    // r10 and r11 moved down one row together; r12 moved on its own.
    expect(anchorShift(before, after, 64 * 10, 480)).toBe(64)
  })

  it('holds its invariants for any heights and offsets', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 200 }),
        fc.nat(30_000),
        fc.integer({ min: 1, max: 2000 }),
        (heights, scroll, viewport) => {
          const layout = layoutOf(rows(heights))
          const top = clampScroll(layout, scroll, viewport)
          const { start, end } = visibleRangeOf(layout, top, viewport)
          expect(start).toBeLessThan(end)
          // The first visible row covers the top edge; every visible row overlaps the viewport.
          expect(layout.offsets[start]).toBeLessThanOrEqual(top)
          expect(layout.offsets[start + 1]).toBeGreaterThan(top)
          for (let i = start; i < end; i++) expect(layout.offsets[i]).toBeLessThan(top + viewport)
          if (end < heights.length) expect(layout.offsets[end]).toBeGreaterThanOrEqual(top + viewport - 0.5)
          // Revealing any row puts it in the visible range.
          const index = scroll % heights.length
          const revealed = clampScroll(layout, scrollTopFor(layout, index, 'auto', top, viewport), viewport)
          const after = visibleRangeOf(layout, revealed, viewport)
          expect(index >= after.start && index < after.end).toBe(true)
        },
      ),
    )
  })
})
