// @vitest-environment node
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { extractComponentDocs, repoRoot, type ComponentDoc } from '../../docs/.vitepress/api/meta'
import { expandApiMarkers, renderComponentApi, renderComponentPage } from '../../docs/.vitepress/api/render'

/**
 * The docs site's API reference is generated from the components' types and JSDoc (docs/.vitepress/api). These
 * tests read the real public components, and prove on a scratch component that a JSDoc edit changes the output.
 */
describe('API reference of the public components', () => {
  let docs: ComponentDoc[]
  beforeAll(() => {
    docs = extractComponentDocs()
  }, 120_000)

  it('covers every component exported by src/index.ts, and no props or emits types', () => {
    const names = docs.map((doc) => doc.name)
    expect(names).toEqual(expect.arrayContaining(['TUIConversation', 'TUIContact', 'TUIStatusDot', 'TUIAvatar']))
    expect(names.filter((name) => /Props$|Emits$/.test(name))).toEqual([])
    for (const doc of docs) expect(doc.file, doc.name).toMatch(/^src\/components\/.+\.vue$/)
  })

  it('has a description for every public prop', () => {
    const missing = docs.flatMap((doc) => doc.props.filter((prop) => !prop.description).map((prop) => `${doc.name}.${prop.name}`))
    expect(missing, 'props without JSDoc: describe them where they are declared').toEqual([])
  })

  it('has a description for every event, and for every slot of the TUI components', () => {
    // Row parts (ContactListItem, ConversationListItem) take their line slots from a shared mapped type, whose
    // keys cannot carry JSDoc; their pages show those slots without a description.
    const missing = docs.flatMap((doc) => [
      ...doc.events.filter((event) => !event.description).map((event) => `${doc.name} event ${event.name}`),
      ...(doc.name.startsWith('TUI') ? doc.slots : []).filter((slot) => !slot.description).map((slot) => `${doc.name} slot ${slot.name}`),
    ])
    expect(missing).toEqual([])
  })

  it('reads types, defaults, events with their payload and JSDoc, and slots with their scope', () => {
    const conversation = docs.find((doc) => doc.name === 'TUIConversation')!
    expect(conversation.props.find((prop) => prop.name === 'itemHeight')).toMatchObject({ type: 'number', default: '64', required: false })
    expect(conversation.events).toEqual([
      { name: 'select', payload: '[conversation: Conversation]', description: expect.stringContaining('click, Enter or Space') },
      { name: 'update:selected', payload: '[conversationID: string]', description: expect.stringContaining('v-model:selected') },
    ])
    expect(conversation.slots.find((slot) => slot.name === 'avatar')).toMatchObject({ scope: 'ConversationItemSlotProps' })
    const dot = docs.find((doc) => doc.name === 'TUIStatusDot')!
    expect(dot.props.find((prop) => prop.name === 'name')).toMatchObject({ required: true, type: 'string' })
  })

  it('renders tables a page can hold: pipes escaped, one line per row', () => {
    const markdown = renderComponentApi(docs.find((doc) => doc.name === 'TUIConversation')!)
    expect(markdown).toContain('| `height` | `string \\| number` | `undefined` (fills its container) |')
    for (const line of markdown.split('\n').filter((l) => l.startsWith('| `'))) expect(line.endsWith('|'), line).toBe(true)
    expect(() => expandApiMarkers('<!-- @api NoSuchComponent -->', () => docs)).toThrow(/no public component named NoSuchComponent/)
  })
})

describe('a JSDoc edit changes the generated page', () => {
  // Under node_modules so that `vue` resolves from the scratch project.
  const dir = join(repoRoot, 'node_modules/.cache/docs-api-test', String(process.pid))
  const write = (description: string) => {
    writeFileSync(
      join(dir, 'Sample.vue'),
      `<script setup lang="ts">
export interface SampleProps {
  /**
   * ${description}
   * @defaultValue 3
   */
  count?: number
}
withDefaults(defineProps<SampleProps>(), { count: 3 })
</script>
<template><span>{{ count }}</span></template>
`,
    )
  }
  const page = () => {
    const docs = extractComponentDocs({ tsconfig: join(dir, 'tsconfig.json'), entry: join(dir, 'index.ts') })
    expect(docs.map((doc) => doc.name)).toEqual(['Sample'])
    return renderComponentPage(docs[0])
  }

  beforeAll(() => {
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'index.ts'), "export { default as Sample } from './Sample.vue'\n")
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'ESNext', moduleResolution: 'Bundler', target: 'ES2022', skipLibCheck: true }, include: ['*.ts', '*.vue'] }),
    )
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('shows the new description and not the old one', () => {
    write('How many rows to show before the fold.')
    const before = page()
    expect(before).toContain('| `count` | `number` | `3` | How many rows to show before the fold. |')

    write('Rows rendered above the fold, counted from the top.')
    const after = page()
    expect(after).toContain('| `count` | `number` | `3` | Rows rendered above the fold, counted from the top. |')
    expect(after).not.toContain('How many rows')
  }, 120_000)
})
