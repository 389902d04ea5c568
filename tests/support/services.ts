import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { CHROMIUM_PATH } from '../../tools/launch.mjs'

/**
 * Suites of `npm test` that need a program beyond Node. Where the program is missing they are not run, and
 * `npm test` prints one line naming them and how to run them; with `TUI_REQUIRE_SERVICES=1` (set by .ci/run) a
 * missing program fails the run instead.
 */
export interface ServiceSuite {
  /** What the suite needs, as the line names it. */
  service: string
  /** Test files (globs relative to the repository root). */
  files: string[]
  available: () => boolean
  /** How to get the service. */
  install: string
}

function onPath(command: string): boolean {
  const result = spawnSync(command, ['--version'], { stdio: 'ignore', timeout: 10_000 })
  return !result.error && result.status === 0
}

export const SERVICE_SUITES: ServiceSuite[] = [
  {
    service: 'redis-server',
    files: ['tests/server/faults.test.ts', 'tests/server/redis-cluster.test.ts', 'tests/server/redis-faults.test.ts', 'tests/server/redis-since.test.ts', 'tests/server/redis-expiry.test.ts'],
    available: () => onPath('redis-server'),
    install: 'apt-get install -y redis-server',
  },
  {
    service: `Chromium (${CHROMIUM_PATH})`,
    files: [],
    available: () => existsSync(CHROMIUM_PATH),
    install: 'apt-get install -y chromium, or set CHROMIUM_PATH',
  },
]

export const REQUIRE_SERVICES_ENV = 'TUI_REQUIRE_SERVICES'

export interface ServiceCheck {
  /** Test files to leave out of this run. */
  exclude: string[]
  /** One line naming what is not run and how to run it ('' when everything runs). */
  notice: string
  /** Set when `TUI_REQUIRE_SERVICES=1` and something is missing. */
  error: string
}

/** Which service-backed suites can run on this machine. */
export function checkServices(env: NodeJS.ProcessEnv = process.env, suites: ServiceSuite[] = SERVICE_SUITES): ServiceCheck {
  const missing = suites.filter((suite) => suite.files.length > 0 && !suite.available())
  if (missing.length === 0) return { exclude: [], notice: '', error: '' }
  const exclude = missing.flatMap((suite) => suite.files)
  const what = missing.map((suite) => `${suite.files.join(', ')} (needs ${suite.service}: ${suite.install})`).join('; ')
  if (env[REQUIRE_SERVICES_ENV] === '1') {
    return { exclude: [], notice: '', error: `${REQUIRE_SERVICES_ENV}=1 but a service is missing: ${what}.` }
  }
  return { exclude, notice: `Not run, a service is missing: ${what}; install it and run npm test again.`, error: '' }
}
