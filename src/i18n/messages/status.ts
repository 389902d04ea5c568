import { defineMessages } from '../define'

/** The status dot's accessible label: "Alice, online, listening to music". */
export const statusMessages = defineMessages({
  en: {
    'status.online': 'online',
    'status.offline': 'offline',
    'status.unlogined': 'not logged in',
    'status.unknown': 'status unknown',
    'status.lastSeen': 'last seen {status}',
    'status.reconnecting': 'reconnecting',
    'status.separator': ', ',
  },
  'zh-CN': {
    'status.online': '在线',
    'status.offline': '离线',
    'status.unlogined': '未登录',
    'status.unknown': '状态未知',
    'status.lastSeen': '最后状态为{status}',
    'status.reconnecting': '正在重新连接',
    'status.separator': '，',
  },
})
