/**
 * What every part of the code knows of the database, whatever the engine: the `Db` type
 * queries are written against, statements prepared once per database, and which errors
 * are the storage failing. Opening a database is the engine's own business
 * (src/db/engine.ts, src/db/sqlite/, src/db/postgres/).
 *
 * Queries are written once, against drizzle's builders and the SQLite schema's types, in
 * the forms both engines run: `await` on a builder, `await statement.execute(values)` on
 * a prepared statement. On Postgres the engine hands the same code its own db and
 * tables (src/db/tables.ts) behind one cast, which src/db/schemas-agree.ts makes honest.
 */
import { createHash } from 'node:crypto'
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import type * as schema from './schema.js'
import { isPostgresStorageFailure } from './postgres/errors.js'
import { isSqliteStorageFailure } from './sqlite/errors.js'

export type Db = BetterSQLite3Database<typeof schema>

/**
 * `prepare(db)` run once per database and its result kept: for statements a hot path
 * runs on every request, since building a query and compiling it costs more than
 * running it.
 */
export function perDatabase<T> (prepare: (db: Db) => T): (db: Db) => T {
  const prepared = new WeakMap<Db, T>()
  return (db) => {
    let found = prepared.get(db)
    if (found === undefined) prepared.set(db, found = prepare(db))
    return found
  }
}

interface Preparable<P> { prepare (): P, toSQL (): { sql: string } }

/**
 * The query prepared on either engine. Postgres names its prepared statements, and a
 * name must never stand for two texts on one connection: the name is the text's hash.
 * SQLite's prepare() takes no name and ignores it.
 */
export function prepare<P> (query: Preparable<P>): P {
  const name = `b_${createHash('sha1').update(query.toSQL().sql).digest('base64url').slice(0, 22)}`
  return (query.prepare as (name: string) => P).call(query, name)
}

/** The writes could not be carried out, or their outcome is unknown (the writer thread stopped, the connection dropped). */
export class StorageUnavailable extends Error {
  override name = 'StorageUnavailable'
}

/** Whether `error` is the storage failing rather than a bug or a bad request: the request may well succeed when retried. */
export function isStorageFailure (error: unknown): boolean {
  return error instanceof StorageUnavailable || isSqliteStorageFailure(error) || isPostgresStorageFailure(error)
}
