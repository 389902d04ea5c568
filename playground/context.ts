import type { InjectionKey } from 'vue'
import type { KitI18n } from '../src'
import type { LocalEngine, World } from '../src/engine/local'
import type { PlaygroundState } from './states'
import type { SimulatedWorld } from './simulation'

export const DEMO_USER = 'me'

export type EngineChoice = 'local' | 'tencent' | 'server'

/** How the playground was started: `?engine=local|tencent|server` and, for Tencent, the credentials. */
export interface PlaygroundSettings {
  engine: EngineChoice
  userID: string
  SDKAppID: string
  userSig: string
}

export interface PlaygroundContext {
  settings: PlaygroundSettings
  /** The state asked for in the address: theme, locale, direction, console, connection, session. */
  state: PlaygroundState
  /** The kit's i18n, switched by the language control. */
  i18n: KitI18n
  /** The embedded engine's world: set only for `engine=local`. */
  local: { world: World; engine: LocalEngine; simulation: SimulatedWorld } | null
  /** Logs in with the chosen engine and turns online status on. */
  login(): Promise<void>
  /** Why the chosen engine could not start, in words a user can act on; '' when it did. */
  startError: { value: string }
}

export const playgroundKey: InjectionKey<PlaygroundContext> = Symbol('playground')

export function readSettings(search: string): PlaygroundSettings {
  const params = new URLSearchParams(search)
  const engine = params.get('engine')
  return {
    engine: engine === 'tencent' || engine === 'server' ? engine : 'local',
    userID: params.get('userID') ?? (engine === 'local' || !engine ? DEMO_USER : ''),
    SDKAppID: params.get('SDKAppID') ?? '',
    userSig: params.get('userSig') ?? '',
  }
}

/** Reloads the playground with another engine (the engine is chosen once, when the kit is installed). */
export function switchEngine(settings: PlaygroundSettings): void {
  const params = new URLSearchParams()
  params.set('engine', settings.engine)
  if (settings.engine !== 'local') {
    if (settings.userID) params.set('userID', settings.userID)
    if (settings.SDKAppID) params.set('SDKAppID', settings.SDKAppID)
    if (settings.userSig) params.set('userSig', settings.userSig)
  }
  location.search = params.toString()
}
