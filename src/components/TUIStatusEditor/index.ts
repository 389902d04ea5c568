import TUIStatusEditor from './TUIStatusEditor.vue'

export { TUIStatusEditor }
export type { TUIStatusEditorProps, TUIStatusEditorEmits } from './TUIStatusEditor.vue'
export { DEFAULT_STATUS_EMOJIS } from './presets'
export type { StatusPreset } from './presets'
