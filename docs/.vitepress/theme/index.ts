import type { Theme } from 'vitepress'
import DefaultTheme from 'vitepress/theme'
import 'tui-presence-kit/style.css'
import LiveExample from './LiveExample.vue'
import MessageTable from './MessageTable.vue'
import StatusStates from './StatusStates.vue'
import './custom.css'

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('LiveExample', LiveExample)
    app.component('StatusStates', StatusStates)
    app.component('MessageTable', MessageTable)
  },
} satisfies Theme
