import type { Friend } from '../../engine/types'
import { countAtOrBelow } from '../../composables/utils/virtual'
import { nameCollator } from '../../i18n/format'

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
  /** The group's friend rows, sorted; `haystack`: the searchable text, made on the first search (not at mount). */
  members: Array<ContactFriendRow & { haystack?: string }>
}

/** Contact rows, and for each row the index of its group's header (what the sticky header shows). */
export interface ContactRows {
  rows: ContactRow[]
  /** Indexes of the header rows, ascending. */
  headers: number[]
}

function haystackOf(friend: Friend): string {
  return `${friend.remark}\u0000${friend.profile?.nick ?? ''}\u0000${friend.userID}`.toLocaleLowerCase()
}

const OTHER = '#'

/**
 * Groups friends by their first friend group (`groupList[0]`), else by the first letter of their name
 * ("#" for names that do not start with a letter). Friend groups come first, then letters A-Z, then "#";
 * members are sorted by name with the locale's collation. Each friend gets its row object here, once.
 */
export function groupFriends(friends: readonly Friend[], locale?: string): ContactGroup[] {
  const collator = nameCollator(locale)
  const groups = new Map<string, ContactGroup>()
  // The group of each distinct first character, worked out once (not once per friend), looked up by the name's
  // first UTF-16 unit, with no string made per friend.
  const byUnit = new Map<number, ContactGroup | null>()
  const letterGroup = (first: string): ContactGroup => {
    const label = /\p{L}/u.test(first) ? first.toLocaleUpperCase(locale) : OTHER
    const key = `letter:${label}`
    let group = groups.get(key)
    if (!group) groups.set(key, (group = { key, label, members: [] }))
    return group
  }
  for (const friend of friends) {
    const name = friendName(friend)
    const named = friend.groupList?.[0]
    let group: ContactGroup | undefined
    if (named) {
      const key = `group:${named}`
      group = groups.get(key)
      if (!group) groups.set(key, (group = { key, label: named, members: [] }))
    } else {
      const unit = name.charCodeAt(0)
      // null: a unit that says nothing alone (a space, half of a surrogate pair); the name is then read in full.
      let cached = byUnit.get(unit)
      if (cached === undefined) {
        const alone = String.fromCharCode(unit)
        cached = unit >= 0xd800 && unit <= 0xdfff ? null : alone.trim() === '' ? null : letterGroup(alone)
        byUnit.set(unit, cached)
      }
      if (cached) group = cached
      else {
        const code = name.trimStart().codePointAt(0)
        group = letterGroup(code === undefined ? '' : String.fromCodePoint(code))
      }
    }
    group.members.push({ kind: 'friend', key: friend.userID, friend, name })
  }
  const rank = (g: ContactGroup) => (g.key.startsWith('group:') ? 0 : g.label === OTHER ? 2 : 1)
  const sorted = [...groups.values()].sort((a, b) => rank(a) - rank(b) || collator.compare(a.label, b.label))
  for (const group of sorted) group.members.sort((a, b) => collator.compare(a.name, b.name) || (a.key < b.key ? -1 : 1))
  return sorted
}

const grouped = new WeakMap<readonly Friend[], Map<string, ContactGroup[]>>()

/**
 * {@link groupFriends}, remembered per friend list (the store's array, replaced on every change) and locale:
 * every contact list of the page, and a list mounted again, share one grouping.
 */
export function contactGroupsOf(friends: readonly Friend[], locale?: string): ContactGroup[] {
  let byLocale = grouped.get(friends)
  if (!byLocale) grouped.set(friends, (byLocale = new Map()))
  const key = locale ?? ''
  let groups = byLocale.get(key)
  if (!groups) byLocale.set(key, (groups = groupFriends(friends, locale)))
  return groups
}

/** The browser's task scheduler (`scheduler.postTask`), where there is one. */
interface TaskScheduler {
  postTask(task: () => void): Promise<void>
}

/**
 * Groups and sorts a friend list in a task of its own, queued when the list arrives (not inside the task that
 * delivered it), so that a contact list shown later renders at once rather than sorting in its first render
 * (10 to 15 ms for 10,000 friends here). `scheduler.postTask` where there is one, else `setTimeout`.
 */
export function prepareContactGroups(friends: readonly Friend[], locale?: string): void {
  if (friends.length === 0) return
  const prepare = () => {
    contactRows(contactGroupsOf(friends, locale), '')
  }
  const scheduler = (globalThis as { scheduler?: TaskScheduler }).scheduler
  if (typeof scheduler?.postTask === 'function') void scheduler.postTask(prepare).catch(() => undefined)
  else setTimeout(prepare, 0)
}

const allRows = new WeakMap<readonly ContactGroup[], ContactRows>()

/**
 * Flattens groups into rows (a header, then its friends), keeping only friends whose remark, nick or userID
 * contains `query` (case-insensitive). Empty groups are left out. Without a query, the rows are the groups' own
 * row objects (nothing is copied per friend).
 */
export function contactRows(groups: readonly ContactGroup[], query: string): ContactRows {
  const needle = query.trim().toLocaleLowerCase()
  // Without a query the rows depend on the groups alone: made once per grouping (a remount reuses them).
  if (!needle) {
    let rows = allRows.get(groups)
    if (!rows) allRows.set(groups, (rows = flatten(groups, '')))
    return rows
  }
  return flatten(groups, needle)
}

function flatten(groups: readonly ContactGroup[], needle: string): ContactRows {
  const rows: ContactRow[] = []
  const headers: number[] = []
  for (const group of groups) {
    const members = needle ? group.members.filter((m) => (m.haystack ??= haystackOf(m.friend)).includes(needle)) : group.members
    if (members.length === 0) continue
    headers.push(rows.length)
    rows.push({ kind: 'header', key: group.key, label: group.label, count: members.length })
    for (const member of members) rows.push(member)
  }
  return { rows, headers }
}

/** The index of the header of the group row `index` belongs to (binary search over `headers`); -1 for none. */
export function headerOf(headers: readonly number[], index: number): number {
  const count = countAtOrBelow(headers, index)
  return count > 0 ? headers[count - 1] : -1
}
