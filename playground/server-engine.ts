import { ChatError, ERROR_CODE } from '../src'
import { createSocketEngine, type SocketEngine } from '../src/engine/socket'

/**
 * The playground's "server" engine: the presence server that `npm run dev` starts on 127.0.0.1:8787 (see
 * docs/server.md), or `?server=ws://host:port/` / VITE_PRESENCE_SERVER_URL.
 */
export function presenceServerUrl(search: string = location.search): string {
  const fromQuery = new URLSearchParams(search).get('server')
  const fromEnv: unknown = import.meta.env.VITE_PRESENCE_SERVER_URL
  if (fromQuery) return fromQuery
  if (typeof fromEnv === 'string' && fromEnv !== '') return fromEnv
  return `ws://${location.hostname || '127.0.0.1'}:8787/`
}

/** The HTTP side of the same server (`ws://h:p/` -> `http://h:p`). */
function httpUrlOf(socketUrl: string): string {
  const url = new URL(socketUrl)
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:'
  url.pathname = ''
  return url.origin
}

/**
 * A token from the server's development endpoint (`GET /token?userID=`, served only with allowDevTokens).
 * In production your backend issues tokens: a versioned HMAC-SHA256 token (createToken in server/auth.ts), see docs/security.md.
 */
export async function fetchDevToken(userID: string, serverUrl: string = presenceServerUrl()): Promise<string> {
  let response: Response
  try {
    response = await fetch(`${httpUrlOf(serverUrl)}/token?userID=${encodeURIComponent(userID)}`)
  } catch (error) {
    throw new ChatError(
      ERROR_CODE.NETWORK_ERROR,
      `No presence server at ${serverUrl}: start it with npm run dev (or npx tsx server/main.ts). ${error instanceof Error ? error.message : ''}`,
    )
  }
  if (!response.ok) {
    throw new ChatError(
      ERROR_CODE.LOGIN_FAILED,
      `The presence server at ${serverUrl} gives no dev tokens (HTTP ${response.status}): start it with PRESENCE_DEV_TOKENS=1.`,
    )
  }
  const body: unknown = await response.json()
  const token = typeof body === 'object' && body !== null && 'token' in body ? body.token : undefined
  if (typeof token !== 'string') throw new ChatError(ERROR_CODE.LOGIN_FAILED, 'The presence server answered /token without a token.')
  return token
}

/**
 * Connects to the presence server as `userID`: fetches a dev token and returns a socket engine bound to it (not
 * logged in yet). Log in with `TUILogin.login({ userID, userSig: engine.token })`; the engine uses its own token
 * whatever userSig says.
 */
export async function connectToServer(userID: string, serverUrl: string = presenceServerUrl()): Promise<SocketEngine> {
  const token = await fetchDevToken(userID, serverUrl)
  return createSocketEngine({ url: serverUrl, userID, token })
}
