import { expect, test, type Page } from '@playwright/test'

/**
 * Real presence between two browsers through the presence server (server/main.ts on 127.0.0.1:8787, started by
 * playwright.config.ts with the demo users): bob watches alice's dot in his contact list.
 */

const shots = 'tests/e2e/__screenshots__'

function watchProblems(page: Page, who: string, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`${who}: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${who}: ${message.text()}`)
  })
}

test('bob sees alice go online, set a custom status, log out, and go offline when her page closes', async ({ browser }) => {
  const problems: string[] = []
  const bobContext = await browser.newContext()
  const aliceContext = await browser.newContext()
  try {
    const bob = await bobContext.newPage()
    watchProblems(bob, 'bob', problems)
    await bob.goto('/two-users.html?user=bob')
    await expect(bob.getByTestId('state')).toHaveText('Logged in')
    const contacts = bob.getByRole('listbox', { name: /contacts/i })
    await expect(contacts).toBeVisible()
    const aliceDot = contacts.locator('[role="img"][data-status][aria-label^="Alice,"]')
    // alice never logged in: "not logged in".
    await expect(aliceDot).toHaveAttribute('data-status', 'unlogined')
    await expect(aliceDot).toHaveAttribute('aria-label', 'Alice, not logged in')

    const alice = await aliceContext.newPage()
    watchProblems(alice, 'alice', problems)
    await alice.goto('/two-users.html?user=alice&autologin=0')
    await alice.getByTestId('login').click()
    await expect(alice.getByTestId('state')).toHaveText('Logged in')
    await expect(aliceDot).toHaveAttribute('data-status', 'online')
    await expect(aliceDot).toHaveAttribute('aria-label', 'Alice, online')
    await bob.screenshot({ path: `${shots}/server-online.png` })

    await alice.getByTestId('custom-status').fill('listening to music')
    await alice.getByTestId('set-status').click()
    await expect(aliceDot).toHaveAttribute('aria-label', 'Alice, online, listening to music')
    await expect(contacts.getByRole('option', { name: /Alice/ })).toContainText('listening to music')
    await bob.screenshot({ path: `${shots}/server-custom-status.png` })

    await alice.getByTestId('logout').click()
    await expect(alice.getByTestId('state')).toHaveText('Logged out')
    await expect(aliceDot).toHaveAttribute('data-status', 'unlogined')
    await bob.screenshot({ path: `${shots}/server-unlogined.png` })

    // Back in, then her page closes without logout: OFFLINE (not "not logged in").
    await alice.getByTestId('login').click()
    await expect(aliceDot).toHaveAttribute('data-status', 'online')
    await alice.close()
    await expect(aliceDot).toHaveAttribute('data-status', 'offline')
    await expect(aliceDot).toHaveAttribute('aria-label', /^Alice, offline/)
    await bob.screenshot({ path: `${shots}/server-offline.png` })

    expect(problems).toEqual([])
  } finally {
    await aliceContext.close()
    await bobContext.close()
  }
})
