#!/usr/bin/env node
/**
 * `node tests/consumer/browser.mjs <built app dir>`: serves the consumer app's `vite build` output on a free
 * loopback port and opens it in Debian's Chromium. Passes when the page shows two listboxes, each with rows whose
 * status dots show a status (not "unknown"), with no console error or warning and no page error. Run by
 * tests/consumer/run.mjs under `flock /tmp/e2e.lock`.
 */
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { chromium } from '@playwright/test'
import { chromiumLaunchOptions, freePort } from '../../tools/launch.mjs'

const dir = path.resolve(process.argv[2] ?? '')
const TIMEOUT_MS = 30_000
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' }

const server = createServer(async (request, response) => {
  const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
  const file = path.normalize(path.join(dir, pathname.endsWith('/') ? `${pathname}index.html` : pathname))
  if (!file.startsWith(dir)) return void response.writeHead(403).end()
  try {
    const body = await readFile(file)
    response.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' }).end(body)
  } catch {
    response.writeHead(404).end()
  }
})

let browser = null
async function main() {
  const port = await freePort()
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  browser = await chromium.launch(chromiumLaunchOptions())
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  const noise = []
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') noise.push(`console.${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', (error) => noise.push(`page error: ${error.message}`))
  page.on('requestfailed', (request) => noise.push(`request failed: ${request.url()}`))
  page.on('response', (response) => {
    if (response.status() >= 400) noise.push(`HTTP ${response.status()}: ${response.url()}`)
  })
  await page.goto(`http://127.0.0.1:${port}/`)

  // Both lists render rows, and every list has dots that show a status (the presence calls went through).
  const state = async () =>
    page.evaluate(() =>
      [...document.querySelectorAll('[role="listbox"]')].map((list) => {
        const rows = [...list.querySelectorAll('[role="option"]')]
        const dots = rows.flatMap((row) => [...row.querySelectorAll('[data-status]')].map((dot) => dot.getAttribute('data-status')))
        return { label: list.getAttribute('aria-label') ?? '', rows: rows.length, dots: dots.length, shown: dots.filter((s) => s !== 'unknown').length }
      }),
    )
  const started = Date.now()
  let lists = []
  while (Date.now() - started < TIMEOUT_MS) {
    lists = await state()
    if (lists.length === 2 && lists.every((list) => list.rows > 0 && list.shown > 0) && noise.length === 0) break
    if (noise.length) break
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  const summary = lists.map((list) => `${list.label || 'listbox'}: ${list.rows} rows, ${list.dots} dots, ${list.shown} showing a status`).join('; ')
  if (noise.length) throw new Error(`the page logged errors or warnings:\n  ${noise.join('\n  ')}`)
  if (lists.length !== 2) throw new Error(`expected two listboxes (conversations and contacts), found ${lists.length}. ${summary}`)
  const empty = lists.filter((list) => list.rows === 0 || list.shown === 0)
  if (empty.length) throw new Error(`within ${TIMEOUT_MS / 1000} s, a list had no rows or no dot showing a status: ${summary}`)
  process.stdout.write(`browser: ${summary}\n`)
}

try {
  await main()
} catch (error) {
  process.stderr.write(`browser check failed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
} finally {
  await browser?.close().catch(() => undefined)
  server.close()
}
