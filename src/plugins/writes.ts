/**
 * The write side's face to the app. Every editorial write goes through
 * `app.writes.run(name, ...args)`; writes that arrive together run as one group commit
 * (src/writes/group-commit.ts): one transaction, one sync, each write undone alone when
 * refused, none acknowledged before the commit.
 *
 * On a database file the writes go to the writer thread (src/writes/writer-thread.ts),
 * those of one turn together: the event loop goes on answering reads while a commit
 * waits for the disk, and writes that arrive while a batch runs there make up the next
 * one. An in-memory database (the tests' default) runs the batches in process, between
 * two turns of the event loop. On PostgreSQL each write is its own transaction from the
 * pool, concurrent with the others (src/writes/postgres-writes.ts).
 *
 * Each committed batch is announced once, with what it may have changed
 * (`app.writes.onCommitted`): the response cache listens. Another process's commit, which
 * the writer thread notices, is announced the same way, as having changed everything;
 * on Postgres other processes announce their commits with what they changed (NOTIFY).
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { writesOnThread } from '../config.js'
import { INVALIDATES_EVERYTHING, INVALIDATES_NOTHING, type Invalidation } from '../content/invalidation.js'
import { StorageUnavailable } from '../db/client.js'
import type { SqliteEngine } from '../db/engine.js'
import { editorialWrites, editorsOn, performWrite, type EditorialWrites, type Editors, type WriteName, type WriteRequest, type WriteValue } from '../writes/editorial-writes.js'
import { groupCommit } from '../writes/group-commit.js'
import { postgresStrategy } from '../writes/postgres-writes.js'
import { startWriter, yieldToWriter } from '../writes/writer-client.js'

/** A batch committed (or failed: then it changed nothing, or, when unsure, everything). */
export interface Committed {
  /** Which public responses it may have changed. */
  invalidation: Invalidation
  /** No write is out on the writer thread any more: its commits have all been announced. */
  settled: boolean
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The editors on this process's own connection: their reads (the editors' view), and the writes run in process. */
    editors: Editors
    writes: {
      /** Runs the named editorial write in the next batch; resolves with what it wrote once the batch is committed. */
      run<K extends WriteName> (name: K, ...args: Parameters<EditorialWrites[K]>): Promise<WriteValue<K>>
      /** `listener` hears of every committed batch, in order. */
      onCommitted (listener: (committed: Committed) => void): void
      /** Writes submitted and not yet answered. */
      readonly unanswered: number
      /** Whether writes commit on another connection (the writer thread's), which moves this one's data_version. */
      readonly onThread: boolean
      /** The writer thread's nice value when it started; null in process, or where nice is not per thread. */
      readonly threadNice: number | null
    }
  }
}

export interface Job {
  request: WriteRequest
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

export interface Strategy {
  submit (job: Job): void
  readonly unanswered: number
  /** Resolves once no write is queued or running. */
  idle (): Promise<void>
  close (): Promise<void>
  readonly threadNice: number | null
}

export type Announce = (committed: Committed) => void

/** Batches of the writes that arrived in one turn of the event loop, run in process. */
function inProcessStrategy (app: FastifyInstance, engine: SqliteEngine, announce: Announce): Strategy {
  const writes = editorialWrites(app.editors)
  const commitTogether = groupCommit(engine.sqlite, { onRollbackFailure: (error) => app.log.error({ err: error }, 'write batch: rollback failed') })
  let queue: Job[] = []

  async function flush (): Promise<void> {
    const jobs = queue
    queue = []
    let result: Awaited<ReturnType<typeof commitTogether>>
    try {
      result = await commitTogether(jobs.map(({ request }) => () => performWrite(writes, request)))
    } catch (error) {
      // BEGIN failed (the database busy past its timeout, or closed): nothing ran.
      announce({ invalidation: INVALIDATES_NOTHING, settled: true })
      for (const job of jobs) job.reject(error)
      return
    }
    announce({ invalidation: result.invalidation, settled: true })
    result.outcomes.forEach((outcome, i) => outcome.ok ? jobs[i]!.resolve(outcome.value) : jobs[i]!.reject(outcome.error))
    // Writes that did not get to run go in the next batch.
    if (result.left > 0) for (const job of jobs.slice(jobs.length - result.left)) submit(job)
  }

  function submit (job: Job): void {
    // A turn of its own: the batch's microtasks then run with nothing else in between.
    if (queue.length === 0) setImmediate(() => { flush().catch((error: unknown) => app.log.error({ err: error }, 'write batch failed')) })
    queue.push(job)
  }

  return {
    submit,
    get unanswered () { return queue.length },
    // A batch runs within one turn: after the next turn, whatever was queued has run.
    idle: async () => { while (queue.length > 0) await new Promise((resolve) => setImmediate(resolve)) },
    close: async () => {},
    threadNice: null
  }
}

/** Writes posted to the writer thread once per turn; each batch it answers settles its writes, as the next request arrives. */
async function threadStrategy (app: FastifyInstance, engine: SqliteEngine, announce: Announce): Promise<Strategy> {
  const { config } = app
  const jobs = new Map<number, Job>()
  let nextId = 0
  let idle: (() => void) | null = null
  // After a lost thread, the next batch is announced as changing everything: while the new
  // thread started, nobody looked for other processes' commits.
  let restarted = false
  // The writes of one turn go in one message: each message wakes the thread, and a thread
  // woken on the server's only core takes it from the event loop there and then.
  let outbox: Array<{ id: number, write: WriteRequest }> = []

  function settled (): void {
    if (jobs.size > 0) return
    writer.absorbed()
    idle?.()
  }

  const writer = await startWriter({ databasePath: engine.path, siteUrl: config.siteUrl }, {
    batch ({ results, invalidation }) {
      const done = results.flatMap(({ id, outcome }) => {
        const job = jobs.get(id)
        jobs.delete(id)
        return job === undefined ? [] : [{ job, outcome }]
      })
      announce({ invalidation: restarted ? INVALIDATES_EVERYTHING : invalidation, settled: jobs.size === 0 })
      restarted = false
      for (const { job, outcome } of done) outcome.ok ? job.resolve(outcome.value) : job.reject(outcome.error)
      settled()
    },
    external: () => announce({ invalidation: INVALIDATES_EVERYTHING, settled: jobs.size === 0 }),
    lost (error) {
      app.log.error({ err: error }, 'writer thread stopped; the next write starts another')
      const failed = new StorageUnavailable(`the writer thread stopped: ${error.message}`)
      restarted = true
      const lost = [...jobs.values()]
      jobs.clear()
      // Not yet sent: answered as lost, so never to be run.
      outbox = []
      // Whether they were committed is unknown.
      if (lost.length > 0) announce({ invalidation: INVALIDATES_EVERYTHING, settled: true })
      for (const job of lost) job.reject(failed)
      settled()
    }
  })

  // The thread runs now: from here the event loop gives it the CPU first (docs/decisions.md).
  const loopNice = yieldToWriter(config.eventLoopNice)
  if (config.eventLoopNice > 0 && !(loopNice !== null && writer.threadNice !== null && loopNice > writer.threadNice)) {
    app.log.warn({ eventLoopNice: loopNice, writerNice: writer.threadNice }, 'the event loop could not yield the CPU to the writer thread (nice is per thread on Linux only)')
  }

  // The thread's answers are taken first thing for every request rather than at the event
  // loop's next turn: a busy turn answers dozens of requests, and its writers would
  // otherwise wait for the end of it. Registered before the response cache's hook, so a
  // write acknowledged here is never followed by a stale answer from memory.
  app.addHook('onRequest', function takeWriterAnswers (request, reply, done) {
    if (jobs.size > 0) {
      // A failure here must not become this request's answer.
      try {
        writer.collect()
      } catch (error) {
        app.log.error({ err: error }, 'taking the writer thread\'s answers failed')
      }
    }
    done()
  })

  const send = () => {
    const writes = outbox.filter(({ id }) => jobs.has(id))
    outbox = []
    if (writes.length > 0) writer.post(writes)
  }

  return {
    submit (job) {
      const id = nextId++
      jobs.set(id, job)
      if (outbox.length === 0) setImmediate(send)
      outbox.push({ id, write: job.request })
    },
    get unanswered () { return jobs.size },
    idle: () => jobs.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => { idle = resolve }),
    close: () => writer.close(),
    get threadNice () { return writer.threadNice }
  }
}

export default fp(async (app) => {
  const { config, database } = app
  app.decorate('editors', editorsOn(database.db, config.siteUrl))

  const listeners: Array<(committed: Committed) => void> = []
  const announce: Announce = (committed) => { for (const listener of listeners) listener(committed) }
  const onThread = writesOnThread(config)
  let strategy: Strategy
  if (database.kind === 'postgres') {
    strategy = postgresStrategy(database, config.siteUrl, announce)
    database.onAnnouncement((invalidation) => announce({ invalidation, settled: true }))
  } else {
    strategy = onThread ? await threadStrategy(app, database, announce) : inProcessStrategy(app, database, announce)
  }
  let closing = false

  app.decorate('writes', {
    run (name, ...args) {
      return new Promise((resolve, reject) => {
        if (closing) return reject(new StorageUnavailable('the server is shutting down'))
        strategy.submit({ request: { name, args }, resolve: resolve as (value: unknown) => void, reject })
      })
    },
    onCommitted (listener) { listeners.push(listener) },
    get unanswered () { return strategy.unanswered },
    onThread,
    get threadNice () { return strategy.threadNice }
  } as FastifyInstance['writes'])

  app.addHook('onClose', async () => {
    // Fastify has let the requests in flight finish; writes still queued or running (a
    // request injected as the app closed) finish before the thread stops; later ones are refused.
    closing = true
    await strategy.idle()
    await strategy.close()
  })
}, { name: 'writes', dependencies: ['config', 'database'] })
