import { fileURLToPath, URL } from 'node:url'
import { defineConfig, type UserConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { presenceServerPlugin } from './server/vite-plugin.ts'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/**
 * Modes:
 * - `vite` (development): the playground, from playground/, and the presence server on 127.0.0.1:8787 (dev tokens).
 * - `vite build --mode lib`: the library, minified ESM (pure annotations kept, so an app bundles only what it
 *   imports), `vue`, `pinia`, `@tencentcloud/chat` and `@floating-ui/*` (a dependency) external, CSS in dist/style.css, source maps.
 * - `vite build --mode playground`: the playground and playground/two-users.html, built to dist-playground/ (served by
 *   `npm run preview` for e2e tests).
 * - `vite build --mode bench`: the benchmark page, built to bench/dist/.
 */
export default defineConfig(({ mode }): UserConfig => {
  if (mode === 'lib') {
    return {
      plugins: [vue()],
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        sourcemap: true,
        cssCodeSplit: false,
        lib: {
          entry: { index: here('src/index.ts'), tencent: here('src/tencent.ts') },
          formats: ['es'],
          cssFileName: 'style',
        },
        rollupOptions: {
          external: ['vue', 'pinia', /^@tencentcloud\/chat/, /^@floating-ui\//],
          // Vite leaves ES libraries unminified to keep pure annotations; Rolldown's minifier keeps them
          // (`/* @__PURE__ */` on defineComponent and defineStore), so apps still drop what they do not import.
          output: { minify: true },
        },
      },
    }
  }
  if (mode === 'bench') {
    return {
      root: here('bench/page'),
      base: './',
      plugins: [vue()],
      build: { outDir: here('bench/dist'), emptyOutDir: true },
    }
  }
  return {
    root: here('playground'),
    base: './',
    plugins: mode === 'development' ? [vue(), presenceServerPlugin()] : [vue()],
    server: { port: 5173, host: '127.0.0.1' },
    preview: { port: 4173, host: '127.0.0.1' },
    // The Tencent SDK (about 700 kB) is a lazy chunk, loaded only when the playground's engine is "tencent".
    build: {
      outDir: here('dist-playground'),
      emptyOutDir: true,
      chunkSizeWarningLimit: 800,
      rolldownOptions: { input: { main: here('playground/index.html'), 'two-users': here('playground/two-users.html') } },
    },
  }
})
