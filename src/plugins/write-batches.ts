/**
 * Group commit for editorial writes. Every write waits for its transaction to be on
 * disk (synchronous = FULL) before it is acknowledged, and a commit costs more than
 * most writes: the WAL pages go out and are synced. Writes that arrive in the same turn
 * of the event loop therefore share one transaction and one sync: each runs in its own
 * savepoint, so a refused write is undone alone, and all of them are answered once the
 * commit has returned. Nothing is acknowledged before it is durable, and a failed commit
 * fails every write in it.
 *
 * If SQLite abandons the transaction part-way (an I/O error, a full disk), or a refused
 * write cannot be undone alone, the writes already run go with it and fail with that
 * error; the ones not yet run go to the next batch. The response cache hears of the
 * batch as one write (src/plugins/response-cache.ts).
 */
import fp from 'fastify-plugin'
import { INVALIDATES_EVERYTHING, type Invalidation } from '../content/invalidation.js'

declare module 'fastify' {
  interface FastifyInstance {
    writes: {
      /**
       * Runs `write` in the next batch and resolves with its result once the batch is
       * committed. A result without an `invalidation` may have changed anything public.
       */
      run<T> (write: () => T): Promise<T>
    }
  }
}

interface Job {
  write: () => unknown
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

type Outcome = { job: Job, ok: true, value: unknown } | { job: Job, ok: false, error: unknown }

const invalidationOf = (value: unknown): Invalidation =>
  typeof value === 'object' && value !== null && 'invalidation' in value ? (value as { invalidation: Invalidation }).invalidation : INVALIDATES_EVERYTHING

/** One invalidation that covers them all. */
function merged (invalidations: Invalidation[]): Invalidation {
  if (invalidations.some((i) => i.everything)) return INVALIDATES_EVERYTHING
  return { everything: false, keys: [...new Set(invalidations.flatMap((i) => i.everything ? [] : i.keys))] }
}

export default fp(async (app) => {
  const { sqlite } = app.database
  const begin = sqlite.prepare('BEGIN IMMEDIATE')
  const commit = sqlite.prepare('COMMIT')
  const rollback = sqlite.prepare('ROLLBACK')
  // Each job in its own savepoint: a refused write is undone alone.
  const savepoint = sqlite.prepare('SAVEPOINT batch_job')
  const release = sqlite.prepare('RELEASE batch_job')
  const rollbackTo = sqlite.prepare('ROLLBACK TO batch_job')
  let queue: Job[] = []

  /** Ends the transaction, if one is still open, without committing anything of it. */
  function abandon (): void {
    try {
      if (sqlite.inTransaction) rollback.run()
    } catch (error) {
      // Left open, it would refuse every later BEGIN: the next batch tries again first.
      app.log.error({ err: error }, 'write batch: rollback failed')
    }
  }

  /** Runs jobs in one transaction; returns what each did, and the jobs that did not get to run. */
  function runBatch (jobs: Job[]): { outcomes: Outcome[], invalidation: Invalidation, left: Job[] } {
    // Only a rollback that failed leaves a transaction open between batches.
    if (sqlite.inTransaction) rollback.run()
    begin.run()
    const outcomes: Outcome[] = []
    const failAll = (error: unknown) => outcomes.map((o): Outcome => o.ok ? { job: o.job, ok: false, error } : o)
    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i]!
      savepoint.run()
      try {
        const value = job.write()
        release.run()
        outcomes.push({ job, ok: true, value })
      } catch (error) {
        outcomes.push({ job, ok: false, error })
        // Undo this job alone, unless SQLite rolled the whole transaction back already.
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
          return { outcomes: failAll(error), invalidation: INVALIDATES_EVERYTHING, left: jobs.slice(i + 1) }
        }
      }
    }
    try {
      commit.run()
    } catch (error) {
      abandon()
      return { outcomes: failAll(error), invalidation: INVALIDATES_EVERYTHING, left: [] }
    }
    return { outcomes, invalidation: merged(outcomes.flatMap((o) => o.ok ? [invalidationOf(o.value)] : [])), left: [] }
  }

  function flush (): void {
    const jobs = queue
    queue = []
    let result: ReturnType<typeof runBatch>
    try {
      result = app.responseCache.afterWrite(() => runBatch(jobs))
    } catch (error) {
      // BEGIN itself failed (the database busy past its timeout, or closed): nothing ran.
      for (const job of jobs) job.reject(error)
      return
    }
    for (const outcome of result.outcomes) {
      if (outcome.ok) outcome.job.resolve(outcome.value)
      else outcome.job.reject(outcome.error)
    }
    if (result.left.length > 0) schedule(result.left)
  }

  function schedule (jobs: Job[]): void {
    if (queue.length === 0) setImmediate(flush)
    queue.push(...jobs)
  }

  app.decorate('writes', {
    run<T> (write: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        schedule([{ write, resolve: resolve as (value: unknown) => void, reject }])
      })
    }
  })
}, { name: 'write-batches', dependencies: ['database', 'response-cache'] })
