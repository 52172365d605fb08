/**
 * Opening the database: pragmas set explicitly on every open (better-sqlite3 does not
 * keep `synchronous` across opens), then drizzle-kit's migrations from migrations/.
 */
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import Sqlite from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { projectRoot } from '../paths.js'
import * as schema from './schema.js'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Sqlite.Database }

export interface Database {
  db: Db
  sqlite: Sqlite.Database
  close (): void
}

/** Opens the database at `path`, or, given `image` (a serialized database), a copy of it in memory. */
export function openDatabase (path: string, image?: Buffer): Database {
  if (image === undefined && path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new Sqlite(image ?? path)
  sqlite.pragma('journal_mode = WAL')
  // FULL: an acknowledged editorial write survives power loss, not only a crash.
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  // Group commit runs each write in a savepoint, whose undo journal spilled to a temp
  // file past 64 KiB: a file write per editorial write. In memory it costs nothing.
  sqlite.pragma('temp_store = MEMORY')
  const db = drizzle(sqlite, { schema })
  return { db, sqlite, close: () => sqlite.close() }
}

export function migrateDatabase (database: Database): void {
  migrate(database.db, { migrationsFolder: join(projectRoot(), 'migrations') })
}

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

/** Runs fn in one transaction: on any throw nothing is written. */
export function transaction<T> (database: Database, fn: () => T): T {
  return database.sqlite.transaction(fn).immediate()
}

// What the storage itself refused (a failed write or sync, a full disk, a lock held too
// long): the request was fine and may well succeed when retried.
const STORAGE_FAILURES = /^SQLITE_(IOERR|FULL|BUSY|LOCKED|CANTOPEN|PROTOCOL|NOLFS)/

/** The writes could not be carried out, or their outcome is unknown (the writer thread stopped). */
export class StorageUnavailable extends Error {
  override name = 'StorageUnavailable'
}

/** Whether `error` is the storage failing rather than a bug or a bad request. */
export function isStorageFailure (error: unknown): boolean {
  return error instanceof StorageUnavailable || (error instanceof Sqlite.SqliteError && STORAGE_FAILURES.test(error.code))
}
