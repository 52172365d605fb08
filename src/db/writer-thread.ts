/**
 * The writer thread: every editorial write to a database file runs here, on its own
 * connection, so the commit's wait for the disk (synchronous = FULL; on this class of
 * VM a sync now and then takes hundreds of milliseconds) and the WAL checkpoints it
 * triggers block this thread, not the event loop answering reads.
 *
 * It takes writes as they come (src/db/writer-messages.ts); those that arrive while a batch
 * runs make up the next group commit (src/db/write-batch.ts), and each batch is answered
 * with what each write did. It also watches for commits by other processes: its own
 * connection's data_version moves only when another connection commits, and the main
 * thread does not commit after boot, so a move is another process.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { catalogEditor } from '../repositories/catalog-editor.js'
import { editorialWrites, performWrite, type WriteRequest } from '../repositories/editorial-writes.js'
import { storyEditor } from '../repositories/story-editor.js'
import { openDatabase } from './client.js'
import { batchRunner } from './write-batch.js'
import { sendableError, sendableOutcome, type BatchDone, type FromWriter, type ToWriter, type WriterOptions } from './writer-messages.js'

const port = parentPort!
const { databasePath, siteUrl, pollMs } = workerData as WriterOptions
const send = (message: FromWriter) => port.postMessage(message)

const database = openDatabase(databasePath)
const catalog = catalogEditor(database, siteUrl)
const writes = editorialWrites({ stories: storyEditor(database, siteUrl, catalog), catalog })
const run = batchRunner(database.sqlite, (error) => { console.error('writer thread: rollback failed', error) })

const dataVersion = database.sqlite.prepare('PRAGMA data_version').pluck()
let version = dataVersion.get()
/** Whether another process committed since the last call. */
function externalCommits (): boolean {
  const now = dataVersion.get()
  const moved = now !== version
  version = now
  return moved
}

const poll = setInterval(() => { if (externalCommits()) send({ type: 'external' }) }, pollMs)

// Writes queue here as they arrive; those that arrived while a batch ran make the next one.
let queue: Array<{ id: number, write: WriteRequest }> = []
let scheduled = false

function schedule (): void {
  if (scheduled || queue.length === 0) return
  scheduled = true
  setImmediate(flush)
}

function flush (): void {
  scheduled = false
  const batch = queue
  queue = []
  let done: BatchDone
  try {
    const result = run(batch.map(({ write }) => () => performWrite(writes, write)))
    done = { type: 'batch', results: result.outcomes.map((o, i) => ({ id: batch[i]!.id, outcome: sendableOutcome(o) })), invalidation: result.invalidation, external: false }
    // Writes that did not get to run go first in the next batch.
    if (result.left > 0) queue = [...batch.slice(batch.length - result.left), ...queue]
  } catch (error) {
    // The batch could not begin (the database busy past its timeout): none of it ran.
    const failed = sendableError(error)
    done = { type: 'batch', results: batch.map(({ id }) => ({ id, outcome: { ok: false, error: failed } })), invalidation: { everything: false, keys: [] }, external: false }
  }
  // Asked after the commit: catches any other process's commit up to it.
  done.external = externalCommits()
  send(done)
  schedule()
}

port.on('message', (message: ToWriter) => {
  if (message.type === 'close') {
    // Sent once every write has been answered.
    clearInterval(poll)
    database.close()
    port.close()
    return
  }
  queue.push(...message.writes)
  schedule()
})

send({ type: 'ready' })
