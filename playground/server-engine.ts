import { ChatError, ERROR_CODE, type ChatEngine } from '../src'

/** Connects to the presence server (see docs/server.md). */
export async function connectToServer(userID: string): Promise<ChatEngine> {
  throw new ChatError(ERROR_CODE.NETWORK_ERROR, `The presence server is not part of this build (user ${userID}).`)
}
