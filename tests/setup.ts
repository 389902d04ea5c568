import { afterEach, beforeEach } from 'vitest'
import { config } from '@vue/test-utils'

/**
 * Every Vue warning fails the test that caused it: warnings inside a mounted app go through the app's
 * warnHandler; warnings outside any app (a composable used wrongly) go to console.warn with "[Vue warn]".
 */
const warnings: string[] = []
config.global.config.warnHandler = (message) => {
  warnings.push(message)
}
const consoleWarn = console.warn.bind(console)
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes('[Vue warn]')) warnings.push(args[0])
  else consoleWarn(...args)
}

beforeEach(() => {
  warnings.length = 0
})

afterEach(() => {
  if (warnings.length) {
    const found = warnings.splice(0)
    throw new Error(`Vue warned during the test:\n${found.join('\n')}`)
  }
})
