/**
 * Read replicas with health checks (issue 16, item 6): a router that drizzle's node-postgres
 * driver takes in place of a `pg.Pool` for public reads, `drizzle(router as unknown as pg.Pool)`.
 *
 * - Each `query()` goes to a healthy replica, round robin, or to the primary when none is.
 * - A read that meets a replica going away (connection refused/reset/terminated, 57P01
 *   shutdown, 57P03 starting or stopping, class 08, …) is run again on the primary and the
 *   replica is taken out at once. A read cancelled by a recovery conflict (40001/57014 with
 *   "conflict with recovery") is run again on the primary too, but the replica stays in: the
 *   conflict is that query's, not the replica's.
 * - Every `checkIntervalMs` one round checks every replica on a connection of its own (short
 *   connect timeout and statement_timeout): healthy = it answers, it is in recovery, and its
 *   lag is at most `maxLagMs` (the rule is `judgeReplica`, src/db/postgres/replica-lag.ts). A replica that passes a
 *   check is back at once.
 * - `connect()` hands out a client of the primary: drizzle opens transactions with
 *   `connect()` on anything whose class name says Pool (NodePgSession.transaction), so a
 *   transaction started through the router runs whole on the primary.
 *
 * `status()` names replicas by URL without the password; no password reaches a log line,
 * an event or an error message of the router's own.
 */
import { EventEmitter } from 'node:events'
import pg from 'pg'
import { classifyReplicaError, describeError } from './errors.js'
import { destroyClient, TimedOut, within } from './replica-check.js'
import { abandonReads, ReplicaHealth } from './replica-health.js'
import { newReplica, statusOf, type ReadCounts, type Replica, type ReplicaRouterLog, type ReplicaRouterOptions, type ReplicaStatus } from './replica-record.js'

export type { ReadCounts, ReplicaRouterLog, ReplicaRouterOptions, ReplicaStatus } from './replica-record.js'

type QueryArgs = [textOrConfig: string | pg.QueryConfig, values?: unknown[]]
type Callback = (error: Error | null, result?: pg.QueryResult) => void

/**
 * See the module's comment. Events: 'down' and 'up', each with the replica's ReplicaStatus,
 * when a replica goes out or comes back (the first check's verdict counts as a change).
 */
export class ReadReplicaPool extends EventEmitter {
  readonly #primary: pg.Pool
  readonly #replicas: Replica[]
  readonly #timeoutMs: number
  readonly #log: ReplicaRouterLog | undefined
  readonly #counts: ReadCounts = { replica: 0, primary: 0, retried: 0 }
  readonly #health: ReplicaHealth
  #next = 0
  #closed = false

  constructor (options: ReplicaRouterOptions) {
    super()
    if (!(options.maxLagMs > 0)) throw new RangeError('maxLagMs must be a positive number of milliseconds')
    this.#primary = options.primary
    const intervalMs = Math.max(10, options.checkIntervalMs ?? 250)
    this.#timeoutMs = Math.max(50, options.checkTimeoutMs ?? Math.max(500, 2 * intervalMs))
    const poolOptions = options.poolOptions ?? {}
    this.#log = options.log
    this.#replicas = options.replicaUrls.map((url) => newReplica(url, poolOptions, this.#timeoutMs,
      // An idle client whose server went away emits 'error' on the pool; unheard, it would end the process.
      (replica, error) => { if (classifyReplicaError(error) === 'down') this.#markDown(replica, `idle connection: ${describeError(error)}`) }))
    this.#health = new ReplicaHealth({
      primary: this.#primary,
      replicas: this.#replicas,
      maxLagMs: options.maxLagMs,
      intervalMs,
      timeoutMs: this.#timeoutMs,
      poolOptions,
      onDown: (r, reason) => { this.#markDown(r, reason) },
      onUp: (r) => { this.#markUp(r) }
    })
  }

  /** Resolves once every replica has had its first check (at most about checkTimeoutMs after the router was made). */
  ready (): Promise<void> {
    return this.#health.firstRound
  }

  // The call shapes of pg.Pool.query that drizzle's node-postgres session uses, and the plain ones.
  query<R extends pg.QueryResultRow = pg.QueryResultRow> (text: string, values?: unknown[]): Promise<pg.QueryResult<R>>
  query<R extends pg.QueryResultRow = pg.QueryResultRow> (config: pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult<R>>
  query (textOrConfig: string | pg.QueryConfig, callback: Callback): void
  query (textOrConfig: string | pg.QueryConfig, values: unknown[], callback: Callback): void
  query (...args: unknown[]): Promise<pg.QueryResult> | undefined {
    const last = args[args.length - 1]
    const callback = typeof last === 'function' ? last as Callback : undefined
    if (callback !== undefined) args.pop()
    const result = this.#route(args as QueryArgs)
    if (callback === undefined) return result
    result.then((r) => callback(null, r), (error: Error) => callback(error))
    return undefined
  }

  async #route (args: QueryArgs): Promise<pg.QueryResult> {
    const replica = this.#pick()
    if (replica === undefined) {
      this.#counts.primary++
      return await this.#on(this.#primary, args)
    }
    let abandon: ((error: Error) => void) | undefined
    try {
      const result = await Promise.race([
        this.#on(replica.pool, args),
        new Promise<never>((_resolve, reject) => { abandon = reject; replica.inFlight.add(reject) })
      ])
      this.#counts.replica++
      return result
    } catch (error) {
      const kind = classifyReplicaError(error)
      if (kind === undefined) throw error
      if (kind === 'down') this.#markDown(replica, describeError(error))
      this.#counts.retried++
      return await this.#on(this.#primary, args)
    } finally {
      if (abandon !== undefined) replica.inFlight.delete(abandon)
    }
  }

  #on (pool: pg.Pool, args: QueryArgs): Promise<pg.QueryResult> {
    return (pool.query as (...a: unknown[]) => Promise<pg.QueryResult>).apply(pool, args)
  }

  #pick (): Replica | undefined {
    if (this.#closed) return undefined
    const count = this.#replicas.length
    for (let i = 0; i < count; i++) {
      const replica = this.#replicas[(this.#next + i) % count] as Replica
      if (replica.healthy) {
        this.#next = (this.#next + i + 1) % count
        return replica
      }
    }
    return undefined
  }

  /** A client of the primary: drizzle's transactions on the router run there. */
  connect (): Promise<pg.PoolClient> {
    return this.#primary.connect()
  }

  status (): ReplicaStatus[] {
    return this.#replicas.map((r) => statusOf(r))
  }

  /** How many reads went where, since the router was made. */
  readCounts (): ReadCounts {
    return { ...this.#counts }
  }

  #markDown (r: Replica, reason: string): void {
    r.lastError = reason
    r.downAt = performance.now()
    if (this.#closed) return
    if (r.healthy || !r.checked) {
      r.healthy = false
      r.checked = true
      r.since = Date.now()
      this.#log?.warn({ replica: r.shown, reason, lagMs: r.lagMs }, 'read replica out: its reads go to the others or the primary')
      this.emit('down', statusOf(r))
    }
  }

  #markUp (r: Replica): void {
    r.lastError = null
    if (this.#closed) return
    if (!r.healthy) {
      r.healthy = true
      r.checked = true
      r.since = Date.now()
      this.#log?.info({ replica: r.shown, lagMs: r.lagMs }, 'read replica in: serving reads')
      this.emit('up', statusOf(r))
    }
  }

  /**
   * Stops the checks and ends the replicas' pools (reads in flight finish first); the
   * primary is the caller's. Reads after close() go to the primary.
   */
  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#health.stop()
    for (const r of this.#replicas) r.healthy = false
    // pool.end() waits for reads in flight; a replica that stopped answering would hold it
    // (and the process) until TCP gives up, so after checkTimeoutMs its connections are cut.
    await Promise.all(this.#replicas.map(async (r) => {
      const ended = r.pool.end().catch(() => {})
      await within(ended, this.#timeoutMs, 'pool end').catch(() => {
        abandonReads(r, new TimedOut('the router was closed'))
        const clients = (r.pool as unknown as { _clients?: unknown })._clients
        if (Array.isArray(clients)) for (const client of clients as pg.Client[]) destroyClient(client)
      })
      await within(ended, this.#timeoutMs, 'pool end').catch(() => {})
    }))
  }

  /** close(), under the name drizzle's `$client.end()` and pg.Pool users expect. */
  end (): Promise<void> {
    return this.close()
  }
}

/** A router for public reads over `replicaUrls`; see ReadReplicaPool. */
export function replicaRouter (options: ReplicaRouterOptions): ReadReplicaPool {
  return new ReadReplicaPool(options)
}
