import TUIAvatar from './TUIAvatar.vue'

export { TUIAvatar }
export type { TUIAvatarProps } from './TUIAvatar.vue'
export { initialsOf } from './initials'
