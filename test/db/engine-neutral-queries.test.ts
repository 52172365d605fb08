/**
 * The premise of the PostgreSQL plan (docs/decisions.md): a repository written once
 * against drizzle's builders, typed with the SQLite schema, runs unchanged on Postgres
 * when handed Postgres's db and tables, in the engine-neutral forms: `await` on a
 * builder, and prepared statements run with `await statement.execute(values)`. The
 * keyset query below is the shape of the story lists (public, newest first, a cursor).
 */
import { join } from 'node:path'
import { and, desc, eq, lt, lte, or, sql } from 'drizzle-orm'
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres'
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import t from 'tap'
import type { Db } from '../../src/db/client.js'
import { migrateDatabase, openDatabase } from '../../src/db/sqlite/open.js'
import * as postgresSchema from '../../src/db/postgres/schema.js'
import * as sqliteSchema from '../../src/db/schema.js'
import { projectRoot } from '../../src/paths.js'
import { freshPostgresDatabase, postgresUnavailableReason } from '../postgres-helper.js'

type Tables = typeof sqliteSchema

/** Written once: the rows both engines are given. */
async function seed (db: Db, tables: Tables): Promise<void> {
  await db.insert(tables.sections).values({ id: 'sec_1', slug: 'games', name: 'Games', updatedAt: 1 })
  const story = (n: number, publicAt: number | null) => ({
    id: `sto_${String(n).padStart(2, '0')}`,
    slug: `story-${n}`,
    type: 'news' as const,
    status: publicAt === null ? 'draft' as const : 'published' as const,
    sectionId: 'sec_1',
    publishedAt: publicAt,
    publicAt,
    createdAt: 1,
    updatedAt: 1,
    title: `Story ${n}`
  })
  // Two share a time, so the id breaks the tie; one is a draft, one is not yet due.
  await db.insert(tables.stories).values([story(1, 1000), story(2, 2000), story(3, 2000), story(4, null), story(5, 9000), story(6, 3000)])
}

/** Written once: a page of public stories, newest first, after a keyset cursor. */
function latestPublic (db: Db, tables: Tables) {
  const s = tables.stories
  const query = db.select({ slug: s.slug, publicAt: s.publicAt }).from(s)
    .where(and(lte(s.publicAt, sql.placeholder('now')),
      or(lt(s.publicAt, sql.placeholder('atOrBelow')), and(eq(s.publicAt, sql.placeholder('atOrBelow')), lt(s.id, sql.placeholder('idBelow'))))))
    .orderBy(desc(s.publicAt), desc(s.id))
    .limit(sql.placeholder('limit'))
  // Postgres names its prepared statements; SQLite's prepare() takes no name and ignores one.
  const statement = (query.prepare as (name: string) => ReturnType<typeof query.prepare>).call(query, 'latest_public')
  return async (now: number, after: { at: number, id: string }, limit: number) =>
    await statement.execute({ now, atOrBelow: after.at, idBelow: after.id, limit }) as Array<{ slug: string, publicAt: number }>
}

async function pages (db: Db, tables: Tables): Promise<string[][]> {
  const page = latestPublic(db, tables)
  const first = await page(5000, { at: Number.MAX_SAFE_INTEGER, id: '' }, 2)
  const last = first.at(-1)!
  const second = await page(5000, { at: last.publicAt, id: `sto_0${last.slug.slice(-1)}` }, 2)
  return [first.map((r) => r.slug), second.map((r) => r.slug)]
}

const expected = [['story-6', 'story-3'], ['story-2', 'story-1']]

t.test('SQLite: the query written once pages through public stories', async (t) => {
  const database = openDatabase(':memory:')
  t.teardown(() => database.close())
  migrateDatabase(database)
  await seed(database.db, sqliteSchema)
  t.same(await pages(database.db, sqliteSchema), expected)
})

const unavailable = postgresUnavailableReason()
t.test('PostgreSQL: the same code, handed Postgres\'s db and tables, gives the same pages', { skip: unavailable !== false && process.env.CI === undefined ? unavailable : false }, async (t) => {
  const url = await freshPostgresDatabase(t)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  t.teardown(() => client.end())
  const db = drizzlePostgres(client, { schema: postgresSchema })
  await migratePostgres(db, { migrationsFolder: join(projectRoot(), 'migrations-postgres') })
  // The one cast the plan allows: src/db/schemas-agree.ts proves the rows are the same.
  const asSqlite = { db: db as unknown as Db, tables: postgresSchema as unknown as Tables }
  await seed(asSqlite.db, asSqlite.tables)
  t.same(await pages(asSqlite.db, asSqlite.tables), expected)
  const [{ n }] = (await client.query<{ n: string }>("select count(*) as n from stories where status = 'published'")).rows as [{ n: string }]
  t.equal(Number(n), 5, 'the inserts written once landed on Postgres')
})
