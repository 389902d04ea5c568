import { describe, expect, it } from 'vitest'
import { contactGroupsOf, contactRows, groupFriends, headerOf } from '../../src/components/TUIContact/rows'
import type { Friend } from '../../src/engine/types'

const friend = (userID: string, nick: string, groupList: string[] = []): Friend => ({ userID, remark: '', profile: { userID, nick, avatar: '' }, groupList })
const summary = (friends: Friend[], locale?: string) => groupFriends(friends, locale).map((g) => `${g.label}: ${g.members.map((m) => m.name.trim()).join(', ')}`)

describe('contact rows', () => {
  it('groups by the first letter of the name, upper-cased, skipping leading spaces of every kind', () => {
    const friends = [
      friend('a1', 'bob'),
      friend('a2', ' Bea'),
      friend('a3', '\u3000Cyd'),
      friend('a4', '\u2003Bo'),
      friend('a5', '\u2003Ann'),
      friend('a6', '\u00a0ann 2'),
      friend('a7', 'ann 10'),
    ]
    expect(summary(friends)).toEqual(['A: Ann, ann 2, ann 10', 'B: Bea, Bo, bob', 'C: Cyd'])
  })

  it('puts names that start with a digit, a symbol or an emoji under "#", and keeps whole letters outside the BMP', () => {
    const friends = [friend('b1', '7eleven'), friend('b2', '😀 Smile'), friend('b3', '𝒜lpha'), friend('b4', '😺 Cat'), friend('b5', '𝒜mber')]
    const groups = groupFriends(friends)
    expect(groups.map((g) => g.label)).toEqual(['𝒜', '#'])
    expect(groups[0].members.map((m) => m.key)).toEqual(['b3', 'b5'])
    expect(groups[1].members.map((m) => m.key).sort()).toEqual(['b1', 'b2', 'b4'])
  })

  it('puts friend groups first, and finds the header of any row', () => {
    const friends = [friend('c1', 'Zed', ['Team']), friend('c2', 'Ann'), friend('c3', 'Amy', ['Team']), friend('c4', 'Bob')]
    const { rows, headers } = contactRows(groupFriends(friends), '')
    expect(rows.map((r) => r.key)).toEqual(['group:Team', 'c3', 'c1', 'letter:A', 'c2', 'letter:B', 'c4'])
    expect(headers).toEqual([0, 3, 5])
    expect(rows.map((_, i) => headerOf(headers, i))).toEqual([0, 0, 0, 3, 3, 5, 5])
    expect(headerOf([], 4)).toBe(-1)
  })

  it('groups one friend list once per locale', () => {
    const friends = [friend('d1', 'Ann')]
    expect(contactGroupsOf(friends, 'en')).toBe(contactGroupsOf(friends, 'en'))
    expect(contactGroupsOf(friends, 'de')).not.toBe(contactGroupsOf(friends, 'en'))
    expect(contactGroupsOf([...friends], 'en')).not.toBe(contactGroupsOf(friends, 'en'))
  })
})
