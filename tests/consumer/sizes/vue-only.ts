// Baseline: Vue alone, no kit.
import { createApp, h } from 'vue'

createApp({ render: () => h('p', 'Hello') }).mount('#app')
