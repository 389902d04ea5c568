/**
 * The API reference, read from the components' own types with vue-component-meta: props, events and slots with
 * their JSDoc. Nothing here is written by hand; a JSDoc edit in a component changes the generated page.
 *
 * Public components are the exports of `src/index.ts` whose declaration is a `.vue` file, so a component added to
 * the public entry appears here without any change to the docs.
 */
import { existsSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { createChecker, type ComponentMeta, type PropertyMeta } from 'vue-component-meta'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

export interface PropDoc {
  name: string
  type: string
  required: boolean
  default: string | undefined
  description: string
  deprecated: boolean
}

export interface EventDoc {
  name: string
  payload: string
  description: string
}

export interface SlotDoc {
  name: string
  scope: string
  description: string
}

export interface ComponentDoc {
  /** The exported name, e.g. `TUIConversation`. */
  name: string
  /** The source file, relative to the repository root. */
  file: string
  description: string
  props: PropDoc[]
  events: EventDoc[]
  slots: SlotDoc[]
}

export interface ExtractOptions {
  /** The tsconfig whose files are read. @default tsconfig.build.json of the repository */
  tsconfig?: string
  /** The module whose exports are documented. @default src/index.ts of the repository */
  entry?: string
}

function tagText(prop: PropertyMeta, name: string): string | undefined {
  const tag = prop.tags.find((t) => t.name === name)
  return tag ? (tag.text ?? '').trim() : undefined
}

/** `string | undefined` reads as `string` in a table whose Required column says the rest. */
function cleanType(type: string, required: boolean): string {
  const parts = type.split(' | ')
  return (required ? parts : parts.filter((part) => part !== 'undefined')).join(' | ') || type
}

/** The JSDoc of `XEmits` members, for events: the emit call signatures vue-component-meta reads carry none. */
function emitsDocs(program: ts.Program | undefined, file: string): Map<string, string> {
  const docs = new Map<string, string>()
  const sourceFile = program?.getSourceFile(file)
  if (!program || !sourceFile) return docs
  const checker = program.getTypeChecker()
  const moduleSymbol = checker.getSymbolAtLocation(sourceFile)
  if (!moduleSymbol) return docs
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    if (!symbol.getName().endsWith('Emits')) continue
    const type = checker.getDeclaredTypeOfSymbol(symbol)
    for (const member of type.getProperties()) {
      const text = ts.displayPartsToString(member.getDocumentationComment(checker)).trim()
      if (text) docs.set(member.getName(), text)
    }
  }
  return docs
}

/** `[conversation: Conversation]` from the event's signature; `[]` when it has no payload. */
function payloadOf(event: ComponentMeta['events'][number]): string {
  const type = event.type?.trim()
  if (type && type.startsWith('[')) return type
  const match = /^\(event: [^,)]+(?:, )?(.*)\): void$/.exec(event.signature ?? '')
  return match ? `[${match[1]}]` : type || '[]'
}

function toDoc(name: string, file: string, meta: ComponentMeta, program: ts.Program | undefined): ComponentDoc {
  const eventDocs = emitsDocs(program, file)
  return {
    name,
    file: relative(repoRoot, file),
    description: meta.description ?? '',
    props: meta.props
      .filter((prop) => !prop.global)
      .map((prop) => ({
        name: prop.name,
        type: cleanType(prop.type, prop.required),
        required: prop.required,
        default: prop.required ? undefined : (tagText(prop, 'defaultValue') ?? tagText(prop, 'default') ?? prop.default),
        description: prop.description.trim(),
        deprecated: prop.tags.some((t) => t.name === 'deprecated'),
      })),
    events: meta.events.map((event) => ({
      name: event.name,
      payload: payloadOf(event),
      description: (event.description || eventDocs.get(event.name) || '').trim(),
    })),
    slots: meta.slots.map((slot) => ({
      name: slot.name,
      scope: slot.type === 'any' || slot.type === '{}' ? '' : slot.type,
      description: slot.description.trim(),
    })),
  }
}

/** The `.vue` file an export of `entry` is declared in, following re-exports; undefined for anything else. */
function vueFileOf(checker: ts.TypeChecker, symbol: ts.Symbol): string | undefined {
  let target = symbol
  if (target.flags & ts.SymbolFlags.Alias) target = checker.getAliasedSymbol(target)
  // Props and emits interfaces live in the same .vue files: only values (the components) are documented.
  if (!(target.flags & ts.SymbolFlags.Value)) return undefined
  for (const declaration of target.declarations ?? []) {
    const fileName = declaration.getSourceFile().fileName
    if (fileName.endsWith('.vue')) return fileName
  }
  return undefined
}

/** Reads every public component of the entry. Takes a few seconds (a TypeScript program over `src/`). */
export function extractComponentDocs(options: ExtractOptions = {}): ComponentDoc[] {
  const tsconfig = options.tsconfig ?? join(repoRoot, 'tsconfig.build.json')
  const entry = (options.entry ?? join(repoRoot, 'src/index.ts')).replace(/\\/g, '/')
  const checker = createChecker(tsconfig, { forceUseTs: true, printer: { newLine: ts.NewLineKind.LineFeed } })
  // getExportNames builds the program; getProgram then returns it.
  checker.getExportNames(entry)
  const program = checker.getProgram()
  const sourceFile = program?.getSourceFile(entry)
  if (!program || !sourceFile) throw new Error(`API reference: cannot read ${entry} with ${tsconfig}.`)
  const typeChecker = program.getTypeChecker()
  const moduleSymbol = typeChecker.getSymbolAtLocation(sourceFile)
  if (!moduleSymbol) throw new Error(`API reference: ${entry} is not a module.`)
  const docs: ComponentDoc[] = []
  for (const symbol of typeChecker.getExportsOfModule(moduleSymbol)) {
    if (!(symbol.flags & (ts.SymbolFlags.Value | ts.SymbolFlags.Alias))) continue
    const file = vueFileOf(typeChecker, symbol)
    if (!file || !existsSync(file)) continue
    docs.push(toDoc(symbol.getName(), file, checker.getComponentMeta(file), program))
  }
  return docs.sort((a, b) => a.name.localeCompare(b.name))
}

interface Cache {
  key: string
  docs: ComponentDoc[]
}

/** Where the site's config, pages and markdown hook share one extraction (they are bundled separately). */
const CACHE = Symbol.for('tui-presence-kit.docs.api')

function sourceKey(): string {
  // Cheap freshness key for `docs:dev`: the newest mtime under src/.
  let newest = 0
  const walk = (dir: string) => {
    for (const name of ts.sys.readDirectory(dir, ['.ts', '.vue'], undefined, undefined)) {
      newest = Math.max(newest, statSync(name).mtimeMs)
    }
  }
  walk(join(repoRoot, 'src'))
  return String(newest)
}

/** The public components' docs, extracted once per change of `src/`. */
export function componentDocs(): ComponentDoc[] {
  const store = globalThis as unknown as Record<symbol, Cache | undefined>
  const key = sourceKey()
  const cached = store[CACHE]
  if (cached && cached.key === key) return cached.docs
  const docs = extractComponentDocs()
  store[CACHE] = { key, docs }
  return docs
}
