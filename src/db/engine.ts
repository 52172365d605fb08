/**
 * The database engine the configuration asks for (src/config.ts `databaseEngine`): SQLite,
 * embedded, by default; PostgreSQL with optional streaming replicas given DATABASE_URL.
 * Everything above this module sees the same Engine; what differs by engine stays in
 * src/db/sqlite/ and src/db/postgres/.
 */
import type Sqlite from 'better-sqlite3'
import type { EngineChoice } from '../config.js'
import type { Invalidation } from '../content/invalidation.js'
import type { Db } from './client.js'
import type { CommitWatch } from './sqlite/commit-watch.js'

interface EngineBase {
  /** The primary: writes, the editors' reads, previews (an editor sees their own write at once). */
  readonly db: Db
  /** Public reads: a healthy replica when there are any, else the primary. */
  readonly reader: Db
  /** How far behind the primary a public read may be (a replica's lag bound); 0 without replicas. */
  readonly readLagBoundMs: number
  /** What the start log says: the engine and where (never a password). */
  readonly description: string
  readonly open: boolean
  /** Runs fn in one transaction on the primary: on any throw nothing of it is written. */
  transaction<T> (fn: (tx: Db) => Promise<T>): Promise<T>
  migrate (): Promise<void>
  /** Whether the primary answers a trivial query. */
  answers (): Promise<boolean>
  /** How caches of this process learn that another process committed. */
  readonly commits: CommitWatch
  close (): Promise<void>
}

export interface SqliteEngine extends EngineBase {
  readonly kind: 'sqlite'
  readonly path: string
  readonly sqlite: Sqlite.Database
}

/** A commit another process announced, with what it changed. */
export type Announcement = (invalidation: Invalidation) => void

export interface PostgresEngine extends EngineBase {
  readonly kind: 'postgres'
  /** Tells every process, at commit, what the transaction `tx` changed. */
  announce (tx: Db, invalidation: Invalidation): Promise<void>
  /** `listener` hears of every other process's commit; a lost notification connection is heard as "everything". */
  onAnnouncement (listener: Announcement): void
  /** The replicas and their health (none when there are none). */
  replicaStatus (): Array<{ url: string, healthy: boolean, lagMs: number | null, lastError: string | null }>
}

export type Engine = SqliteEngine | PostgresEngine

/** The database could not be opened: the message names the variable to fix, never a password. */
export class EngineUnavailable extends Error {
  override name = 'EngineUnavailable'
}

export interface OpenOptions {
  /** SQLite: start from this serialized database, in memory (tests copy one seeded image). */
  image?: Buffer
  log?: { info (obj: object, msg: string): void, warn (obj: object, msg: string): void, error (obj: object, msg: string): void }
  replicaMaxLagMs?: number
}

export async function openEngine (choice: EngineChoice, options: OpenOptions = {}): Promise<Engine> {
  if (choice.kind === 'sqlite') {
    const { openSqliteEngine } = await import('./sqlite/engine.js')
    return openSqliteEngine(choice.path, options)
  }
  const { openPostgresEngine } = await import('./postgres/engine.js')
  return await openPostgresEngine(choice, options)
}
