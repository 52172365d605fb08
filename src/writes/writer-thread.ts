/**
 * The writer thread: every editorial write to a database file runs here, on its own
 * connection, so the commit's wait for the disk (synchronous = FULL; on this class of
 * VM a sync now and then takes hundreds of milliseconds) and the WAL checkpoints it
 * triggers block this thread, not the event loop answering reads.
 *
 * It takes writes as they come (src/writes/writer-messages.ts); those that arrive while a batch
 * runs make up the next group commit (src/writes/group-commit.ts), and each batch is answered
 * with what each write did.
 *
 * It also tells other processes' commits from its own for the main thread, whose
 * connection's data_version moves with both: this connection's moves only when another
 * one commits, and the main connection commits only while booting (at worst, one
 * needless report). It looks once each batch holds the write lock (nobody else can
 * commit until its COMMIT), and once more when the main thread has taken the last
 * batch's version as seen, which closes the gap in between.
 */
import { getPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import { editorialWrites, editorsOn, performWrite, type WriteRequest } from './editorial-writes.js'
import { openDatabase } from '../db/sqlite/open.js'
import { groupCommit } from './group-commit.js'
import { sendableError, sendableOutcome, type BatchDone, type FromWriter, type ToWriter, type WriterData } from './writer-messages.js'

const port = parentPort!
const { databasePath, siteUrl, replies } = workerData as WriterData
const send = (message: FromWriter) => replies.postMessage(message)

const database = openDatabase(databasePath)
const writes = editorialWrites(editorsOn(database.db, siteUrl))

const dataVersion = database.sqlite.prepare('PRAGMA data_version').pluck()
let version = dataVersion.get()
/** Reports another process's commit since the last look; a look that fails counts as one. */
function lookForExternalCommits (): void {
  let moved = true
  try {
    const now = dataVersion.get()
    moved = now !== version
    version = now
  } catch { /* the storage failing: nothing cached can be trusted */ }
  if (moved) send({ type: 'external' })
}

const commitTogether = groupCommit(database.sqlite, {
  onRollbackFailure: (error) => { console.error('writer thread: rollback failed', error) },
  afterBegin: lookForExternalCommits
})

// Writes queue here as they arrive; those that arrived while a batch ran make the next one.
let queue: Array<{ id: number, write: WriteRequest }> = []
let scheduled = false

function schedule (): void {
  if (scheduled || queue.length === 0) return
  scheduled = true
  // A turn of its own: the batch's microtasks then run with nothing else in between.
  setImmediate(() => { flush().catch((error: unknown) => { console.error('writer thread: a batch failed', error) }) })
}

async function flush (): Promise<void> {
  scheduled = false
  const batch = queue
  queue = []
  let done: BatchDone
  try {
    const result = await commitTogether(batch.map(({ write }) => () => performWrite(writes, write)))
    done = { type: 'batch', results: result.outcomes.map((o, i) => ({ id: batch[i]!.id, outcome: sendableOutcome(o) })), invalidation: result.invalidation }
    // Writes that did not get to run go first in the next batch.
    if (result.left > 0) queue = [...batch.slice(batch.length - result.left), ...queue]
  } catch (error) {
    // The batch could not begin (the database busy past its timeout): none of it ran.
    const failed = sendableError(error)
    done = { type: 'batch', results: batch.map(({ id }) => ({ id, outcome: { ok: false, error: failed } })), invalidation: { everything: false, keys: [] } }
  }
  try {
    send(done)
  } catch (error) {
    // A result that cannot be cloned: committed, but its answer cannot cross.
    const failed = sendableError(error)
    send({ type: 'batch', results: done.results.map(({ id }) => ({ id, outcome: { ok: false, error: failed } })), invalidation: { everything: true } })
  }
  schedule()
}

port.on('message', (message: ToWriter) => {
  switch (message.type) {
    case 'writes':
      queue.push(...message.writes)
      schedule()
      return
    case 'absorbed':
      lookForExternalCommits()
      return
    case 'close':
      // Sent once every write has been answered.
      database.close()
      port.close()
      replies.close()
  }
})

send({ type: 'ready', nice: process.platform === 'linux' ? getPriority() : null })
