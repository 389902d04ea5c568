// @vitest-environment node
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { usageFiles } from '../consumer/readme.mjs'

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')
const pkg = JSON.parse(read('package.json')) as {
  files: string[]
  peerDependencies: Record<string, string>
  engines: { node: string }
  exports: Record<string, { types?: string; import?: string } | string>
  typesVersions: Record<string, Record<string, string[]>>
  scripts: Record<string, string>
}

/**
 * What `npm i tui-presence-kit` gets. The packed tarball itself (LICENSE, minified ESM, .d.ts) is checked by
 * `npm run test:consumer`, which also installs it next to the newest Vue and Pinia.
 */
describe('package.json', () => {
  it('ships the MIT LICENSE with dist', () => {
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'LICENSE']))
    expect(read('LICENSE')).toMatch(/^MIT License\n/)
  })

  it('accepts Pinia 2.2 to 4 and Vue 3.5+', () => {
    expect(pkg.peerDependencies.pinia.split('||').map((range) => range.trim())).toEqual(['^2.2.0', '^3.0.0', '^4.0.0'])
    expect(pkg.peerDependencies.vue).toBe('^3.5.0')
  })

  it('types the /tencent entry for bundler resolution (exports) and node resolution (typesVersions)', () => {
    const tencent = pkg.exports['./tencent'] as { types: string }
    expect(tencent.types).toBe('./dist/tencent.d.ts')
    expect(pkg.typesVersions['*'].tencent).toEqual(['./dist/tencent.d.ts'])
    expect(existsSync(new URL('../../src/tencent.ts', import.meta.url))).toBe(true)
  })

  it('names the Node the README names, and the consumer test script', () => {
    expect(pkg.engines.node).toBe('^20.19.0 || >=22.12.0')
    expect(read('README.md')).toContain('Node 20.19 or later')
    expect(pkg.scripts['test:consumer']).toBe('node tests/consumer/run.mjs')
  })
})

describe('the README Usage code the consumer test builds', () => {
  it('is src/main.ts and src/App.vue, taken from between the markers', () => {
    const files = usageFiles(read('README.md'))
    expect(files.map((file) => file.path)).toEqual(['src/main.ts', 'src/App.vue'])
    expect(files[0].code).toContain("from 'tui-presence-kit'")
    expect(files[1].code).toContain('<template>')
  })

  it('follows edits of the README', () => {
    const readme = "<!-- consumer-test:begin -->\n```ts\n// src/main.ts\nimport { nope } from 'tui-presence-kit'\n```\n```bash\nnpm i\n```\n<!-- consumer-test:end -->\n"
    expect(usageFiles(readme)).toEqual([{ path: 'src/main.ts', code: "import { nope } from 'tui-presence-kit'\n" }])
    expect(() => usageFiles('# no markers')).toThrow(/consumer-test:begin/)
  })
})
