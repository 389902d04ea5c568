/**
 * Markdown for the API reference, from `ComponentDoc`s. The pages render it as ordinary markdown, so local search
 * indexes every prop, event and slot.
 */
import type { ComponentDoc } from './meta'

/** A table cell: no line breaks, pipes escaped, no HTML or Vue interpolation outside code spans. */
function cell(text: string): string {
  return text
    .replace(/\r?\n\s*/g, ' ')
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\{\{/g, '&#123;&#123;')))
    .join('')
    .replace(/\|/g, '\\|')
}

/** Inline code that holds any text (a type with backticks uses a longer fence). */
function code(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ')
  const fence = flat.includes('`') ? '``' : '`'
  return `${fence}${flat.replace(/\|/g, '\\|')}${fence}`
}

function defaultCell(value: string | undefined): string {
  if (value === undefined || value === '') return ''
  // "undefined (fills its container)": the code part, then the words.
  const match = /^(\S+?)\s+\((.+)\)$/.exec(value)
  if (match && !match[1].startsWith('`')) return `${code(match[1])} (${cell(match[2])})`
  return value.includes('`') ? cell(value) : code(value)
}

/** Anchor ids of the sections, stable across builds. */
export function apiAnchor(component: string, section: 'props' | 'events' | 'slots'): string {
  return `${component.toLowerCase()}-${section}`
}

/** The props, events and slots tables of one component, under headings of `level`. */
export function renderComponentApi(doc: ComponentDoc, level = 2): string {
  const h = '#'.repeat(level)
  const out: string[] = []
  out.push(`${h} Props {#${apiAnchor(doc.name, 'props')}}`, '')
  if (doc.props.length === 0) out.push('None.', '')
  else {
    out.push('| Prop | Type | Default | Description |', '|---|---|---|---|')
    for (const prop of doc.props) {
      const name = `${code(prop.name)}${prop.required ? ' <Badge type="warning" text="required" />' : ''}${prop.deprecated ? ' <Badge type="danger" text="deprecated" />' : ''}`
      out.push(`| ${name} | ${code(prop.type)} | ${prop.required ? '' : defaultCell(prop.default)} | ${cell(prop.description)} |`)
    }
    out.push('')
  }
  out.push(`${h} Events {#${apiAnchor(doc.name, 'events')}}`, '')
  if (doc.events.length === 0) out.push('None.', '')
  else {
    out.push('| Event | Payload | Description |', '|---|---|---|')
    for (const event of doc.events) out.push(`| ${code(event.name)} | ${code(event.payload)} | ${cell(event.description)} |`)
    out.push('')
  }
  out.push(`${h} Slots {#${apiAnchor(doc.name, 'slots')}}`, '')
  if (doc.slots.length === 0) out.push('None.', '')
  else {
    out.push('| Slot | Scope | Description |', '|---|---|---|')
    for (const slot of doc.slots) out.push(`| ${code(slot.name)} | ${slot.scope ? code(slot.scope) : 'none'} | ${cell(slot.description)} |`)
    out.push('')
  }
  return out.join('\n')
}

/** A whole API page of one component. */
export function renderComponentPage(doc: ComponentDoc): string {
  return [
    `# ${doc.name}`,
    '',
    doc.description ? `${cell(doc.description)}\n` : '',
    `Generated from the component's types and JSDoc in \`${doc.file}\`. Import it from the package entry:`,
    '',
    '```ts',
    `import { ${doc.name} } from 'tui-presence-kit'`,
    '```',
    '',
    renderComponentApi(doc, 2),
  ].join('\n')
}

/** The index of all public components. */
export function renderApiIndex(docs: ComponentDoc[]): string {
  const out = ['| Component | Props | Events | Slots |', '|---|---:|---:|---:|']
  for (const doc of docs) out.push(`| [${doc.name}](/api/${doc.name}) | ${doc.props.length} | ${doc.events.length} | ${doc.slots.length} |`)
  return out.join('\n')
}

const MARKER = /^<!--\s*@api(?:\s+(\w+))?\s*-->\s*$/gm

/**
 * Expands `<!-- @api TUIConversation -->` (that component's tables, as `###` sections) and `<!-- @api -->` (the index) in markdown
 * source. An unknown name is an error, so a renamed component cannot leave a page silently empty.
 */
export function expandApiMarkers(src: string, docs: () => ComponentDoc[]): string {
  if (!src.includes('@api')) return src
  return src.replace(MARKER, (_all, name: string | undefined) => {
    const all = docs()
    if (!name) return renderApiIndex(all)
    const doc = all.find((d) => d.name === name)
    if (!doc) throw new Error(`API reference: no public component named ${name} (known: ${all.map((d) => d.name).join(', ')}).`)
    // Under the page's own "## API" heading.
    return renderComponentApi(doc, 3)
  })
}
