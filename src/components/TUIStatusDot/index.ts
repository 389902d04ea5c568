import TUIStatusDot from './TUIStatusDot.vue'

export { TUIStatusDot }
export type { TUIStatusDotProps } from './TUIStatusDot.vue'
export { statusKind, statusLabel, DEFAULT_STATUS_LABELS } from './status'
export type { StatusKind, StatusLabels } from './status'
