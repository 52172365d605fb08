/**
 * The editorial route tests once more, with every app on a database file of its own and
 * its writes on the writer thread, the path production takes (test/helper.ts,
 * BYLINE_TEST_WRITES=thread). Tap runs this file in a process of its own, so the
 * variable stays here.
 */
import { statSync } from 'node:fs'
import Sqlite from 'better-sqlite3'
import t from 'tap'
import { writesOnThread } from '../../src/config.js'
import { editorClient, reviewBody, tableCounts } from '../editorial-helper.js'
import { build, testEngine } from '../helper.js'

// Runs on SQLite only: the writer thread is SQLite's.
if (testEngine() === 'postgres') t.plan(0, 'SQLite only: the writer thread is SQLites')

process.env.BYLINE_TEST_WRITES = 'thread'
// Four files' tests in one process, each app starting a writer thread (which loads tsx
// before the sources: about 0.5 to 2 s each): 35 s on a quiet machine, 90 s seen on a busy
// one, too near .taprc's 120 s.
t.setTimeout(300_000)

t.test('in this mode an app writes on the thread, to a file a second connection reads', async (t) => {
  const app = await build(t)
  const { databasePath } = app.config
  t.ok(writesOnThread(app.config), 'the config sends writes to the thread')
  // The thread's nice value is known once it runs (nice is per thread on Linux only); null in process.
  if (process.platform === 'linux') t.type(app.writes.threadNice, 'number', 'the writes plugin runs the thread')
  t.ok(statSync(databasePath).isFile(), `${databasePath} is a database file`)

  const other = new Sqlite(databasePath, { readonly: true })
  t.equal(other.pragma('journal_mode', { simple: true }), 'wal', 'the seeded image opened in WAL mode')
  t.equal(other.pragma('integrity_check', { simple: true }), 'ok')
  const memory = await build(t, { writerThread: false })
  t.equal(memory.config.databasePath, ':memory:', 'an app with the thread turned off stays in memory')
  t.equal(memory.writes.threadNice, null, 'and writes in process')
  t.same(await tableCounts(app), await tableCounts(memory), 'the file starts from the same seeded demo image')

  const created = await (await editorClient(t, app)).post('/v1/stories', reviewBody({ slug: 'written-on-the-thread' }))
  t.equal(created.statusCode, 201)
  const row = other.prepare('SELECT id FROM stories WHERE slug = ?').get('written-on-the-thread') as { id: string } | undefined
  t.equal(row?.id, created.json().story.id, 'the acknowledged write is in the file for another connection')
  other.close()

  await app.close()
  t.throws(() => statSync(databasePath), { code: 'ENOENT' }, 'closing the app removes its file')
})

// Their tests register as the modules load; tap runs them after the one above.
await import('./editorial-catalog.test.js')
await import('./editorial-integrity.test.js')
await import('./editorial-slugs.test.js')
await import('./editorial-workflow.test.js')
