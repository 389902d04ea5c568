import { afterEach, beforeEach } from 'vitest'
import { config } from '@vue/test-utils'

/** Every Vue warning fails the test that caused it. */
const warnings: string[] = []
config.global.config.warnHandler = (message) => {
  warnings.push(message)
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
