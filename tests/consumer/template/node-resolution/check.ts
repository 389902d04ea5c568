// Type-checked with "moduleResolution": "node" (no package exports): both entries must have types.
import { createTUIKit, createLocalEngine, type TUIKitInstance } from 'tui-presence-kit'
import { createTencentEngine, type TencentEngineOptions } from 'tui-presence-kit/tencent'

const options: TencentEngineOptions = {}
const kit: TUIKitInstance = createTUIKit({ engine: createLocalEngine({ demo: true }) })
export const checks = [options, kit, createTencentEngine] as const
