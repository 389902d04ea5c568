import { ERROR_CODE, LIMITS } from '../constants'
import { ChatError, MESSAGES, notReadyError } from '../errors'
import type { ChatResponse, FailureUser, UserStatus } from '../types'
import { SessionLifecycle, STATUS_EDITIONS } from './lifecycle'
import { conversationList, friendList, type UserRecord } from './records'
import type { Session, SessionServer } from './session'
import type { EngineCall, EngineMethod, SessionApi } from './types'
import { isRecord } from '../guards'
import { loggableUserIDList, readCustomStatus, readLogin, readUserIDList } from './validate'

/** Codes of the `failureUserList` entries the embedded engine produces. */
export const FAILURE_CODE = {
  /** The userID was never registered (70107 is the Chat server's "account does not exist"). */
  USER_NOT_FOUND: 70107,
  /** subscribeUserStatus with one's own userID (self changes arrive without subscribing). */
  CANNOT_SUBSCRIBE_SELF: ERROR_CODE.INVALID_PARAMETERS,
} as const

type Reply<M extends EngineMethod> = ReturnType<SessionApi[M]>

function failure(userID: string, code: number, message: string): FailureUser {
  return { userID, code, message }
}

function unknownUser(userID: string): FailureUser {
  return failure(userID, FAILURE_CODE.USER_NOT_FOUND, `User ${userID} does not exist.`)
}

/**
 * The server inside a world: the rules of every engine call (checks in the SDK's order, the call log, injected
 * faults, latency), over the state and session lifecycle of {@link SessionLifecycle}. Internal; `World` is the
 * public face.
 */
export class Server extends SessionLifecycle implements SessionServer {
  // ---- engine calls ---------------------------------------------------------------------------------------

  login(session: Session, options: unknown): Reply<'login'> {
    const asked = isRecord(options) && typeof options.userID === 'string' ? options.userID : session.userID
    return this.handle(
      session,
      'login',
      options,
      (reach) => {
        if (session.closed) throw new ChatError(ERROR_CODE.LOGGED_OUT, 'login: this client was destroyed; create a new one.')
        const { userID } = readLogin(options)
        // As the SDK: logged in already (as anyone) resolves repeatLogin and stays the same user.
        if (session.loggedIn) return { repeatLogin: true }
        reach()
        this.attach(session, userID)
        return { repeatLogin: false }
      },
      asked,
    )
  }

  /**
   * Succeeds without a connection too (the SDK logs out locally); never delayed nor faulted. Not logged in: 2024,
   * as the SDK (whatever ended the session before).
   */
  logout(session: Session): Reply<'logout'> {
    return this.handle(session, 'logout', undefined, () => {
      if (!session.loggedIn) throw notReadyError('logout', ERROR_CODE.NOT_LOGGED_IN)
      this.detach(session)
      return {}
    })
  }

  getConversationList(session: Session): Reply<'getConversationList'> {
    return this.handle(session, 'getConversationList', undefined, (reach) => {
      const user = this.requireLogin(session, 'getConversationList')
      reach()
      return { conversationList: conversationList(user, this.users) }
    })
  }

  getFriendList(session: Session): Reply<'getFriendList'> {
    return this.handle(session, 'getFriendList', undefined, (reach) => {
      const user = this.requireLogin(session, 'getFriendList')
      reach()
      return friendList(user, this.users)
    })
  }

  getUserStatus(session: Session, options: unknown): Reply<'getUserStatus'> {
    const method = 'getUserStatus'
    return this.handle(session, method, options, (reach) => {
      const self = this.requireLogin(session, method)
      const ids = readUserIDList(options, { method, max: LIMITS.GET_USER_STATUS_MAX_IDS })
      // Self only: answered locally, with no connection, edition, switch or rate check.
      if (ids.length === 1 && ids[0] === self.userID) return { successUserList: [self.status()], failureUserList: [] }
      reach()
      this.requireFeature(session, method)
      const successUserList: UserStatus[] = []
      const failureUserList: FailureUser[] = []
      for (const userID of ids) {
        const user = this.users.get(userID)
        if (user) successUserList.push(user.status())
        else failureUserList.push(unknownUser(userID))
      }
      return { successUserList, failureUserList }
    })
  }

  subscribeUserStatus(session: Session, options: unknown): Reply<'subscribeUserStatus'> {
    const method = 'subscribeUserStatus'
    return this.handle(session, method, options, (reach) => {
      const self = this.requireLogin(session, method)
      const ids = readUserIDList(options, { method, max: LIMITS.SUBSCRIBE_MAX_IDS })
      reach()
      this.requireFeature(session, method)
      const failureUserList: FailureUser[] = []
      for (const userID of ids) {
        if (userID === self.userID) {
          failureUserList.push(
            failure(userID, FAILURE_CODE.CANNOT_SUBSCRIBE_SELF, 'You cannot subscribe to yourself; your own changes arrive without it.'),
          )
        } else if (!this.users.has(userID)) {
          failureUserList.push(unknownUser(userID))
        } else {
          this.addSubscription(session, userID)
        }
      }
      return { failureUserList }
    })
  }

  unsubscribeUserStatus(session: Session, options: unknown): Reply<'unsubscribeUserStatus'> {
    const method = 'unsubscribeUserStatus'
    return this.handle(session, method, options, (reach) => {
      this.requireLogin(session, method)
      const ids = readUserIDList(options, { method, max: LIMITS.UNSUBSCRIBE_MAX_IDS, emptyMeansAll: true })
      reach()
      this.requireFeature(session, method)
      const failureUserList: FailureUser[] = []
      if (ids.length === 0) this.clearSubscriptions(session)
      for (const userID of ids) {
        if (this.users.has(userID)) this.removeSubscription(session, userID)
        else failureUserList.push(unknownUser(userID))
      }
      return { failureUserList }
    })
  }

  setSelfStatus(session: Session, options: unknown): Reply<'setSelfStatus'> {
    return this.handle(session, 'setSelfStatus', options, (reach) => {
      const user = this.requireLogin(session, 'setSelfStatus')
      const customStatus = readCustomStatus(options)
      reach()
      this.setCustomStatus(user, customStatus)
      return user.status()
    })
  }

  close(session: Session): void {
    if (session.closed) return
    if (session.loggedIn) this.detach(session)
    this.clearSubscriptions(session)
    session.closed = true
    this.sessions.delete(session.id)
  }

  /**
   * Runs one call: `body` applies the checks in order and the effect, synchronously, and calls `reach()` at the
   * point where the request leaves the client (connection check, injected failures). Every call is logged.
   * Answers that reached the server are resolved after `latencyMs` plus any injected delay, on the clock.
   */
  private handle<T>(
    session: Session,
    method: EngineMethod,
    options: unknown,
    body: (reach: () => void) => T,
    userID = session.userID,
  ): Promise<ChatResponse<T>> {
    const call: EngineCall = { clientId: session.id, userID, method, at: this.clock.now(), ok: true }
    const logged = this.settings.callLogLimit > 0
    const userIDList = logged || this.callListeners.size > 0 ? loggableUserIDList(options) : undefined
    if (userIDList) call.userIDList = userIDList
    let remote = false
    const reach = (): void => {
      if (session.link !== 'up') {
        throw new ChatError(ERROR_CODE.NETWORK_ERROR, `${method}: the connection is down; retry once it is back.`)
      }
      remote = true
      const code = this.faults.takeFailure(method)
      if (code !== undefined) throw new ChatError(code, `${method}: failure injected with world.faults.failNext.`)
    }
    let answer: () => Promise<ChatResponse<T>>
    try {
      const response = { code: 0, data: body(reach) }
      answer = () => Promise.resolve(response)
    } catch (error) {
      call.ok = false
      if (error instanceof ChatError) call.code = error.code
      answer = () => Promise.reject(error)
    }
    if (logged) {
      this.calls.push(call)
      if (this.calls.length > this.settings.callLogLimit) this.calls.shift()
    }
    for (const listener of this.callListeners) listener(call)
    const wait = remote ? this.settings.latencyMs + this.faults.delayOf(method) : 0
    if (wait <= 0) return answer()
    return new Promise((resolve) => {
      this.clock.setTimeout(() => resolve(answer()), wait)
    })
  }

  private requireLogin(session: Session, method: EngineMethod): UserRecord {
    const user = session.loggedIn ? this.users.get(session.userID) : undefined
    if (!user) throw notReadyError(method, session.notReadyCode)
    return user
  }

  /**
   * Edition (3122), then the rate window of this client for this method (2996; like the SDK's client-side check,
   * every attempt that gets this far counts), then the console switch (72001, on the server).
   */
  private requireFeature(session: Session, method: EngineMethod): void {
    if (!STATUS_EDITIONS.has(this.settings.edition)) {
      throw new ChatError(ERROR_CODE.EDITION_NOT_SUPPORTED, `${method}: ${MESSAGES.editionNotSupported}`)
    }
    if (!session.rateWindowOf(method).attempt(this.clock.now())) {
      throw new ChatError(ERROR_CODE.OVER_FREQUENCY_LIMIT, `${method}: ${MESSAGES.overFrequency}`)
    }
    if (!this.settings.userStatusEnabled) {
      throw new ChatError(ERROR_CODE.FEATURE_NOT_ENABLED, `${method}: ${MESSAGES.featureNotEnabled}`)
    }
  }

}
