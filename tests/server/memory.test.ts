// @vitest-environment node
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { freePort, SECRET, sleep, tokenFor } from './helpers'
import { killAllNodes, startNodeProcess } from './processes'

/**
 * Memory of a presence server process under churn: 1,000 clients connect, log in, subscribe, make a rejected call
 * and leave (half log out, half just drop), 10 times. The server's RSS after the last round must be within 10 %
 * of its RSS after the first, both read after a full collection (the server runs with --expose-gc; SIGUSR2).
 * Figures: bench/results/server-memory.json, and one line on stdout.
 */

const CLIENTS = 1_000
const ROUNDS = 10

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url)
    socket.once('open', () => resolve(socket))
    socket.once('error', reject)
  })
}

/** Sends the requests one after the other and waits for each answer. */
async function run(socket: WebSocket, requests: Array<{ method: string; params?: unknown }>): Promise<void> {
  let id = 0
  for (const request of requests) {
    const current = ++id
    await new Promise<void>((resolve) => {
      const onMessage = (data: Buffer) => {
        if ((JSON.parse(data.toString()) as { id?: unknown }).id === current) {
          socket.off('message', onMessage)
          resolve()
        }
      }
      socket.on('message', onMessage)
      socket.send(JSON.stringify({ id: current, ...request }))
    })
  }
}

afterAll(async () => {
  await killAllNodes()
}, 20_000)

describe('memory under churn', () => {
  it(`${CLIENTS} clients connecting and leaving ${ROUNDS} times: RSS within 10 % of the first round`, async () => {
    // --expose-gc: SIGUSR2 makes the server collect, so RSS is read at the same point of the GC cycle each round.
    // --max-semi-space-size=1: the production setting of docs/server.md; with Node's default young generation
    // (semi-spaces growing to 16 MiB under load) RSS steps up once after the first round, then stays flat.
    const node = await startNodeProcess(await freePort(), { PRESENCE_SECRET: SECRET }, ['--expose-gc', '--max-semi-space-size=1'])
    const pid = node.child.pid ?? 0
    const rss: number[] = []
    const rawRss: number[] = []
    const users = Array.from({ length: CLIENTS }, (_, i) => `m${i}`)
    for (let round = 0; round < ROUNDS; round++) {
      const sockets: WebSocket[] = []
      for (let start = 0; start < CLIENTS; start += 100) {
        const batch = users.slice(start, start + 100)
        const opened = await Promise.all(batch.map(() => open(node.url)))
        sockets.push(...opened)
        await Promise.all(
          opened.map((socket, i) =>
            run(socket, [
              { method: 'login', params: { userID: batch[i], token: tokenFor(batch[i]) } },
              { method: 'subscribeUserStatus', params: { userIDList: users.slice((start + i + 1) % CLIENTS, ((start + i + 1) % CLIENTS) + 10) } },
              { method: 'getUserStatus', params: { userIDList: [] } },
            ]),
          ),
        )
      }
      await Promise.all(
        sockets.map(async (socket, i) => {
          if (i % 2 === 0) await run(socket, [{ method: 'logout' }])
          socket.terminate()
        }),
      )
      await sleep(500)
      rawRss.push(rssOf(pid))
      node.signal('SIGUSR2')
      await sleep(500)
      rss.push(rssOf(pid))
    }
    const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10
    const growth = rss[rss.length - 1] / rss[0] - 1
    const summary = {
      clients: CLIENTS,
      rounds: ROUNDS,
      rssMiB: rss.map(mib),
      growthPercent: Math.round(growth * 1000) / 10,
      rssBeforeCollectionMiB: rawRss.map(mib),
    }
    mkdirSync('bench/results', { recursive: true })
    writeFileSync('bench/results/server-memory.json', `${JSON.stringify({ date: new Date().toISOString(), ...summary }, null, 2)}\n`)
    process.stdout.write(
      `server memory: ${CLIENTS} clients x ${ROUNDS} rounds, RSS after each round (after a full GC) ${summary.rssMiB.join(', ')} MiB (last vs first ${summary.growthPercent >= 0 ? '+' : ''}${summary.growthPercent} %); before the GC ${summary.rssBeforeCollectionMiB.join(', ')} MiB\n`,
    )
    expect(growth).toBeLessThanOrEqual(0.1)
  }, 120_000)
})
