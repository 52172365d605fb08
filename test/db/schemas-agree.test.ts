/**
 * The SQLite and PostgreSQL schemas describe the same database. src/db/schemas-agree.ts
 * proves the row types equal at compile time; this compares what types cannot show:
 * SQL types, defaults, keys, foreign keys and indexes. With BYLINE_TEST_POSTGRES_URL set
 * it also applies migrations-postgres/ to a fresh database (the URL's role needs
 * CREATEDB) and checks the result against the schema and the change log's trigger.
 */
import { fileURLToPath } from 'node:url'
import { Column, getTableName, is, SQL, StringChunk, type Table } from 'drizzle-orm'
import { getTableConfig as pgConfig, IndexedColumn, type PgTable } from 'drizzle-orm/pg-core'
import { getTableConfig as sqliteConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core'
import t from 'tap'
import { rowTypesAgree, schemas } from '../../src/db/schemas-agree.js'
import * as postgresSchema from '../../src/db/postgres/schema.js'

// SQLite integers that Postgres stores in 8 bytes besides the millisecond times (`at`, `*_at`).
const WIDENED = new Set(['media.size_bytes', 'changes.seq', 'webhook_endpoints.position_seq', 'webhook_endpoints.position_deferred_seq', 'webhook_payloads.seq', 'webhook_messages.seq', 'webhook_messages.change_seq', 'webhook_messages.payload_seq', 'webhook_attempts.seq', 'webhook_attempts.message_seq'])

function postgresTypeFor (table: string, column: SQLiteColumn): string {
  switch (column.columnType) {
    case 'SQLiteText': return 'text'
    case 'SQLiteReal': return 'double precision'
    case 'SQLiteBoolean': return 'boolean'
    case 'SQLiteInteger': return /(^|_)at$/.test(column.name) || WIDENED.has(`${table}.${column.name}`) ? 'bigint' : 'integer'
    default: return `no mapping for ${column.columnType}`
  }
}

/** Index columns and WHERE clauses in one dialect-free spelling: `public_at desc`, `effective_at > at`. */
function spell (part: unknown): string {
  if (is(part, IndexedColumn)) {
    const { order, nulls } = part.indexConfig
    // Postgres's own placement (NULLS LAST ascending, FIRST descending) is what a plain ORDER BY uses.
    const usual = order === 'desc' ? 'first' : 'last'
    return `${part.name ?? ''}${order === 'desc' ? ' desc' : ''}${nulls === usual ? '' : ` nulls ${nulls}`}`
  }
  if (is(part, Column)) return part.name
  if (is(part, SQL)) return part.queryChunks.map(spell).join('').trim()
  if (is(part, StringChunk)) return part.value.join('')
  return `unexpected ${String(part)}`
}

const sqliteTables = schemas.sqlite as Map<string, SQLiteTable>
const postgresTables = schemas.postgres as Map<string, PgTable>

t.same([...postgresTables.keys()].sort(), [...sqliteTables.keys()].sort(), 'the same tables')
t.equal(sqliteTables.size, Object.keys(rowTypesAgree).length, 'every table is in the compile-time check')

for (const [name, sqliteTable] of sqliteTables) {
  const postgresTable = postgresTables.get(name)
  if (postgresTable === undefined) continue
  t.test(name, async (t) => {
    const lite = sqliteConfig(sqliteTable)
    const pg = pgConfig(postgresTable)
    t.same(pg.columns.map((c) => c.name), lite.columns.map((c) => c.name), 'the same columns in the same order')

    for (const column of lite.columns) {
      const twin = pg.columns.find((c) => c.name === column.name)
      if (twin === undefined) continue
      const at = `${name}.${column.name}`
      t.equal(twin.getSQLType(), postgresTypeFor(name, column), `${at} type`)
      if (twin.getSQLType() === 'bigint') t.equal(twin.columnType, 'PgBigInt53', `${at} reads as a number`)
      t.equal(twin.notNull, column.notNull, `${at} nullability`)
      t.equal(twin.hasDefault, column.hasDefault, `${at} has a default`)
      t.same(twin.default, column.default, `${at} default`)
      t.equal(twin.primary, column.primary, `${at} primary key`)
      t.same(twin.enumValues, column.enumValues, `${at} enum`)
      t.equal(twin.isUnique, column.isUnique, `${at} unique`)
      if (column.isUnique) t.equal(twin.uniqueName, column.uniqueName, `${at} unique constraint name`)
      // SQLite fills an INTEGER PRIMARY KEY itself; Postgres needs an identity that still accepts given values.
      const filled = column.primary && column.columnType === 'SQLiteInteger'
      t.same(twin.generatedIdentity?.type, filled ? 'byDefault' : undefined, `${at} filled in by the database`)
    }

    t.same(pg.primaryKeys.map((k) => k.columns.map((c) => c.name)), lite.primaryKeys.map((k) => k.columns.map((c) => c.name)), 'composite primary key')

    const foreignKeys = (keys: Array<{ reference: () => { columns: Column[], foreignTable: Table, foreignColumns: Column[] }, onDelete?: string | undefined, onUpdate?: string | undefined }>) =>
      keys.map((k) => {
        const r = k.reference()
        return `${r.columns.map((c) => c.name).join()} -> ${getTableName(r.foreignTable)}(${r.foreignColumns.map((c) => c.name).join()}) on delete ${k.onDelete ?? 'no action'} on update ${k.onUpdate ?? 'no action'}`
      }).sort()
    t.same(foreignKeys(pg.foreignKeys), foreignKeys(lite.foreignKeys), 'foreign keys')

    for (const index of lite.indexes) {
      const twin = pg.indexes.find((i) => i.config.name === index.config.name)
      if (!t.ok(twin, `index ${index.config.name} exists`) || twin === undefined) continue
      t.equal(twin.config.unique, index.config.unique, `${index.config.name} unique`)
      t.same(twin.config.columns.map(spell), index.config.columns.map(spell), `${index.config.name} columns`)
      t.equal(spell(twin.config.where), spell(index.config.where), `${index.config.name} where`)
    }
  })
}

const url = process.env.BYLINE_TEST_POSTGRES_URL
t.test('migrations-postgres/ on a fresh database', { skip: url === undefined || url === '' ? 'BYLINE_TEST_POSTGRES_URL is not set' : false }, async (t) => {
  // Loaded only here: without a Postgres to test against, this file needs no driver.
  const { default: pg } = await import('pg')
  const { drizzle } = await import('drizzle-orm/node-postgres')
  const { migrate } = await import('drizzle-orm/node-postgres/migrator')

  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  const database = `byline_schemacheck_${process.pid}_${Date.now()}`
  await admin.query(`CREATE DATABASE "${database}"`)
  const target = new URL(url!)
  target.pathname = `/${database}`
  // One connection, closed before the DROP: a pool's connections could still be open and be killed by it.
  const client = new pg.Client({ connectionString: target.toString() })
  await client.connect()
  try {
    const db = drizzle(client, { schema: postgresSchema })
    await migrate(db, { migrationsFolder: fileURLToPath(new URL('../../migrations-postgres', import.meta.url)) })

    const { rows: columns } = await client.query<{ table_name: string, column_name: string, data_type: string, is_nullable: string }>(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' ORDER BY table_name COLLATE "C", ordinal_position`)
    const expected = [...postgresTables].flatMap(([table, def]) => pgConfig(def).columns.map((c) =>
      ({ table_name: table, column_name: c.name, data_type: c.getSQLType(), is_nullable: c.notNull ? 'NO' : 'YES' })))
    t.same(columns, expected.sort((a, b) => a.table_name < b.table_name ? -1 : a.table_name > b.table_name ? 1 : 0),
      'the migrated tables are the schema\'s, column for column')

    const { rows: indexes } = await client.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
    const present = new Set(indexes.map((i) => i.indexname))
    for (const [, def] of sqliteTables) {
      for (const index of sqliteConfig(def).indexes) t.ok(present.has(index.config.name), `index ${index.config.name} migrated`)
    }

    const now = Date.now()
    const [first] = await db.insert(postgresSchema.changes)
      .values({ resource: 'story', resourceId: 's1', kind: 'created', at: now, effectiveAt: now }).returning()
    t.match(first, { seq: 1, at: now, effectiveAt: now, visible: true, detailJson: '{}' }, 'millisecond times round-trip as numbers')
    const [copied] = await db.insert(postgresSchema.changes)
      .values({ seq: 41, resource: 'story', resourceId: 's1', kind: 'updated', at: now, effectiveAt: now }).returning()
    t.equal(copied?.seq, 41, 'a copied log keeps its sequence numbers')

    const refused = { code: '23001', message: /changes is append-only/ }
    await t.rejects(client.query("UPDATE changes SET slug = 'x'"), refused, 'UPDATE is refused')
    await t.rejects(client.query('DELETE FROM changes'), refused, 'DELETE is refused')
    await t.rejects(client.query('TRUNCATE changes'), refused, 'TRUNCATE is refused')
    const { rows: [count] } = await client.query<{ n: string }>('SELECT count(*) AS n FROM changes')
    t.equal(count?.n, '2', 'the log is untouched')
  } finally {
    await client.end()
    await admin.query(`DROP DATABASE IF EXISTS "${database}"`)
    await admin.end()
  }
})
