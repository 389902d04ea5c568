/**
 * Presence server benchmark (`npm run bench:server`): loopback only, bounded in time.
 *
 * For 1 node (in memory) and 2 nodes (Redis, started here from Debian's redis-server), each server in its own
 * process (server/main.ts through tsx): N WebSocket connections log in as u0..u{N-1}; each subscribes to the K
 * users after it (so every user has K subscribers; with 2 nodes, half of them on the other node). A driver then
 * changes custom statuses at a fixed rate, each carrying its send time; every subscriber that gets the event
 * records its delivery latency. Prints connections held, status events delivered per second, and p50/p99/max
 * delivery latency, and the server processes' memory per connection (RSS after every client logged in and
 * subscribed, minus RSS before the first connected, over the connections).
 *
 * The servers run as in production (docs/server.md): `node --max-semi-space-size=1 --import tsx server/main.ts`.
 * `npm run bench:server` raises the open-file limit to the hard limit first (`ulimit -n`); this script checks it.
 *
 * Options: --connections 10000 --subs 10 --rate 1000 (changes/s) --seconds 8 (per case) --cases 1,2
 * --no-write (do not update the server part of BENCHMARKS.md, between <!-- bench:server --> markers)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { WebSocket } from 'ws'
import { createToken } from '../server/auth'
import { freePort } from '../tools/launch.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const SECRET = 'bench-secret-0123456789abcdef'
const BUDGET_MS = 170_000
const started = performance.now()

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`)
  const value = index === -1 ? NaN : Number(process.argv[index + 1])
  return Number.isFinite(value) && value > 0 ? value : fallback
}

const N = option('connections', 10_000)
const K = Math.min(option('subs', 10), N - 1)
const RATE = option('rate', 1_000)
const SECONDS = option('seconds', 8)
const casesArg = process.argv.includes('--cases') ? process.argv[process.argv.indexOf('--cases') + 1] : '1,2'
const CASES: number[] = casesArg.split(',').map(Number).filter((n) => n === 1 || n === 2)

const WRITE = !process.argv.includes('--no-write')

/** Replaces the part of BENCHMARKS.md between `<!-- bench:server -->` and `<!-- /bench:server -->` (appended when absent). */
function writeSection(body: string): void {
  const file = `${root}BENCHMARKS.md`
  let text = ''
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    // a new file
  }
  const open = '<!-- bench:server -->'
  const close = '<!-- /bench:server -->'
  const part = `${open}\n${body.trim()}\n${close}`
  const start = text.indexOf(open)
  const end = text.indexOf(close)
  const next = start >= 0 && end > start ? text.slice(0, start) + part + text.slice(end + close.length) : `${text.trimEnd()}\n\n${part}\n`
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`)
}

const timeLeft = () => BUDGET_MS - (performance.now() - started)


function waitForLine(child: ChildProcess, text: string, what: string, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${output}`)), timeoutMs)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes(text)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`${what}: ${error.message}`))
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${what} exited with ${code}:\n${output}`))
    })
  })
}

const children: ChildProcess[] = []

/** The soft limit on open files of this process (each client socket is one). */
function openFileLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'))
    const soft = Number(line?.split(/\s{2,}/)[1])
    return Number.isFinite(soft) ? soft : Infinity
  } catch {
    return Infinity
  }
}

function rssOf(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024
  } catch {
    return NaN
  }
}

function stopAll(): void {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
}
process.on('exit', stopAll)

async function startRedis(): Promise<string> {
  const port = await freePort()
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  await waitForLine(child, 'Ready to accept connections', 'redis-server (apt-get install -y redis-server)')
  return `redis://127.0.0.1:${port}`
}

async function startNode(redisUrl: string | undefined): Promise<{ url: string; pid: number | undefined }> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--max-semi-space-size=1', '--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), PRESENCE_SECRET: SECRET, REDIS_URL: redisUrl ?? '', HEARTBEAT_MS: '10000' },
  })
  children.push(child)
  await waitForLine(child, 'presence server on', 'server/main.ts')
  return { url: `ws://127.0.0.1:${port}/`, pid: child.pid }
}

interface Client {
  socket: WebSocket
  userID: string
  nextId: number
  pending: Map<number, (frame: { ok: boolean; error?: { code: number } }) => void>
}

const latencies: number[] = []
let delivered = 0
let measuring = false

function connect(url: string, userID: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false })
    const client: Client = { socket, userID, nextId: 1, pending: new Map() }
    socket.on('message', (raw) => {
      const text = raw.toString()
      const frame = JSON.parse(text) as {
        id?: number
        ok?: boolean
        event?: string
        error?: { code: number }
        data?: Array<{ userID: string; customStatus: string }>
      }
      if (frame.event === 'onUserStatusUpdated') {
        const now = performance.now()
        for (const status of frame.data ?? []) {
          if (status.userID === userID || !status.customStatus.startsWith('t')) continue
          if (!measuring) continue
          delivered++
          latencies.push(now - Number(status.customStatus.slice(1)))
        }
      } else if (typeof frame.id === 'number') {
        client.pending.get(frame.id)?.({ ok: frame.ok === true, error: frame.error })
        client.pending.delete(frame.id)
      }
    })
    socket.once('open', () => resolve(client))
    socket.once('error', reject)
  })
}

function request(client: Client, method: string, params?: unknown): Promise<{ ok: boolean; error?: { code: number } }> {
  const id = client.nextId++
  return new Promise((resolve) => {
    client.pending.set(id, resolve)
    client.socket.send(JSON.stringify({ id, method, params }))
  })
}

async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run))
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

interface Row {
  nodes: number
  held: number
  changes: number
  expected: number
  delivered: number
  perSecond: number
  p50: number
  p99: number
  max: number
  setupS: number
  /** Server RSS growth per connection (all nodes), bytes. */
  bytesPerConnection: number
  /** Server RSS after setup (all nodes), bytes. */
  rss: number
}

async function runCase(nodes: number): Promise<Row> {
  const setupStart = performance.now()
  const redisUrl = nodes > 1 ? await startRedis() : undefined
  const started: Array<{ url: string; pid: number | undefined }> = []
  for (let i = 0; i < nodes; i++) started.push(await startNode(redisUrl))
  const urls = started.map((node) => node.url)
  const serverRss = () => started.reduce((sum, node) => sum + rssOf(node.pid), 0)
  await new Promise((resolve) => setTimeout(resolve, 500))
  const rssBefore = serverRss()
  const users = Array.from({ length: N }, (_, i) => `u${i}`)
  const clients: Client[] = new Array(N)
  await inBatches(users.map((_, i) => i), 250, async (i) => {
    const client = await connect(urls[i % nodes], users[i])
    const answer = await request(client, 'login', { userID: users[i], token: createToken(SECRET, users[i]) })
    if (!answer.ok) throw new Error(`login ${users[i]} failed: ${answer.error?.code}`)
    clients[i] = client
  })
  await inBatches(users.map((_, i) => i), 250, async (i) => {
    const targets = Array.from({ length: K }, (_, k) => users[(i + 1 + k) % N])
    const answer = await request(clients[i], 'subscribeUserStatus', { userIDList: targets })
    if (!answer.ok) throw new Error(`subscribe by ${users[i]} failed: ${answer.error?.code}`)
  })
  const setupS = (performance.now() - setupStart) / 1000
  await new Promise((resolve) => setTimeout(resolve, 500))
  const rssAfter = serverRss()

  // Drive: every 10 ms, RATE/100 changes from random connections, each carrying its send time.
  latencies.length = 0
  delivered = 0
  measuring = true
  let changes = 0
  const seconds = Math.max(1, Math.min(SECONDS, (timeLeft() - 28_000) / 1000 / Math.max(1, CASES.length - CASES.indexOf(nodes))))
  const driveStart = performance.now()
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (performance.now() - driveStart >= seconds * 1000) {
        clearInterval(timer)
        resolve()
        return
      }
      // Catch up on the schedule even when a timer fires late: changes = RATE x elapsed.
      const due = Math.floor(((performance.now() - driveStart) / 1000) * RATE)
      while (changes < due) {
        const client = clients[Math.floor(Math.random() * N)]
        client.socket.send(JSON.stringify({ id: client.nextId++, method: 'setSelfStatus', params: { customStatus: `t${performance.now()}` } }))
        changes++
      }
    }, 10)
  })
  const driveS = (performance.now() - driveStart) / 1000
  // Let in-flight events land (bounded: 20 s); one still missing after that counts as not delivered.
  const expected = changes * K
  const drainStart = performance.now()
  while (delivered < expected && performance.now() - drainStart < 20_000) await new Promise((resolve) => setTimeout(resolve, 20))
  measuring = false
  const held = clients.filter((c) => c.socket.readyState === WebSocket.OPEN).length
  for (const client of clients) client.socket.terminate()
  stopAll()
  const sorted = Float64Array.from(latencies).sort()
  return {
    nodes,
    held,
    changes,
    expected,
    delivered,
    perSecond: delivered / driveS,
    p50: percentile(Array.from(sorted), 50),
    p99: percentile(Array.from(sorted), 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    setupS,
    bytesPerConnection: (rssAfter - rssBefore) / N,
    rss: rssAfter,
  }
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench:server: over its ${BUDGET_MS / 1000} s budget, stopping.\n`)
    stopAll()
    process.exit(2)
  }, BUDGET_MS + 1_500)
  watchdog.unref()
  const load = loadavg()
  const limit = openFileLimit()
  if (limit < N + 256) {
    process.stderr.write(`bench:server: ${N} connections need an open-file limit above ${N + 256} (it is ${limit}): run it with npm run bench:server, or raise ulimit -n.\n`)
    process.exit(1)
  }
  process.stdout.write(
    `presence server bench: ${N} connections, ${K} subscriptions each, ${RATE} status changes/s, ${SECONDS} s per case\n` +
      `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ` +
      `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n\n`,
  )
  const rows: Row[] = []
  for (const nodes of CASES) {
    if (timeLeft() < 15_000) {
      process.stdout.write(`skipping ${nodes} node(s): not enough of the ${BUDGET_MS / 1000} s budget left\n`)
      continue
    }
    rows.push(await runCase(nodes))
  }
  const header = ['nodes', 'connections held', 'changes', 'events expected', 'events delivered', 'events/s', 'p50 ms', 'p99 ms', 'max ms', 'server RSS MiB', 'KiB / connection', 'setup s']
  const lines = rows.map((r) => [
    r.nodes === 1 ? '1 (memory)' : `${r.nodes} (Redis)`,
    `${r.held} / ${N}`,
    String(r.changes),
    String(r.expected),
    String(r.delivered),
    r.perSecond.toFixed(0),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    r.max.toFixed(1),
    (r.rss / 2 ** 20).toFixed(0),
    (r.bytesPerConnection / 1024).toFixed(1),
    r.setupS.toFixed(1),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)))
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
  process.stdout.write(`${row(header)}\n| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |\n${lines.map(row).join('\n')}\n`)
  const totalS = (performance.now() - started) / 1000
  process.stdout.write(`\ntotal ${totalS.toFixed(1)} s\n`)
  if (WRITE && rows.length > 0) {
    const redisVersion = /v=([0-9.]+)/.exec(spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout ?? '')?.[1] ?? 'unknown'
    const table = `${row(header)}\n| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |\n${lines.map(row).join('\n')}`
    const allDelivered = rows.every((r) => r.delivered === r.expected)
    const allHeld = rows.every((r) => r.held === N)
    writeSection(`## Presence server

\`\`\`sh
npm run bench:server      # ${N.toLocaleString('en-US')} connections, ${K} subscriptions each, ${RATE.toLocaleString('en-US')} changes/s, ${SECONDS} s per case, 1 node then 2 over Redis
npx tsx bench/server.ts --connections 2000 --rate 3000 --cases 2 --no-write   # options: --connections --subs --rate --seconds --cases
\`\`\`

What it does (\`bench/server.ts\`, loopback only, bounded at ${BUDGET_MS / 1000} s): for 1 node (in memory) and 2 nodes
(Redis), each server is its own process (\`node --max-semi-space-size=1 --import tsx server/main.ts\`, as in
production) and Redis is Debian's \`redis-server\` started by the bench. ${N.toLocaleString('en-US')} WebSocket connections log
in as u0..u${N - 1} (with 2 nodes, alternately on each node); each subscribes to the ${K} users after it, so every user
has ${K} subscribers (with 2 nodes, half of them on the other node). A driver then sets custom statuses from random
connections at ${RATE.toLocaleString('en-US')} changes/s, each carrying its send time; every subscriber that receives the
\`onUserStatusUpdated\` push records the delivery latency (send -> parsed by the receiving client). "Connections held"
counts sockets still open at the end; "events expected" is changes x ${K}; "events delivered" counts the ones that
arrived by the end of the run plus a drain of at most 20 s. "Server RSS" is the resident memory of the
server process(es) once every client is logged in and subscribed; "KiB / connection" is its growth from before the
first connection, over the connections. \`npm run bench:server\` raises the open-file limit (\`ulimit -n\`) to the hard
limit first.

Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, redis-server ${redisVersion},
Linux; load average before the run ${load.map((l) => l.toFixed(1)).join(' / ')} (other work shared the machine). The bench's
client sockets, the server process(es) and Redis all run on these cores, so the figures are for the whole loop, not
the server alone. Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${totalS.toFixed(0)} s.

${table}

- Connections held: ${allHeld ? `all ${N.toLocaleString('en-US')} in every case` : 'not all (see the table)'}; every event delivered: ${allDelivered ? 'yes (delivered = expected)' : 'no (see the table)'}.
- p50 / p99: delivery latency of a status event from the change to the subscriber's parsed frame. When the loop is
  saturated (the clients, the servers and Redis share ${cpus().length} cores, with other work), events queue and the latency
  measures that queue; "events/s" is what was delivered over the driving time.
`)
    process.stdout.write('wrote the server part of BENCHMARKS.md\n')
  }
  clearTimeout(watchdog)
  process.exit(0)
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:server failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`)
  stopAll()
  process.exit(1)
})
