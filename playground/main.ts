import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { TUIKit, TUILogin, TUIUserService } from '../src'
import { createLocalEngine, createWorld } from '../src/engine/local'
import '../src/styles/index.css'
import './playground.css'
import App from './App.vue'
import { populate } from './simulation'
import { DEMO_USER, playgroundKey } from './context'

const params = new URLSearchParams(location.search)
const world = createWorld({ friendAutoNotify: false })
const engine = createLocalEngine({ world })
const simulation = populate(world, DEMO_USER, Number(params.get('users') ?? 200))

const app = createApp(App)
app.use(createPinia())
app.use(TUIKit, { engine })
app.provide(playgroundKey, { world, engine, simulation })
app.mount('#app')

async function start() {
  await TUILogin.login({ userID: DEMO_USER, userSig: 'demo-signature' })
  await TUIUserService.switchUserStatus({ displayOnlineStatus: true })
  if (params.get('simulate') !== '0') simulation.start()
}
void start()
