/** SQLite as an Engine: one connection for reads (and, in memory, writes), the file's WAL shared with the writer thread. */
import { sql } from 'drizzle-orm'
import type { OpenOptions, SqliteEngine } from '../engine.js'
import { sqliteCommitWatch } from './commit-watch.js'
import { migrateDatabase, openDatabase, sqliteTransaction } from './open.js'

export function openSqliteEngine (path: string, options: OpenOptions = {}): SqliteEngine {
  const database = openDatabase(path, options.image)
  const { db, sqlite } = database
  return {
    kind: 'sqlite',
    path,
    sqlite,
    db,
    reader: db,
    readLagBoundMs: 0,
    description: `SQLite ${options.image !== undefined ? '(in memory, from an image)' : path}`,
    get open () { return sqlite.open },
    transaction: (fn) => sqliteTransaction(sqlite, () => fn(db)),
    migrate: async () => { migrateDatabase(database) },
    async answers () {
      try {
        db.get(sql`select 1`)
        return true
      } catch {
        return false
      }
    },
    commits: sqliteCommitWatch(sqlite),
    async close () {
      if (sqlite.open) database.close()
    }
  }
}
