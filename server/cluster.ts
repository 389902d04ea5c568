import { randomUUID } from 'node:crypto'
import { isRecord } from '../src/engine/guards'
import type { Redis } from 'ioredis'
import type { Presence, World } from '../src/engine/local'
import { TYPES } from '../src/engine/constants'
import type { UserStatus } from '../src/engine/types'
import type { Logger } from './logger'

/**
 * Scale-out over Redis: several server processes (nodes) share presence. Each node keeps its own `World` for the
 * devices connected to it and publishes what they amount to per user; every node applies the other nodes'
 * devices to its world as the user's virtual device (`world.setPresence`), so the world's own rules (status per
 * user, notifications to subscribers, friends and the user's other devices, custom status clearing) work as in one
 * process.
 *
 * Redis layout (`prefix` defaults to `presence:`):
 * - `{p}user:{userID}` hash: `n:{nodeId}` -> `online|offline|unlogined:{seq}` (the node's devices of the user,
 *   `seq` increasing per node), `l:{nodeId}` -> `1` (the user had devices on a node that is gone: they count as
 *   OFFLINE until the user logs in again), `cs` / `csv` / `cse` -> custom status, its version (last writer wins) and expiry (epoch ms).
 *   PEXPIREd by the nodes holding devices of the user on every tick.
 *   `ss` -> `{statusType}:{since}`: the status and when it began (epoch ms) on the node where it last changed.
 * - `{p}users` set: every userID that ever logged in (so other nodes answer for them instead of 70107).
 * - `{p}node:{nodeId}` key with a TTL, refreshed every tick (the node's heartbeat); `{p}nodes` set of node ids;
 *   `{p}nodeusers:{nodeId}` set of the users the node holds devices of.
 * - channel `{p}events`: `{k:'dev',n,u,s,q}` device state, `{k:'cs',n,u,t,v,e}` custom status, `{k:'login',n,u}`
 *   (other nodes close that user's dropped sessions), `{k:'down',n}` (a node is gone).
 *
 * A node whose key expired (crash, partition) is reaped by the first node that sees it: its fields become lost
 * markers and `down` is published; its users count as OFFLINE (connection lost without logout, SPEC section 3)
 * until they log in again, and their clients reconnect to another node. A node leaving cleanly does the same.
 * Users are loaded from Redis lazily: before a call names them (getUserStatus, subscribe), at login, and when an
 * event arrives for a user the world knows.
 */

export interface ClusterOptions {
  redisUrl: string
  world: World
  /** @default 'presence:' */
  prefix?: string
  /** A node not heard from for this long is dead. Refreshed every fifth of it. @default 10_000 */
  nodeTtlMs?: number
  /** How long the devices of a node that is gone keep their user OFFLINE, unless the user logs in again. @default 24 h */
  lostTtlMs?: number
  /** TTL of a user's hash, refreshed by the nodes holding their devices. @default 120_000 */
  userTtlMs?: number
  logger: Logger
  /** Another node logged `userID` in: close this node's dropped sessions of that user. */
  onRemoteLogin(userID: string): void
  /** The user's custom status as the cluster has it, and when it clears itself (epoch ms; null: never). */
  onExpiry?(userID: string, customStatus: string, expiresAt: number | null): void
}

interface StatusSince {
  statusType: number
  at: number
}

interface NodeState {
  state: Presence
  seq: number
}

interface RemoteUser {
  /** Other nodes' devices of the user. */
  nodes: Map<string, NodeState>
  /** Nodes that are gone while they held devices of the user, with the time the marker expires. */
  lost: Map<string, number>
  customStatus: string
  csVersion: number
  /** When the custom status clears itself (epoch ms), or null. */
  expiresAt: number | null
  /** The user's status as the node where it last changed has it, and when it began there (epoch ms). */
  since: StatusSince | null
  /** Custom status writes made here; only the answer to the latest one may set the text. */
  localWrites: number
  /** The snapshot from Redis was merged: the entry can be applied to the world. */
  loaded: boolean
  loading: Promise<void> | null
}

type ClusterMessage =
  | { k: 'dev'; n: string; u: string; s: Presence; q: number; ss?: StatusSince }
  | { k: 'cs'; n: string; u: string; t: string; v: number; e: number | null }
  | { k: 'login'; n: string; u: string }
  | { k: 'down'; n: string }

/**
 * Sets the custom status and its expiry (ARGV[9], epoch ms, '' = none: field `cse`), bumps the version, publishes;
 * returns [ok, text, version, expiry]. ARGV[2]: '0' always, '1' only
 * when the current text is ARGV[3] (compare-and-set), '2' only when Redis has no custom status for the user (its
 * data was lost: a restarted Redis), '3' only when the current text differs (a write that may have landed already).
 */
const SET_CUSTOM_STATUS = `
local cur = redis.call('HGET', KEYS[1], 'cs') or ''
local v = tonumber(redis.call('HGET', KEYS[1], 'csv') or '0')
local ce = redis.call('HGET', KEYS[1], 'cse') or ''
if ARGV[2] == '1' and cur ~= ARGV[3] then return {'0', cur, string.format('%.0f', v), ce} end
if ARGV[2] == '2' and redis.call('HEXISTS', KEYS[1], 'csv') == 1 then return {'0', cur, string.format('%.0f', v), ce} end
if ARGV[2] == '3' and redis.call('HEXISTS', KEYS[1], 'csv') == 1 and cur == ARGV[1] and ce == ARGV[9] then return {'0', cur, string.format('%.0f', v), ce} end
local nv = string.format('%.0f', math.max(v + 1, tonumber(ARGV[4])))
redis.call('HSET', KEYS[1], 'cs', ARGV[1], 'csv', nv)
if ARGV[9] == '' then redis.call('HDEL', KEYS[1], 'cse') else redis.call('HSET', KEYS[1], 'cse', ARGV[9]) end
redis.call('PEXPIRE', KEYS[1], ARGV[8])
redis.call('PUBLISH', ARGV[5], cjson.encode({k = 'cs', n = ARGV[6], u = ARGV[7], t = ARGV[1], v = nv, e = ARGV[9]}))
return {'1', ARGV[1], nv, ARGV[9]}
`

/** A sliding window in a sorted set: takes a slot unless `limit` were taken in the last `window` ms; 1 or 0. */
const TAKE_RATE_SLOT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`

const PRESENCES: ReadonlySet<string> = new Set(['online', 'offline', 'unlogined'])

function readMessage(raw: string): ClusterMessage | null {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return null
  }
  if (!isRecord(value) || typeof value.n !== 'string') return null
  const { k, n, u } = value
  if (k === 'down') return { k, n }
  if (typeof u !== 'string' || u === '') return null
  if (k === 'login') return { k, n, u }
  if (k === 'dev' && typeof value.s === 'string' && PRESENCES.has(value.s) && typeof value.q === 'number') {
    const ss = typeof value.ss === 'string' ? parseSince(value.ss) : null
    return ss ? { k, n, u, s: value.s as Presence, q: value.q, ss } : { k, n, u, s: value.s as Presence, q: value.q }
  }
  if (k === 'cs' && typeof value.t === 'string' && (typeof value.v === 'string' || typeof value.v === 'number')) {
    const v = Number(value.v)
    return Number.isFinite(v) ? { k, n, u, t: value.t, v, e: parseExpiry(value.e) } : null
  }
  return null
}

/** The `cse` field and the `e` of a `cs` message: epoch ms, or null ('' or absent). */
function parseExpiry(value: unknown): number | null {
  if (value === '' || value === undefined || value === null) return null
  const at = Number(value)
  return Number.isSafeInteger(at) && at >= 0 ? at : null
}

/** `{statusType}:{epoch ms}`, the `ss` field and the `ss` of a `dev` message. */
function parseSince(value: string): StatusSince | null {
  const [type, at, ...rest] = value.split(':')
  const statusType = Number(type)
  const time = Number(at)
  if (rest.length || !Number.isInteger(statusType) || !Number.isFinite(time) || time < 0) return null
  return { statusType, at: time }
}

const PRESENCE_TYPE: Record<Presence, number> = {
  online: TYPES.USER_STATUS_ONLINE,
  offline: TYPES.USER_STATUS_OFFLINE,
  unlogined: TYPES.USER_STATUS_UNLOGINED,
}

function parseField(value: string): NodeState | null {
  const colon = value.lastIndexOf(':')
  const state = value.slice(0, colon)
  const seq = Number(value.slice(colon + 1))
  if (colon === -1 || !PRESENCES.has(state) || !Number.isFinite(seq)) return null
  return { state: state as Presence, seq }
}

export class RedisCluster {
  readonly nodeId = randomUUID()
  private readonly world: World
  private readonly prefix: string
  private readonly nodeTtlMs: number
  private readonly userTtlMs: number
  private readonly logger: Logger
  private readonly onRemoteLogin: (userID: string) => void
  private readonly onExpiry: ClusterOptions['onExpiry']
  private readonly remote = new Map<string, RemoteUser>()
  /** This node's devices per user, as last published (absent = unlogined). */
  private readonly published = new Map<string, Presence>()
  private readonly deadNodes = new Set<string>()
  /** When a node referenced by a remote user was first seen without its heartbeat key (since then, missing). */
  private readonly missing = new Map<string, number>()
  /** Device states that could not be written (Redis away): published again on recovery. */
  private readonly dirty = new Set<string>()
  /** Custom statuses set here that could not be written (Redis away): written again on recovery. */
  private readonly pendingCustomStatus = new Set<string>()
  private readonly lostTtlMs: number
  private resyncing: Promise<void> | null = null
  /** A Redis command failed since the last resynchronisation. */
  private degraded = false
  private seq = 0
  private rateSeq = 0
  private applying = false
  private explicitDepth = 0
  /** The expiry of the setSelfStatus call under way (`explicit`). */
  private explicitExpiresAt: number | null = null
  private closing = false
  private registered = false
  private tickTimer: ReturnType<typeof setInterval> | undefined
  private readonly offStatusChange: () => void
  private cmd!: Redis
  private sub!: Redis

  private constructor(options: ClusterOptions) {
    this.world = options.world
    this.prefix = options.prefix ?? 'presence:'
    this.nodeTtlMs = options.nodeTtlMs ?? 10_000
    this.lostTtlMs = options.lostTtlMs ?? 24 * 60 * 60 * 1000
    this.userTtlMs = Math.max(options.userTtlMs ?? 120_000, this.nodeTtlMs * 2)
    this.logger = options.logger
    this.onRemoteLogin = options.onRemoteLogin
    this.onExpiry = options.onExpiry
    this.offStatusChange = this.world.onStatusChange((status, previous) => this.onLocalChange(status, previous))
  }

  /** Connects to Redis (two connections: commands and pub/sub), registers the node and starts its heartbeat. */
  static async start(options: ClusterOptions): Promise<RedisCluster> {
    const cluster = new RedisCluster(options)
    try {
      await cluster.connect(options.redisUrl)
    } catch (error) {
      cluster.offStatusChange()
      cluster.cmd?.disconnect()
      cluster.sub?.disconnect()
      throw error
    }
    return cluster
  }

  private get channel(): string {
    return `${this.prefix}events`
  }

  private userKey(userID: string): string {
    return `${this.prefix}user:${userID}`
  }

  private nodeKey(nodeId: string): string {
    return `${this.prefix}node:${nodeId}`
  }

  private nodeUsersKey(nodeId: string): string {
    return `${this.prefix}nodeusers:${nodeId}`
  }

  private async connect(redisUrl: string): Promise<void> {
    const { Redis } = await import('ioredis')
    const common = { lazyConnect: true, maxRetriesPerRequest: 3, connectionName: `presence-${this.nodeId}` }
    // A paused or unreachable Redis must not hold calls: commands fail after this, and the node goes on with
    // what it knows (writes are made again once Redis answers).
    const commandTimeout = Math.min(5_000, Math.max(500, Math.floor(this.nodeTtlMs / 2)))
    this.cmd = new Redis(redisUrl, { ...common, commandTimeout })
    this.sub = new Redis(redisUrl, common)
    for (const [name, connection] of [['commands', this.cmd], ['pub/sub', this.sub]] as const) {
      connection.on('error', (error: Error) => this.logger.warn(`redis ${name}: ${error.message}`))
    }
    await Promise.all([this.cmd.connect(), this.sub.connect()])
    this.sub.on('message', (_channel: string, raw: string) => this.onMessage(raw))
    await this.sub.subscribe(this.channel)
    // Emitted again only after a reconnect (a Redis outage): messages may have been missed, writes may have failed.
    this.sub.on('ready', () => void this.resync())
    this.cmd.on('ready', () => void this.resync())
    await this.tick()
    this.tickTimer = setInterval(() => void this.tick(), Math.max(50, Math.floor(this.nodeTtlMs / 5)))
    this.tickTimer.unref?.()
  }

  // ---- local changes --------------------------------------------------------------------------------------

  /** Runs a setSelfStatus call: the custom status it sets overrides whatever another node set before. */
  explicit<T>(call: () => T, expiry?: { userID: string; customStatus: string; expiresAt: number | null }): T {
    this.explicitDepth++
    this.explicitExpiresAt = expiry?.expiresAt ?? null
    const writes = expiry ? this.entry(expiry.userID).localWrites : 0
    try {
      return call()
    } finally {
      this.explicitDepth--
      this.explicitExpiresAt = null
      // The same text with another expiry: the world saw no change, Redis must still learn the expiry.
      if (expiry && this.entry(expiry.userID).localWrites === writes && this.entry(expiry.userID).expiresAt !== expiry.expiresAt) {
        this.publishCustomStatus(expiry.userID, this.world.getStatus(expiry.userID).customStatus, null, expiry.expiresAt)
      }
    }
  }

  private onLocalChange(status: UserStatus, previous: UserStatus): void {
    if (this.applying || this.closing) return
    if (status.customStatus !== previous.customStatus) {
      // A setSelfStatus overrides; the world's own clearing (30 s after logout) only clears what it saw.
      if (this.explicitDepth > 0) this.publishCustomStatus(status.userID, status.customStatus, null, this.explicitExpiresAt)
      else this.publishCustomStatus(status.userID, status.customStatus, previous.customStatus)
    }
    this.sync(status.userID)
  }

  /** Publishes this node's devices of `userID` when they changed since the last time. */
  sync(userID: string): void {
    if (this.closing) return
    const state = this.world.devicePresence(userID)
    if (state === (this.published.get(userID) ?? 'unlogined')) return
    if (state === 'unlogined') this.published.delete(userID)
    else this.published.set(userID, state)
    this.publishDevice(userID, state)
  }

  private publishDevice(userID: string, state: Presence): void {
    const seq = ++this.seq
    const key = this.userKey(userID)
    // The status the user has here now and since when: other nodes report the same time, not when they heard it.
    const { statusType, since } = this.world.getStatus(userID)
    const ss = since === undefined ? undefined : `${statusType}:${since}`
    const pipeline = this.cmd
      .pipeline()
      .hset(key, `n:${this.nodeId}`, `${state}:${seq}`)
      .hdel(key, `l:${this.nodeId}`)
      .pexpire(key, this.userTtlMs)
    if (ss !== undefined) {
      pipeline.hset(key, 'ss', ss)
      this.entry(userID).since = { statusType, at: since ?? 0 }
    }
    if (state === 'unlogined') pipeline.srem(this.nodeUsersKey(this.nodeId), userID)
    else pipeline.sadd(this.nodeUsersKey(this.nodeId), userID).sadd(`${this.prefix}users`, userID)
    pipeline.publish(this.channel, JSON.stringify({ k: 'dev', n: this.nodeId, u: userID, s: state, q: seq, ss }))
    this.dirty.delete(userID)
    this.run(
      pipeline.exec().then((results) => {
        if (results?.some(([error]) => error)) throw new Error('a command failed')
      }),
      'publish device state',
    ).then((ok) => {
      if (!ok) this.dirty.add(userID)
    })
  }

  /**
   * `expect`: null overrides, a string is a compare-and-set, `absent` writes only if Redis lost the status,
   * `retry` writes unless Redis already has this text (a write that timed out may have landed).
   */
  private publishCustomStatus(
    userID: string,
    text: string,
    expect: string | null | { absent: true } | { retry: true },
    expiresAt: number | null = null,
  ): void {
    this.pendingCustomStatus.delete(userID)
    const entry = this.entry(userID)
    entry.customStatus = text
    entry.expiresAt = text === '' ? null : expiresAt
    const expiry = entry.expiresAt === null ? '' : String(entry.expiresAt)
    const write = ++entry.localWrites
    const reply = this.cmd.eval(
      SET_CUSTOM_STATUS,
      1,
      this.userKey(userID),
      text,
      expect === null ? '0' : typeof expect === 'string' ? '1' : 'absent' in expect ? '2' : '3',
      typeof expect === 'string' ? expect : '',
      String(Date.now()),
      this.channel,
      this.nodeId,
      userID,
      String(this.userTtlMs),
      expiry,
    )
    this.run(
      reply.then((result) => {
        if (!Array.isArray(result) || result.length !== 4) return
        const [, current, version, currentExpiry] = result.map(String)
        const v = Number(version)
        if (v < entry.csVersion) return // a newer write from another node already won
        entry.csVersion = v
        // A later write from here is on its way: keep its text (no flicker back to this one).
        if (write !== entry.localWrites) return
        entry.customStatus = current
        entry.expiresAt = parseExpiry(currentExpiry)
        if (entry.loaded) this.apply(userID)
        else this.onExpiry?.(userID, entry.customStatus, entry.expiresAt)
      }),
      'publish custom status',
    ).then((ok) => {
      // Not written: this node's text is written again once Redis is back (a later write here replaces it).
      if (!ok && write === entry.localWrites && (expect === null || (typeof expect === 'object' && 'retry' in expect))) {
        this.pendingCustomStatus.add(userID)
      }
    })
  }

  /**
   * Takes a slot of the user's status-API budget shared by every node (a sliding window in Redis). When Redis
   * cannot answer, the node's own limit (checked before) is all there is: the call goes ahead.
   */
  async takeRateSlot(userID: string, method: string, limit: number, windowMs: number): Promise<boolean> {
    try {
      const taken = await this.cmd.eval(
        TAKE_RATE_SLOT,
        1,
        `${this.prefix}rate:${method}:${userID}`,
        String(Date.now()),
        String(windowMs),
        String(limit),
        `${this.nodeId}:${++this.rateSeq}`,
      )
      return taken === 1
    } catch (error) {
      if (!this.closing) this.logger.warn(`redis rate limit: ${error instanceof Error ? error.message : String(error)}`)
      return true
    }
  }

  /** A user logged in here: load what the other nodes hold of them and list them as a known user. */
  async prepareLogin(userID: string): Promise<void> {
    // Without Redis the login goes ahead on this node; its device state is written once Redis is back.
    if (!(await this.run(this.cmd.sadd(`${this.prefix}users`, userID), 'register user'))) return
    if (!(await this.run(this.ensureLoaded([userID]), 'load user'))) return
    // Logged in again: the devices lost with a dead node no longer count (a later logout is UNLOGINED).
    const entry = this.remote.get(userID)
    if (entry && entry.lost.size > 0) {
      const fields = [...entry.lost.keys()].map((nodeId) => `l:${nodeId}`)
      entry.lost.clear()
      this.apply(userID)
      await this.run(this.cmd.hdel(this.userKey(userID), ...fields), 'clear lost devices')
    }
  }

  /** Tells the other nodes that `userID` logged in here (they close their dropped sessions of that user). */
  announceLogin(userID: string): void {
    this.run(this.cmd.publish(this.channel, JSON.stringify({ k: 'login', n: this.nodeId, u: userID })), 'announce login')
  }

  // ---- remote state ---------------------------------------------------------------------------------------

  private entry(userID: string): RemoteUser {
    let entry = this.remote.get(userID)
    if (!entry) {
      entry = {
        nodes: new Map(),
        lost: new Map(),
        customStatus: '',
        csVersion: 0,
        expiresAt: null,
        since: null,
        localWrites: 0,
        loaded: false,
        loading: null,
      }
      this.remote.set(userID, entry)
    }
    return entry
  }

  /** Makes sure the world has what Redis holds of these users (the ones that exist) before a call names them. */
  async ensureLoaded(userIDs: readonly string[]): Promise<void> {
    const waits: Array<Promise<void>> = []
    const toLoad: string[] = []
    for (const userID of new Set(userIDs)) {
      const entry = this.remote.get(userID)
      if (entry?.loaded) continue
      if (entry?.loading) waits.push(entry.loading)
      else toLoad.push(userID)
    }
    if (toLoad.length) waits.push(this.load(toLoad))
    await Promise.all(waits)
  }

  private load(userIDs: readonly string[]): Promise<void> {
    const pipeline = this.cmd.pipeline()
    for (const userID of userIDs) pipeline.hgetall(this.userKey(userID)).sismember(`${this.prefix}users`, userID)
    const loading = pipeline.exec().then((results) => {
      userIDs.forEach((userID, index) => {
        const entry = this.entry(userID)
        entry.loading = null
        const [hashError, hash] = results?.[index * 2] ?? [null, null]
        const [, member] = results?.[index * 2 + 1] ?? [null, 0]
        if (hashError) throw hashError
        if (isRecord(hash)) this.merge(entry, hash)
        // Known: listed as a user, or holding presence in Redis (the list may lag after Redis came back empty).
        const inRedis = member === 1 || (isRecord(hash) && Object.keys(hash).length > 0)
        if (!inRedis && !this.world.hasUser(userID)) {
          this.remote.delete(userID)
          return
        }
        entry.loaded = true
        this.apply(userID)
      })
    })
    for (const userID of userIDs) this.entry(userID).loading = loading
    return loading.catch((error: unknown) => {
      // Not loaded: the entries stay (with what messages brought) and the next call that names them loads again.
      for (const userID of userIDs) {
        const entry = this.remote.get(userID)
        if (entry && entry.loading === loading) entry.loading = null
      }
      throw error
    })
  }

  /** Reads loaded users again from Redis and merges what is newer (after an outage, or a node back from the dead). */
  private refresh(userIDs: readonly string[]): Promise<boolean> {
    if (userIDs.length === 0) return Promise.resolve(true)
    const pipeline = this.cmd.pipeline()
    for (const userID of userIDs) pipeline.hgetall(this.userKey(userID))
    const work = pipeline.exec().then((results) => {
      userIDs.forEach((userID, index) => {
        const entry = this.remote.get(userID)
        if (!entry?.loaded) return
        const [error, hash] = results?.[index] ?? [null, null]
        if (error) throw error
        if (isRecord(hash)) this.merge(entry, hash)
        this.apply(userID)
      })
    })
    return this.run(work, 'reload users')
  }

  private merge(entry: RemoteUser, hash: Record<string, unknown>): void {
    for (const [field, value] of Object.entries(hash)) {
      if (typeof value !== 'string') continue
      if (field.startsWith('n:')) {
        const nodeId = field.slice(2)
        if (nodeId === this.nodeId || this.deadNodes.has(nodeId)) continue
        const state = parseField(value)
        const known = entry.nodes.get(nodeId)
        if (state && (!known || state.seq > known.seq)) entry.nodes.set(nodeId, state)
        entry.lost.delete(nodeId)
      }
    }
    for (const field of Object.keys(hash)) {
      if (!field.startsWith('l:')) continue
      const nodeId = field.slice(2)
      if (nodeId === this.nodeId || typeof hash[`n:${nodeId}`] === 'string') continue
      if (!entry.lost.has(nodeId)) entry.lost.set(nodeId, Date.now() + this.lostTtlMs)
      entry.nodes.delete(nodeId)
    }
    const since = typeof hash.ss === 'string' ? parseSince(hash.ss) : null
    if (since) entry.since = since
    const version = Number(hash.csv ?? 0)
    if (typeof hash.cs === 'string' && Number.isFinite(version) && version > entry.csVersion) {
      entry.csVersion = version
      entry.customStatus = hash.cs
      entry.expiresAt = parseExpiry(hash.cse)
    }
  }

  /** Writes the other nodes' devices and the custom status of a loaded user into the world. */
  private apply(userID: string): void {
    const entry = this.remote.get(userID)
    if (!entry?.loaded || this.closing) return
    let presence: Presence = entry.lost.size > 0 ? 'offline' : 'unlogined'
    for (const { state } of entry.nodes.values()) {
      if (state === 'online') {
        presence = 'online'
        break
      }
      if (state === 'offline') presence = 'offline'
    }
    // The status the world will compute (this node's devices with the others'), to take its start from Redis.
    const local = this.world.devicePresence(userID)
    const combined: Presence = local === 'online' || presence === 'online' ? 'online' : local === 'offline' || presence === 'offline' ? 'offline' : 'unlogined'
    const since = entry.since && entry.since.statusType === PRESENCE_TYPE[combined] ? entry.since.at : undefined
    this.applying = true
    try {
      this.world.setPresence(userID, presence, since === undefined ? {} : { since })
      if (this.world.getStatus(userID).customStatus !== entry.customStatus) this.world.setCustomStatus(userID, entry.customStatus)
    } finally {
      this.applying = false
    }
    this.onExpiry?.(userID, entry.customStatus, entry.expiresAt)
  }

  private onMessage(raw: string): void {
    const message = readMessage(raw)
    if (!message || message.n === this.nodeId || this.closing) return
    if (message.k === 'down') {
      this.markDead(message.n)
      return
    }
    if (message.k === 'login') {
      this.onRemoteLogin(message.u)
      const entry = this.remote.get(message.u)
      if (entry && entry.lost.size > 0) {
        entry.lost.clear()
        this.apply(message.u)
      }
      return
    }
    // Redis delivers a channel's messages in order: a node heard after its `down` is alive again (it was paused
    // long enough to be reaped, and publishes its devices anew).
    if (this.deadNodes.has(message.n)) this.revive(message.n)
    let entry = this.remote.get(message.u)
    if (!entry) {
      // Nobody here cares about a user the world never saw; a later call loads them from Redis.
      if (!this.world.hasUser(message.u)) return
      entry = this.entry(message.u)
    }
    if (message.k === 'dev') {
      const known = entry.nodes.get(message.n)
      if (known && known.seq >= message.q) return
      entry.nodes.set(message.n, { state: message.s, seq: message.q })
      entry.lost.delete(message.n)
      if (message.ss) entry.since = message.ss
    } else {
      if (message.v <= entry.csVersion) return
      entry.csVersion = message.v
      entry.customStatus = message.t
      entry.expiresAt = message.e
    }
    if (entry.loaded) this.apply(message.u)
    else if (!entry.loading) this.run(this.ensureLoaded([message.u]), 'load user')
  }

  /** A node is gone: its devices count as lost (OFFLINE) until their users log in again. */
  private markDead(nodeId: string): void {
    if (nodeId === this.nodeId || this.deadNodes.has(nodeId)) return
    this.deadNodes.add(nodeId)
    this.missing.delete(nodeId)
    this.logger.info(`node ${nodeId} is gone; its users count as OFFLINE until they log in again`)
    const until = Date.now() + this.lostTtlMs
    for (const [userID, entry] of this.remote) {
      const known = entry.nodes.get(nodeId)
      if (!known) continue
      entry.nodes.delete(nodeId)
      if (known.state !== 'unlogined') entry.lost.set(nodeId, until)
      this.apply(userID)
    }
  }

  /** A node taken for gone is alive: read again, from Redis, every user it had. */
  private revive(nodeId: string): void {
    this.deadNodes.delete(nodeId)
    this.missing.delete(nodeId)
    const users: string[] = []
    for (const [userID, entry] of this.remote) {
      if (entry.lost.has(nodeId) && entry.loaded) users.push(userID)
    }
    void this.refresh(users)
  }

  // ---- heartbeat, reaping, recovery -----------------------------------------------------------------------

  private async tick(): Promise<void> {
    if (this.closing) return
    try {
      const pipeline = this.cmd
        .pipeline()
        .set(this.nodeKey(this.nodeId), '1', 'PX', this.nodeTtlMs)
        .sadd(`${this.prefix}nodes`, this.nodeId)
        .pexpire(this.nodeUsersKey(this.nodeId), this.userTtlMs)
      for (const userID of this.published.keys()) pipeline.pexpire(this.userKey(userID), this.userTtlMs)
      const results = await pipeline.exec()
      const added = results?.[1]?.[1]
      if (this.registered && added === 1) {
        // Another node took this one for dead (a long pause) and reaped it: say again what it holds.
        this.logger.warn(`node ${this.nodeId} was reaped while alive; publishing its devices again`)
        for (const [userID, state] of this.published) this.publishDevice(userID, state)
      }
      this.registered = true
      if (this.degraded) void this.resync()
      await this.reap()
      await this.checkKnownNodes()
      this.expireLost()
    } catch (error) {
      this.degraded = true
      this.logger.warn(`redis heartbeat: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  /**
   * The nodes this node knows devices of must have a heartbeat key. One missing for a whole node TTL died while
   * nobody could reap it (Redis was away or lost its data): its devices count as lost here. A node taken for
   * gone whose key is back is read again.
   */
  private async checkKnownNodes(): Promise<void> {
    const known = new Set<string>(this.deadNodes)
    for (const entry of this.remote.values()) for (const nodeId of entry.nodes.keys()) known.add(nodeId)
    known.delete(this.nodeId)
    if (known.size === 0) return
    const ids = [...known]
    const pipeline = this.cmd.pipeline()
    for (const id of ids) pipeline.exists(this.nodeKey(id))
    const results = (await pipeline.exec()) ?? []
    ids.forEach((id, i) => {
      const [error, exists] = results[i] ?? [null, 0]
      if (error || this.closing) return
      if (exists === 1) {
        this.missing.delete(id)
        if (this.deadNodes.has(id)) this.revive(id)
        return
      }
      if (this.deadNodes.has(id)) return
      const since = this.missing.get(id)
      if (since === undefined) this.missing.set(id, Date.now())
      else if (Date.now() - since >= this.nodeTtlMs) this.markDead(id)
    })
  }

  /** Lost devices stop counting after `lostTtlMs` (as a dropped session does on one node). */
  private expireLost(): void {
    const now = Date.now()
    for (const [userID, entry] of this.remote) {
      let changed = false
      for (const [nodeId, until] of entry.lost) {
        if (until <= now) {
          entry.lost.delete(nodeId)
          changed = true
        }
      }
      if (changed) this.apply(userID)
    }
  }

  private async reap(): Promise<void> {
    const nodes = (await this.cmd.smembers(`${this.prefix}nodes`)).filter((id) => id !== this.nodeId)
    if (nodes.length === 0) return
    const pipeline = this.cmd.pipeline()
    for (const id of nodes) pipeline.exists(this.nodeKey(id))
    const alive = (await pipeline.exec()) ?? []
    for (let i = 0; i < nodes.length; i++) {
      if (alive[i]?.[1] !== 0 || this.closing) continue
      const id = nodes[i]
      // SREM answers 1 to one node only: that one cleans up.
      if ((await this.cmd.srem(`${this.prefix}nodes`, id)) !== 1) continue
      const users = await this.cmd.smembers(this.nodeUsersKey(id))
      const cleanup = this.cmd.pipeline()
      for (const userID of users) this.markLost(cleanup, userID, id)
      cleanup.del(this.nodeUsersKey(id)).publish(this.channel, JSON.stringify({ k: 'down', n: id }))
      await cleanup.exec()
      this.markDead(id)
    }
  }

  /** In Redis: the node's devices of the user become a lost marker (OFFLINE), kept for `lostTtlMs`. */
  private markLost(pipeline: ReturnType<Redis['pipeline']>, userID: string, nodeId: string): void {
    const key = this.userKey(userID)
    pipeline.hdel(key, `n:${nodeId}`).hset(key, `l:${nodeId}`, '1').pexpire(key, Math.max(this.lostTtlMs, this.userTtlMs))
  }

  /** After a Redis outage (both connections ready again): resynchronise, once at a time. */
  private resync(): Promise<void> {
    if (this.closing || this.cmd.status !== 'ready' || this.sub.status !== 'ready') return Promise.resolve()
    this.degraded = false
    this.resyncing ??= this.resyncNow().finally(() => {
      this.resyncing = null
    })
    return this.resyncing
  }

  /**
   * Writes again what this node holds (its devices, also the ones that logged out meanwhile, and the custom
   * statuses set here while Redis was away), then reloads every user it had loaded: changes made anywhere during
   * the outage reach every node.
   */
  private async resyncNow(): Promise<void> {
    this.logger.info('redis reconnected; resynchronising presence')
    for (const userID of new Set([...this.published.keys(), ...this.dirty])) {
      this.publishDevice(userID, this.world.devicePresence(userID))
    }
    const pending = [...this.pendingCustomStatus]
    for (const userID of pending) {
      this.publishCustomStatus(userID, this.world.getStatus(userID).customStatus, { retry: true }, this.remote.get(userID)?.expiresAt ?? null)
    }
    // A Redis restarted empty lost every custom status: the nodes holding the users' devices write theirs again.
    for (const userID of this.published.keys()) {
      const { customStatus } = this.world.getStatus(userID)
      if (customStatus !== '' && !pending.includes(userID)) {
        this.publishCustomStatus(userID, customStatus, { absent: true }, this.remote.get(userID)?.expiresAt ?? null)
      }
    }
    const loaded: string[] = []
    for (const [userID, entry] of this.remote) if (entry.loaded) loaded.push(userID)
    if (!(await this.refresh(loaded))) this.degraded = true
  }

  /** Runs Redis work, logging a failure; resolves true when it succeeded. */
  private run(work: Promise<unknown>, what: string): Promise<boolean> {
    return work.then(
      () => true,
      (error: unknown) => {
        this.degraded = true
        if (!this.closing) this.logger.warn(`redis ${what}: ${error instanceof Error ? error.message : String(error)}`)
        return false
      },
    )
  }

  /** Leaves the cluster: this node's devices stop counting everywhere, then the connections close. */
  async close(): Promise<void> {
    if (this.closing) return
    this.closing = true
    clearInterval(this.tickTimer)
    this.offStatusChange()
    try {
      // Its users did not log out: they count as OFFLINE until they log in again (on another node).
      const pipeline = this.cmd.pipeline()
      for (const userID of this.published.keys()) this.markLost(pipeline, userID, this.nodeId)
      pipeline
        .del(this.nodeUsersKey(this.nodeId), this.nodeKey(this.nodeId))
        .srem(`${this.prefix}nodes`, this.nodeId)
        .publish(this.channel, JSON.stringify({ k: 'down', n: this.nodeId }))
      await pipeline.exec()
    } catch (error) {
      this.logger.warn(`redis leave: ${error instanceof Error ? error.message : String(error)}`)
    }
    this.published.clear()
    await Promise.allSettled([this.sub.quit(), this.cmd.quit()])
  }
}
