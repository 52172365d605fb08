/** The read-replica router's options, its reports and its record of a replica (src/db/postgres/replicas.ts). */
import pg from 'pg'
import { redactUrl } from './errors.js'

export interface ReplicaRouterLog {
  info (obj: object, msg: string): void
  warn (obj: object, msg: string): void
}

export interface ReplicaRouterOptions {
  /** The primary: reads go here when no replica is healthy, and again when one failed on a replica. Not ended by close(). */
  primary: pg.Pool
  /** `postgres://` URLs of streaming replicas of `primary`. */
  replicaUrls: readonly string[]
  /** A replica whose replay may be more than this behind the primary serves no reads. */
  maxLagMs: number
  /** How often every replica is checked (default 250 ms). */
  checkIntervalMs?: number
  /** How long a check may take, connecting included, before the replica counts as down (default max(500, 2 × checkIntervalMs)). */
  checkTimeoutMs?: number
  /** For each replica's read pool (and its check connection: ssl and the like). The URL is the replica's own. */
  poolOptions?: pg.PoolConfig
  log?: ReplicaRouterLog
}

export interface ReplicaStatus {
  /** The replica's URL without its password. */
  url: string
  healthy: boolean
  /** An upper bound, in ms, on how stale a read from it may be; null when unknown (not answering, not yet checked). */
  lagMs: number | null
  /** Why it serves no reads (null while it does). */
  lastError: string | null
  /** Whether replay is paused on it (pg_wal_replay_pause), null when unknown. */
  replayPaused: boolean | null
  /** When `healthy` last changed (ms since the epoch), null before the first check. */
  since: number | null
}

export interface ReadCounts {
  /** Reads answered by a replica. */
  replica: number
  /** Reads sent to the primary because no replica was healthy (or the router was closed). */
  primary: number
  /** Reads that failed on a replica and were run again on the primary. */
  retried: number
}

/** The router's record of one replica (src/db/postgres/replicas.ts). */
export interface Replica {
  readonly url: string
  readonly shown: string
  readonly pool: pg.Pool
  healthy: boolean
  checked: boolean
  lagMs: number | null
  lastError: string | null
  replayPaused: boolean | null
  since: number | null
  /** performance.now() of the last time it was found down (a check that began before that cannot put it back). */
  downAt: number
  checkClient: pg.Client | null
  connecting: Promise<pg.Client> | null
  /** Reads running on it: rejected (and so run again on the primary) when it stops answering. */
  readonly inFlight: Set<(error: Error) => void>
}

/** A replica's record, not yet checked, with its read pool; `onIdleError` hears the pool's idle clients fail. */
export function newReplica (url: string, poolOptions: pg.PoolConfig, timeoutMs: number, onIdleError: (replica: Replica, error: Error) => void): Replica {
  const pool = new pg.Pool({
    keepAlive: true,
    connectionTimeoutMillis: Math.max(1000, timeoutMs),
    application_name: 'byline replica read',
    ...poolOptions,
    connectionString: url
  })
  const replica: Replica = { url, shown: redactUrl(url), pool, healthy: false, checked: false, lagMs: null, lastError: 'not checked yet', replayPaused: null, since: null, downAt: -Infinity, checkClient: null, connecting: null, inFlight: new Set() }
  pool.on('error', (error) => { onIdleError(replica, error) })
  return replica
}

/** What status() says of a replica: no password, nothing internal. */
export function statusOf (r: Replica): ReplicaStatus {
  return { url: r.shown, healthy: r.healthy, lagMs: r.lagMs, lastError: r.lastError, replayPaused: r.replayPaused, since: r.since }
}
