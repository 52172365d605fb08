/**
 * The health checks of the read-replica router (src/db/postgres/replicas.ts). Every
 * `intervalMs` one round takes the primary's WAL position, then checks every replica at
 * once on a connection of its own; `judgeReplica` (replica-lag.ts) decides. What a check
 * finds goes back to the router (`onDown`, `onUp`), which owns the replicas' state and
 * announces it: a read that fails on a replica marks it down through the same door.
 */
import pg from 'pg'
import { classifyReplicaError, describeError } from './errors.js'
import { destroyClient, openCheckClient, readReport, SAMPLE_SQL, TimedOut, within } from './replica-check.js'
import { judgeReplica, parseLsn, rememberSample, type PrimarySample } from './replica-lag.js'
import type { Replica } from './replica-record.js'

export interface HealthOptions {
  primary: pg.Pool
  replicas: readonly Replica[]
  maxLagMs: number
  intervalMs: number
  timeoutMs: number
  poolOptions: pg.PoolConfig
  onDown: (replica: Replica, reason: string) => void
  onUp: (replica: Replica) => void
}

/**
 * A replica that stops answering (frozen, or cut off without a reset) leaves its reads
 * hanging until TCP gives up: they are rejected, so the router runs them on the primary.
 * Their connections stay with the pool, which gets them back if the replica wakes up.
 */
export function abandonReads (r: Replica, cause: Error): void {
  if (r.inFlight.size === 0) return
  const error = Object.assign(new Error(`read replica ${r.shown} stopped answering: ${cause.message}`, { cause }), { code: 'ETIMEDOUT' })
  for (const reject of r.inFlight) reject(error)
  r.inFlight.clear()
}

export class ReplicaHealth {
  readonly #o: HealthOptions
  readonly #samples: PrimarySample[] = []
  /** Resolves once every replica has had its first check. */
  readonly firstRound: Promise<void>
  #stopped = false
  #timer: NodeJS.Timeout | undefined
  #sampling: Promise<void> | undefined
  #round: Promise<void> | undefined

  constructor (options: HealthOptions) {
    this.#o = options
    this.firstRound = options.replicas.length === 0 ? Promise.resolve() : this.#tick()
  }

  // One round: the primary's WAL position first (rule 1 of judgeReplica needs it taken
  // before the replicas answer), then every replica at once; the next round starts
  // intervalMs after this one started, or when it ends if it took longer.
  async #tick (): Promise<void> {
    const started = performance.now()
    const round = (async () => {
      await this.#samplePrimary()
      await Promise.all(this.#o.replicas.map((r) => this.#check(r)))
    })()
    this.#round = round
    await round
    if (this.#stopped) return
    this.#timer = setTimeout(() => { void this.#tick() }, Math.max(0, this.#o.intervalMs - (performance.now() - started)))
    this.#timer.unref()
  }

  async #samplePrimary (): Promise<void> {
    // One sample at a time: a slow primary gets no queue of them. A sample that arrives
    // late is still true of its time and joins the history then.
    this.#sampling ??= (async () => {
      const at = performance.now()
      try {
        const { rows } = await this.#o.primary.query<{ lsn: string | null }>(SAMPLE_SQL)
        const lsn = parseLsn(rows[0]?.lsn)
        // Older than maxLagMs plus a few rounds no sample can decide anything: rule 1 would say "too far behind" either way.
        if (lsn !== null) rememberSample(this.#samples, { at, lsn }, at - this.#o.maxLagMs - 4 * this.#o.intervalMs)
      } catch {
        // The primary is down or busy: the replicas are judged on the history (rule 3 once it is old).
      } finally {
        this.#sampling = undefined
      }
    })()
    await within(this.#sampling, Math.max(25, Math.floor(this.#o.timeoutMs / 2)), 'primary WAL position').catch(() => {})
  }

  async #check (r: Replica): Promise<void> {
    if (this.#stopped) return
    const began = performance.now()
    try {
      const report = await within((async () => {
        // A connect that outlived an earlier check's timeout is waited for, never doubled.
        const client = r.checkClient ?? await (r.connecting ??= this.#connectCheck(r).finally(() => { r.connecting = null }))
        return await readReport(client)
      })(), this.#o.timeoutMs, 'health check')
      if (this.#stopped) return
      if (report === undefined) throw new Error('health check returned no row')
      const verdict = judgeReplica(report, this.#samples, performance.now(), this.#o.maxLagMs)
      r.lagMs = verdict.lagMs
      r.replayPaused = report.replayPaused
      // A read that failed on it while this check was under way knows better than the check.
      if (!verdict.healthy) this.#o.onDown(r, verdict.reason ?? 'unhealthy')
      else if (r.downAt < began) this.#o.onUp(r)
    } catch (error) {
      if (this.#stopped) return
      const client = r.checkClient
      r.checkClient = null
      if (client !== null) destroyClient(client)
      r.lagMs = null
      r.replayPaused = null
      this.#o.onDown(r, describeError(error))
      if (error instanceof TimedOut || classifyReplicaError(error) === 'down') abandonReads(r, error as Error)
    }
  }

  async #connectCheck (r: Replica): Promise<pg.Client> {
    const client = await openCheckClient(r.url, this.#o.poolOptions, this.#o.timeoutMs, (lost, error) => {
      // The server going away while the client idles between checks: out at once, not at the next check.
      if (r.checkClient !== lost) return
      r.checkClient = null
      destroyClient(lost)
      if (!this.#stopped && classifyReplicaError(error) === 'down') this.#o.onDown(r, describeError(error))
    })
    client.on('end', () => { if (r.checkClient === client) r.checkClient = null })
    if (this.#stopped) {
      destroyClient(client)
      throw new Error('closed')
    }
    r.checkClient = client
    return client
  }

  /** No more rounds; the one under way and any connect in flight are waited for, and the check connections closed. */
  async stop (): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await this.#round?.catch(() => {})
    await Promise.all(this.#o.replicas.map((r) => r.connecting?.catch(() => {})))
    for (const r of this.#o.replicas) {
      if (r.checkClient !== null) destroyClient(r.checkClient)
      r.checkClient = null
    }
  }
}
