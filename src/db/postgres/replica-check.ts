/**
 * One replica's health check on a connection of its own: what the replica says of itself
 * (a ReplicaReport for judgeReplica) and the primary's WAL position, each bounded in time.
 */
import pg from 'pg'
import { parseLsn, type ReplicaReport } from './replica-lag.js'

const CHECK_SQL = `select pg_is_in_recovery() as in_recovery,
  pg_last_wal_receive_lsn()::text as receive_lsn,
  pg_last_wal_replay_lsn()::text as replay_lsn,
  case when pg_is_in_recovery() then pg_is_wal_replay_paused() end as replay_paused,
  extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000 as replay_age_ms`
export const SAMPLE_SQL = 'select pg_current_wal_flush_lsn()::text as lsn'

interface CheckRow { in_recovery: boolean, receive_lsn: string | null, replay_lsn: string | null, replay_paused: boolean | null, replay_age_ms: string | number | null }

export class TimedOut extends Error {
  override name = 'TimedOut'
}

export function within<T> (promise: Promise<T>, ms: number, what: string): Promise<T> {
  promise.catch(() => {}) // settles after the timeout: nobody listens any more
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TimedOut(`${what}: no answer within ${ms} ms`)), ms)
    timer.unref()
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** Ends a client now, whatever state its connection is in (a hung one included). */
export function destroyClient (client: pg.Client): void {
  client.end().catch(() => {})
  ;(client as unknown as { connection?: { stream?: { destroy?: () => void } } }).connection?.stream?.destroy?.()
}

/** What the replica on `client` says of itself; undefined when it said nothing. */
export async function readReport (client: pg.Client): Promise<ReplicaReport | undefined> {
  const { rows } = await client.query<CheckRow>(CHECK_SQL)
  const row = rows[0]
  if (row === undefined) return undefined
  return {
    inRecovery: row.in_recovery,
    receiveLsn: parseLsn(row.receive_lsn),
    replayLsn: parseLsn(row.replay_lsn),
    replayAgeMs: row.replay_age_ms === null ? null : Number(row.replay_age_ms),
    replayPaused: row.replay_paused
  }
}

/**
 * A connection for checking the replica at `url`: statements and connecting bounded by
 * `timeoutMs`; `onLost` hears of an error while it idles between checks (the server going away).
 */
export async function openCheckClient (url: string, poolOptions: pg.PoolConfig, timeoutMs: number, onLost: (client: pg.Client, error: Error) => void): Promise<pg.Client> {
  const { max: _max, min: _min, idleTimeoutMillis: _idle, maxUses: _uses, allowExitOnIdle: _exit, ...clientOptions } = poolOptions
  const client = new pg.Client({
    ...clientOptions,
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    keepAlive: true,
    application_name: 'byline replica check'
  })
  client.on('error', (error) => onLost(client, error))
  try {
    await client.connect()
  } catch (error) {
    destroyClient(client)
    throw error
  }
  return client
}
