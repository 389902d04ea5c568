import { defineMessages } from '../define'

/** Why a list shows no status (its `role="status"` line). */
export const noticeMessages = defineMessages({
  en: {
    'notice.featureNotEnabled': 'Online status is unavailable: user status is switched off in the Chat console (error 72001).',
    'notice.editionNotSupported': 'Online status is unavailable: your Chat edition does not include user status (error 3122).',
    'notice.reconnecting': 'Reconnecting… statuses shown are the last known.',
  },
  'zh-CN': {
    'notice.featureNotEnabled': '在线状态不可用：即时通信控制台中的用户状态功能已关闭（错误码 72001）。',
    'notice.editionNotSupported': '在线状态不可用：当前即时通信版本不支持用户状态（错误码 3122）。',
    'notice.reconnecting': '正在重新连接…当前显示的是最后已知状态。',
  },
})
