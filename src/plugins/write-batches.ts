/**
 * Every editorial write goes through `app.writes.run(name, ...args)`. Writes that arrive
 * together run as one group commit (src/db/write-batch.ts): one transaction, one sync,
 * each write undone alone when refused, none acknowledged before the commit.
 *
 * On a database file the writes go to the writer thread (src/db/writer-thread.ts), those
 * of one turn together: the event loop goes on answering reads while a commit waits for
 * the disk, and writes that arrive while a batch runs there make up the next one. An in-memory
 * database (the tests' default) runs the batches in process, between two turns of the
 * event loop.
 *
 * The response cache hears of each batch as one write (src/plugins/response-cache.ts).
 * The thread's answers are taken as the next request arrives (the cache's first hook asks),
 * not at the event loop's next turn, which under load is dozens of requests away.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { writesOnThread } from '../config.js'
import { INVALIDATES_EVERYTHING, INVALIDATES_NOTHING } from '../content/invalidation.js'
import { StorageUnavailable } from '../db/client.js'
import { batchRunner } from '../db/write-batch.js'
import { startWriter, yieldToWriter } from '../db/writer-client.js'
import { editorialWrites, performWrite, type EditorialWrites, type WriteName, type WriteRequest } from '../repositories/editorial-writes.js'
import type { WriteTicket } from './response-cache.js'

declare module 'fastify' {
  interface FastifyInstance {
    writes: {
      /** Runs the named editorial write in the next batch; resolves with its result once the batch is committed. */
      run<K extends WriteName> (name: K, ...args: Parameters<EditorialWrites[K]>): Promise<ReturnType<EditorialWrites[K]>>
      /** The writer thread's nice value when it started; null in process, or where nice is not per thread. */
      readonly threadNice: number | null
    }
  }
}

interface Job {
  request: WriteRequest
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

interface Strategy {
  submit (job: Job): void
  /** Resolves once no write is queued or running. */
  idle (): Promise<void>
  close (): Promise<void>
  readonly threadNice: number | null
}

/** Batches of the writes that arrived in one turn of the event loop, run in process. */
function inProcess (app: FastifyInstance): Strategy {
  const writes = editorialWrites(app.editors)
  const run = batchRunner(app.database.sqlite, { onRollbackFailure: (error) => app.log.error({ err: error }, 'write batch: rollback failed') })
  let queue: Job[] = []

  function flush (): void {
    const jobs = queue
    queue = []
    const ticket = app.responseCache.beginWrite()
    let result: ReturnType<typeof run>
    try {
      result = run(jobs.map(({ request }) => () => performWrite(writes, request)))
    } catch (error) {
      // BEGIN failed (the database busy past its timeout, or closed): nothing ran.
      app.responseCache.endWrite(ticket, INVALIDATES_NOTHING, false)
      for (const job of jobs) job.reject(error)
      return
    }
    app.responseCache.endWrite(ticket, result.invalidation, false)
    result.outcomes.forEach((outcome, i) => outcome.ok ? jobs[i]!.resolve(outcome.value) : jobs[i]!.reject(outcome.error))
    // Writes that did not get to run go in the next batch.
    if (result.left > 0) for (const job of jobs.slice(jobs.length - result.left)) submit(job)
  }

  function submit (job: Job): void {
    if (queue.length === 0) setImmediate(flush)
    queue.push(job)
  }

  return {
    submit,
    // A batch runs within one turn: after the next turn, whatever was queued has run.
    idle: async () => { while (queue.length > 0) await new Promise((resolve) => setImmediate(resolve)) },
    close: async () => {},
    threadNice: null
  }
}

/** Writes posted to the writer thread once per turn; each batch it answers settles its writes, as the next request arrives. */
async function onThread (app: FastifyInstance): Promise<Strategy> {
  const { config, responseCache } = app
  const jobs = new Map<number, Job>()
  let nextId = 0
  // From the first write posted to the last one answered, the cache counts as mid-write.
  let ticket: WriteTicket | null = null
  let idle: (() => void) | null = null
  // The writes of one turn go in one message: each message wakes the thread, and a thread
  // woken on the server's only core takes it from the event loop there and then.
  let outbox: Array<{ id: number, write: WriteRequest }> = []

  function settled (): void {
    if (jobs.size > 0) return
    ticket = null
    writer.absorbed()
    idle?.()
  }

  const writer = await startWriter({ databasePath: config.databasePath, siteUrl: config.siteUrl }, {
    batch ({ results, invalidation }) {
      const done = results.flatMap(({ id, outcome }) => {
        const job = jobs.get(id)
        jobs.delete(id)
        return job === undefined ? [] : [{ job, outcome }]
      })
      if (ticket !== null) responseCache.endWrite(ticket, invalidation, jobs.size > 0)
      for (const { job, outcome } of done) outcome.ok ? job.resolve(outcome.value) : job.reject(outcome.error)
      settled()
    },
    external: () => responseCache.externalWrite(),
    lost (error) {
      app.log.error({ err: error }, 'writer thread stopped; the next write starts another')
      const failed = new StorageUnavailable(`the writer thread stopped: ${error.message}`)
      const lost = [...jobs.values()]
      jobs.clear()
      // Not yet sent: answered as lost, so never to be run.
      outbox = []
      if (ticket !== null) responseCache.endWrite(ticket, INVALIDATES_EVERYTHING, false)
      for (const job of lost) job.reject(failed)
      settled()
    }
  })

  // The thread runs now: from here the event loop gives it the CPU first (docs/decisions.md).
  const loopNice = yieldToWriter(config.eventLoopNice)
  if (config.eventLoopNice > 0 && !(loopNice !== null && writer.threadNice !== null && loopNice > writer.threadNice)) {
    app.log.warn({ eventLoopNice: loopNice, writerNice: writer.threadNice }, 'the event loop could not yield the CPU to the writer thread (nice is per thread on Linux only)')
  }

  responseCache.collectWritesWith(() => {
    if (jobs.size === 0) return
    // Runs in another request's hook: a failure here must not become that request's answer.
    try {
      writer.collect()
    } catch (error) {
      app.log.error({ err: error }, 'taking the writer thread\'s answers failed')
    }
  })

  const send = () => {
    const writes = outbox.filter(({ id }) => jobs.has(id))
    outbox = []
    if (writes.length > 0) writer.post(writes)
  }

  return {
    submit (job) {
      if (jobs.size === 0) ticket = responseCache.beginWrite()
      const id = nextId++
      jobs.set(id, job)
      if (outbox.length === 0) setImmediate(send)
      outbox.push({ id, write: job.request })
    },
    idle: () => jobs.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => { idle = resolve }),
    close: () => writer.close(),
    get threadNice () { return writer.threadNice }
  }
}

export default fp(async (app) => {
  const strategy = writesOnThread(app.config) ? await onThread(app) : inProcess(app)
  let closing = false

  app.decorate('writes', {
    run (name, ...args) {
      return new Promise((resolve, reject) => {
        if (closing) return reject(new StorageUnavailable('the server is shutting down'))
        strategy.submit({ request: { name, args }, resolve: resolve as (value: unknown) => void, reject })
      })
    },
    get threadNice () { return strategy.threadNice }
  } as FastifyInstance['writes'])

  app.addHook('onClose', async () => {
    // Fastify has let the requests in flight finish; writes still queued or running (a
    // request injected as the app closed) finish before the thread stops; later ones are refused.
    closing = true
    await strategy.idle()
    await strategy.close()
  })
}, { name: 'write-batches', dependencies: ['database', 'response-cache'] })
