/** Variant (a): the real kit. Pinia, the TUIKit plugin, the local engine on the benchmark world, logged in, switch on. */
import { createApp, h, shallowRef } from 'vue'
import { createPinia } from 'pinia'
import { TUIKit, TUILogin, TUIUserService } from '../../src'
import { createLocalEngine } from '../../src/engine/local'
import OursView from './OursView.vue'
// As an app does (`import 'tui-presence-kit/style.css'`); the playground imports it the same way.
import '../../src/styles/index.css'
import { countingMixin, SELF, sleep, TaskScheduler, type Population } from './harness'
import type { Variant } from './variant'

export async function setupOurs(population: Population, mountPoint: Element): Promise<Variant> {
  const scheduler = new TaskScheduler()
  const engine = createLocalEngine({ world: population.world, id: 'bench', schedule: scheduler.schedule })
  const show = shallowRef(false)
  const app = createApp({ render: () => h(OursView, { show: show.value }) })
  app.use(createPinia())
  app.use(TUIKit, { engine })
  app.mixin(countingMixin('ContactListItem'))
  app.mount(mountPoint)
  await TUILogin.login({ userID: SELF, userSig: 'bench-signature' })
  await TUIUserService.switchUserStatus({ displayOnlineStatus: true })

  const scroller = () => document.querySelector<HTMLElement>('[data-variant="ours"] [role="listbox"]')
  return {
    name: 'ours',
    population,
    engine,
    scheduler,
    rowComponent: 'ContactListItem',
    show: () => {
      show.value = true
    },
    scroller,
    rows: () => Array.from(scroller()?.querySelectorAll<HTMLElement>('[role="option"]') ?? []),
    keyOf: (row) => row.dataset.key ?? '',
    dotOf: (row) => row.querySelector<HTMLElement>('.tui-status-dot'),
    dotKnown: (dot) => dot.dataset.status !== undefined && dot.dataset.status !== 'unknown',
    dotOnline: (dot) => dot.dataset.status === 'online',
    async targetsReachable(timeoutMs) {
      const deadline = performance.now() + timeoutMs
      while (performance.now() < deadline) {
        const subscribed = new Set(population.world.subscriptionsOf(engine))
        if (population.targets.every((id) => subscribed.has(id))) return true
        await sleep(25)
      }
      return false
    },
  }
}
