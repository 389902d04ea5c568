import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'

const shots = 'tests/e2e/__screenshots__'

interface State {
  name: string
  /** Playground address (playground/states.ts reads it). */
  url: string
  viewport?: { width: number; height: number }
  /** What shows that the state is reached. */
  ready: (page: Page) => Promise<void>
}

const dotsShown = async (page: Page) => {
  await expect.poll(async () => page.locator('[role="listbox"] [data-status]').count(), { timeout: 15_000 }).toBeGreaterThan(3)
}

const STATES: State[] = [
  { name: 'light', url: '/?simulate=0', ready: dotsShown },
  { name: 'dark', url: '/?simulate=0&theme=dark', ready: dotsShown },
  {
    name: '72001',
    url: '/?simulate=0&presence=72001',
    ready: async (page) => {
      await expect(page.getByRole('status').filter({ hasText: '72001' }).first()).toBeVisible()
    },
  },
  {
    name: '3122',
    url: '/?simulate=0&presence=3122',
    ready: async (page) => {
      await expect(page.getByRole('status').filter({ hasText: '3122' }).first()).toBeVisible()
    },
  },
  {
    name: 'stale',
    url: '/?simulate=0&stale=1',
    ready: async (page) => {
      await expect.poll(async () => page.locator('[role="listbox"] [data-stale="true"]').count(), { timeout: 15_000 }).toBeGreaterThan(3)
    },
  },
  {
    name: 'logged out',
    url: '/?simulate=0&session=out',
    ready: async (page) => {
      await expect(page.getByText('Signed out')).toBeVisible()
    },
  },
  { name: 'mobile', url: '/?simulate=0', viewport: { width: 390, height: 844 }, ready: dotsShown },
  { name: 'RTL', url: '/?simulate=0&dir=rtl', ready: dotsShown },
  {
    name: 'zh-CN',
    url: '/?simulate=0&locale=zh-CN',
    ready: async (page) => {
      await dotsShown(page)
      await expect(page.getByRole('listbox', { name: '联系人' })).toBeVisible()
    },
  },
]

const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const

for (const state of STATES) {
  test(`axe: no serious or critical violation in the ${state.name} state`, async ({ page }) => {
    if (state.viewport) await page.setViewportSize(state.viewport)
    await page.goto(state.url)
    await expect(page.getByRole('listbox').first()).toBeVisible()
    await state.ready(page)
    // Let the dots' colour transitions end before colours are measured.
    await page.waitForTimeout(300)

    const { violations } = await new AxeBuilder({ page }).analyze()
    const counts = Object.fromEntries(IMPACTS.map((impact) => [impact, violations.filter((v) => v.impact === impact).reduce((n, v) => n + v.nodes.length, 0)]))
    const rules = violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`).join(', ') || 'none'
    console.log(`axe ${state.name}: ${IMPACTS.map((impact) => `${impact} ${counts[impact]}`).join(', ')}; rules: ${rules}`)

    const blocking = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `  ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 2).join('')}`).join('\n')}`)
    expect(blocking, blocking.join('\n')).toEqual([])

    if (state.name === 'zh-CN') await page.screenshot({ path: `${shots}/a11y-zh-CN.png` })
    if (state.name === 'RTL') await page.screenshot({ path: `${shots}/a11y-rtl.png` })
  })
}

test('switching the locale at run time retranslates the lists in place', async ({ page }) => {
  await page.goto('/?simulate=0')
  await dotsShown(page)
  const contacts = page.getByRole('listbox', { name: 'Contacts' })
  const handle = await contacts.elementHandle()
  const englishLabel = await contacts.locator('[data-status]').first().getAttribute('aria-label')
  expect(englishLabel).toMatch(/, (online|offline|not logged in|status unknown)/)

  await page.getByTestId('locale').selectOption('zh-CN')
  await expect(page.getByRole('listbox', { name: '联系人' })).toBeVisible()
  await expect(page.getByRole('listbox', { name: '会话' })).toBeVisible()
  expect(await handle?.evaluate((element) => element.isConnected && element.getAttribute('aria-label'))).toBe('联系人')
  await expect(page.getByRole('searchbox')).toHaveAttribute('placeholder', '搜索联系人')
  const labels = await page.locator('[role="listbox"] [data-status]').evaluateAll((dots) => dots.map((dot) => dot.getAttribute('aria-label') ?? ''))
  expect(labels.length).toBeGreaterThan(3)
  for (const label of labels) expect(label).toMatch(/，(在线|离线|未登录|状态未知)/)
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN')
})

/** Which pixels of a screenshot differ from its corner (the surface): the glyph's shape, whatever its colour. */
async function glyphMasks(page: Page, pngs: Buffer[]): Promise<boolean[][]> {
  return page.evaluate(async (encoded) => {
    const masks: boolean[][] = []
    for (const base64 of encoded) {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }))
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
      const context = canvas.getContext('2d')!
      context.drawImage(bitmap, 0, 0)
      const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height)
      const luminance = (i: number) => (0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2]) / 255
      const background = luminance(0)
      const mask: boolean[] = []
      for (let i = 0; i < data.length; i += 4) mask.push(Math.abs(luminance(i) - background) > 0.12)
      masks.push(mask)
    }
    return masks
  }, pngs.map((png) => png.toString('base64')))
}

const MODES = [
  { name: 'default', media: {} },
  { name: 'forced colours', media: { forcedColors: 'active' as const } },
  { name: 'reduced motion', media: { reducedMotion: 'reduce' as const } },
  { name: 'dark, forced colours', media: { forcedColors: 'active' as const }, dark: true },
]

for (const mode of MODES) {
  test(`status glyphs differ by shape at the default size (${mode.name})`, async ({ page }) => {
    await page.emulateMedia(mode.media)
    await page.goto(`/?simulate=0${mode.dark ? '&theme=dark' : ''}`)
    const kinds = ['online', 'offline', 'unlogined', 'unknown'] as const
    const dots = kinds.map((kind) => page.getByTestId(`legend-${kind}`))
    await dots[dots.length - 1].scrollIntoViewIfNeeded()
    for (const dot of dots) await expect(dot).toBeInViewport()
    await page.waitForTimeout(300)
    const boxes = await Promise.all(dots.map((dot) => dot.boundingBox()))
    for (const box of boxes) expect(Math.round(box?.width ?? 0)).toBe(10)
    // A margin of surface around each dot, so the corner pixel is the surface.
    const pngs = await Promise.all(
      boxes.map((box) => page.screenshot({ clip: { x: box!.x - 3, y: box!.y - 3, width: 16, height: 16 } })),
    )
    const masks = await glyphMasks(page, pngs)
    const differences: string[] = []
    for (let a = 0; a < kinds.length; a++) {
      for (let b = a + 1; b < kinds.length; b++) {
        const differing = masks[a].filter((on, i) => on !== masks[b][i]).length
        differences.push(`${kinds[a]}/${kinds[b]} ${differing}`)
        // At least a quarter of the 10x10 glyph must differ in shape alone.
        expect(differing, `${kinds[a]} vs ${kinds[b]} in ${mode.name}`).toBeGreaterThanOrEqual(25)
      }
    }
    console.log(`glyph pixels differing (${mode.name}): ${differences.join(', ')}`)
  })
}
