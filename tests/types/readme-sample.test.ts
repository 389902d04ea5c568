// @vitest-environment node
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')

/**
 * The README's "Using Tencent Chat" sample is compiled by vue-tsc through tests/types/readme-tencent.ts.
 * This test keeps the two in step: every statement of the README sample must appear in the compiled fixture
 * (import paths mapped to the sources), so an edit to one without the other fails.
 */
describe('README Tencent sample', () => {
  it('is the code that the type-check fixture compiles', () => {
    const readme = read('README.md')
    const section = readme.slice(readme.indexOf('## Using Tencent Chat'))
    const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1]
    expect(block, 'a ts code block in the section').toBeTruthy()
    const fixture = read('tests/types/readme-tencent.ts')
      .replaceAll("from '../../src/tencent'", "from 'tui-presence-kit/tencent'")
      .replaceAll("from '../../src'", "from 'tui-presence-kit'")
    const fixtureLines = new Set(fixture.split('\n').map((line) => line.replace(/\s*\/\/.*$/, '').trim()))
    const statements = block!
      .split('\n')
      .map((line) => line.replace(/\s*\/\/.*$/, '').trim())
      .filter((line) => line && !line.startsWith('import App') && !line.startsWith("import 'tui-presence-kit/style.css'"))
    expect(statements.length).toBeGreaterThan(8)
    const missing = statements.filter((line) => !fixtureLines.has(line))
    expect(missing).toEqual([])
  })
})
