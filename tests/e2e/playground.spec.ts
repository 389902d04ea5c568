import { expect, test } from '@playwright/test'

const shots = 'tests/e2e/__screenshots__'

test('the playground shows live dots and follows the global switch', async ({ page }) => {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
  })

  await page.goto('/')
  const conversations = page.getByRole('listbox', { name: /chats|conversations/i })
  const contacts = page.getByRole('listbox', { name: /contacts/i })
  await expect(conversations).toBeVisible()
  await expect(contacts).toBeVisible()

  // Dots render in both lists, with a state a user can read.
  const dots = page.locator('[role="img"][data-status]')
  await expect(dots.first()).toBeVisible()
  await expect.poll(async () => page.locator('[data-status="online"]').count()).toBeGreaterThan(2)
  const firstLabel = await contacts.locator('[role="img"][data-status]').first().getAttribute('aria-label')
  expect(firstLabel).toMatch(/, (online|offline|not logged in|status unknown)/)
  await expect.poll(async () => Number(await page.getByTestId('subscriptions').textContent().then((t) => t?.split('/')[0]))).toBeGreaterThan(0)
  await page.screenshot({ path: `${shots}/playground-on.png` })

  // Global switch off: every dot disappears and the server holds no subscription.
  await page.getByTestId('global-switch').uncheck()
  await expect(conversations.locator('[data-status]')).toHaveCount(0)
  await expect(contacts.locator('[data-status]')).toHaveCount(0)
  await expect(page.getByTestId('subscriptions')).toHaveText(/^0 \//)
  await page.screenshot({ path: `${shots}/playground-off.png` })

  // On again: dots come back.
  await page.getByTestId('global-switch').check()
  await expect.poll(async () => contacts.locator('[data-status]').count()).toBeGreaterThan(3)
  await expect.poll(async () => page.locator('[data-status="online"]').count()).toBeGreaterThan(2)

  // A list's own prop overrides the switch.
  await page.getByTestId('contact-prop').selectOption('off')
  await expect(contacts.locator('[data-status]')).toHaveCount(0)
  await expect.poll(async () => conversations.locator('[data-status]').count()).toBeGreaterThan(3)
  await page.getByTestId('contact-prop').selectOption('follow')

  // Dark theme screenshot for the README.
  await page.getByTestId('dark').check()
  await page.waitForTimeout(300)
  await page.screenshot({ path: `${shots}/playground-dark.png` })

  expect(problems).toEqual([])
})

test('the console switch off shows the 72001 state and the lists keep working', async ({ page }) => {
  await page.goto('/')
  const contacts = page.getByRole('listbox', { name: /contacts/i })
  await expect.poll(async () => contacts.locator('[data-status]').count()).toBeGreaterThan(3)
  await page.getByTestId('console-switch').uncheck()
  await expect(page.getByTestId('availability')).toHaveText(/72001/)
  await expect(page.getByRole('status').filter({ hasText: /console|72001/i }).first()).toBeVisible()
  await expect(contacts.locator('[data-status]')).toHaveCount(0)
  await expect(contacts.getByRole('option').first()).toBeVisible()
  await page.screenshot({ path: `${shots}/playground-72001.png` })
  await page.getByTestId('console-switch').check()
  await expect(page.getByTestId('availability')).toHaveText('available')
  await expect.poll(async () => contacts.locator('[data-status]').count()).toBeGreaterThan(3)
})

test('the Tencent engine choice says clearly when the network or the credentials fail', async ({ page }) => {
  await page.goto('/?engine=tencent&SDKAppID=1400000000&userID=alice&userSig=not-a-real-sig&loginTimeoutMs=4000')
  const error = page.getByTestId('start-error')
  await expect(error).toBeVisible({ timeout: 20_000 })
  await expect(error).toHaveText(/Tencent Chat.*(network|credentials)/i)
  await expect(page.getByTestId('engine')).toHaveValue('tencent')
  await expect(page.getByRole('listbox', { name: /contacts/i })).toBeVisible()
  await page.screenshot({ path: `${shots}/playground-tencent-offline.png` })
})

test('a missing SDKAppID is explained before anything is sent', async ({ page }) => {
  await page.goto('/?engine=tencent&userID=alice&userSig=x')
  await expect(page.getByTestId('start-error')).toHaveText(/SDKAppID/)
})
