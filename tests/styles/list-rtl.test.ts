// @vitest-environment node
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/** The lists' style sheets, and avatar.css for the dot's corner. */
const FILES = ['base.css', 'list.css', 'contact.css', 'conversation.css', 'avatar.css']

/** Declarations tied to a physical side: they would not mirror in `dir="rtl"`. */
const PHYSICAL = [
  /(^|[\s;{])(left|right)\s*:/,
  /(^|[\s;{])(margin|padding|border)-(left|right)(-\w+)?\s*:/,
  /(^|[\s;{])(top|bottom)\s*:/,
  /(^|[\s;{])inset\s*:/,
  /(^|[\s;{])(margin|padding)\s*:\s*\S+\s+\S+\s+\S+\s+\S+/, // four sides: left and right may differ
  /text-align\s*:\s*(left|right)/,
  /float\s*:\s*(left|right)/,
]

describe('list styles in right-to-left languages', () => {
  it('use logical properties only, so the lists mirror in dir="rtl"', () => {
    const found: string[] = []
    let checked = 0
    for (const file of FILES) {
      checked++
      const css = readFileSync(fileURLToPath(new URL(`../../src/styles/components/${file}`, import.meta.url)), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '')
      css.split('\n').forEach((line, i) => {
        if (PHYSICAL.some((re) => re.test(line))) found.push(`${file}:${i + 1}: ${line.trim()}`)
      })
    }
    expect(found).toEqual([])
    expect(checked).toBe(FILES.length)
  })
})
