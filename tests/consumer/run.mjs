#!/usr/bin/env node
/**
 * `npm run test:consumer`: the kit as a new user gets it.
 *
 * 1. `npm run build:lib`, then `npm pack`; the tarball must hold LICENSE, README, minified ESM and the .d.ts.
 * 2. A scratch Vite + Vue + TypeScript app from tests/consumer/template/, with README.md's Usage code blocks (between
 *    `<!-- consumer-test:begin -->` and `<!-- consumer-test:end -->`) as its src/main.ts and src/App.vue.
 * 3. `npm install` of the tarball next to the newest `vue` and `pinia` the registry serves (the build tools at the
 *    versions this repository uses, so the npm cache serves them).
 * 4. `vue-tsc --noEmit` (bundler resolution, strict templates, global components typed), `tsc` with
 *    `"moduleResolution": "node"` (both entries typed), `vite build`.
 * 5. Chromium opens the built app (tests/consumer/browser.mjs, under `flock /tmp/e2e.lock`): both lists render
 *    rows with dots showing a status, no console noise. Without Chromium this step prints one line and is not run,
 *    unless TUI_REQUIRE_SERVICES=1 (set by .ci/run).
 * 6. Steps 4 and 5 again with the newest Pinia of each older major the kit's peer range names (2.x, 3.x).
 *
 * `--sizes` (`npm run bench:size`) also builds three more apps (dot only, one list, Vue alone) and writes the
 * gzip sizes into BENCHMARKS.md. `--keep` keeps the scratch app and prints where it is.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { CHROMIUM_PATH } from '../../tools/launch.mjs'
import { readUsageFiles } from './readme.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const HERE = path.join(ROOT, 'tests', 'consumer')
const args = new Set(process.argv.slice(2))
const SIZES = args.has('--sizes')
const KEEP = args.has('--keep')
const REQUIRE_SERVICES = process.env.TUI_REQUIRE_SERVICES === '1'
const started = Date.now()
const log = (message) => process.stdout.write(`[consumer ${String(Math.round((Date.now() - started) / 1000)).padStart(3)}s] ${message}\n`)

class Failure extends Error {}

/** Runs a command; throws a Failure with its output when it fails. */
function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    stdio: options.inherit ? 'inherit' : 'pipe',
    env: { ...process.env, ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  })
  if (result.error) throw new Failure(`${command} ${commandArgs.join(' ')}: ${result.error.message}`)
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim()
    throw new Failure(`${command} ${commandArgs.join(' ')} failed (exit ${result.status})${output ? `:\n${output}` : ''}`)
  }
  return result.stdout ?? ''
}

const npm = (npmArgs, options) => run('npm', npmArgs, options)
const installedVersion = (dir, name) => JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')).version
const devVersion = (name) => installedVersion(ROOT, name)

function checkTarball(files) {
  const paths = new Set(files.map((file) => file.path))
  const missing = ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/kit.d.ts', 'dist/tencent.js', 'dist/tencent.d.ts', 'dist/style.css'].filter((p) => !paths.has(p))
  if (missing.length) throw new Failure(`npm pack: the tarball lacks ${missing.join(', ')}.`)
  const stray = [...paths].filter((p) => !/^(dist\/|LICENSE$|README\.md$|package\.json$)/.test(p))
  if (stray.length) throw new Failure(`npm pack: unexpected files in the tarball: ${stray.join(', ')}.`)
  for (const file of ['dist/index.js', 'dist/tencent.js']) {
    const code = readFileSync(path.join(ROOT, file), 'utf8')
    const lines = code.split('\n').filter((line) => line && !line.startsWith('//# sourceMappingURL'))
    if (lines.length > 5) throw new Failure(`npm pack: ${file} is not minified (${lines.length} lines).`)
  }
  if (!readFileSync(path.join(ROOT, 'dist/index.js'), 'utf8').includes('/* @__PURE__ */')) {
    throw new Failure('npm pack: dist/index.js lost its /* @__PURE__ */ annotations; apps could not tree-shake it.')
  }
}

/** The README's App.vue must show both ways to use a component: one imported by name, one global. */
function checkReadmeShowsBothRegistrations(files) {
  const app = files.find((file) => file.path === 'src/App.vue')
  if (!app) return
  const imported = /import\s*\{([^}]*)\}\s*from\s*'tui-presence-kit'/.exec(app.code)?.[1] ?? ''
  const names = ['TUIConversation', 'TUIContact', 'TUIStatusDot', 'TUIAvatar']
  const used = names.filter((name) => new RegExp(`<${name}[\\s/>]`).test(app.code))
  const byName = used.filter((name) => new RegExp(`\\b${name}\\b`).test(imported))
  const global = used.filter((name) => !byName.includes(name))
  if (byName.length === 0 || global.length === 0) {
    throw new Failure(`README src/App.vue should use one component imported by name and one registered globally (by name: ${byName.join(', ') || 'none'}; global: ${global.join(', ') || 'none'}).`)
  }
  return { byName, global }
}

function gzipSizes(dir) {
  const assets = path.join(dir, 'assets')
  let js = 0
  let css = 0
  let rawJs = 0
  for (const name of readdirSync(assets)) {
    const body = readFileSync(path.join(assets, name))
    if (name.endsWith('.js')) {
      js += gzipSync(body, { level: 9 }).length
      rawJs += body.length
    } else if (name.endsWith('.css')) css += gzipSync(body, { level: 9 }).length
  }
  return { js, css, rawJs }
}

function writeSizes(sizes, versions) {
  const kb = (bytes) => (bytes / 1024).toFixed(1)
  const rows = sizes.map((s) => `| ${s.name} | ${s.what} | ${kb(s.js)} | ${kb(s.js - sizes[0].js)} | ${s.css ? kb(s.css) : '-'} |`)
  const section = `<!-- bench:size -->
## Bundle sizes

What an app ships, measured on production builds of small consumer apps (\`vite build\`, Vite ${versions.vite}) that
install the packed kit next to Vue ${versions.vue} and Pinia ${versions.pinia}. gzip -9 of all JS chunks; the kit's CSS
(\`tui-presence-kit/style.css\`, one sheet for every component) is counted apart. "Kit" is the JS beyond the Vue-only
app (Pinia included where the app uses it). Sources: \`tests/consumer/sizes/\` and the README's Usage code.

Reading: the dot alone pulls no store, no Pinia and no engine. One list costs about as much as the full kit: the
kit instance (engine, presence services, stores, Pinia) is most of it, and \`createTUIKit\` references all four
components for global registration (\`components: false\` is a run-time switch, so a bundler keeps them).

Command: \`npm run bench:size\` (\`node tests/consumer/run.mjs --sizes\`). Measured ${new Date().toISOString().slice(0, 10)}.

| app | what it imports | JS gzip (kB) | kit, JS gzip (kB) | CSS gzip (kB) |
| :-- | :-- | --: | --: | --: |
${rows.join('\n')}
<!-- /bench:size -->`
  const file = path.join(ROOT, 'BENCHMARKS.md')
  const text = readFileSync(file, 'utf8')
  const begin = text.indexOf('<!-- bench:size -->')
  const end = text.indexOf('<!-- /bench:size -->')
  const next = begin >= 0 && end > begin ? `${text.slice(0, begin)}${section}${text.slice(end + '<!-- /bench:size -->'.length)}` : `${text.trimEnd()}\n\n${section}\n`
  writeFileSync(file, next)
  log('wrote the bundle sizes into BENCHMARKS.md')
}

/** 4 and 5: type checks and the build of the scratch app, then the built app in Chromium (or one line saying why not). */
function checkApp(app) {
  log('vue-tsc --noEmit (bundler resolution, strict templates)')
  run(path.join(app, 'node_modules/.bin/vue-tsc'), ['--noEmit', '-p', 'tsconfig.json'], { cwd: app })
  log('tsc --noEmit ("moduleResolution": "node": tui-presence-kit and tui-presence-kit/tencent)')
  run(path.join(app, 'node_modules/.bin/tsc'), ['--noEmit', '-p', 'tsconfig.node.json'], { cwd: app })
  log('vite build')
  run(path.join(app, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: app })
  if (!existsSync(CHROMIUM_PATH)) {
    const line = `Not run: the consumer app in Chromium (needs ${CHROMIUM_PATH}: apt-get install -y chromium, or set CHROMIUM_PATH).`
    if (REQUIRE_SERVICES) throw new Failure(`TUI_REQUIRE_SERVICES=1 but Chromium is missing. ${line}`)
    log(line)
    return
  }
  log('Chromium opens the built app (flock /tmp/e2e.lock)')
  const browserArgs = [path.join(HERE, 'browser.mjs'), path.join(app, 'dist')]
  const hasFlock = spawnSync('flock', ['--version'], { stdio: 'ignore' }).status === 0
  const out = hasFlock ? run('flock', ['/tmp/e2e.lock', process.execPath, ...browserArgs]) : run(process.execPath, browserArgs)
  log(out.trim())
}

/** The newest version of `name` within major `major` that the registry serves. */
function newestOf(name, major) {
  const listed = JSON.parse(npm(['view', `${name}@^${major}`, 'version', '--json']))
  // The registry lists them in publication order, not by version; prereleases are left out.
  const parts = (version) => version.split('.').map(Number)
  const byVersion = (a, b) => parts(a).reduce((order, part, i) => order || part - parts(b)[i], 0)
  return [listed].flat().filter((version) => !version.includes('-')).sort(byVersion).at(-1)
}

async function main() {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tui-consumer-'))
  const app = path.join(scratch, 'app')
  try {
    // 1. Build and pack.
    log('npm run build:lib')
    npm(['run', 'build:lib', '--silent'])
    const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', scratch]))[0]
    checkTarball(packed.files)
    log(`npm pack: ${packed.filename}, ${packed.files.length} files, ${(packed.size / 1024).toFixed(1)} kB (LICENSE, minified ESM, .d.ts: ok)`)

    // 2. The scratch app: the template plus the README's Usage code.
    cpSync(path.join(HERE, 'template'), app, { recursive: true })
    const files = readUsageFiles(path.join(ROOT, 'README.md'))
    for (const required of ['src/main.ts', 'src/App.vue']) {
      if (!files.some((file) => file.path === required)) throw new Failure(`README.md: the Usage section has no code block starting with a "${required}" line.`)
    }
    for (const file of files) {
      mkdirSync(path.dirname(path.join(app, file.path)), { recursive: true })
      writeFileSync(path.join(app, file.path), file.code)
    }
    const registrations = checkReadmeShowsBothRegistrations(files)
    log(`README Usage: ${files.map((file) => file.path).join(', ')}; imported by name: ${registrations.byName.join(', ')}; global: ${registrations.global.join(', ')}`)

    // 3. Install next to the newest vue and pinia.
    const latest = { vue: npm(['view', 'vue', 'version']).trim(), pinia: npm(['view', 'pinia', 'version']).trim() }
    const tools = Object.fromEntries(['vite', '@vitejs/plugin-vue', 'typescript', 'vue-tsc'].map((name) => [name, devVersion(name)]))
    cpSync(path.join(scratch, packed.filename), path.join(app, packed.filename))
    writeFileSync(
      path.join(app, 'package.json'),
      `${JSON.stringify({ name: 'consumer-app', private: true, type: 'module', dependencies: { 'tui-presence-kit': `file:./${packed.filename}`, ...latest }, devDependencies: tools }, null, 2)}\n`,
    )
    log(`npm install: vue ${latest.vue}, pinia ${latest.pinia}, ${Object.entries(tools).map(([n, v]) => `${n} ${v}`).join(', ')}`)
    npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: app })
    for (const name of ['vue', 'pinia']) {
      if (installedVersion(app, name) !== latest[name]) throw new Failure(`${name}: installed ${installedVersion(app, name)}, the registry's newest is ${latest[name]}.`)
    }

    checkApp(app)

    // Sizes.
    if (SIZES) {
      const variants = [
        { name: 'Vue alone', what: '`createApp`, `h` (baseline)', entry: 'vue-only.ts' },
        { name: 'dot only', what: '`TUIStatusDot`, `TYPES`', entry: 'dot.ts' },
        { name: 'one list', what: '`createTUIKit` (`components: false`), `createLocalEngine`, `TUIConversation`', entry: 'list.ts' },
      ]
      const sizes = []
      for (const variant of variants) {
        const dir = path.join(app, 'sizes', path.basename(variant.entry, '.ts'))
        mkdirSync(dir, { recursive: true })
        cpSync(path.join(HERE, 'sizes', variant.entry), path.join(dir, 'main.ts'))
        writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><body><div id="app"></div><script type="module" src="./main.ts"></script></body></html>\n')
        run(path.join(app, 'node_modules/.bin/vite'), ['build', dir, '--config', path.join(app, 'vite.config.ts'), '--outDir', path.join(dir, 'dist'), '--logLevel', 'warn'], { cwd: app })
        sizes.push({ ...variant, ...gzipSizes(path.join(dir, 'dist')) })
      }
      sizes.push({ name: 'full kit', what: 'the README Usage app: `createTUIKit`, demo engine, both lists (one global, one imported)', ...gzipSizes(path.join(app, 'dist')) })
      for (const s of sizes) log(`size: ${s.name}: JS ${s.js} B gzip (${s.rawJs} B raw), CSS ${s.css} B gzip`)
      writeSizes(sizes, { vite: tools.vite, vue: latest.vue, pinia: latest.pinia })
    }
    // 6. Each older Pinia major of the kit's peer range, at its newest: the same checks.
    if (!SIZES) {
      const range = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).peerDependencies.pinia
      const newestMajor = Number(latest.pinia.split('.')[0])
      for (const major of [...range.matchAll(/\^(\d+)\./g)].map((match) => Number(match[1])).filter((major) => major < newestMajor)) {
        const version = newestOf('pinia', major)
        log(`npm install pinia@${version} (the newest ${major}.x)`)
        npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', `pinia@${version}`], { cwd: app })
        checkApp(app)
      }
    }
    log('passed')
  } finally {
    if (KEEP) log(`kept the scratch app: ${app}`)
    else rmSync(scratch, { recursive: true, force: true })
  }
}

try {
  await main()
} catch (error) {
  process.stderr.write(`\nconsumer test FAILED: ${error instanceof Error ? error.message : String(error)}\n`)
  if (!(error instanceof Failure) && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`)
  process.exitCode = 1
}
