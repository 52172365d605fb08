/**
 * The writer thread: every editorial write to a database file runs here, on its own
 * connection, so the commit's wait for the disk (synchronous = FULL; on this class of
 * VM a sync now and then takes hundreds of milliseconds) and the WAL checkpoints it
 * triggers block this thread, not the event loop answering reads.
 *
 * It takes batches of writes (src/db/writer-messages.ts), runs each as one group commit
 * (src/db/write-batch.ts) and answers with what each did. It also watches for commits by
 * other processes: its own connection's data_version moves only when another connection
 * commits, and the main thread no longer commits at all, so a move is another process.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { catalogEditor } from '../repositories/catalog-editor.js'
import { editorialWrites, performWrite } from '../repositories/editorial-writes.js'
import { storyEditor } from '../repositories/story-editor.js'
import { openDatabase } from './client.js'
import { batchRunner } from './write-batch.js'
import { sendableError, sendableOutcome, type FromWriter, type ToWriter, type WriterOptions } from './writer-messages.js'

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

port.on('message', (message: ToWriter) => {
  if (message.type === 'close') {
    clearInterval(poll)
    database.close()
    port.close()
    return
  }
  const { id } = message
  try {
    const result = run(message.writes.map((request) => () => performWrite(writes, request)))
    // Asked after the commit: catches any other process's commit up to it.
    send({ type: 'batch', id, external: externalCommits(), ...result, outcomes: result.outcomes.map(sendableOutcome) })
  } catch (error) {
    send({ type: 'batch', id, external: externalCommits(), outcomes: [], invalidation: { everything: true }, left: 0, failed: sendableError(error) })
  }
})

send({ type: 'ready' })
