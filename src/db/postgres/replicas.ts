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
import { destroyClient, openCheckClient, readReport, SAMPLE_SQL, TimedOut, within } from './replica-check.js'
import { judgeReplica, parseLsn, rememberSample, type PrimarySample } from './replica-lag.js'
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
  readonly #maxLagMs: number
  readonly #intervalMs: number
  readonly #timeoutMs: number
  readonly #poolOptions: pg.PoolConfig
  readonly #log: ReplicaRouterLog | undefined
  readonly #samples: PrimarySample[] = []
  readonly #counts: ReadCounts = { replica: 0, primary: 0, retried: 0 }
  readonly #firstRound: Promise<void>
  #next = 0
  #closed = false
  #timer: NodeJS.Timeout | undefined
  #sampling: Promise<void> | undefined
  #round: Promise<void> | undefined

  constructor (options: ReplicaRouterOptions) {
    super()
    if (!(options.maxLagMs > 0)) throw new RangeError('maxLagMs must be a positive number of milliseconds')
    this.#primary = options.primary
    this.#maxLagMs = options.maxLagMs
    this.#intervalMs = Math.max(10, options.checkIntervalMs ?? 250)
    this.#timeoutMs = Math.max(50, options.checkTimeoutMs ?? Math.max(500, 2 * this.#intervalMs))
    this.#poolOptions = options.poolOptions ?? {}
    this.#log = options.log
    this.#replicas = options.replicaUrls.map((url) => newReplica(url, this.#poolOptions, this.#timeoutMs,
      // An idle client whose server went away emits 'error' on the pool; unheard, it would end the process.
      (replica, error) => { if (classifyReplicaError(error) === 'down') this.#markDown(replica, `idle connection: ${describeError(error)}`) }))
    this.#firstRound = this.#replicas.length === 0 ? Promise.resolve() : this.#tick()
  }

  /** Resolves once every replica has had its first check (at most about checkTimeoutMs after the router was made). */
  ready (): Promise<void> {
    return this.#firstRound
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

  // One round: the primary's WAL position first (rule 1 of judgeReplica needs it taken
  // before the replicas answer), then every replica at once; the next round starts
  // checkIntervalMs after this one started, or when it ends if it took longer.
  async #tick (): Promise<void> {
    const started = performance.now()
    const round = (async () => {
      await this.#samplePrimary()
      await Promise.all(this.#replicas.map((r) => this.#check(r)))
    })()
    this.#round = round
    await round
    if (this.#closed) return
    this.#timer = setTimeout(() => { void this.#tick() }, Math.max(0, this.#intervalMs - (performance.now() - started)))
    this.#timer.unref()
  }

  async #samplePrimary (): Promise<void> {
    // One sample at a time: a slow primary gets no queue of them. A sample that arrives
    // late is still true of its time and joins the history then.
    this.#sampling ??= (async () => {
      const at = performance.now()
      try {
        const { rows } = await this.#primary.query<{ lsn: string | null }>(SAMPLE_SQL)
        const lsn = parseLsn(rows[0]?.lsn)
        if (lsn !== null) this.#remember({ at, lsn })
      } catch {
        // The primary is down or busy: the replicas are judged on the history (rule 3 once it is old).
      } finally {
        this.#sampling = undefined
      }
    })()
    await within(this.#sampling, Math.max(25, Math.floor(this.#timeoutMs / 2)), 'primary WAL position').catch(() => {})
  }

  #remember (sample: PrimarySample): void {
    // Older than maxLagMs plus a few rounds no sample can decide anything: rule 1 would say "too far behind" either way.
    rememberSample(this.#samples, sample, sample.at - this.#maxLagMs - 4 * this.#intervalMs)
  }

  async #check (r: Replica): Promise<void> {
    if (this.#closed) return
    const began = performance.now()
    try {
      const report = await within((async () => {
        // A connect that outlived an earlier check's timeout is waited for, never doubled.
        const client = r.checkClient ?? await (r.connecting ??= this.#connectCheck(r).finally(() => { r.connecting = null }))
        return await readReport(client)
      })(), this.#timeoutMs, 'health check')
      if (this.#closed) return
      if (report === undefined) throw new Error('health check returned no row')
      const verdict = judgeReplica(report, this.#samples, performance.now(), this.#maxLagMs)
      r.lagMs = verdict.lagMs
      r.replayPaused = report.replayPaused
      // A read that failed on it while this check was under way knows better than the check.
      if (!verdict.healthy) this.#markDown(r, verdict.reason ?? 'unhealthy')
      else if (r.downAt < began) this.#markUp(r)
    } catch (error) {
      if (this.#closed) return
      const client = r.checkClient
      r.checkClient = null
      if (client !== null) destroyClient(client)
      r.lagMs = null
      r.replayPaused = null
      this.#markDown(r, describeError(error))
      // A replica that stops answering (frozen, or cut off without a reset) leaves its reads
      // hanging until TCP gives up: they are run on the primary now. Their connections stay
      // with the pool, which gets them back if the replica wakes up, or an error if not.
      if (error instanceof TimedOut || classifyReplicaError(error) === 'down') this.#abandonReads(r, error as Error)
    }
  }

  #abandonReads (r: Replica, cause: Error): void {
    if (r.inFlight.size === 0) return
    const error = Object.assign(new Error(`read replica ${r.shown} stopped answering: ${cause.message}`, { cause }), { code: 'ETIMEDOUT' })
    for (const reject of r.inFlight) reject(error)
    r.inFlight.clear()
  }

  async #connectCheck (r: Replica): Promise<pg.Client> {
    const client = await openCheckClient(r.url, this.#poolOptions, this.#timeoutMs, (lost, error) => {
      // The server going away while the client idles between checks: out at once, not at the next check.
      if (r.checkClient !== lost) return
      r.checkClient = null
      destroyClient(lost)
      if (!this.#closed && classifyReplicaError(error) === 'down') this.#markDown(r, describeError(error))
    })
    client.on('end', () => { if (r.checkClient === client) r.checkClient = null })
    if (this.#closed) {
      destroyClient(client)
      throw new Error('closed')
    }
    r.checkClient = client
    return client
  }

  /**
   * Stops the checks and ends the replicas' pools (reads in flight finish first); the
   * primary is the caller's. Reads after close() go to the primary.
   */
  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    clearTimeout(this.#timer)
    await this.#round?.catch(() => {})
    await Promise.all(this.#replicas.map((r) => r.connecting?.catch(() => {})))
    for (const r of this.#replicas) {
      if (r.checkClient !== null) destroyClient(r.checkClient)
      r.checkClient = null
      r.healthy = false
    }
    // pool.end() waits for reads in flight; a replica that stopped answering would hold it
    // (and the process) until TCP gives up, so after checkTimeoutMs its connections are cut.
    await Promise.all(this.#replicas.map(async (r) => {
      const ended = r.pool.end().catch(() => {})
      await within(ended, this.#timeoutMs, 'pool end').catch(() => {
        this.#abandonReads(r, new TimedOut('the router was closed'))
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
