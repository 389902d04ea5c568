import { createApp, reactive } from 'vue'
import { createPinia } from 'pinia'
import { TUIKit, TUILogin, TUIUserService, type ChatEngine } from '../src'
import { createLocalEngine, createWorld } from '../src/engine/local'
import '../src/styles/index.css'
import './playground.css'
import App from './App.vue'
import { populate } from './simulation'
import { DEMO_USER, playgroundKey, readSettings, type PlaygroundContext } from './context'
import { createTencent, explainStartError, withTimeout } from './engines'

const params = new URLSearchParams(location.search)
const settings = readSettings(location.search)
const startError = reactive({ value: '' })

function createLocal() {
  const world = createWorld({ friendAutoNotify: false })
  const engine = createLocalEngine({ world })
  const simulation = populate(world, DEMO_USER, Number(params.get('users') ?? 200))
  return { world, engine, simulation }
}

async function start() {
  const local = settings.engine === 'local' ? createLocal() : null
  let engine: ChatEngine
  try {
    if (local) engine = local.engine
    else if (settings.engine === 'tencent') engine = await createTencent(settings)
    else engine = await (await import('./server-engine')).connectToServer(settings.userID || 'alice')
  } catch (error) {
    startError.value = explainStartError(error, settings.engine)
    // The page still renders (empty lists, the message, the engine choice) on an empty embedded engine.
    engine = createLocalEngine()
  }

  const context: PlaygroundContext = {
    settings,
    local,
    startError,
    async login() {
      const userID = local ? DEMO_USER : settings.userID
      await TUILogin.login({ userID, userSig: local ? 'demo-signature' : settings.userSig || 'token' })
      await TUIUserService.switchUserStatus({ displayOnlineStatus: true })
    },
  }

  const app = createApp(App)
  app.use(createPinia())
  // Opt-in idle: "Away" after 5 minutes without input (`?idleMs=` to change, 0 to turn it off).
  const idleMs = Number(params.get('idleMs') ?? 300_000)
  app.use(TUIKit, { engine, presence: idleMs > 0 ? { idle: { afterMs: idleMs, customStatus: 'Away' } } : {} })
  app.provide(playgroundKey, context)
  app.mount('#app')

  if (startError.value) return
  try {
    await (local ? context.login() : withTimeout(context.login(), Number(params.get('loginTimeoutMs') ?? 12_000), 'Login'))
  } catch (error) {
    startError.value = explainStartError(error, settings.engine)
    return
  }
  if (local && params.get('simulate') !== '0') local.simulation.start()
}

void start()
