import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { extractComponentDocs } from '../../docs/.vitepress/api/meta'

/**
 * The built docs site (docs/.vitepress/dist, from `npm run docs:build`), as a reader sees it: every page loads
 * without a console error, every live example runs on its demo world and shows a status change, the API pages show
 * the JSDoc of the code, dark mode and search work.
 */
const dist = fileURLToPath(new URL('../../docs/.vitepress/dist/', import.meta.url))
const shots = fileURLToPath(new URL('./__screenshots__/', import.meta.url))

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'assets' ? [] : htmlFiles(path)
    return name.endsWith('.html') && name !== '404.html' ? [path] : []
  })
}

if (!existsSync(join(dist, 'index.html'))) throw new Error('The docs are not built: run `npm run docs:build` first.')
const files = htmlFiles(dist)
const pages = files.map((file) => `/${relative(dist, file).replace(/\\/g, '/')}`.replace(/index\.html$/, ''))
const pagesWithExamples = files
  .filter((file) => readFileSync(file, 'utf8').includes('data-live-example'))
  .map((file) => `/${relative(dist, file).replace(/\\/g, '/')}`.replace(/index\.html$/, ''))

/** Console errors, uncaught exceptions and failed requests of a page, as they happen. */
function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`)
  })
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`))
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`)
  })
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`))
  return errors
}

/** The first user of the example's controls whose row (and dot) is on screen in the example. */
async function shownUser(stage: Locator, select: Locator): Promise<string> {
  for (const option of await select.locator('option').allInnerTexts()) {
    const name = option.trim()
    if (await stage.locator(`[role="img"][aria-label^="${name},"]`).first().isVisible()) return name
  }
  throw new Error('no user of the controls is shown in the example')
}

async function examplesReady(page: Page): Promise<Locator[]> {
  const examples = await page.locator('[data-live-example]').all()
  for (const example of examples) await expect(example).toHaveAttribute('data-ready', 'true', { timeout: 15_000 })
  return examples
}

test('the site has its pages and live examples', () => {
  expect(pages).toEqual(expect.arrayContaining(['/', '/guide/getting-started.html', '/presence.html', '/migration.html', '/api/', '/api/TUIConversation.html', '/benchmarks.html', '/reliability.html']))
  expect(pagesWithExamples).toEqual(
    expect.arrayContaining([
      '/',
      '/components/conversation.html',
      '/components/contact.html',
      '/components/status-dot.html',
      '/components/avatar.html',
      '/components/status-editor.html',
      '/components/presence-card.html',
      '/components/last-seen.html',
    ]),
  )
})

test('every sidebar and nav link leads to a built page', async ({ page }) => {
  await page.goto('/guide/getting-started.html')
  const hrefs = await page.locator('.VPSidebar a[href], .VPNavBar a[href]').evaluateAll((links) =>
    links.map((link) => new URL((link as HTMLAnchorElement).href).pathname).filter((path) => !path.startsWith('//')),
  )
  expect(hrefs.length).toBeGreaterThan(20)
  const missing = [...new Set(hrefs)].filter((path) => !pages.includes(path) && !pages.includes(path.replace(/\/$/, '/')))
  expect(missing).toEqual([])
  // Every page of the site is linked from the sidebar (the home page from the title).
  const unlinked = pages.filter((path) => path !== '/' && !hrefs.includes(path))
  expect(unlinked).toEqual([])
})

test('no page logs a console error', async ({ page }) => {
  const errors = watchErrors(page)
  const byPage: Record<string, string[]> = {}
  for (const path of pages) {
    await page.goto(path)
    await page.waitForLoadState('networkidle')
    await examplesReady(page)
    // Let the examples' first subscriptions and a simulated change or two happen.
    if (pagesWithExamples.includes(path)) await page.waitForTimeout(1_500)
    if (errors.length) byPage[path] = errors.splice(0)
  }
  expect(byPage).toEqual({})
})

for (const path of pagesWithExamples) {
  test(`live examples on ${path} render rows with dots and follow their world`, async ({ page }) => {
    const errors = watchErrors(page)
    await page.goto(path)
    const examples = await examplesReady(page)
    expect(examples.length).toBeGreaterThan(0)
    for (const example of examples) {
      const id = await example.getAttribute('data-live-example')
      const stage = example.locator('.live-example__stage')
      // The list's rows (a form in the example, like the status editor's, has options of its own).
      const rows = stage.getByRole('listbox').getByRole('option')
      await expect(rows.first(), `${id}: rows`).toBeVisible()
      expect(await rows.count(), `${id}: rows`).toBeGreaterThanOrEqual(4)
      const dots = stage.locator('[role="img"][data-status]')
      expect(await dots.count(), `${id}: dots`).toBeGreaterThanOrEqual(4)
      // The rows in view get their status from the world (query, then subscription after the dwell time).
      await expect(stage.locator('[role="img"][data-status="online"]').first(), `${id}: a known status`).toBeVisible({ timeout: 10_000 })

      // Pause the simulation, then change the status of a user shown in the example from its controls.
      const controls = example.getByRole('group', { name: /Demo world/ })
      await controls.getByRole('button', { name: 'Pause simulation' }).click()
      await expect(controls.getByRole('button', { name: 'Resume simulation' })).toBeVisible()
      const select = controls.getByLabel('User')
      const name = await shownUser(stage, select)
      await select.selectOption({ label: name })
      const dot = stage.locator(`[role="img"][aria-label^="${name},"]`).first()
      // Wait until their dot shows the world's value (subscribed), then move them to each other state.
      await expect(dot).not.toHaveAttribute('data-status', 'unknown', { timeout: 10_000 })
      const states = [
        { button: 'Offline', status: 'offline', label: `${name}, offline` },
        { button: 'Not logged in', status: 'unlogined', label: `${name}, not logged in` },
        { button: 'Online', status: 'online', label: `${name}, online` },
      ]
      const current = await dot.getAttribute('data-status')
      const order = [...states.filter((s) => s.status !== current), ...states.filter((s) => s.status === current)]
      for (const state of order) {
        await controls.getByRole('button', { name: state.button, exact: true }).click()
        await expect(dot, `${id}: ${state.button}`).toHaveAttribute('data-status', state.status, { timeout: 5_000 })
        await expect(dot).toHaveAttribute('aria-label', new RegExp(`^${state.label}`))
      }
    }
    expect(errors).toEqual([])
  })
}

test('the API pages show the JSDoc of the code', async ({ page }) => {
  const docs = extractComponentDocs()
  expect(docs.length).toBeGreaterThanOrEqual(4)
  const text = (markdown: string) => markdown.replace(/`/g, '').replace(/\s+/g, ' ').trim()
  for (const doc of docs) {
    await page.goto(`/api/${doc.name}.html`)
    await expect(page.getByRole('heading', { level: 1, name: doc.name })).toBeVisible()
    const rows = page.locator(`#${doc.name.toLowerCase()}-props ~ table`).first().locator('tbody tr')
    await expect(rows).toHaveCount(doc.props.length)
    for (const [i, prop] of doc.props.entries()) {
      const cells = rows.nth(i).locator('td')
      await expect(cells.nth(0)).toContainText(prop.name)
      expect((await cells.nth(3).innerText()).replace(/\s+/g, ' ').trim(), `${doc.name}.${prop.name}`).toBe(text(prop.description))
    }
  }
})

test('dark mode reaches the live examples', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await page.goto('/components/conversation.html')
  await examplesReady(page)
  const stage = page.locator('.live-example__stage').first()
  const background = () => stage.locator('.tui-conversation').evaluate((el) => getComputedStyle(el).backgroundColor)
  const light = await background()
  await page.locator('.VPNavBarAppearance .VPSwitchAppearance').click()
  await expect(page.locator('html')).toHaveClass(/dark/)
  await expect(stage).toHaveAttribute('data-theme', 'dark')
  await expect.poll(background).not.toBe(light)
  expect(await background()).toBe('rgb(22, 24, 29)')
  await page.screenshot({ path: join(shots, 'docs-conversation-dark.png') })
})

test('local search finds a prop', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('button', { name: /search/i }).first().click()
  const input = page.getByRole('searchbox').or(page.locator('input.search-input')).first()
  await input.fill('displayOnlineStatus')
  const results = page.locator('.VPLocalSearchBox .result')
  await expect(results.first()).toBeVisible()
  expect(await results.count()).toBeGreaterThan(1)
})

test('screenshots of the home page and a component page', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await page.goto('/')
  await examplesReady(page)
  await page.waitForTimeout(1_000)
  await page.screenshot({ path: join(shots, 'docs-home.png'), fullPage: true })
  await page.goto('/components/conversation.html')
  await examplesReady(page)
  await page.waitForTimeout(1_000)
  await page.screenshot({ path: join(shots, 'docs-conversation.png') })
})

test('the i18n example switches every dot to Chinese at run time', async ({ page }) => {
  await page.goto('/guides/i18n.html')
  const [example] = await examplesReady(page)
  const stage = example.locator('.live-example__stage')
  await expect(stage.locator('[role="img"][data-status="online"]').first()).toBeVisible({ timeout: 10_000 })
  const name = await shownUser(stage, example.getByLabel('User'))
  const dot = stage.locator(`[role="img"][aria-label^="${name}"]`).first()
  await expect(dot).toHaveAttribute('aria-label', new RegExp(`^${name}, (online|offline|not logged in)`), { timeout: 10_000 })
  await stage.getByRole('button', { name: '中文' }).click()
  await expect(dot).toHaveAttribute('aria-label', new RegExp(`^${name}，(在线|离线|未登录)`))
  await stage.getByRole('button', { name: 'English' }).click()
  await expect(dot).toHaveAttribute('aria-label', new RegExp(`^${name}, `))
  // The catalogue table is the package's own.
  await expect(page.locator('.message-table tbody tr').first()).toContainText('status.online')
})

/** The live example of a page, ready, with its simulation paused so that only the test changes its world. */
async function pausedExample(page: Page, path: string, id: string): Promise<{ example: Locator; stage: Locator; controls: Locator }> {
  await page.goto(path)
  await examplesReady(page)
  const example = page.locator(`[data-live-example="${id}"]`)
  const stage = example.locator('.live-example__stage')
  const controls = example.getByRole('group', { name: /Demo world/ })
  await expect(stage.locator('[role="img"][data-status="online"]').first()).toBeVisible({ timeout: 10_000 })
  await controls.getByRole('button', { name: 'Pause simulation' }).click()
  return { example, stage, controls }
}

test('the status editor example saves a status that shows as yours', async ({ page }) => {
  const errors = watchErrors(page)
  const { stage } = await pausedExample(page, '/components/status-editor.html', 'status-editor')
  const self = stage.getByTestId('self-status')
  await expect(self).toHaveText('Your status: none')
  const editor = stage.locator('form.tui-status-editor')
  await editor.getByRole('button', { name: /In a meeting/ }).click()
  await expect(editor.locator('.tui-status-editor__counter bdi')).toHaveText(/^\d+ \/ 100 bytes$/)
  await editor.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(self).toHaveText(/Your status: \S+ In a meeting$/)
  await expect(editor.getByRole('status')).toHaveText('Status saved')
  // Clearing goes back to none.
  await editor.getByRole('button', { name: 'Clear status' }).click()
  await expect(self).toHaveText('Your status: none')
  expect(errors).toEqual([])
})

test('the presence card example opens the card on hover and from the keyboard', async ({ page }) => {
  const errors = watchErrors(page)
  const { stage, controls } = await pausedExample(page, '/components/presence-card.html', 'presence-card')
  const list = stage.getByRole('listbox')
  const card = page.getByRole('tooltip')
  const name = await shownUser(stage, controls.getByLabel('User'))
  const row = stage.getByRole('option').filter({ has: page.locator(`[role="img"][aria-label^="${name},"]`) }).first()
  await row.locator('.tui-avatar').hover()
  await expect(card).toBeVisible()
  await expect(card).toContainText(name)
  await expect(row).toHaveAttribute('aria-describedby', (await card.getAttribute('id')) ?? '')
  // The open card follows the world.
  await controls.getByLabel('User').selectOption({ label: name })
  await controls.getByRole('button', { name: 'Not logged in', exact: true }).click()
  await expect(card).toHaveAttribute('data-status', 'unlogined')
  await controls.getByRole('button', { name: 'Online', exact: true }).click()
  await expect(card).toHaveAttribute('data-status', 'online')
  await page.keyboard.press('Escape')
  await expect(card).toBeHidden()
  // From the keyboard: the active row's card, focus stays on the list.
  await page.mouse.move(5, 5)
  await list.focus()
  await page.keyboard.press('ArrowDown')
  await expect(card).toBeVisible()
  await expect(list).toBeFocused()
  expect(errors).toEqual([])
})

test('the last seen example shows when an offline friend was last active', async ({ page }) => {
  const errors = watchErrors(page)
  const { stage, controls } = await pausedExample(page, '/components/last-seen.html', 'last-seen')
  const name = await shownUser(stage, controls.getByLabel('User'))
  const row = stage.getByRole('option').filter({ has: page.locator(`[role="img"][aria-label^="${name},"]`) }).first()
  await row.click()
  await expect(row).toHaveAttribute('aria-selected', 'true')
  const chosen = stage.getByTestId('chosen-friend')
  await expect(chosen).toContainText(name)
  await controls.getByLabel('User').selectOption({ label: name })
  await controls.getByRole('button', { name: 'Online', exact: true }).click()
  await expect(chosen.locator('time')).toHaveCount(0)
  // Offline now: the world knows since when.
  await controls.getByRole('button', { name: 'Offline', exact: true }).click()
  const lastSeen = /^(Active (just now|\d+ (second|minute)s? ago)|Last seen .+)$/
  await expect(chosen.locator('time.tui-last-seen')).toHaveText(lastSeen, { timeout: 10_000 })
  await expect(chosen.locator('time.tui-last-seen')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/)
  expect(errors).toEqual([])
})
