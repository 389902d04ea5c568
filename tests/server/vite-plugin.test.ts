// @vitest-environment node
import { EventEmitter } from 'node:events'
import type { ViteDevServer } from 'vite'
import { describe, expect, it } from 'vitest'
import { presenceServerPlugin } from '../../server/vite-plugin'
import { freePort } from './helpers'

async function health(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`)
    return response.ok
  } catch {
    return false
  }
}

describe('presenceServerPlugin', () => {
  it('starts the server with dev tokens and the demo users when Vite serves, and stops it with Vite', async () => {
    const port = await freePort()
    const plugin = presenceServerPlugin({ port })
    expect(plugin.apply).toBe('serve')
    const httpServer = new EventEmitter()
    const logs: string[] = []
    const log = (message: string) => void logs.push(message)
    const devServer = { httpServer, config: { logger: { info: log, warn: log, error: log } } }
    const hook = plugin.configureServer
    const configure = typeof hook === 'function' ? hook : hook?.handler
    await configure?.call(undefined as never, devServer as unknown as ViteDevServer)

    const start = Date.now()
    while (!(await health(port))) {
      if (Date.now() - start > 20_000) throw new Error(`The presence server did not start:\n${logs.join('\n')}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const token = (await (await fetch(`http://127.0.0.1:${port}/token?userID=alice`)).json()) as { token?: string }
    expect(token.token).toMatch(/^v1\.HS256\.0\.[A-Za-z0-9_-]{43}$/)
    expect(logs.some((line) => line.includes('presence server on'))).toBe(true)

    httpServer.emit('close')
    const stop = Date.now()
    while (await health(port)) {
      if (Date.now() - stop > 10_000) throw new Error('The presence server did not stop with Vite.')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }, 40_000)
})
