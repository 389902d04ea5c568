/**
 * Variant (c), REFERENCE ONLY: a plain keyed list reading a reactive Map (SPEC section 6), on the same world, engine
 * and event delivery as (a) and (b). It shows what the simplest good implementation costs per event; it is not
 * virtualised, so its first render grows with N. Never imported by src/.
 */
import { createApp, h, shallowRef } from 'vue'
import { createLocalEngine } from '../../../src/engine/local'
import { countingMixin, SELF, TaskScheduler, type Population } from '../harness'
import type { Variant } from '../variant'
import ReferenceView from './ReferenceView.vue'
import { bindStatuses, loadReference } from './store'

export async function setupReference(population: Population, mountPoint: Element): Promise<Variant> {
  const scheduler = new TaskScheduler()
  const engine = createLocalEngine({ world: population.world, id: 'bench', schedule: scheduler.schedule })
  bindStatuses(engine)
  await engine.login({ userID: SELF, userSig: 'bench-signature' })
  const friends = await loadReference(engine)

  const show = shallowRef(false)
  const app = createApp({ render: () => h(ReferenceView, { show: show.value, friends }) })
  app.mixin(countingMixin('ReferenceRow'))
  app.mount(mountPoint)

  const scroller = () => document.querySelector<HTMLElement>('[data-variant="reference"] .bench-reference__scroller')
  return {
    name: 'reference',
    population,
    engine,
    scheduler,
    rowComponent: 'ReferenceRow',
    show: () => {
      show.value = true
    },
    scroller,
    rows: () => Array.from(scroller()?.querySelectorAll<HTMLElement>('.bench-reference__row') ?? []),
    keyOf: (row) => row.dataset.key ?? '',
    dotOf: (row) => row.querySelector<HTMLElement>('.bench-reference__dot'),
    dotKnown: (dot) => dot.dataset.status !== 'unknown',
    dotOnline: (dot) => dot.dataset.status === 'online',
    async targetsReachable() {
      const subscribed = new Set(population.world.subscriptionsOf(engine))
      return population.targets.every((id) => subscribed.has(id))
    },
  }
}
