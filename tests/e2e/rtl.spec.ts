import { expect, test, type Locator } from '@playwright/test'

const shots = 'tests/e2e/__screenshots__'

async function box(locator: Locator) {
  const b = await locator.boundingBox()
  if (!b) throw new Error('not laid out')
  return b
}

test('both lists mirror in dir="rtl": logical sides, isolated times, the search icon at the start', async ({ page }) => {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
  })
  await page.goto('/')
  await page.evaluate(() => {
    document.documentElement.dir = 'rtl'
  })
  const conversations = page.getByRole('listbox', { name: /chats|conversations/i })
  const contacts = page.getByRole('listbox', { name: /contacts/i })
  await expect.poll(async () => contacts.locator('[data-status]').count()).toBeGreaterThan(3)

  // A chosen conversation, to show the selected row.
  await conversations.getByRole('option').nth(1).click()
  await expect(conversations.getByRole('option').nth(1)).toHaveAttribute('aria-selected', 'true')

  // Rows read from the right: the avatar at the start (right), the name after it; the dot on the avatar's end (left).
  const row = conversations.getByRole('option').first()
  const avatar = await box(row.locator('.tui-avatar'))
  const name = await box(row.locator('.tui-conversation-item__name'))
  expect(avatar.x).toBeGreaterThan(name.x + name.width - 1)
  const dot = await box(row.locator('.tui-avatar__dot'))
  expect(dot.x).toBeLessThan(avatar.x + avatar.width / 2)
  // The time is isolated: "09:51 PM" keeps its order inside a right-to-left line.
  const time = row.locator('time.tui-conversation-item__time')
  await expect(time).toHaveAttribute('dir', 'auto')
  expect(await time.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr')
  expect(await time.evaluate((el) => getComputedStyle(el).unicodeBidi)).toBe('isolate')
  // So is every other time in the lists ("Active 5 min ago" / "Last seen yesterday" included): dir="auto" or a <bdi>.
  for (const other of await page.getByRole('listbox').locator('time').all()) {
    expect(await other.evaluate((el) => el.getAttribute('dir') === 'auto' || el.querySelector('bdi') !== null)).toBe(true)
  }
  // An English "Last seen 2 days ago" still sits at the start of a right-to-left row (the right), under the name.
  const lastSeen = page.getByRole('listbox').locator('.tui-last-seen').first()
  await expect(lastSeen).toBeVisible()
  const gap = await lastSeen.evaluate((el) => {
    const range = document.createRange()
    range.selectNodeContents(el)
    return el.getBoundingClientRect().right - range.getBoundingClientRect().right
  })
  expect(gap).toBeLessThan(2)

  // The search icon sits at the start of the box (the right), not over the clear button.
  const input = await box(page.getByRole('searchbox'))
  const icon = await box(page.locator('.tui-contact__search-icon'))
  expect(icon.x).toBeGreaterThan(input.x + input.width / 2)

  // Both lists, side by side.
  const panels = [await box(page.locator('.pg__panel').nth(0)), await box(page.locator('.pg__panel').nth(1))]
  const x = Math.min(...panels.map((p) => p.x))
  const y = Math.min(...panels.map((p) => p.y))
  const right = Math.max(...panels.map((p) => p.x + p.width))
  const bottom = Math.max(...panels.map((p) => p.y + p.height))
  await page.screenshot({ path: `${shots}/lists-rtl.png`, clip: { x, y, width: right - x, height: bottom - y } })

  expect(problems).toEqual([])
})
