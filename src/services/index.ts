import { ERROR_CODE } from '../engine/constants'
import { ChatError } from '../engine/errors'
import type { FailureUser, LoginOptions, UserStatus } from '../engine/types'
import type { SetCustomStatusOptions } from './custom-status'
import type { KitRuntime } from './kit'

let active: KitRuntime | null = null

/**
 * Makes `kit` the one `TUILogin` and `TUIUserService` talk to: `app.use(kit)` / `app.use(TUIKit, …)` does it in
 * the browser, `setActiveTUIKit(kit)` on demand. On the server no kit is active: each request calls its own.
 */
export function setActiveKit(kit: KitRuntime | null): void {
  active = kit
}

export function getActiveKit(): KitRuntime | null {
  return active
}

function requireKit(api: string): KitRuntime {
  if (!active) {
    const where =
      typeof window === 'undefined'
        ? 'on the server no kit is active (requests render at the same time): call the kit of the request, kit.login(…), kit.switchUserStatus(…)'
        : 'the kit is not installed, so nothing is logged in. Call app.use(createPinia()) and app.use(createTUIKit({ engine })) (or app.use(TUIKit, { engine })) first, then log in'
    throw new ChatError(ERROR_CODE.NOT_LOGGED_IN, `${api}: ${where}.`)
  }
  return active
}

/** Login and logout, as in `@tencentcloud/tui-core`, on the active kit (see `setActiveTUIKit`). */
export const TUILogin = {
  /** Logs in, loads the conversation and friend lists. Rejects with the engine's code (3001 bad userSig). */
  async login(options: LoginOptions): Promise<void> {
    return requireKit('TUILogin.login').login(options)
  },
  /** Unsubscribes every user, logs out and clears every status, so nothing survives into the next login. */
  async logout(): Promise<void> {
    return requireKit('TUILogin.logout').logout()
  },
}

/** User status, as in `@tencentcloud/chat-uikit-engine`, on the active kit (see `setActiveTUIKit`). */
export const TUIUserService = {
  /**
   * Turns online status on or off for every list that has no `displayOnlineStatus` prop of its own.
   * Only after login: rejects with code 2024 (not logged in: log in first) before, and 6017 when
   * `displayOnlineStatus` is not a boolean; a rejected call changes nothing. Turning it off resolves once the
   * server holds no subscription.
   */
  async switchUserStatus(options: { displayOnlineStatus: boolean }): Promise<void> {
    return requireKit('TUIUserService.switchUserStatus').switchUserStatus(options)
  },
  /** Sets your custom status ("In a meeting"); '' clears it. */
  async setSelfStatus(options: { customStatus: string }): Promise<UserStatus> {
    return requireKit('TUIUserService.setSelfStatus').setSelfStatus(options)
  },
  /**
   * Sets your custom status from an emoji and a text, with an expiry the kit enforces ("clear after 1 h"):
   * rejects with `CustomStatusTooLongError` (6017) over 100 UTF-8 bytes, changing nothing.
   */
  async setCustomStatus(options: SetCustomStatusOptions): Promise<UserStatus> {
    return requireKit('TUIUserService.setCustomStatus').customStatus.set(options)
  },
  /** Queries statuses once (any number of IDs, sent in batches of 500). */
  async getUserStatus(options: { userIDList: string[] }): Promise<{ successUserList: UserStatus[]; failureUserList: FailureUser[] }> {
    return requireKit('TUIUserService.getUserStatus').getUserStatus(options)
  },
}
