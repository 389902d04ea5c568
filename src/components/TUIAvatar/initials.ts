/** Up to two letters for an avatar without a picture: "Alice Smith" -> "AS", "bob" -> "B", "张三" -> "张". */
export function initialsOf(name: string): string {
  const words = name.trim().split(/[\s._-]+/u).filter(Boolean)
  if (words.length === 0) return '?'
  const first = (word: string) => Array.from(word)[0] ?? ''
  const letters = words.length > 1 ? first(words[0]) + first(words[1]) : first(words[0])
  return letters.toLocaleUpperCase()
}

/** Number of avatar colours in the theme (`--tui-color-avatar-0` ... `-7`). */
export const AVATAR_COLORS = 8

/** A colour index that is the same for the same seed (a userID), so an avatar keeps its colour. */
export function colorIndexOf(seed: string): number {
  let hash = 0
  for (let i = 0; i < seed.length; i++) hash = (hash * 31 + seed.charCodeAt(i)) | 0
  return Math.abs(hash) % AVATAR_COLORS
}
