/**
 * Opening a SQLite database: pragmas set explicitly on every open (better-sqlite3 does
 * not keep `synchronous` across opens), then drizzle-kit's migrations from migrations/.
 */
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import Sqlite from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { projectRoot } from '../../paths.js'
import type { Db } from '../client.js'
import * as schema from '../schema.js'

export interface SqliteDatabase {
  db: Db
  sqlite: Sqlite.Database
  close (): void
}

/** Opens the database at `path`, or, given `image` (a serialized database), a copy of it in memory. */
export function openDatabase (path: string, image?: Buffer): SqliteDatabase {
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

export function migrateDatabase (database: SqliteDatabase): void {
  migrate(database.db, { migrationsFolder: join(projectRoot(), 'migrations') })
}

/**
 * Runs fn in one transaction (a savepoint inside one already open): on any throw nothing
 * of it is written. fn is async for the sake of the other engine, but every statement on
 * this connection is synchronous: started from a turn of its own, it runs to the end in
 * microtasks, and no other code touches the connection meanwhile.
 */
export async function sqliteTransaction<T> (sqlite: Sqlite.Database, fn: () => Promise<T>): Promise<T> {
  const nested = sqlite.inTransaction
  sqlite.prepare(nested ? 'SAVEPOINT byline_tx' : 'BEGIN IMMEDIATE').run()
  try {
    const result = await fn()
    sqlite.prepare(nested ? 'RELEASE byline_tx' : 'COMMIT').run()
    return result
  } catch (error) {
    if (sqlite.inTransaction) {
      if (nested) {
        sqlite.prepare('ROLLBACK TO byline_tx').run()
        sqlite.prepare('RELEASE byline_tx').run()
      } else {
        sqlite.prepare('ROLLBACK').run()
      }
    }
    throw error
  }
}
