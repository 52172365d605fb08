import Sqlite from 'better-sqlite3'

// What the storage itself refused (a failed write or sync, a full disk, a lock held too
// long): the request was fine and may well succeed when retried.
const STORAGE_FAILURES = /^SQLITE_(IOERR|FULL|BUSY|LOCKED|CANTOPEN|PROTOCOL|NOLFS)/

export function isSqliteStorageFailure (error: unknown): boolean {
  return error instanceof Sqlite.SqliteError && STORAGE_FAILURES.test(error.code)
}
