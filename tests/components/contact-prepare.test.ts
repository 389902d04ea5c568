import { enableAutoUnmount, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, shallowRef } from 'vue'
import { TUIContact } from '../../src/components/TUIContact'
import { TUIKit } from '../../src/plugin'
import { TUILogin } from '../../src/services'
import { createTestWorld, flushPromises, mountKit, optionKeys, settle } from './helpers'

enableAutoUnmount(afterEach)

/** A page that shows the contact list only when asked, as a tab opened after the login. */
const Page = defineComponent({
  props: { display: { type: Boolean, default: undefined } },
  setup: () => ({ show: shallowRef(false) }),
  render() {
    return h('div', [this.show ? h(TUIContact, { height: 400, displayOnlineStatus: this.display }) : null])
  },
})

function world() {
  return createTestWorld((w) => {
    for (const [id, nick] of [['u3', 'Cyd'], ['u1', 'Ann'], ['u2', 'Bea']]) {
      w.addUser({ userID: id, nick })
      w.addFriend('me', id)
    }
  })
}

/** Tasks posted with `scheduler.postTask`, run when the test says. */
function backgroundTasks() {
  const tasks: Array<() => void> = []
  vi.stubGlobal('scheduler', {
    postTask: (task: () => void) => {
      tasks.push(task)
      return Promise.resolve()
    },
  })
  return { tasks, runAll: () => tasks.splice(0).forEach((task) => task()) }
}

/** Name comparisons made (each sort comparison reads `Intl.Collator.prototype.compare`). */
function countComparisons() {
  const spy = vi.spyOn(Intl.Collator.prototype, 'compare', 'get')
  return { count: () => spy.mock.calls.length, reset: () => spy.mockClear() }
}

describe('contacts are sorted in a task of their own when the friend list arrives', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('a list shown after that task sorts nothing in its first render', async () => {
    const background = backgroundTasks()
    const { wrapper } = await mountKit<{ show: boolean }>(Page, world())
    expect(background.tasks).toHaveLength(1)
    background.runAll()
    const comparisons = countComparisons()
    wrapper.vm.show = true
    await settle()
    expect(optionKeys(wrapper)).toEqual(['u1', 'u2', 'u3'])
    expect(comparisons.count()).toBe(0)
  })

  it('a list shown before it sorts in its first render, and the task then finds the work done', async () => {
    const background = backgroundTasks()
    const { wrapper } = await mountKit<{ show: boolean }>(Page, world())
    const comparisons = countComparisons()
    wrapper.vm.show = true
    await settle()
    expect(optionKeys(wrapper)).toEqual(['u1', 'u2', 'u3'])
    expect(comparisons.count()).toBeGreaterThan(0)
    comparisons.reset()
    background.runAll()
    expect(comparisons.count()).toBe(0)
  })
})

describe("a list's first screen", () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  /** A few tasks and their microtasks (not `settle()`: it waits for the minute-long settle timer). */
  const turns = async () => {
    for (let i = 0; i < 5; i++) {
      await flushPromises()
      await new Promise<void>((resolve) => setTimeout(resolve, 0))
    }
  }

  it('is queried right after the frame that shows its rows, with no settle time', async () => {
    const frames: FrameRequestCallback[] = []
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback))
    vi.stubGlobal('cancelAnimationFrame', () => undefined)
    const { world: w, engine } = world()
    const friendsQueried = () =>
      w.calls.filter((c) => c.method === 'getUserStatus').flatMap((c) => c.userIDList ?? []).filter((id) => id !== 'me').sort()
    // A settle time of a minute: only the first screen's own path can query within the test. The list is shown
    // after the login, as a tab opened later.
    const wrapper = mount(Page, {
      props: { display: true },
      global: { plugins: [createPinia(), [TUIKit, { engine, presence: { dwellMs: 60_000, settleMs: 60_000, maxWaitMs: 60_000 } }]] },
    })
    await TUILogin.login({ userID: 'me', userSig: 'sig' })
    await turns()
    ;(wrapper.vm as unknown as { show: boolean }).show = true
    await turns()
    expect(optionKeys(wrapper)).toEqual(['u1', 'u2', 'u3'])
    expect(friendsQueried()).toEqual([])
    expect(frames.length).toBeGreaterThan(0)
    for (const frame of frames.splice(0)) frame(performance.now())
    await turns()
    expect(friendsQueried()).toEqual(['u1', 'u2', 'u3'])
  })
})
