// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { checkServices, type ServiceSuite } from './services'

const suite = (available: boolean, service = 'redis-server'): ServiceSuite => ({
  service,
  files: [`tests/${service}.test.ts`],
  available: () => available,
  install: `apt-get install -y ${service}`,
})

describe('service-backed suites', () => {
  it('run when their service is installed', () => {
    expect(checkServices({}, [suite(true)])).toEqual({ exclude: [], notice: '', error: '' })
  })

  it('are left out with one line naming them and how to run them when the service is missing', () => {
    const check = checkServices({}, [suite(false), suite(true, 'other'), suite(false, 'chromium')])
    expect(check.exclude).toEqual(['tests/redis-server.test.ts', 'tests/chromium.test.ts'])
    expect(check.error).toBe('')
    expect(check.notice.split('\n')).toHaveLength(1)
    expect(check.notice).toContain('tests/redis-server.test.ts (needs redis-server: apt-get install -y redis-server)')
    expect(check.notice).toContain('tests/chromium.test.ts (needs chromium')
    expect(check.notice).not.toContain('other')
  })

  it('fail the run instead with TUI_REQUIRE_SERVICES=1', () => {
    const check = checkServices({ TUI_REQUIRE_SERVICES: '1' }, [suite(false)])
    expect(check.exclude).toEqual([])
    expect(check.error).toMatch(/TUI_REQUIRE_SERVICES=1 but a service is missing: tests\/redis-server\.test\.ts/)
  })
})

describe('the list of service-backed suites', () => {
  it('names every test file that starts redis-server', async () => {
    const { readdirSync, readFileSync } = await import('node:fs')
    const { join, relative } = await import('node:path')
    const { fileURLToPath } = await import('node:url')
    const { SERVICE_SUITES } = await import('./services')
    const root = fileURLToPath(new URL('../..', import.meta.url))
    const files = (readdirSync(join(root, 'tests'), { recursive: true }) as string[])
      .filter((file) => file.endsWith('.test.ts') && !file.startsWith('support'))
      .map((file) => join(root, 'tests', file))
    const usingRedis = files.filter((file) => /\b(startRedis|useRedisSuite)\(|'redis-server'/.test(readFileSync(file, 'utf8'))).map((file) => relative(root, file))
    const listed = SERVICE_SUITES.find((suite) => suite.service === 'redis-server')?.files ?? []
    expect(usingRedis.length).toBeGreaterThan(0)
    // A new suite that starts redis-server (startRedis() or useRedisSuite()) goes into SERVICE_SUITES (tests/support/services.ts).
    expect([...usingRedis].sort(), 'test files calling startRedis() vs the redis-server entry of SERVICE_SUITES').toEqual([...listed].sort())
  })
})
