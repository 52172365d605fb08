/**
 * Every editorial write goes through `app.writes.run(name, ...args)`. Writes that arrive
 * together run as one group commit (src/db/write-batch.ts): one transaction, one sync,
 * each write undone alone when refused, none acknowledged before the commit.
 *
 * On a database file the batches run on the writer thread (src/db/writer-thread.ts),
 * one at a time: the event loop goes on answering reads while a commit waits for the
 * disk, and writes that arrive meanwhile make up the next batch. An in-memory database
 * (the tests' default) runs them in process, between two turns of the event loop.
 *
 * The response cache hears of each batch as one write (src/plugins/response-cache.ts).
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { writesOnThread } from '../config.js'
import { INVALIDATES_EVERYTHING, INVALIDATES_NOTHING } from '../content/invalidation.js'
import { StorageUnavailable } from '../db/client.js'
import { batchRunner } from '../db/write-batch.js'
import { startWriter, type BatchReply } from '../db/writer-client.js'
import { editorialWrites, performWrite, type EditorialWrites, type WriteName, type WriteRequest } from '../repositories/editorial-writes.js'

declare module 'fastify' {
  interface FastifyInstance {
    writes: {
      /** Runs the named editorial write in the next batch; resolves with its result once the batch is committed. */
      run<K extends WriteName> (name: K, ...args: Parameters<EditorialWrites[K]>): Promise<ReturnType<EditorialWrites[K]>>
    }
  }
}

interface Job {
  request: WriteRequest
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

/** How often the writer thread looks for other processes' commits while idle. */
const EXTERNAL_POLL_MS = 1

export default fp(async (app) => {
  const { config, responseCache } = app
  let execute: (writes: WriteRequest[]) => BatchReply | Promise<BatchReply>
  let closeWriter = async () => {}
  if (writesOnThread(config)) {
    const writer = await startWriter(
      { databasePath: config.databasePath, siteUrl: config.siteUrl, pollMs: EXTERNAL_POLL_MS },
      () => responseCache.externalWrite(),
      (error) => app.log.error({ err: error }, 'writer thread stopped; the next write starts another')
    )
    execute = (writes) => writer.run(writes)
    closeWriter = () => writer.close()
  } else {
    const writes = editorialWrites(app.editors)
    const run = batchRunner(app.database.sqlite, (error) => app.log.error({ err: error }, 'write batch: rollback failed'))
    execute = (requests) => {
      try {
        return { ...run(requests.map((request) => () => performWrite(writes, request))), external: false }
      } catch (error) {
        // BEGIN failed (the database busy past its timeout, or closed): nothing ran.
        return { outcomes: [], invalidation: INVALIDATES_NOTHING, left: 0, external: false, failed: error as Error }
      }
    }
  }

  let queue: Job[] = []
  let running = false
  let flushScheduled = false
  let drained: (() => void) | null = null

  function kick (): void {
    if (running || flushScheduled || queue.length === 0) {
      if (!running && queue.length === 0) drained?.()
      return
    }
    flushScheduled = true
    setImmediate(flush)
  }

  function flush (): void {
    flushScheduled = false
    if (running || queue.length === 0) return
    const jobs = queue
    queue = []
    running = true
    const ticket = responseCache.beginWrite()
    const settle = (reply: BatchReply) => {
      responseCache.endWrite(ticket, reply.external ? INVALIDATES_EVERYTHING : reply.invalidation)
      if (reply.failed !== undefined) {
        for (const job of jobs) job.reject(reply.failed)
      } else {
        reply.outcomes.forEach((outcome, i) => outcome.ok ? jobs[i]!.resolve(outcome.value) : jobs[i]!.reject(outcome.error))
        // Writes that did not get to run go first in the next batch.
        if (reply.left > 0) queue = [...jobs.slice(jobs.length - reply.left), ...queue]
      }
      running = false
      kick()
    }
    const reply = execute(jobs.map((job) => job.request))
    if (reply instanceof Promise) void reply.then(settle)
    else settle(reply)
  }

  let closing = false
  app.decorate('writes', {
    run (name, ...args) {
      return new Promise((resolve, reject) => {
        if (closing) return reject(new StorageUnavailable('the server is shutting down'))
        queue.push({ request: { name, args }, resolve: resolve as (value: unknown) => void, reject })
        kick()
      })
    }
  } as FastifyInstance['writes'])

  app.addHook('onClose', async () => {
    // Fastify has let the requests in flight finish; writes still queued or running (a
    // request injected as the app closed) finish before the thread stops; later ones are refused.
    closing = true
    if (running || queue.length > 0) await new Promise<void>((resolve) => { drained = resolve })
    await closeWriter()
  })
}, { name: 'write-batches', dependencies: ['database', 'response-cache'] })
