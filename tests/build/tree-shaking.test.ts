// @vitest-environment node
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, URL } from 'node:url'
import { build, type Rolldown } from 'vite'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'tui-shake-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

type Output = Rolldown.RolldownOutput

/** The library as `npm run build:lib` makes it (vite.config.ts, mode lib: minified), written to a scratch dir. */
async function buildLibrary(): Promise<string> {
  const outDir = join(scratch, 'lib')
  await build({ root, mode: 'lib', logLevel: 'silent', build: { outDir, emptyOutDir: true, sourcemap: false } })
  return join(outDir, 'index.js')
}

/** An app bundle of `code`, importing the built library as `tui-presence-kit`; vue, pinia and the kit's dependency left external. */
async function bundleApp(library: string, code: string): Promise<string> {
  const entry = join(scratch, `app-${Math.random().toString(36).slice(2)}.js`)
  writeFileSync(entry, code)
  const result = (await build({
    configFile: false,
    logLevel: 'silent',
    resolve: { alias: { 'tui-presence-kit': library } },
    build: {
      write: false,
      minify: false,
      lib: { entry, formats: ['es'], fileName: 'app' },
      rollupOptions: { external: ['vue', 'pinia', '@floating-ui/vue'] },
    },
  })) as Output | Output[]
  const output = Array.isArray(result) ? result[0] : result
  return output.output.map((item) => (item.type === 'chunk' ? item.code : '')).join('\n')
}

describe('an app importing part of the minified library', () => {
  it('TUIStatusDot alone bundles no store, no Pinia, no engine; the kit bundles them', async () => {
    const library = await buildLibrary()
    const dot = await bundleApp(library, "import { TUIStatusDot } from 'tui-presence-kit'\nexport const used = TUIStatusDot\n")
    expect(dot).toContain('data-status')
    expect(dot).not.toMatch(/from ['"]pinia['"]/)
    expect(dot).not.toContain('tui-user-status')
    expect(dot).not.toContain('tui-conversation')
    expect(dot).not.toContain('subscribeUserStatus')
    expect(dot).not.toMatch(/from ['"]@floating-ui\/vue['"]/)

    const kit = await bundleApp(library, "import { createTUIKit } from 'tui-presence-kit'\nexport const used = createTUIKit\n")
    expect(kit).toMatch(/from ['"]pinia['"]/)
    expect(kit).toContain('tui-user-status')
  }, 60_000)
})
