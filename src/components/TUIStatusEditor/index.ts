import TUIStatusEditor from './TUIStatusEditor.vue'

export { TUIStatusEditor }
export type { TUIStatusEditorProps, TUIStatusEditorEmits } from './TUIStatusEditor.vue'
export { DEFAULT_STATUS_EDITOR_MESSAGES, DEFAULT_STATUS_EMOJIS, DEFAULT_STATUS_PRESETS } from './messages'
export type { StatusEditorMessages, StatusPreset } from './messages'
