/**
 * The few things the two engines say differently, chosen by the db a statement runs on;
 * the SQL itself stays in the engine's module (src/db/postgres/sql.ts). On SQLite writes
 * are serial (one writer at a time, in a group commit), so the locks are no-ops.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { Db } from './client.js'
import * as postgres from './postgres/sql.js'
import { onPostgres } from './tables.js'

/** Change-log appends commit in the order of their positions (see src/repositories/change-log.ts). */
export async function serializeAppends (db: Db): Promise<void> {
  if (onPostgres(db)) await postgres.serializeAppends(db)
}

/** Holds the row of `table` with `id` (or another key `column`) until the transaction ends; false when it is gone. On SQLite the caller has just read it in the same serial write. */
export async function lockRow (db: Db, table: string, id: string | number, column = 'id'): Promise<boolean> {
  return onPostgres(db) ? await postgres.lockRow(db, table, id, column) : true
}

/** The largest of several values of one row (SQLite's scalar max(), Postgres's greatest()). */
export function greatest (db: Db, values: SQL[]): SQL {
  return onPostgres(db) ? postgres.greatest(values) : sql`max(${sql.join(values, sql`, `)})`
}
