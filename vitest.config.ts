import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import { checkServices } from './tests/support/services.ts'

// Suites needing redis-server (or Chromium) run where it is installed; tests/support/services.ts.
const services = checkServices()

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [vue()],
  // Code written as an app writes it (docs examples) imports the package by name; here that is the source.
  resolve: {
    alias: [
      { find: /^tui-presence-kit$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^tui-presence-kit\/tencent$/, replacement: fileURLToPath(new URL('./src/tencent.ts', import.meta.url)) },
    ],
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'tests/consumer/**', 'node_modules/**', ...services.exclude],
    setupFiles: ['tests/setup.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 20_000,
  },
})
