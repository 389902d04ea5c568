// One list: the kit on the embedded engine with the conversation list only, imported by name.
import { createApp, h } from 'vue'
import { createPinia } from 'pinia'
import { createLocalEngine, createTUIKit, TUIConversation } from 'tui-presence-kit'
import 'tui-presence-kit/style.css'

const kit = createTUIKit({ engine: createLocalEngine(), components: false })
createApp({ render: () => h(TUIConversation, { height: 480 }) })
  .use(createPinia())
  .use(kit)
  .mount('#app')
