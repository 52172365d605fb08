/**
 * Editorial writes on PostgreSQL: each its own transaction from the pool, at READ
 * COMMITTED, taking the change log's lock first (src/db/dialect.ts `serializeAppends`,
 * held to the commit). So editorial transactions commit one at a time across every process
 * and host: the change log's positions commit in order (delta sync never passes a late
 * one), and a write never waits for a row another holds while holding the log (found in
 * review: catalogue re-renders and story edits took the two in opposite orders and
 * deadlocked). Reads are never serialized. The row locks (`lockRow`) stay: If-Match and
 * the write it guards read the row as committed once it is theirs.
 *
 * At most WRITERS transactions are open per process: the others queue here, not holding
 * a pool connection that reads need. Each commit tells every other process what it
 * changed (NOTIFY, delivered with the commit); this process hears it at once, as on SQLite.
 */
import { INVALIDATES_EVERYTHING } from '../content/invalidation.js'
import { isStorageFailure } from '../db/client.js'
import { serializeAppends } from '../db/dialect.js'
import type { PostgresEngine } from '../db/engine.js'
import type { WriteContext } from '../repositories/change-log.js'
import type { Announce, Job, Strategy } from '../plugins/writes.js'
import { editorialWrites, editorsOn, performWrite } from './editorial-writes.js'

/**
 * The webhook deliverer's bookkeeping (src/writes/webhook-editor.ts): it appends nothing to
 * the change log and touches no content, so it neither takes the log's lock nor waits in
 * the editorial queue behind writes that do; it runs at once, on a pooled connection of its own.
 */
const BOOKKEEPING = new Set<string>(['claimDelivery', 'releaseDelivery', 'recordDeliveryAttempts', 'pruneDeliveries'])

const isWriteContext = (arg: unknown): arg is WriteContext =>
  typeof arg === 'object' && arg !== null && typeof (arg as WriteContext).now === 'number' && 'actor' in arg && Object.keys(arg).length === 2

/** Transactions open at once per process: one commits while the next waits for the lock. */
const WRITERS = 2

export function postgresStrategy (engine: PostgresEngine, siteUrl: string, announce: Announce): Strategy {
  const queue: Job[] = []
  let running = 0
  let idle: Array<() => void> = []

  function next (): void {
    while (running < WRITERS && queue.length > 0) {
      running++
      run(queue.shift()!).finally(finished).catch(() => {})
    }
  }

  function finished (): void {
    running--
    next()
    wakeIdle()
  }

  /** Everything done: whoever waits for idle hears it. */
  function wakeIdle (): void {
    if (running > 0 || queue.length > 0 || bookkeeping > 0) return
    const waiting = idle
    idle = []
    for (const resolve of waiting) resolve()
  }

  let bookkeeping = 0

  async function run (job: Job): Promise<void> {
    const logged = !BOOKKEEPING.has(job.request.name)
    try {
      const written = await engine.transaction(async (tx) => {
        if (logged) await serializeAppends(tx)
        // The write's time is when it holds the log, not when it was asked for: delta sync
        // hands out a deferred entry SETTLE_MS after its time, and a write that queued
        // behind others for longer would otherwise commit an entry already passed over.
        const request = { ...job.request, args: job.request.args.map((arg) => isWriteContext(arg) ? { ...arg, now: Date.now() } : arg) }
        const done = await performWrite(editorialWrites(editorsOn(tx, siteUrl)), request)
        await engine.announce(tx, done.invalidation)
        return done
      })
      announce({ invalidation: written.invalidation, settled: true })
      job.resolve(written.value)
    } catch (error) {
      // The connection failed, perhaps during COMMIT: whether it was written is unknown.
      if (isStorageFailure(error)) announce({ invalidation: INVALIDATES_EVERYTHING, settled: true })
      job.reject(error)
    }
  }

  return {
    submit (job) {
      if (BOOKKEEPING.has(job.request.name)) {
        bookkeeping++
        run(job).finally(() => { bookkeeping--; if (bookkeeping === 0 && running === 0 && queue.length === 0) wakeIdle() }).catch(() => {})
        return
      }
      queue.push(job)
      next()
    },
    get unanswered () { return running + queue.length + bookkeeping },
    idle: () => running === 0 && queue.length === 0 && bookkeeping === 0 ? Promise.resolve() : new Promise<void>((resolve) => { idle.push(resolve) }),
    close: async () => {},
    threadNice: null
  }
}
