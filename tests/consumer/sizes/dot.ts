// One status dot: the smallest use of the kit.
import { createApp, h } from 'vue'
import { TUIStatusDot, TYPES } from 'tui-presence-kit'
import 'tui-presence-kit/style.css'

const status = { statusType: TYPES.USER_STATUS_ONLINE, customStatus: 'In a meeting', stale: false }
createApp({ render: () => h(TUIStatusDot, { name: 'Ada', status }) }).mount('#app')
