import { checkServices } from './services'

/** Runs once per `vitest run`: names the service-backed suites left out (vitest.config.ts leaves them out). */
export default function setup(): void {
  const check = checkServices()
  if (check.error) throw new Error(check.error)
  if (check.notice) process.stdout.write(`\n${check.notice}\n\n`)
}
