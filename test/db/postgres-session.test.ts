/**
 * The settings every connection of the PostgreSQL engine starts with (SESSION_SETTINGS,
 * src/db/postgres/engine.ts): the repositories' named statements are planned once per
 * connection (generic plans), with parallel query off; PGOPTIONS still applies after them.
 */
import t from 'tap'
import { lte, sql } from 'drizzle-orm'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import { openEngine } from '../../src/db/engine.js'
import { SESSION_SETTINGS, sessionOptions } from '../../src/db/postgres/engine.js'
import { stories } from '../../src/db/postgres/schema.js'
import { freshPostgresDatabase, postgresUnavailableReason } from '../postgres-helper.js'

const unavailable = postgresUnavailableReason()
const skip = unavailable !== false && process.env.CI === undefined ? unavailable : false

t.test('sessionOptions: the engine\'s settings, then PGOPTIONS (a later -c wins)', async (t) => {
  t.equal(sessionOptions({}), SESSION_SETTINGS)
  t.equal(sessionOptions({ PGOPTIONS: '  ' }), SESSION_SETTINGS)
  t.equal(sessionOptions({ PGOPTIONS: '-c plan_cache_mode=auto' }), `${SESSION_SETTINGS} -c plan_cache_mode=auto`)
})

t.test('the pool\'s connections reuse generic plans for named statements, parallel query off, random reads costed as in memory', { skip }, async (t) => {
  const url = await freshPostgresDatabase(t)
  const engine = await openEngine({ kind: 'postgres', url, replicaUrls: [] })
  t.teardown(() => engine.close())
  await engine.migrate()
  for (const db of [engine.db, engine.reader]) {
    const pg = db as unknown as NodePgDatabase
    const { rows: [mode] } = await pg.execute<{ plan_cache_mode: string }>(sql`show plan_cache_mode`)
    t.equal(mode?.plan_cache_mode, 'force_generic_plan')
    const { rows: [workers] } = await pg.execute<{ max_parallel_workers_per_gather: string }>(sql`show max_parallel_workers_per_gather`)
    t.equal(workers?.max_parallel_workers_per_gather, '0')
    const { rows: [cost] } = await pg.execute<{ random_page_cost: string }>(sql`show random_page_cost`)
    t.equal(cost?.random_page_cost, '1.1')
  }
  // One connection (a transaction): a named statement's first execution is a generic plan already.
  const plans = await engine.transaction(async (tx) => {
    const pg = tx as unknown as NodePgDatabase
    await pg.select({ n: sql<number>`count(*)` }).from(stories).where(lte(stories.publicAt, sql.placeholder('now'))).prepare('b_session_test').execute({ now: Date.now() })
    const { rows } = await pg.execute<{ generic_plans: number, custom_plans: number }>(sql`select generic_plans, custom_plans from pg_prepared_statements where name = 'b_session_test'`)
    return rows[0]
  })
  t.same(plans, { generic_plans: 1, custom_plans: 0 })
})
