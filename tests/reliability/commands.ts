import fc from 'fast-check'
import type { EngineMethod, Presence } from '../../src/engine/local'
import { GHOSTS, SELF_ACCOUNTS, windowOf, type Account, type Harness } from './harness'

/**
 * The operations of the randomized model tests, as fast-check commands. Each command's `toString()` reads like
 * the code it runs (`list[1].setVisible(u3..u12)`, `world.setPresence("u5", "offline")`), so a printed
 * counterexample can be replayed by hand, or exactly with the printed `{ seed, path }`.
 */

export interface Model {
  /** Which of the three list slots are mounted. */
  mounted: boolean[]
}

type StatusMethod = Extract<EngineMethod, 'getUserStatus' | 'subscribeUserStatus' | 'unsubscribeUserStatus'>

export type Op =
  | { kind: 'settle' }
  | { kind: 'advance'; ms: number }
  | { kind: 'login'; account: Account }
  | { kind: 'logout' }
  | { kind: 'switch'; on: boolean }
  | { kind: 'mount'; slot: number; override: boolean | undefined }
  | { kind: 'unmount'; slot: number }
  | { kind: 'override'; slot: number; override: boolean | undefined }
  | { kind: 'visible'; slot: number; start: number; size: number }
  | { kind: 'overscan'; slot: number; start: number; size: number }
  | { kind: 'presence'; user: number; presence: Presence }
  | { kind: 'custom'; user: number; text: string }
  | { kind: 'autoNotify'; on: boolean }
  | { kind: 'friend'; account: Account; user: number; on: boolean }
  | { kind: 'drop'; silent: boolean }
  | { kind: 'restore' }
  | { kind: 'kick' }
  | { kind: 'featureOff'; what: 'switch' | 'edition' }
  | { kind: 'featureOn'; what: 'switch' | 'edition'; retry: 'switchUserStatus' | 'manager.retry' }
  | { kind: 'fail'; method: StatusMethod; code: number; times: number }
  | { kind: 'delay'; method: StatusMethod; ms: number }
  | { kind: 'selfStatus'; text: string }
  | { kind: 'appQuery'; start: number; size: number }
  | { kind: 'hang'; method: StatusMethod; times: number }
  | { kind: 'device'; action: 'login' | 'logout' | 'custom'; account: Account; text: string }
  | { kind: 'restart' }

const q = (value: unknown) =>
  typeof value === 'string' && value.length > 40 && new Set(value).size === 1
    ? `${JSON.stringify(value[0])}.repeat(${value.length})`
    : JSON.stringify(value)

/** Pool index -> user ID (the pool is fixed per property). */
export type PoolNames = (index: number) => string

/** The user a world command acts on: never a ghost (ghosts stay unregistered), the next user instead. */
function worldUser(names: PoolNames, index: number): string {
  const id = names(index)
  return (GHOSTS as readonly string[]).includes(id) ? names(index + 1) : id
}

export class OpCommand implements fc.AsyncCommand<Model, Harness> {
  constructor(
    readonly op: Op,
    private readonly names: PoolNames,
  ) {}

  check(model: Readonly<Model>): boolean {
    const op = this.op
    switch (op.kind) {
      case 'unmount':
      case 'override':
      case 'visible':
      case 'overscan':
        return model.mounted[op.slot]
      case 'mount':
        return !model.mounted[op.slot]
      default:
        return true
    }
  }

  async run(model: Model, h: Harness): Promise<void> {
    const op = this.op
    const { world, kit, engine } = h
    const user = (index: number) => worldUser(this.names, index)
    h.countStep()
    switch (op.kind) {
      case 'settle':
        await h.settle()
        h.checkSettled()
        return
      case 'advance':
        await h.advance(op.ms)
        break
      case 'login':
        h.login(op.account)
        break
      case 'logout':
        h.beginLogout()
        break
      case 'switch':
        h.track('switchUserStatus', () => kit.switchUserStatus({ displayOnlineStatus: op.on }))
        break
      case 'mount':
        model.mounted[op.slot] = true
        h.mount(op.slot, op.override)
        break
      case 'unmount':
        model.mounted[op.slot] = false
        h.unmount(op.slot)
        break
      case 'override':
        h.setOverride(op.slot, op.override)
        break
      case 'visible':
        h.setVisible(op.slot, windowOf(h.pool, op.start, op.size))
        break
      case 'overscan':
        h.setOverscan(op.slot, windowOf(h.pool, op.start, op.size))
        break
      case 'presence':
        world.setPresence(user(op.user), op.presence)
        break
      case 'custom':
        world.setCustomStatus(user(op.user), op.text)
        break
      case 'autoNotify':
        world.setFriendAutoNotify(op.on)
        kit.presence.setFriendAutoNotify(op.on)
        break
      case 'friend':
        h.setFriend(op.account, user(op.user), op.on)
        break
      case 'drop':
        h.noteUnclean()
        world.dropConnection(engine, { silent: op.silent })
        break
      case 'restore':
        world.restoreConnection(engine)
        break
      case 'kick':
        h.kickOut()
        break
      case 'featureOff':
        h.noteUnclean()
        if (op.what === 'switch') world.setUserStatusEnabled(false)
        else world.setEdition('standard')
        break
      case 'featureOn':
        if (op.what === 'switch') world.setUserStatusEnabled(true)
        else world.setEdition('ultimate')
        if (op.retry === 'manager.retry') kit.presence.retry()
        else h.track('switchUserStatus', () => kit.switchUserStatus({ displayOnlineStatus: true }))
        break
      case 'fail':
        h.failNext(op.method, op.code, op.times)
        break
      case 'delay':
        h.setDelay(op.method, op.ms)
        break
      case 'hang':
        h.hang(op.method, op.times)
        break
      case 'device':
        h.deviceAction(op.action, op.account, op.text)
        break
      case 'restart':
        await h.restart()
        break
      case 'selfStatus':
        h.track('setSelfStatus', () => kit.setSelfStatus({ customStatus: op.text }))
        break
      case 'appQuery':
        h.track('getUserStatus', () => kit.getUserStatus({ userIDList: windowOf(h.pool, op.start, op.size) }))
        break
    }
    await h.drainAndCheck()
  }

  toString(): string {
    const op = this.op
    const name = (i: number) => q(worldUser(this.names, i))
    const range = (start: number, size: number) =>
      size === 0 ? '[]' : `[${this.names(start)}..${this.names(start + size - 1)}] (${size} from pool[${start}])`
    switch (op.kind) {
      case 'settle':
        return 'settle()'
      case 'advance':
        return `advance(${op.ms})`
      case 'login':
        return `kit.login(${q(op.account)})`
      case 'logout':
        return 'kit.logout()'
      case 'switch':
        return `kit.switchUserStatus(${op.on})`
      case 'mount':
        return `list[${op.slot}] = createList(override ${op.override})`
      case 'unmount':
        return `list[${op.slot}].dispose()`
      case 'override':
        return `list[${op.slot}].setOverride(${op.override})`
      case 'visible':
        return `list[${op.slot}].setVisible(${range(op.start, op.size)})`
      case 'overscan':
        return `list[${op.slot}].setOverscan(${range(op.start, op.size)})`
      case 'presence':
        return `world.setPresence(${name(op.user)}, ${q(op.presence)})`
      case 'custom':
        return `world.setCustomStatus(${name(op.user)}, ${q(op.text)})`
      case 'autoNotify':
        return `friendAutoNotify(${op.on}) /* world + manager */`
      case 'friend':
        return `world.${op.on ? 'addFriend' : 'removeFriend'}(${q(op.account)}, ${name(op.user)})`
      case 'drop':
        return `world.dropConnection(kit, { silent: ${op.silent} })`
      case 'restore':
        return 'world.restoreConnection(kit)'
      case 'kick':
        return 'world.kickOut(kit)'
      case 'featureOff':
        return op.what === 'switch' ? 'world.setUserStatusEnabled(false) /* 72001 */' : 'world.setEdition("standard") /* 3122 */'
      case 'featureOn':
        return `${op.what === 'switch' ? 'world.setUserStatusEnabled(true)' : 'world.setEdition("ultimate")'}; ${
          op.retry === 'manager.retry' ? 'kit.presence.retry()' : 'kit.switchUserStatus(true)'
        }`
      case 'fail':
        return `world.faults.failNext(${q(op.method)}, ${op.code}, ${op.times})`
      case 'delay':
        return `world.faults.delay(${q(op.method)}, ${op.ms})`
      case 'selfStatus':
        return `kit.setSelfStatus(${q(op.text)})`
      case 'appQuery':
        return `kit.getUserStatus(${range(op.start, op.size)})`
      case 'hang':
        return `hang(${q(op.method)}, ${op.times}) /* the next calls never answer */`
      case 'device':
        return op.action === 'login'
          ? `device2.login(${q(op.account)})`
          : op.action === 'logout'
            ? 'device2.logout()'
            : `device2.setSelfStatus(${q(op.text)})`
      case 'restart':
        return 'restart() /* world restarts: drop, subscriptions forgotten, every 4th user unknown for 15 s */'
    }
  }
}

// ---------------------------------------------------------------- arbitraries

export interface OpWeights {
  settle: number
  advance: number
  login: number
  logout: number
  switch: number
  mount: number
  unmount: number
  override: number
  visible: number
  overscan: number
  presence: number
  custom: number
  autoNotify: number
  friend: number
  drop: number
  restore: number
  kick: number
  feature: number
  fault: number
  selfStatus: number
  /** The app's own TUIUserService.getUserStatus calls (sharing the 20 / 5 s budget). */
  appQuery: number
  /** Calls that never answer. */
  hang?: number
  /** A second device of the kit's accounts. */
  device?: number
  /** A restart of the engine's world. */
  restart?: number
}

export interface OpSpace {
  poolSize: number
  /** Largest window a list shows. */
  maxWindow: number
  /** Longest `advance(ms)`. @default 8000 */
  maxAdvance?: number
  weights: OpWeights
}

const TEXTS = ['', 'listening to music', 'in a meeting', '<img src=x onerror=alert(1)>', 'x'.repeat(300)]
const overrideArb = fc.constantFrom<boolean | undefined>(undefined, true, false)
const slotArb = fc.integer({ min: 0, max: 2 })
const methodArb = fc.constantFrom<StatusMethod>('getUserStatus', 'subscribeUserStatus', 'unsubscribeUserStatus')

export function opArbitrary(space: OpSpace): fc.Arbitrary<Op> {
  const w = space.weights
  const userArb = fc.integer({ min: 0, max: space.poolSize - 1 })
  const windowArb = fc.record({ start: userArb, size: fc.integer({ min: 0, max: space.maxWindow }) })
  const accountArb = fc.constantFrom<Account>(...SELF_ACCOUNTS)
  const entries: Array<{ weight: number; arbitrary: fc.Arbitrary<Op> }> = [
    { weight: w.settle, arbitrary: fc.constant<Op>({ kind: 'settle' }) },
    { weight: w.advance, arbitrary: fc.integer({ min: 1, max: space.maxAdvance ?? 8000 }).map((ms): Op => ({ kind: 'advance', ms })) },
    { weight: w.login, arbitrary: accountArb.map((account): Op => ({ kind: 'login', account })) },
    { weight: w.logout, arbitrary: fc.constant<Op>({ kind: 'logout' }) },
    { weight: w.switch, arbitrary: fc.boolean().map((on): Op => ({ kind: 'switch', on })) },
    { weight: w.mount, arbitrary: fc.record({ slot: slotArb, override: overrideArb }).map((r): Op => ({ kind: 'mount', ...r })) },
    { weight: w.unmount, arbitrary: slotArb.map((slot): Op => ({ kind: 'unmount', slot })) },
    { weight: w.override, arbitrary: fc.record({ slot: slotArb, override: overrideArb }).map((r): Op => ({ kind: 'override', ...r })) },
    { weight: w.visible, arbitrary: fc.tuple(slotArb, windowArb).map(([slot, r]): Op => ({ kind: 'visible', slot, ...r })) },
    { weight: w.overscan, arbitrary: fc.tuple(slotArb, windowArb).map(([slot, r]): Op => ({ kind: 'overscan', slot, ...r })) },
    {
      weight: w.presence,
      arbitrary: fc
        .record({ user: userArb, presence: fc.constantFrom<Presence>('online', 'offline', 'unlogined') })
        .map((r): Op => ({ kind: 'presence', ...r })),
    },
    { weight: w.custom, arbitrary: fc.record({ user: userArb, text: fc.constantFrom(...TEXTS) }).map((r): Op => ({ kind: 'custom', ...r })) },
    { weight: w.autoNotify, arbitrary: fc.boolean().map((on): Op => ({ kind: 'autoNotify', on })) },
    {
      weight: w.friend,
      arbitrary: fc.record({ account: accountArb, user: userArb, on: fc.boolean() }).map((r): Op => ({ kind: 'friend', ...r })),
    },
    { weight: w.drop, arbitrary: fc.boolean().map((silent): Op => ({ kind: 'drop', silent })) },
    { weight: w.restore, arbitrary: fc.constant<Op>({ kind: 'restore' }) },
    { weight: w.kick, arbitrary: fc.constant<Op>({ kind: 'kick' }) },
    {
      weight: w.feature,
      arbitrary: fc.constantFrom<'switch' | 'edition'>('switch', 'edition').map((what): Op => ({ kind: 'featureOff', what })),
    },
    {
      weight: w.feature,
      arbitrary: fc
        .record({
          what: fc.constantFrom<'switch' | 'edition'>('switch', 'edition'),
          retry: fc.constantFrom<'switchUserStatus' | 'manager.retry'>('switchUserStatus', 'manager.retry'),
        })
        .map((r): Op => ({ kind: 'featureOn', ...r })),
    },
    {
      weight: w.fault,
      arbitrary: fc
        .record({ method: methodArb, code: fc.constantFrom(2800, 2996, 60022), times: fc.integer({ min: 1, max: 3 }) })
        .map((r): Op => ({ kind: 'fail', ...r })),
    },
    {
      weight: w.fault,
      arbitrary: fc.record({ method: methodArb, ms: fc.constantFrom(0, 250, 1500, 4000) }).map((r): Op => ({ kind: 'delay', ...r })),
    },
    { weight: w.selfStatus, arbitrary: fc.constantFrom(...TEXTS).map((text): Op => ({ kind: 'selfStatus', text })) },
    {
      weight: w.appQuery,
      arbitrary: fc
        .record({ start: userArb, size: fc.integer({ min: 1, max: space.poolSize }) })
        .map((r): Op => ({ kind: 'appQuery', ...r })),
    },
  ]
  entries.push(
    {
      weight: w.hang ?? 0,
      arbitrary: fc.record({ method: methodArb, times: fc.integer({ min: 1, max: 2 }) }).map((r): Op => ({ kind: 'hang', ...r })),
    },
    {
      weight: w.device ?? 0,
      arbitrary: fc
        .record({ action: fc.constantFrom<'login' | 'logout' | 'custom'>('login', 'logout', 'custom'), account: accountArb, text: fc.constantFrom(...TEXTS) })
        .map((r): Op => ({ kind: 'device', ...r })),
    },
    { weight: w.restart ?? 0, arbitrary: fc.constant<Op>({ kind: 'restart' }) },
  )
  return fc.oneof(...entries.filter((e) => e.weight > 0))
}

export function commandsArbitrary(space: OpSpace, names: PoolNames, maxCommands: number) {
  return fc.commands([opArbitrary(space).map((op) => new OpCommand(op, names))], { maxCommands, size: 'max' })
}
