import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vite'

export interface PresenceServerPluginOptions {
  /** @default 8787 */
  port?: number
  /** @default '127.0.0.1' */
  host?: string
  /** @default process.env.PRESENCE_SECRET, else a fixed development secret */
  secret?: string
}

/** A fixed secret for local development only: anyone who reads this file can mint tokens. */
const DEV_SECRET = 'presence-dev-secret-do-not-use-in-production'

/**
 * Starts the presence server beside `vite` (dev only): server/main.ts in a child process (through tsx), on
 * 127.0.0.1:8787, with dev tokens (`GET /token?userID=`) and the demo users; stops it with the dev server.
 * A child process keeps the server out of Vite's config bundle and alive across config reloads' module graph;
 * its output goes to Vite's log. A port already in use is a warning, not a failure.
 */
export function presenceServerPlugin(options: PresenceServerPluginOptions = {}): Plugin {
  let child: ChildProcess | null = null
  const stop = () => {
    const running = child
    child = null
    if (running && running.exitCode === null) running.kill('SIGTERM')
  }
  return {
    name: 'tui-presence-server',
    apply: 'serve',
    configureServer(devServer) {
      const logger = devServer.config.logger
      const root = fileURLToPath(new URL('..', import.meta.url))
      stop()
      const started = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: root,
        // stdin is a pipe the child watches: it exits when Vite goes, even on a hard kill.
        stdio: ['pipe', 'pipe', 'pipe'],
        env: {
          ...process.env,
          PORT: String(options.port ?? 8787),
          HOST: options.host ?? '127.0.0.1',
          PRESENCE_SECRET: options.secret ?? process.env.PRESENCE_SECRET ?? DEV_SECRET,
          PRESENCE_DEV_TOKENS: '1',
          PRESENCE_DEMO: '1',
          PRESENCE_EXIT_WITH_STDIN: '1',
        },
      })
      child = started
      const relay = (chunk: Buffer, warn: boolean) => {
        for (const line of chunk.toString().split('\n')) {
          if (!line.trim()) continue
          if (warn) logger.warn(`[presence] ${line}`, { timestamp: true })
          else logger.info(`[presence] ${line}`, { timestamp: true })
        }
      }
      started.stdout?.on('data', (chunk: Buffer) => relay(chunk, false))
      started.stderr?.on('data', (chunk: Buffer) => relay(chunk, true))
      started.on('error', (error) => logger.warn(`[presence] not started: ${error.message}`, { timestamp: true }))
      started.on('exit', (code, signal) => {
        if (child === started && code !== 0) {
          logger.warn(`[presence] the presence server stopped (${signal ?? code}); the playground's "server" engine needs it.`, { timestamp: true })
        }
      })
      devServer.httpServer?.once('close', stop)
      process.once('exit', stop)
    },
    closeBundle() {
      stop()
    },
  }
}
