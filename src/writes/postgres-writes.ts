/**
 * Editorial writes on PostgreSQL: each its own transaction from the pool, concurrent
 * with the others, at READ COMMITTED. What must not interleave is locked where it is
 * decided: the story or catalogue row a write changes (If-Match and the write it guards,
 * src/db/dialect.ts `lockRow`), the change log's order (`serializeAppends`), and slug
 * claims by their unique indexes (a race lost is run again, and then sees the winner:
 * Engine.transaction). Each commit tells every other process what it changed (NOTIFY,
 * delivered with the commit); this process hears it at once, as on SQLite.
 */
import type { PostgresEngine } from '../db/engine.js'
import type { Announce, Job, Strategy } from '../plugins/writes.js'
import { editorialWrites, editorsOn, performWrite } from './editorial-writes.js'

export function postgresStrategy (engine: PostgresEngine, siteUrl: string, announce: Announce): Strategy {
  let running = 0
  let idle: Array<() => void> = []

  function finished (): void {
    running--
    if (running > 0) return
    const waiting = idle
    idle = []
    for (const resolve of waiting) resolve()
  }

  async function run (job: Job): Promise<void> {
    try {
      const written = await engine.transaction(async (tx) => {
        const done = await performWrite(editorialWrites(editorsOn(tx, siteUrl)), job.request)
        await engine.announce(tx, done.invalidation)
        return done
      })
      announce({ invalidation: written.invalidation, settled: true })
      job.resolve(written.value)
    } catch (error) {
      job.reject(error)
    }
  }

  return {
    submit (job) {
      running++
      run(job).finally(finished).catch(() => {})
    },
    get unanswered () { return running },
    idle: () => running === 0 ? Promise.resolve() : new Promise<void>((resolve) => { idle.push(resolve) }),
    close: async () => {},
    threadNice: null
  }
}
