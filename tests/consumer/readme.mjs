/**
 * The README's Usage code, as the consumer test builds it: the code blocks between `<!-- consumer-test:begin -->`
 * and `<!-- consumer-test:end -->` in README.md whose first line names a file (`// src/main.ts`,
 * `<!-- src/App.vue -->`). Editing those blocks changes what `npm run test:consumer` builds.
 */
import { readFileSync } from 'node:fs'

const BEGIN = '<!-- consumer-test:begin -->'
const END = '<!-- consumer-test:end -->'
const PATH_LINE = /^(?:\/\/|<!--)\s*(src\/[\w./-]+\.(?:ts|vue))\s*(?:-->)?\s*$/

/**
 * @param {string} readme the README's text
 * @returns {Array<{ path: string, code: string }>} the files, in README order
 */
export function usageFiles(readme) {
  const begin = readme.indexOf(BEGIN)
  const end = readme.indexOf(END)
  if (begin < 0 || end < begin) throw new Error(`README.md: no ${BEGIN} ... ${END} section around the Usage code.`)
  const section = readme.slice(begin + BEGIN.length, end)
  const files = []
  for (const match of section.matchAll(/```(\w+)\n([\s\S]*?)```/g)) {
    const [first, ...rest] = match[2].split('\n')
    const named = PATH_LINE.exec(first.trim())
    if (named) files.push({ path: named[1], code: rest.join('\n') })
  }
  return files
}

/** @param {string} file path of README.md */
export function readUsageFiles(file) {
  return usageFiles(readFileSync(file, 'utf8'))
}
