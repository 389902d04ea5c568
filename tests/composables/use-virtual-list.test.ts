import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, shallowRef } from 'vue'
import { useVirtualList } from '../../src/composables/useVirtualList'

/** ResizeObserver and requestAnimationFrame under the test's control; `clientHeight` counted as layout reads. */
function controlledBrowser() {
  const observers: Array<() => void> = []
  const frames: FrameRequestCallback[] = []
  vi.stubGlobal(
    'ResizeObserver',
    class {
      constructor(private readonly callback: () => void) {}
      observe() {
        observers.push(() => this.callback())
      }
      disconnect() {}
    },
  )
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback))
  vi.stubGlobal('cancelAnimationFrame', () => undefined)
  let height = 0
  let reads = 0
  return {
    /** The browser lays the page out with the viewport this tall and reports it. */
    resize(px: number) {
      height = px
      for (const notify of observers) notify()
    },
    nextFrame() {
      for (const callback of frames.splice(0)) callback(performance.now())
    },
    layoutReads: () => reads,
    attach(el: HTMLElement) {
      Object.defineProperty(el, 'clientHeight', {
        get: () => {
          reads++
          return height
        },
      })
    },
  }
}

const ITEMS = Array.from({ length: 1000 }, (_, i) => `row${i}`)

function mountList(browser: ReturnType<typeof controlledBrowser>, expectedHeight: number) {
  return mount(
    defineComponent(() => {
      const el = shallowRef<HTMLElement | null>(null)
      const { virtualItems } = useVirtualList(el, ITEMS, { getKey: (x) => x, itemHeight: 50, overscan: 2, expectedHeight })
      return () =>
        h('div', { ref: (node) => { if (node && node !== el.value) { browser.attach(node as HTMLElement); el.value = node as HTMLElement } } }, virtualItems.value.map((v) => h('p', { key: v.key }, v.key)))
    }),
  )
}

describe('useVirtualList: sizes from the browser', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('renders the expected height at once, without reading the layout; a smaller measured viewport applies in the next frame', async () => {
    const browser = controlledBrowser()
    const wrapper = mountList(browser, 500)
    await wrapper.vm.$nextTick()
    // 500 px: rows 0-9 in view, plus 2 of overscan.
    expect(wrapper.findAll('p')).toHaveLength(12)
    expect(browser.layoutReads()).toBe(0)

    browser.resize(300)
    await wrapper.vm.$nextTick()
    expect(wrapper.findAll('p')).toHaveLength(12) // the frame being drawn keeps its rows
    browser.nextFrame()
    await wrapper.vm.$nextTick()
    expect(wrapper.findAll('p')).toHaveLength(8)
  })

  it('a larger measured viewport applies at once (rows would be missing)', async () => {
    const browser = controlledBrowser()
    const wrapper = mountList(browser, 300)
    await wrapper.vm.$nextTick()
    expect(wrapper.findAll('p')).toHaveLength(8)
    browser.resize(600)
    await wrapper.vm.$nextTick()
    expect(wrapper.findAll('p')).toHaveLength(14)
  })
})
