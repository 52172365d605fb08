/**
 * PostgreSQL as an Engine: a pool on the primary for writes and the editors' reads;
 * public reads through the replicas when there are any; every process LISTENs for the
 * others' commits, which each transaction announces with pg_notify (delivered at commit,
 * never for a rollback).
 */
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import type { EngineChoice } from '../../config.js'
import { INVALIDATES_EVERYTHING, type Invalidation } from '../../content/invalidation.js'
import { projectRoot } from '../../paths.js'
import type { Db } from '../client.js'
import { EngineUnavailable, type Announcement, type OpenOptions, type PostgresEngine } from '../engine.js'
import { isRetryableConflict } from './errors.js'
import { replicaRouter } from './replicas.js'
import * as schema from './schema.js'

const CHANNEL = 'byline_committed'
// NOTIFY payloads must stay under 8000 bytes: a longer list of keys is sent as "everything".
const MAX_PAYLOAD = 7900
// Migrations run under this advisory lock: several processes or hosts starting at once migrate once.
const MIGRATION_LOCK = 7_302_117_001
const WRITE_ATTEMPTS = 4
const RECONNECT_MS = 500
const CHECK_INTERVAL_MS = 250
// The listening connection is idle most of the time: a NAT or firewall may drop it without a
// word. A query this often proves it alive; one that fails or hangs counts as losing it.
const LISTENER_PING_MS = 5000

// Timestamps and counts are bigint: as JavaScript numbers (ms since 1970 and row counts stay far below 2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))

/** host:port/database, without user or password. */
export function describeUrl (url: string): string {
  try {
    const u = new URL(url)
    return `${u.hostname}${u.port === '' ? '' : `:${u.port}`}${u.pathname}`
  } catch {
    return '(unparsable URL)'
  }
}

interface Payload { o: string, e?: true, k?: string[], g?: number }

function encode (origin: string, invalidation: Invalidation): string {
  if (invalidation.everything) return JSON.stringify({ o: origin, e: true })
  const text = JSON.stringify({ o: origin, k: invalidation.keys, ...(invalidation.goesLiveAt === undefined ? {} : { g: invalidation.goesLiveAt }) })
  return Buffer.byteLength(text) <= MAX_PAYLOAD ? text : JSON.stringify({ o: origin, e: true })
}

function decode (payload: string | undefined): { origin: string | null, invalidation: Invalidation } {
  try {
    const p = JSON.parse(payload ?? '') as Payload
    if (p.e === true || !Array.isArray(p.k)) return { origin: p.o ?? null, invalidation: INVALIDATES_EVERYTHING }
    return { origin: p.o, invalidation: { everything: false, keys: p.k, ...(typeof p.g === 'number' ? { goesLiveAt: p.g } : {}) } }
  } catch {
    return { origin: null, invalidation: INVALIDATES_EVERYTHING }
  }
}

/**
 * Settings of every connection that runs the repositories' statements (the primary's pool
 * and the replicas'). The hot statements are named prepared statements (src/db/client.ts
 * `prepare()`), but left to itself Postgres re-plans them on every execution: with
 * `LIMIT $n` and `public_at <= $now` the generic plan is estimated on guessed selectivities
 * and never looks cheaper than a custom one, while planning was over a third of a list
 * statement's backend time. Generic plans always, so each connection plans a statement
 * once; parallel query off, which those generic plans would otherwise start for a page of
 * 20 rows. Every statement's generic plan was checked (docs/decisions.md, "plan reuse").
 * random_page_cost 1.1, as for data held in memory or on SSD: at the default 4 the planner
 * walked every row of the primary key rather than one type's rows down its own index (a
 * filtered search at a million stories: p50 18–21 ms against 11 ms, p90 ~100 against 29).
 * PGOPTIONS still applies, after these (so its -c wins); `options` in DATABASE_URL
 * replaces them (node-postgres lets the URL's parameters override the pool's).
 */
export const SESSION_SETTINGS = '-c plan_cache_mode=force_generic_plan -c max_parallel_workers_per_gather=0 -c random_page_cost=1.1'

/** SESSION_SETTINGS followed by PGOPTIONS (node-postgres reads PGOPTIONS only when no `options` is given). */
export function sessionOptions (env: NodeJS.ProcessEnv = process.env): string {
  const own = env.PGOPTIONS?.trim() ?? ''
  return own === '' ? SESSION_SETTINGS : `${SESSION_SETTINGS} ${own}`
}

export async function openPostgresEngine (choice: Extract<EngineChoice, { kind: 'postgres' }>, options: OpenOptions = {}): Promise<PostgresEngine> {
  const where = describeUrl(choice.url)
  const pool = new pg.Pool({ connectionString: choice.url, max: 10, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000, options: sessionOptions() })
  // An idle client whose server went away emits 'error' on the pool; unhandled, it would end the process.
  pool.on('error', (error) => options.log?.warn({ err: error }, 'PostgreSQL: an idle connection failed'))
  try {
    await pool.query('select 1')
  } catch (error) {
    await pool.end().catch(() => {})
    throw new EngineUnavailable(`DATABASE_URL: cannot connect to PostgreSQL at ${where}: ${error instanceof Error ? error.message : String(error)}`)
  }
  const db = drizzle(pool, { schema }) as unknown as Db
  // Public reads go to healthy replicas, and to the primary when none is (src/db/postgres/replicas.ts).
  const router = choice.replicaUrls.length === 0
    ? null
    : replicaRouter({ primary: pool, replicaUrls: choice.replicaUrls, maxLagMs: options.replicaMaxLagMs ?? 1000, checkIntervalMs: CHECK_INTERVAL_MS, poolOptions: { max: 10, options: sessionOptions() }, ...(options.log === undefined ? {} : { log: options.log }) })
  await router?.ready()
  const reader = router === null ? db : drizzle(router as unknown as pg.Pool, { schema }) as unknown as Db
  const origin = randomUUID()
  const listeners: Announcement[] = []
  let open = true
  let listening = false
  let listener: pg.Client | null = null

  const hear = (invalidation: Invalidation) => { for (const l of listeners) l(invalidation) }

  async function listen (): Promise<void> {
    if (!open) return
    const client = new pg.Client({ connectionString: choice.url, connectionTimeoutMillis: 5000, keepAlive: true })
    let ping: NodeJS.Timeout | undefined
    const lost = (error?: Error) => {
      if (listener !== client) return
      listener = null
      listening = false
      clearInterval(ping)
      client.removeAllListeners('notification')
      client.end().catch(() => {})
      if (!open) return
      options.log?.warn({ err: error }, 'PostgreSQL: the notification connection was lost; caches are cleared and it reconnects')
      // Commits made while nobody listened are unknown: everything may have changed.
      hear(INVALIDATES_EVERYTHING)
      setTimeout(() => { listen().catch(() => {}) }, RECONNECT_MS).unref()
    }
    listener = client
    client.on('error', lost)
    client.on('end', () => lost())
    client.on('notification', (message) => {
      const { origin: from, invalidation } = decode(message.payload)
      if (from !== origin) hear(invalidation)
    })
    try {
      await client.connect()
      await client.query(`LISTEN ${CHANNEL}`)
      listening = true
      ping = setInterval(() => {
        const timeout = setTimeout(() => lost(new Error('the notification connection stopped answering')), LISTENER_PING_MS)
        client.query('select 1').then(() => clearTimeout(timeout), (error: Error) => { clearTimeout(timeout); lost(error) })
      }, LISTENER_PING_MS)
      ping.unref()
      // Between losing the connection and listening again, commits went unheard.
      hear(INVALIDATES_EVERYTHING)
    } catch (error) {
      lost(error instanceof Error ? error : new Error(String(error)))
    }
  }
  await listen()

  return {
    kind: 'postgres',
    db,
    reader,
    // A replica is taken out once a check sees it past maxLag: up to one check interval later.
    readLagBoundMs: router === null ? 0 : (options.replicaMaxLagMs ?? 1000) + CHECK_INTERVAL_MS,
    description: `PostgreSQL ${where}${router === null ? '' : ` with ${choice.replicaUrls.length} replica${choice.replicaUrls.length === 1 ? '' : 's'}`}`,
    get open () { return open },
    async transaction (fn) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await (db as unknown as NodePgDatabase).transaction(async (tx) => await fn(tx as unknown as Db))
        } catch (error) {
          // Lost a race with a concurrent transaction (a slug claimed meanwhile, a deadlock): run it again, it sees the winner.
          if (attempt >= WRITE_ATTEMPTS || !isRetryableConflict(error)) throw error
        }
      }
    },
    async migrate () {
      const client = await pool.connect()
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
        await migrate(drizzle(client, { schema }), { migrationsFolder: join(projectRoot(), 'migrations-postgres') })
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {})
        client.release()
      }
    },
    async answers () {
      try {
        await pool.query('select 1')
        return true
      } catch {
        return false
      }
    },
    commits: {
      // Without a listening connection other processes' commits go unheard: then nothing is kept.
      moved: () => !listening,
      absorb () {},
      forget () {}
    },
    async announce (tx, invalidation) {
      await (tx as unknown as NodePgDatabase).execute(sql`select pg_notify(${CHANNEL}, ${encode(origin, invalidation)})`)
    },
    onAnnouncement (l) { listeners.push(l) },
    replicaStatus: () => router?.status() ?? [],
    async close () {
      if (!open) return
      open = false
      const client = listener
      listener = null
      listening = false
      await client?.end().catch(() => {})
      await router?.close()
      await pool.end()
    }
  }
}
