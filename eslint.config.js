// ESLint flat config: the recommended JavaScript, TypeScript and Vue rules, and the kit's layers as import rules.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'

/** Import restrictions of one layer: `patterns` are module specifiers (relative paths included), with a reason. */
function layer(files, patterns, { sdk = 'forbidden' } = {}) {
  const restricted = [...patterns]
  if (sdk === 'forbidden') {
    restricted.push({
      group: ['@tencentcloud/chat', '@tencentcloud/chat/**'],
      message: 'Only src/engine/tencent/ may import the SDK (and only its types); the kit reaches it through ChatEngine.',
    })
  } else if (sdk === 'types-only') {
    restricted.push({
      group: ['@tencentcloud/chat', '@tencentcloud/chat/**'],
      allowTypeImports: true,
      message: 'The adapter imports only the SDK\'s types: the app brings the SDK itself, so the kit never bundles it.',
    })
  }
  return { files, rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: restricted }] } }
}

const VUE = { group: ['vue', '@vue/*', 'pinia'], message: 'This layer is framework-free: no Vue, no Pinia.' }
const UP_FROM_ENGINE = {
  group: ['**/services', '**/services/**', '**/stores', '**/stores/**', '**/components/**', '**/composables/**', '**/plugin'],
  message: 'The engine is the bottom layer: it imports nothing from services, stores, composables or components.',
}
const UP_FROM_SERVICES = {
  group: ['**/stores', '**/stores/**', '**/components/**', '**/composables/**', '**/plugin'],
  message: 'Services are plain TypeScript under the stores: they receive the stores they write to, never import them.',
}
const ENGINE_INTERNALS = {
  group: ['**/engine/local/**', '**/engine/local', '**/engine/tencent', '**/engine/tencent/**', '**/engine/socket', '**/engine/socket/**', '**/engine/guards', '**/engine/emitter'],
  message: 'Components and composables use the engine only through its public face (types, constants, errors) and the kit.',
}

export default tseslint.config(
  { ignores: ['dist/**', 'dist-*/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'playwright-report/**', 'docs/.vitepress/cache/**', 'docs/.vitepress/dist/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // A timer handle declared before the closure that clears it is assigned once, later: that is fine.
      'prefer-const': ['error', { destructuring: 'all', ignoreReadBeforeAssign: true }],
      // Object literals whose methods need the enclosing instance name it (`const registry = this`).
      '@typescript-eslint/no-this-alias': 'off',
    },
  },
  // The layers (engine -> services -> stores -> components), as import rules.
  layer(['src/engine/**/*.ts'], [UP_FROM_ENGINE, VUE]),
  layer(['src/engine/tencent/**/*.ts'], [UP_FROM_ENGINE, VUE], { sdk: 'types-only' }),
  layer(['src/services/**/*.ts'], [UP_FROM_SERVICES, VUE]),
  layer(['src/components/**/*.{ts,vue}', 'src/composables/**/*.ts', 'src/stores/**/*.ts'], [ENGINE_INTERNALS]),
  layer(['src/*.ts'], [], { sdk: 'none' }),
  // Tests, benchmarks, the server and the playground may use the console and reach anything.
  {
    files: ['tests/**', 'bench/**', 'server/**', 'playground/**', 'scripts/**', '.ci/**', '*.config.*', 'docs/**'],
    rules: { 'no-console': 'off' },
  },
)
