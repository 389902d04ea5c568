/** The server's log: one line per event worth knowing. Silent by default; the CLI passes `consoleLogger`. */
export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
}

function line(level: string, message: string): string {
  return `${new Date().toISOString()} ${level} ${message}\n`
}

/** Writes to stdout / stderr (no console.* so that library code never prints by accident). */
export const consoleLogger: Logger = {
  info: (message) => void process.stdout.write(line('info', message)),
  warn: (message) => void process.stderr.write(line('warn', message)),
  error: (message) => void process.stderr.write(line('error', message)),
}
