/**
 * The main thread's side of the writer thread (src/db/writer-thread.ts): starts it,
 * hands it one batch at a time and turns its answers back into values and errors.
 *
 * If the thread dies (it should not: every write's error is caught there), the batch it
 * held fails with StorageUnavailable (a 503 that says the write may or may not have been
 * saved) and the next batch starts a new thread.
 */
import { Worker } from 'node:worker_threads'
import type { Invalidation } from '../content/invalidation.js'
import type { WriteRequest } from '../repositories/editorial-writes.js'
import { StorageUnavailable } from './client.js'
import type { Outcome } from './write-batch.js'
import { receivedError, type FromWriter, type ToWriter, type WriterOptions } from './writer-messages.js'

export interface BatchReply {
  outcomes: Outcome[]
  invalidation: Invalidation
  left: number
  /** Another process committed too: nothing cached can be trusted. */
  external: boolean
  /** The batch did not run at all; every write fails with this. */
  failed?: Error
}

export interface WriterClient {
  run (writes: WriteRequest[]): Promise<BatchReply>
  close (): Promise<void>
}

function spawn (options: WriterOptions): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./writer-thread.js', import.meta.url), { workerData: options })
  // Run from source (tsx, the tests), the entry is TypeScript too, and tsx does not carry
  // its loader into worker threads (privatenumber/tsx#354): the thread registers it first.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'))
  const entry = JSON.stringify(new URL('./writer-thread.ts', import.meta.url).href)
  return new Worker(`import(${tsx}).then((api) => { api.register(); return import(${entry}) })`, { eval: true, workerData: options })
}

export async function startWriter (options: WriterOptions, onExternal: () => void, onLost: (error: Error) => void): Promise<WriterClient> {
  let worker: Worker | null = null
  let starting: Promise<Worker> | null = null
  let nextId = 0
  const waiting = new Map<number, (reply: BatchReply) => void>()
  let closing = false

  function lose (error: Error): void {
    worker = null
    starting = null
    const failed = new StorageUnavailable(`the writer thread stopped: ${error.message}`)
    for (const settle of waiting.values()) settle({ outcomes: [], invalidation: { everything: true }, left: 0, external: true, failed })
    waiting.clear()
    if (!closing) onLost(error)
  }

  function start (): Promise<Worker> {
    starting ??= new Promise<Worker>((resolve, reject) => {
      const w = spawn(options)
      const early = (error: Error) => { starting = null; reject(error) }
      w.once('error', early)
      w.once('exit', (code) => early(new Error(`the writer thread exited with code ${code} while starting`)))
      w.on('message', (message: FromWriter) => {
        switch (message.type) {
          case 'ready':
            w.off('error', early).removeAllListeners('exit')
            w.on('error', lose)
            w.once('exit', (code) => { if (worker === w) lose(new Error(`exit code ${code}`)) })
            worker = w
            resolve(w)
            return
          case 'external':
            onExternal()
            return
          case 'batch': {
            const settle = waiting.get(message.id)
            waiting.delete(message.id)
            settle?.({
              outcomes: message.outcomes.map((o) => o.ok ? o : { ok: false, error: receivedError(o.error) }),
              invalidation: message.invalidation,
              left: message.left,
              external: message.external,
              ...(message.failed === undefined ? {} : { failed: receivedError(message.failed) })
            })
          }
        }
      })
    })
    return starting
  }

  await start()
  return {
    async run (writes) {
      const w = worker ?? await start()
      const id = nextId++
      return await new Promise<BatchReply>((resolve) => {
        waiting.set(id, resolve)
        w.postMessage({ type: 'batch', id, writes } satisfies ToWriter)
      })
    },
    async close () {
      closing = true
      const w = worker
      worker = null
      if (w === null) return
      const exited = new Promise((resolve) => w.once('exit', resolve))
      w.postMessage({ type: 'close' } satisfies ToWriter)
      await exited
    }
  }
}
