/**
 * Whether anything was committed to a SQLite database since the last look, for caches of
 * what it holds:
 * - `total_changes()` moves with every write on this connection (63 ns to ask);
 * - `PRAGMA data_version` moves when another connection (another process, the writer
 *   thread) commits; it costs 2.4 µs, so it is asked at most once per millisecond: a
 *   commit elsewhere is seen within a millisecond.
 * The other engine's caches learn of commits by notification instead; this is SQLite's
 * own way, and stays in its module.
 */
import type Sqlite from 'better-sqlite3'

export interface CommitWatch {
  /**
   * Whether a commit moved either counter since the last look; takes what it saw as seen.
   * `askOthers` false: data_version is not asked (commits of our own are out on another
   * connection, and are accounted for when they are announced).
   */
  moved (now: number, askOthers: boolean): boolean
  /** Takes this connection's writes, and with `othersToo` every connection's, as seen. */
  absorb (othersToo: boolean): void
  /** Trusts nothing seen so far: the next look reports a move. */
  forget (): void
}

export function sqliteCommitWatch (sqlite: Sqlite.Database): CommitWatch {
  const localChanges = sqlite.prepare('SELECT total_changes()').pluck()
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck()
  let seen = { version: -1, changes: -1 }
  let versionAskedAt = -1
  return {
    moved (now, askOthers) {
      const changes = localChanges.get() as number
      let version = seen.version
      if (askOthers && now !== versionAskedAt) {
        version = dataVersion.get() as number
        versionAskedAt = now
      }
      if (version === seen.version && changes === seen.changes) return false
      seen = { version, changes }
      return true
    },
    absorb (othersToo) {
      seen = { version: othersToo ? dataVersion.get() as number : seen.version, changes: localChanges.get() as number }
    },
    forget () { seen = { version: -1, changes: -1 } }
  }
}
