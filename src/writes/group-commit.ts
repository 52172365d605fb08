/**
 * One group commit: editorial writes that arrive together share one transaction and one
 * sync (synchronous = FULL makes every commit wait for the disk, and a commit costs more
 * than most writes). Each write runs in its own savepoint, so a refused write is undone
 * alone; nothing is acknowledged before the commit has returned, and a failed commit
 * fails every write in it.
 *
 * If SQLite abandons the transaction part-way (an I/O error, a full disk), or a refused
 * write cannot be undone alone, the writes already run go with it and fail with that
 * error; the ones not yet run are left for the next batch.
 *
 * Used on the writer thread (src/writes/writer-thread.ts) and, for in-memory databases that
 * no other thread can open, in process (src/plugins/writes.ts).
 */
import type Sqlite from 'better-sqlite3'
import { INVALIDATES_EVERYTHING, mergeInvalidations, type Invalidation, type Written } from '../content/invalidation.js'

export type Outcome<E = unknown> = { ok: true, value: unknown } | { ok: false, error: E }

export interface BatchResult {
  /** One per write that ran, in order: its value, or its error. */
  outcomes: Outcome[]
  /** What the committed writes may have changed in public responses, all of them together. */
  invalidation: Invalidation
  /** How many writes, at the end, did not run: they go in the next batch. */
  left: number
}

export interface BatchHooks {
  /** A rollback failed: the transaction may still be open (the next batch rolls it back first). */
  onRollbackFailure?: (error: unknown) => void
  /** Runs once the batch holds the write lock, before any write: no other connection can commit until COMMIT. */
  afterBegin?: () => void
}

/** Returns commit(writes): the writes in one transaction on `sqlite`, statements prepared once. */
export function groupCommit (sqlite: Sqlite.Database, { onRollbackFailure = () => {}, afterBegin = () => {} }: BatchHooks = {}) {
  const begin = sqlite.prepare('BEGIN IMMEDIATE')
  const commit = sqlite.prepare('COMMIT')
  const rollback = sqlite.prepare('ROLLBACK')
  const savepoint = sqlite.prepare('SAVEPOINT batch_job')
  const release = sqlite.prepare('RELEASE batch_job')
  const rollbackTo = sqlite.prepare('ROLLBACK TO batch_job')

  /** Ends the transaction, if one is still open, without committing anything of it. */
  function abandon (): void {
    try {
      if (sqlite.inTransaction) rollback.run()
    } catch (error) {
      // Left open, it would refuse every later BEGIN: the next batch tries again first.
      onRollbackFailure(error)
    }
  }

  /**
   * Throws only when the batch could not begin (the database busy past its timeout, or
   * closed): then nothing ran. The writes are async for the other engine's sake; here
   * every statement is synchronous, so a batch started from a turn of its own runs to its
   * commit in microtasks, and nothing else touches the connection meanwhile.
   */
  return async function commitTogether (writes: ReadonlyArray<() => Promise<Written<unknown>>>): Promise<BatchResult> {
    // Only a rollback that failed leaves a transaction open between batches.
    if (sqlite.inTransaction) rollback.run()
    begin.run()
    afterBegin()
    const outcomes: Outcome[] = []
    const invalidations: Invalidation[] = []
    const failAll = (error: unknown) => outcomes.map((o): Outcome => o.ok ? { ok: false, error } : o)
    for (let i = 0; i < writes.length; i++) {
      savepoint.run()
      try {
        const { value, invalidation } = await writes[i]!()
        release.run()
        outcomes.push({ ok: true, value })
        invalidations.push(invalidation)
      } catch (error) {
        outcomes.push({ ok: false, error })
        // Undo this write alone, unless SQLite rolled the whole transaction back already.
        let undone = false
        if (sqlite.inTransaction) {
          try {
            rollbackTo.run()
            release.run()
            undone = true
          } catch { /* its rows may still be there: the batch is given up */ }
        }
        if (!undone) {
          abandon()
          // What ran before went with the transaction.
          return { outcomes: failAll(error), invalidation: INVALIDATES_EVERYTHING, left: writes.length - i - 1 }
        }
      }
    }
    try {
      commit.run()
    } catch (error) {
      abandon()
      return { outcomes: failAll(error), invalidation: INVALIDATES_EVERYTHING, left: 0 }
    }
    return { outcomes, invalidation: mergeInvalidations(invalidations), left: 0 }
  }
}
