// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { fileURLToPath, URL } from 'node:url'
import { build, type Rolldown } from 'vite'
import vue from '@vitejs/plugin-vue'

const root = fileURLToPath(new URL('../..', import.meta.url))

type Output = Rolldown.RolldownOutput

/** Builds the library as `npm run build` does (same entries, same externals), in memory. */
async function buildLibrary(): Promise<Output> {
  const result = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    plugins: [vue()],
    build: {
      write: false,
      minify: false,
      cssCodeSplit: false,
      lib: { entry: { index: `${root}src/index.ts`, tencent: `${root}src/tencent.ts` }, formats: ['es'] },
      rollupOptions: { external: ['vue', 'pinia', /^@tencentcloud\/chat/] },
    },
  })
  return (Array.isArray(result) ? result[0] : result) as Output
}

describe('the built bundle', () => {
  it('main entry does not load @tencentcloud/chat; nor does /tencent (types only)', async () => {
    const output = await buildLibrary()
    const chunks = output.output.filter((item): item is Rolldown.OutputChunk => item.type === 'chunk')
    const index = chunks.find((chunk) => chunk.isEntry && chunk.name === 'index')
    const tencent = chunks.find((chunk) => chunk.isEntry && chunk.name === 'tencent')
    expect(index, 'index entry').toBeDefined()
    expect(tencent, 'tencent entry').toBeDefined()
    // Everything the main entry loads, transitively.
    const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]))
    const seen = new Set<string>()
    const visit = (chunk: Rolldown.OutputChunk) => {
      if (seen.has(chunk.fileName)) return
      seen.add(chunk.fileName)
      for (const imported of [...chunk.imports, ...chunk.dynamicImports]) {
        expect(imported).not.toMatch(/@tencentcloud\/chat/)
        const next = byName.get(imported)
        if (next) visit(next)
      }
      expect(chunk.code).not.toMatch(/from\s*["']@tencentcloud\/chat["']|import\(\s*["']@tencentcloud\/chat/)
    }
    visit(index!)
    expect(index!.exports).toContain('TUIConversation')
    expect(tencent!.exports).toContain('createTencentEngine')
    expect(tencent!.imports.filter((name) => name.includes('tencentcloud'))).toEqual([])
  }, 60_000)
})
