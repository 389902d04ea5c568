// @vitest-environment node
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/**
 * The layers as lint rules (eslint.config.js): each case is a file that breaks a layer, linted as if it were at that
 * path; the rule must name it. A file that keeps to its layer passes.
 */
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname })

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message)
}

describe('lint: the layers', () => {
  it.each([
    ['src/engine/local/leak.ts', "import { useUserStatusStore } from '../../stores'\nexport const x = useUserStatusStore\n", /engine is the bottom layer/],
    ['src/engine/leak.ts', "import { KitRuntime } from '../services/kit'\nexport const x = KitRuntime\n", /engine is the bottom layer/],
    ['src/engine/socket/leak.ts', "import { ref } from 'vue'\nexport const x = ref\n", /no Vue/],
    ['src/services/leak.ts', "import { useUserStatusStore } from '../stores/user-status'\nexport const x = useUserStatusStore\n", /Services are plain TypeScript/],
    ['src/services/presence/leak.ts', "import { defineStore } from 'pinia'\nexport const x = defineStore\n", /no Vue/],
    ['src/components/TUIContact/leak.ts', "import { World } from '../../engine/local/world'\nexport const x = World\n", /public face/],
    ['src/composables/leak.ts', "import { createTencentEngine } from '../engine/tencent'\nexport const x = createTencentEngine\n", /public face/],
    ['src/services/sdk.ts', "import TencentCloudChat from '@tencentcloud/chat'\nexport const x = TencentCloudChat\n", /Only src\/engine\/tencent/],
    ['src/engine/tencent/value.ts', "import TencentCloudChat from '@tencentcloud/chat'\nexport const x = TencentCloudChat\n", /only the SDK's types/],
  ])('%s breaking its layer is an error', async (filePath, code, message) => {
    const messages = await restrictedImports(filePath, code)
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatch(message)
  })

  it.each([
    ['src/engine/tencent/types.ts', "import type { ChatSDK } from '@tencentcloud/chat'\nexport type X = ChatSDK\n"],
    ['src/services/ok.ts', "import { ERROR_CODE } from '../engine/constants'\nexport const x = ERROR_CODE\n"],
    ['src/components/TUIContact/ok.ts', "import { isNotReady } from '../../engine/errors'\nexport const x = isNotReady\n"],
  ])('%s keeping to its layer passes', async (filePath, code) => {
    expect(await restrictedImports(filePath, code)).toEqual([])
  })
})
