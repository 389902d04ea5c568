import { ERROR_CODE } from '../../engine/constants'
import { toChatError } from '../../engine/errors'
import type { ChatEngine, FailureUser, UserStatus } from '../../engine/types'
import { withTimeout, type CallBudget } from './budget'
import type { PresenceLedger } from './ledger'
import type { ResolvedPresenceOptions } from './options'

/**
 * The manager's engine calls: each counted in the shared budget, bounded by `callTimeoutMs` (past it a call is a
 * network failure), its outcome recorded in the ledger. `sameSession` says whether the login session that made
 * the call is still the current one: subscriptions belong to one session (after a logout or kick-out the server
 * dropped them).
 */
export class PresenceCalls {
  constructor(
    private readonly engine: ChatEngine,
    private readonly ledger: PresenceLedger,
    private readonly budget: CallBudget,
    private readonly options: ResolvedPresenceOptions,
  ) {}

  /** One engine call, counted in the budget and bounded by `callTimeoutMs` (or `limitMs`, if shorter). */
  run<T>(fn: () => Promise<T>, what: string, limitMs = this.options.callTimeoutMs): Promise<T> {
    this.budget.take()
    return withTimeout(this.options.clock, fn(), Math.max(0, Math.min(limitMs, this.options.callTimeoutMs)), what)
  }

  /** Queries `ids`; returns the answer and when the snapshot was asked for. */
  async query(ids: string[]): Promise<{ data: { successUserList: UserStatus[]; failureUserList: FailureUser[] }; readAt: number }> {
    const readAt = this.options.clock.now()
    this.ledger.startQuery(ids)
    try {
      const { data } = await this.run(() => this.engine.getUserStatus({ userIDList: ids }), 'getUserStatus')
      return { data, readAt }
    } finally {
      this.ledger.endQuery()
    }
  }

  async subscribe(ids: string[], sameSession: () => boolean): Promise<void> {
    let failed: FailureUser[]
    this.ledger.subscribesInFlight++
    try {
      ;({ data: { failureUserList: failed } } = await this.run(() => this.engine.subscribeUserStatus({ userIDList: ids }), 'subscribeUserStatus'))
    } catch (error) {
      if (sameSession() && toChatError(error).code === ERROR_CODE.NETWORK_ERROR) this.ledger.subscribeUnknown(ids)
      throw error
    } finally {
      this.ledger.subscribesInFlight--
    }
    // What the server holds is a fact of this session, whatever changed meanwhile (the next steps undo what is no
    // longer needed).
    if (sameSession()) this.ledger.subscribeAnswered(ids, new Set(failed.map((f) => f.userID)), this.options.clock.now())
  }

  /** Unsubscribes `ids`, or everyone when `ids` is undefined. */
  async unsubscribe(ids: string[] | undefined, sameSession: () => boolean, limitMs?: number): Promise<void> {
    // Pushed until the request left: the freshness bound of their entries starts then.
    const sentAt = this.options.clock.now()
    try {
      await this.run(() => this.engine.unsubscribeUserStatus(ids ? { userIDList: ids } : undefined), 'unsubscribeUserStatus', limitMs)
    } catch (error) {
      if (sameSession() && toChatError(error).code === ERROR_CODE.NETWORK_ERROR) this.ledger.unsubscribeUnknown(ids)
      throw error
    }
    if (sameSession()) this.ledger.unsubscribed(ids, sentAt)
  }
}
