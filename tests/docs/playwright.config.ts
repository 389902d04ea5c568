import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from '../../tools/launch.mjs'

/**
 * The docs site in Debian's Chromium: the built site (`npm run docs:build`, docs/.vitepress/dist) served by
 * VitePress's static server on its own port, 4180, so it never meets the playground's 4173 or the presence
 * server's 8787. Run under the shared lock: `flock /tmp/e2e.lock npm run test:docs`.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 90_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: 'http://127.0.0.1:4180',
    viewport: { width: 1400, height: 900 },
    launchOptions: chromiumLaunchOptions(),
  },
  webServer: {
    command: 'npx vitepress serve docs --port 4180',
    cwd: '../..',
    url: 'http://127.0.0.1:4180/',
    reuseExistingServer: false,
    timeout: 60_000,
  },
})
