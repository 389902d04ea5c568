import { h, type FunctionalComponent } from 'vue'
import type { UserStatusEntry } from '../../services/types'
import { TUIAvatar } from '../TUIAvatar'
import { TUIStatusDot } from '../TUIStatusDot'

export interface ListItemAvatarProps {
  src: string
  name: string
  /** The user ID (or group ID): one colour per user in every list. */
  colorSeed: string
  shape?: 'circle' | 'square'
  /** Show the status dot. */
  dot: boolean
  status?: UserStatusEntry
}

/**
 * A row's default avatar: the picture or initials, with the status dot when shown. A functional component,
 * so it adds no component instance to a row.
 */
export const ListItemAvatar: FunctionalComponent<ListItemAvatarProps> = (props) =>
  h(
    TUIAvatar,
    { src: props.src, name: props.name, colorSeed: props.colorSeed, shape: props.shape ?? 'circle' },
    props.dot ? { dot: () => h(TUIStatusDot, { status: props.status, name: props.name }) } : undefined,
  )
ListItemAvatar.props = ['src', 'name', 'colorSeed', 'shape', 'dot', 'status']
