/**
 * Variant (b), BASELINE ONLY: the official contact list pattern (see ./ContactList.vue and ./store.ts) on the
 * same world, the same engine and the same event delivery as variant (a). Never imported by src/.
 */
import { createApp, h, shallowRef } from 'vue'
import { createLocalEngine } from '../../../src/engine/local'
import { countingMixin, SELF, TaskScheduler, type Population } from '../harness'
import type { Variant } from '../variant'
import BaselineView from './BaselineView.vue'
import { bindUserStatus, loadBaseline } from './store'
import './baseline.css'

export async function setupBaseline(population: Population, mountPoint: Element): Promise<Variant> {
  const scheduler = new TaskScheduler()
  const engine = createLocalEngine({ world: population.world, id: 'bench', schedule: scheduler.schedule })
  bindUserStatus(engine)
  await engine.login({ userID: SELF, userSig: 'bench-signature' })
  await loadBaseline(engine)

  const show = shallowRef(false)
  const app = createApp({ render: () => h(BaselineView, { show: show.value }) })
  app.mixin(countingMixin('ContactListItem'))
  app.mount(mountPoint)

  const scroller = () => document.querySelector<HTMLElement>('[data-variant="baseline"] .bench-baseline__scroller')
  return {
    name: 'baseline',
    population,
    engine,
    scheduler,
    rowComponent: 'ContactListItem',
    show: () => {
      show.value = true
    },
    scroller,
    rows: () => Array.from(scroller()?.querySelectorAll<HTMLElement>('.TUI-contact-list-card') ?? []),
    keyOf: (row) => row.dataset.key ?? '',
    dotOf: (row) => row.querySelector<HTMLElement>('.online-status'),
    dotKnown: () => true,
    dotOnline: (dot) => dot.classList.contains('online-status-online'),
    async targetsReachable() {
      const subscribed = new Set(population.world.subscriptionsOf(engine))
      return population.targets.every((id) => subscribed.has(id))
    },
  }
}
