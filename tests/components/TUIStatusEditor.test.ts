import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TUIStatusEditor } from '../../src/components/TUIStatusEditor'
import { LIMITS } from '../../src/engine/constants'
import { createLocalEngine, type World } from '../../src/engine/local'
import { TUIKit } from '../../src/plugin'
import { TUILogin, getActiveKit } from '../../src/services'
import {
  createMemoryExpiryStorage,
  CustomStatusTooLongError,
  expiryTime,
  parseCustomStatus,
  utf8Bytes,
  type StatusExpiryStorage,
} from '../../src/services/custom-status'
import { useUserStatusStore } from '../../src/stores/user-status'
import { ME, createTestWorld, settle } from './helpers'

enableAutoUnmount(afterEach)

const MINUTE = 60_000

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true, now: new Date('2026-03-10T15:00:00') })
})
afterEach(() => {
  vi.useRealTimers()
})

async function mountEditor(world: World, storage: StatusExpiryStorage) {
  const engine = createLocalEngine({ world })
  const wrapper = mount(TUIStatusEditor, {
    global: { plugins: [createPinia(), [TUIKit, { engine, statusExpiryStorage: storage, presence: { dwellMs: 0, settleMs: 0 } }]] },
  })
  await TUILogin.login({ userID: ME, userSig: 'sig' })
  await settle()
  return { wrapper, engine }
}

function setSelfStatusCalls(world: World): number {
  return world.calls.filter((call) => call.method === 'setSelfStatus').length
}

describe('TUIStatusEditor', () => {
  it('counts bytes live and rejects an over-limit status with a typed error, changing nothing', async () => {
    const { world } = createTestWorld()
    world.setCustomStatus(ME, 'busy')
    const { wrapper } = await mountEditor(world, createMemoryExpiryStorage())
    const store = useUserStatusStore()
    const input = wrapper.get('input[type="text"]')
    expect((input.element as HTMLInputElement).value).toBe('busy')
    expect(wrapper.get('.tui-status-editor__counter').text()).toBe(`4 / ${LIMITS.CUSTOM_STATUS_MAX_BYTES} bytes`)

    // 26 party poppers are 104 UTF-8 bytes, though only 26 characters.
    await input.setValue('🎉'.repeat(26))
    expect(wrapper.get('.tui-status-editor__counter').text()).toBe('104 / 100 bytes')
    expect(input.attributes('aria-invalid')).toBe('true')
    const calls = setSelfStatusCalls(world)
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    const [error] = wrapper.emitted('error')?.[0] as [CustomStatusTooLongError]
    expect(error).toBeInstanceOf(CustomStatusTooLongError)
    expect(error.code).toBe(6017)
    expect(error.bytes).toBe(104)
    expect(error.limit).toBe(100)
    expect(wrapper.get('[role="alert"]').text()).toContain('104 of 100 bytes')
    expect(wrapper.emitted('saved')).toBeUndefined()
    expect(setSelfStatusCalls(world)).toBe(calls)
    expect(world.getStatus(ME).customStatus).toBe('busy')
    expect(store.selfStatus?.customStatus).toBe('busy')
  })

  it('isolates its texts so they read in order in dir="rtl": the counter is one run, label and placeholder pick their own direction', async () => {
    const { world } = createTestWorld()
    world.setCustomStatus(ME, 'busy')
    const { wrapper } = await mountEditor(world, createMemoryExpiryStorage())
    // The counter is a single formatted message inside one isolate: numbers and unit keep their order.
    const counter = wrapper.get('.tui-status-editor__counter')
    const runs = counter.findAll('bdi')
    expect(runs).toHaveLength(1)
    expect(runs[0]!.text()).toBe(`4 / ${LIMITS.CUSTOM_STATUS_MAX_BYTES} bytes`)
    expect(counter.text()).toBe(runs[0]!.text())
    // The label's text is isolated (its "?" stays at the end of the English sentence in an RTL page).
    const label = wrapper.get('label[for$="-text"]')
    expect(label.get('bdi').text()).toBe("What's your status?")
    // The input (value and placeholder) takes its direction from its own text.
    const input = wrapper.get('input[type="text"]')
    expect(input.attributes('dir')).toBe('auto')
    expect(input.attributes('placeholder')).toBe("What's happening?")
  })

  it('a preset with "clear after 30 minutes" is cleared by the kit at 30 minutes on the world clock', async () => {
    const { world } = createTestWorld()
    const storage = createMemoryExpiryStorage()
    const { wrapper } = await mountEditor(world, storage)
    const store = useUserStatusStore()
    const preset = wrapper.findAll('.tui-status-editor__preset').find((b) => b.text().includes('In a meeting'))
    await preset?.trigger('click')
    await wrapper.get('select').setValue('30m')
    const savedAt = Date.now()
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(world.getStatus(ME).customStatus).toBe('📅 In a meeting')
    expect(wrapper.emitted('saved')?.[0]?.[0]).toMatchObject({ customStatus: '📅 In a meeting' })
    const expiresAt = storage.get(ME)?.expiresAt ?? 0
    expect(expiresAt - savedAt).toBeGreaterThanOrEqual(30 * MINUTE)
    expect(expiresAt - savedAt).toBeLessThan(30 * MINUTE + 5_000)
    expect(getActiveKit()?.customStatus.expiresAt()).toBe(expiresAt)

    await vi.advanceTimersByTimeAsync(expiresAt - Date.now() - 2_000)
    await settle()
    expect(world.getStatus(ME).customStatus).toBe('📅 In a meeting')
    await vi.advanceTimersByTimeAsync(2_000)
    await settle()
    expect(world.getStatus(ME).customStatus).toBe('')
    expect(store.selfStatus?.customStatus).toBe('')
    expect(storage.get(ME)).toBeNull()
  })

  it('clears at the next login a status that expired while the app was closed', async () => {
    const { world } = createTestWorld()
    const storage = createMemoryExpiryStorage()
    const first = await mountEditor(world, storage)
    await first.wrapper.get('input[type="text"]').setValue('Lunch')
    await first.wrapper.findAll('.tui-status-editor__emoji').find((b) => b.text() === '🍽️')?.trigger('click')
    await first.wrapper.get('select').setValue('30m')
    await first.wrapper.get('form').trigger('submit')
    await settle()
    expect(world.getStatus(ME).customStatus).toBe('🍽️ Lunch')

    // The tab is closed without logging out: the connection is lost, the status stays on the server.
    world.dropConnection(first.engine)
    first.wrapper.unmount()
    await vi.advanceTimersByTimeAsync(45 * MINUTE)
    expect(world.getStatus(ME).customStatus).toBe('🍽️ Lunch')

    await mountEditor(world, storage)
    await settle()
    expect(world.getStatus(ME).customStatus).toBe('')
    expect(storage.get(ME)).toBeNull()
  })

  it('leaves a status alone that was changed elsewhere before it expired', async () => {
    const { world } = createTestWorld()
    const storage = createMemoryExpiryStorage()
    const { wrapper } = await mountEditor(world, storage)
    await wrapper.get('input[type="text"]').setValue('Coffee')
    await wrapper.get('select').setValue('30m')
    await wrapper.get('form').trigger('submit')
    await settle()
    world.setCustomStatus(ME, 'Back at my desk') // another device
    await vi.advanceTimersByTimeAsync(31 * MINUTE)
    await settle()
    expect(world.getStatus(ME).customStatus).toBe('Back at my desk')
  })

  it('clear button clears the status and its expiry', async () => {
    const { world } = createTestWorld()
    const storage = createMemoryExpiryStorage()
    const { wrapper } = await mountEditor(world, storage)
    await wrapper.get('input[type="text"]').setValue('Focusing')
    await wrapper.get('select').setValue('1h')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(storage.get(ME)).not.toBeNull()
    const clear = wrapper.findAll('button').find((b) => b.text() === 'Clear status')
    expect(clear?.attributes('disabled')).toBeUndefined()
    await clear?.trigger('click')
    await settle()
    expect(world.getStatus(ME).customStatus).toBe('')
    expect(storage.get(ME)).toBeNull()
    expect((wrapper.get('input[type="text"]').element as HTMLInputElement).value).toBe('')
    expect(wrapper.get('[role="status"]').text()).toBe('Status cleared')
  })
})

describe('custom status helpers', () => {
  it('counts UTF-8 bytes, splits a leading emoji, and computes expiries', () => {
    expect(utf8Bytes('abc')).toBe(3)
    expect(utf8Bytes('é')).toBe(2)
    expect(utf8Bytes('会议')).toBe(6)
    expect(utf8Bytes('🎉')).toBe(4)
    expect(parseCustomStatus('📅 In a meeting')).toEqual({ emoji: '📅', text: 'In a meeting' })
    expect(parseCustomStatus('🍽️ Lunch')).toEqual({ emoji: '🍽️', text: 'Lunch' })
    expect(parseCustomStatus('In a meeting')).toEqual({ emoji: '', text: 'In a meeting' })
    const tuesday3pm = new Date('2026-03-10T15:00:00').getTime()
    expect(expiryTime('30m', tuesday3pm)).toBe(tuesday3pm + 30 * MINUTE)
    expect(expiryTime('4h', tuesday3pm)).toBe(tuesday3pm + 240 * MINUTE)
    expect(expiryTime('today', tuesday3pm)).toBe(new Date('2026-03-11T00:00:00').getTime())
    expect(expiryTime('week', tuesday3pm)).toBe(new Date('2026-03-16T00:00:00').getTime())
    expect(expiryTime('week', new Date('2026-03-15T22:00:00').getTime())).toBe(new Date('2026-03-16T00:00:00').getTime())
    expect(expiryTime('never', tuesday3pm)).toBeNull()
  })
})
