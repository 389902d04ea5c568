/**
 * What every script that starts a browser or a server on this machine shares: Debian's Chromium (never a
 * downloaded browser) with one set of launch arguments, and a free loopback port.
 *
 * Used by playwright.config.ts, tests/docs/playwright.config.ts, bench/run.mjs, bench/server.ts, tests/server/helpers.ts and
 * tests/consumer/run.mjs. Types: launch.d.mts.
 */
import { createServer } from 'node:net'

/** Debian's Chromium; `CHROMIUM_PATH` points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/** Headless on a shared machine: no sandbox (containers), no GPU, no network the test did not ask for. */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
])

/** Options for Playwright's `chromium.launch()` (and `use.launchOptions`). */
export function chromiumLaunchOptions() {
  return { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] }
}

/** A TCP port that was free on 127.0.0.1 a moment ago (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => (port ? resolve(port) : reject(new Error('freePort: the OS gave no port'))))
    })
  })
}
