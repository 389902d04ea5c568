import { defineMessages } from '../define'

/** Words around times; the times themselves come from `Intl` with the kit's locale. */
export const timeMessages = defineMessages({
  en: {
    'time.justNow': 'just now',
  },
  'zh-CN': {
    'time.justNow': '刚刚',
  },
})
