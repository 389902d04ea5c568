import { expect, test, type Page } from '@playwright/test'

const shots = 'tests/e2e/__screenshots__'

function watchProblems(page: Page): string[] {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
  })
  return problems
}

test('the presence card opens on hover and on keyboard focus, and Escape closes it', async ({ page }) => {
  const problems = watchProblems(page)
  await page.goto('/?simulate=0')
  const contacts = page.getByRole('listbox', { name: /contacts/i })
  await expect.poll(async () => contacts.locator('[data-status="online"]').count()).toBeGreaterThan(2)

  // Offline rows say since when (the embedded engine knows it); online rows do not.
  await expect(contacts.locator('.tui-last-seen').first()).toHaveText(/^(Active (just now|\d+ (minute|hour)s? ago)|Last seen .+)$/)

  // Hover on an online row's avatar: a tooltip that describes the row.
  const row = contacts.locator('[role="option"]:has([data-status="online"]):has(.tui-contact-item__subtitle)').first()
  await row.locator('.tui-avatar').hover()
  const card = page.getByRole('tooltip')
  await expect(card).toBeVisible()
  await expect(card).toContainText('Online')
  await expect(card).toContainText(/Online for \d+/)
  const cardId = await card.getAttribute('id')
  await expect(row).toHaveAttribute('aria-describedby', cardId ?? '')
  // Placed next to the avatar, inside the window (floating-ui flips and shifts it).
  const box = await card.boundingBox()
  const avatarBox = await row.locator('.tui-avatar').boundingBox()
  expect(box && avatarBox && box.x >= avatarBox.x + avatarBox.width).toBeTruthy()
  expect(box && box.y >= 0 && box.y + box.height <= 800).toBeTruthy()
  // Moving onto the card keeps it open (it can be read and hovered).
  await card.hover()
  await page.waitForTimeout(400)
  await expect(card).toBeVisible()
  await row.locator('.tui-avatar').hover()
  await page.screenshot({ path: `${shots}/presence-card.png`, clip: { x: Math.max(0, (avatarBox?.x ?? 0) - 16), y: Math.max(0, (box?.y ?? 0) - 40), width: 420, height: 220 } })
  await page.keyboard.press('Escape')
  await expect(card).toBeHidden()
  await expect(row).not.toHaveAttribute('aria-describedby', /.+/)

  // Keyboard: focus the list and move: the active row's card opens, without taking focus.
  await page.mouse.move(1270, 790)
  await contacts.focus()
  await page.keyboard.press('ArrowDown')
  await expect(card).toBeVisible()
  await expect(contacts).toBeFocused()
  const active = await contacts.getAttribute('aria-activedescendant')
  await expect(page.locator(`[id="${active}"]`)).toHaveAttribute('aria-describedby', (await card.getAttribute('id')) ?? '')
  await page.keyboard.press('Escape')
  await expect(card).toBeHidden()
  await expect(contacts).toBeFocused()
  // The next move opens it again.
  await page.keyboard.press('ArrowDown')
  await expect(card).toBeVisible()
  await page.keyboard.press('Tab')
  await expect(card).toBeHidden()

  expect(problems).toEqual([])
})

test('the status editor counts bytes, refuses over the limit, and sets a status with an expiry', async ({ page }) => {
  const problems = watchProblems(page)
  await page.goto('/?simulate=0')
  const editor = page.getByTestId('status-editor')
  await expect(editor).toBeVisible()
  const text = editor.getByLabel("What's your status?")

  await text.fill('🎉'.repeat(26))
  await expect(editor.locator('.tui-status-editor__counter')).toHaveText('104 / 100 bytes')
  await editor.getByRole('button', { name: 'Save' }).click()
  await expect(editor.getByRole('alert')).toContainText('104 of 100 bytes')
  await page.screenshot({ path: `${shots}/status-editor-too-long.png`, clip: (await editor.boundingBox()) ?? undefined })

  await editor.getByRole('button', { name: /In a meeting/ }).click()
  await editor.getByLabel('Clear after').selectOption('30m')
  await expect(editor.getByRole('alert')).toHaveCount(0)
  await expect(editor.locator('.tui-status-editor__counter')).toHaveText('17 / 100 bytes')
  await page.screenshot({ path: `${shots}/status-editor.png`, clip: (await editor.boundingBox()) ?? undefined })
  await editor.getByRole('button', { name: 'Save' }).click()
  await expect(page.locator('.pg__me')).toContainText('📅 In a meeting')
  await expect(editor.getByRole('status')).toHaveText('Status saved')
  const expiry = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('tui-status-expiry:')).length)
  expect(expiry).toBe(1)

  await editor.getByRole('button', { name: 'Clear status' }).click()
  await expect(page.locator('.pg__me')).not.toContainText('In a meeting')

  expect(problems).toEqual([])
})
