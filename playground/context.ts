import type { InjectionKey } from 'vue'
import type { LocalEngine, World } from '../src/engine/local'
import type { SimulatedWorld } from './simulation'

export const DEMO_USER = 'me'

export interface PlaygroundContext {
  world: World
  engine: LocalEngine
  simulation: SimulatedWorld
}

export const playgroundKey: InjectionKey<PlaygroundContext> = Symbol('playground')
