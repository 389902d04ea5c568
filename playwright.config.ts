import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from './tools/launch.mjs'

/**
 * Browser tests run in Debian's Chromium against the built playground, served by `vite preview`, and the presence
 * server (server/main.ts) on 127.0.0.1:8787.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: 'http://127.0.0.1:4173',
    viewport: { width: 1280, height: 800 },
    launchOptions: chromiumLaunchOptions(),
  },
  webServer: [
    {
      command: 'npm run preview',
      url: 'http://127.0.0.1:4173',
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // The presence server for tests/e2e/server-presence.spec.ts: demo users, dev tokens, a test-only secret.
      command: 'npx tsx server/main.ts',
      url: 'http://127.0.0.1:8787/health',
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        PORT: '8787',
        HOST: '127.0.0.1',
        PRESENCE_SECRET: 'e2e-only-secret-0123456789',
        PRESENCE_DEV_TOKENS: '1',
        PRESENCE_DEMO: '1',
        PRESENCE_QUIET: '1',
      },
    },
  ],
})
