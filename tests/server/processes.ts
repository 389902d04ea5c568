import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { sleep } from './helpers'

/** Presence server nodes as real processes (`node --import tsx server/main.ts`), each in its own process group. */

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface NodeProcess {
  readonly port: number
  readonly url: string
  readonly httpUrl: string
  readonly child: ChildProcess
  readonly output: () => string
  /** Sends a signal to the node's process group. */
  signal(signal: NodeJS.Signals): void
  /** Resolves once the process has exited. */
  exited(): Promise<void>
}

const started = new Set<ChildProcess>()

export async function startNodeProcess(port: number, env: Record<string, string>, nodeArgs: string[] = []): Promise<NodeProcess> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), PRESENCE_QUIET: '1', ...env },
  })
  started.add(child)
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const node: NodeProcess = {
    port,
    url: `ws://127.0.0.1:${port}/`,
    httpUrl: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    signal: (signal) => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
      try {
        process.kill(-child.pid, signal)
      } catch {
        // already gone
      }
    },
    exited: () => exit,
  }
  const start = Date.now()
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The presence server on port ${port} exited:\n${output}`)
    try {
      if ((await fetch(`${node.httpUrl}/health`)).ok) return node
    } catch {
      // not listening yet
    }
    if (Date.now() - start > 20_000) throw new Error(`The presence server on port ${port} did not start in 20 s:\n${output}`)
    await sleep(100)
  }
}

/** Kills every node process group started here (SIGCONT first, for a stopped one). */
export async function killAllNodes(): Promise<void> {
  const waits: Array<Promise<void>> = []
  for (const child of started) {
    if (child.pid === undefined) continue
    if (child.exitCode === null && child.signalCode === null) {
      waits.push(new Promise((resolve) => child.once('exit', () => resolve())))
    }
    for (const signal of ['SIGCONT', 'SIGKILL'] as const) {
      try {
        process.kill(-child.pid, signal)
      } catch {
        // already gone
      }
    }
  }
  started.clear()
  await Promise.race([Promise.all(waits), sleep(5_000)])
}
