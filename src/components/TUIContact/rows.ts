import type { Friend } from '../../engine/types'

/** A group header row ("Team", "A"). */
export interface ContactHeaderRow {
  kind: 'header'
  /** `group:Team` / `letter:A`: cannot collide with a userID (letters, digits, `_`, `-`). */
  key: string
  label: string
  /** Friends under this header (after filtering). */
  count: number
}

/** A friend row. */
export interface ContactFriendRow {
  kind: 'friend'
  /** The friend's userID. */
  key: string
  friend: Friend
  /** Remark, else nick, else userID. */
  name: string
}

export type ContactRow = ContactHeaderRow | ContactFriendRow

/** What a contact is called: the remark the user gave, else the nick, else the userID. */
export function friendName(friend: Friend): string {
  return friend.remark || friend.profile?.nick || friend.userID
}

/** One group of friends, its members sorted. */
export interface ContactGroup {
  key: string
  label: string
  /** `haystack`: the searchable text, made on the first search (not at mount). */
  members: Array<{ friend: Friend; name: string; haystack?: string }>
}

function haystackOf(friend: Friend): string {
  return `${friend.remark}\u0000${friend.profile?.nick ?? ''}\u0000${friend.userID}`.toLocaleLowerCase()
}

const OTHER = '#'

/**
 * Groups friends by their first friend group (`groupList[0]`), else by the first letter of their name
 * ("#" for names that do not start with a letter). Friend groups come first, then letters A-Z, then "#";
 * members are sorted by name with the locale's collation.
 */
export function groupFriends(friends: readonly Friend[], locale?: string): ContactGroup[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true })
  const groups = new Map<string, ContactGroup>()
  // The letter of each distinct first character, worked out once (not once per friend).
  const letters = new Map<string, string>()
  for (const friend of friends) {
    const name = friendName(friend)
    const named = friend.groupList?.[0]
    let key: string
    let label: string
    if (named) {
      key = `group:${named}`
      label = named
    } else {
      const start = name.trimStart()
      const code = start.codePointAt(0)
      const first = code === undefined ? '' : String.fromCodePoint(code)
      let letter = letters.get(first)
      if (letter === undefined) {
        letter = /\p{L}/u.test(first) ? first.toLocaleUpperCase(locale) : OTHER
        letters.set(first, letter)
      }
      label = letter
      key = `letter:${label}`
    }
    let group = groups.get(key)
    if (!group) {
      group = { key, label, members: [] }
      groups.set(key, group)
    }
    group.members.push({ friend, name })
  }
  const rank = (g: ContactGroup) => (g.key.startsWith('group:') ? 0 : g.label === OTHER ? 2 : 1)
  const sorted = [...groups.values()].sort((a, b) => rank(a) - rank(b) || collator.compare(a.label, b.label))
  for (const group of sorted) group.members.sort((a, b) => collator.compare(a.name, b.name) || (a.friend.userID < b.friend.userID ? -1 : 1))
  return sorted
}

/**
 * Flattens groups into rows (a header, then its friends), keeping only friends whose remark, nick or userID
 * contains `query` (case-insensitive). Empty groups are left out.
 */
export function contactRows(groups: readonly ContactGroup[], query: string): ContactRow[] {
  const needle = query.trim().toLocaleLowerCase()
  const rows: ContactRow[] = []
  for (const group of groups) {
    const members = needle ? group.members.filter((m) => (m.haystack ??= haystackOf(m.friend)).includes(needle)) : group.members
    if (members.length === 0) continue
    rows.push({ kind: 'header', key: group.key, label: group.label, count: members.length })
    for (const member of members) {
      rows.push({ kind: 'friend', key: member.friend.userID, friend: member.friend, name: member.name })
    }
  }
  return rows
}
