// @vitest-environment node
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const docs = join(root, 'docs')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return ['dist', 'cache', 'node_modules', 'public'].includes(name) ? [] : files(path)
    return /\.(md|vue|ts|mts|js|mjs)$/.test(name) ? [path] : []
  })
}

/** Every `from '…'` / `import '…'` / `import('…')` specifier, in code and in markdown code blocks alike. */
function specifiers(text: string): string[] {
  const found: string[] = []
  for (const match of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)(['"])([^'"\n]+)\1/g)) found.push(match[2])
  return found
}

/** What a reader may copy: the package entry and its published subpaths, Vue, Pinia, the SDK. */
const PUBLIC = new Set(['tui-presence-kit', 'tui-presence-kit/tencent', 'tui-presence-kit/style.css', 'vue', 'vue/server-renderer', 'pinia', '@tencentcloud/chat'])
/** The site's own machinery (docs/.vitepress) may also use these. */
const SITE = new Set(['vitepress', 'vitepress/theme', 'typescript', 'vue-component-meta'])
/** The migration page shows the official kit's code as the "before" side. */
const OFFICIAL = new Set(['@tencentcloud/tui-core', '@tencentcloud/chat-uikit-engine', '@tencentcloud/chat-uikit-vue'])

describe('the docs use the public package entry only', () => {
  it('imports nothing from src/ or from unpublished subpaths', () => {
    const bad: string[] = []
    for (const file of files(docs)) {
      const where = relative(root, file)
      const machinery = where.startsWith('docs/.vitepress/') || where.startsWith('docs/api/')
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.') || spec.startsWith('@/')) {
          // Relative imports stay inside docs/ (examples, theme, the API generator).
          const target = resolve(file, '..', spec)
          if (!target.startsWith(docs)) bad.push(`${where}: ${spec}`)
          continue
        }
        if (spec.startsWith('node:') && machinery) continue
        if (PUBLIC.has(spec) || (machinery && SITE.has(spec))) continue
        if (where === 'docs/migration.md' && OFFICIAL.has(spec)) continue
        bad.push(`${where}: ${spec}`)
      }
    }
    expect(bad).toEqual([])
  })

  it('resolves the package name to the source entry in the site config', () => {
    const config = readFileSync(join(docs, '.vitepress/config.ts'), 'utf8')
    expect(config).toContain("{ find: /^tui-presence-kit$/, replacement: repo('src/index.ts') }")
  })
})
