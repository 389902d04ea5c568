/**
 * The `/tencent` entry: the adapter over `@tencentcloud/chat`. It is a separate entry so that apps using the
 * embedded engine never load the SDK; this module itself only imports the SDK's types.
 *
 * ```ts
 * import TencentCloudChat from '@tencentcloud/chat'
 * import { createTencentEngine } from 'tui-presence-kit/tencent'
 * app.use(TUIKit, { engine: createTencentEngine(TencentCloudChat.create({ SDKAppID })) })
 * ```
 */
export { createTencentEngine } from './engine/tencent'
export type { TencentChatLike, TencentEngineOptions, TencentEvent, TencentEventHandler } from './engine/tencent'
