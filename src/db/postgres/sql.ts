/** What Postgres says differently from SQLite, for src/db/dialect.ts. */
import { sql, type SQL } from 'drizzle-orm'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import type { Db } from '../client.js'

// Appends to the change log hold this transaction-scoped lock from the append to the
// commit: positions come from a sequence, handed out in order but committed in any
// order, and delta sync must never see a later one before an earlier one commits.
const CHANGE_LOG_LOCK = 7_302_117_002

const pgDb = (db: Db) => db as unknown as NodePgDatabase

export async function serializeAppends (db: Db): Promise<void> {
  await pgDb(db).execute(sql`select pg_advisory_xact_lock(${CHANGE_LOG_LOCK})`)
}

/**
 * Locks the row until the transaction ends, so a check (If-Match) and the write it guards
 * see no write in between; false when there is no such row (any more). NO KEY UPDATE:
 * rows that refer to it (a story's authors, tags) may still be written meanwhile.
 */
export async function lockRow (db: Db, table: string, id: string | number, column = 'id'): Promise<boolean> {
  const { rows } = await pgDb(db).execute(sql`select 1 from ${sql.identifier(table)} where ${sql.identifier(column)} = ${id} for no key update`)
  return rows.length > 0
}

export const greatest = (values: SQL[]): SQL => sql`greatest(${sql.join(values, sql`, `)})`
