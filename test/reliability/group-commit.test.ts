/**
 * Group commit (src/writes/group-commit.ts, src/plugins/writes.ts): writes that arrive
 * together share one transaction, each is undone alone when it is refused, nothing is
 * acknowledged before the commit, and a failed commit fails every write in it; through
 * the API both in process (in-memory database) and on the writer thread (a file).
 */
import { join } from 'node:path'
import Sqlite from 'better-sqlite3'
import t from 'tap'
import { migrateDatabase, openDatabase, sqliteTransaction } from '../../src/db/sqlite/open.js'
import { INVALIDATES_EVERYTHING } from '../../src/content/invalidation.js'
import { groupCommit } from '../../src/writes/group-commit.js'
import { build } from '../helper.js'
import { editorClient } from '../editorial-helper.js'

function runnerWithObserver (t: { testdir (): string, teardown (fn: () => unknown): void }) {
  const databasePath = join(t.testdir(), 'byline.db')
  const database = openDatabase(databasePath)
  migrateDatabase(database)
  t.teardown(() => database.close())
  // Another connection sees only what is committed.
  const observer = new Sqlite(databasePath, { readonly: true })
  t.teardown(() => observer.close())
  const committed = (key: string) => observer.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined
  // Each says what it may have changed: here, the responses tagged with its key.
  const put = (key: string) => () => sqliteTransaction(database.sqlite, async () => {
    database.sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(key, 'x')
    return { value: key, invalidation: { everything: false as const, keys: [key] } }
  })
  return { database, run: groupCommit(database.sqlite), committed, put }
}

const statuses = (outcomes: Array<{ ok: boolean }>) => outcomes.map((o) => o.ok ? 'ok' : 'failed')

t.test('writes in one batch share one commit; a refused one is undone alone', async (t) => {
  const { database, run, committed, put } = runnerWithObserver(t)
  const seenUncommitted: Array<string | undefined> = []
  const result = await run([
    put('test:a'),
    () => sqliteTransaction(database.sqlite, async () => {
      database.sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('test:refused', 'x')
      throw new Error('refused')
    }),
    // A write that may have changed anything.
    async () => ({ ...await put('test:b')(), invalidation: INVALIDATES_EVERYTHING }),
    async () => {
      // Still inside the batch: a has run but is not committed yet.
      seenUncommitted.push(committed('test:a'))
      return put('test:c')()
    }
  ])
  t.same(statuses(result.outcomes), ['ok', 'failed', 'ok', 'ok'])
  t.equal(result.left, 0)
  t.same(seenUncommitted, [undefined], 'the first write was not committed while the batch ran')
  t.equal(committed('test:a'), 'x', 'committed together')
  t.equal(committed('test:c'), 'x')
  t.equal(committed('test:refused'), undefined, 'the refused write left nothing')
  t.same(result.invalidation, { everything: true }, 'one write that may have changed anything makes the batch so')
  t.same((await run([put('test:d'), put('test:e'), put('test:d2')])).invalidation, { everything: false, keys: ['test:d', 'test:e', 'test:d2'] }, 'otherwise what each write says, together')
})

t.test('a failed commit fails every write in the batch, and the next batch works', async (t) => {
  const { database, run, committed, put } = runnerWithObserver(t)
  const result = await run([
    put('test:a'),
    () => sqliteTransaction(database.sqlite, async () => {
      // A deferred foreign-key violation surfaces at COMMIT.
      database.sqlite.pragma('defer_foreign_keys = ON')
      database.sqlite.prepare("INSERT INTO story_tags (story_id, tag_id, position) VALUES ('sto_none', 'tag_none', 0)").run()
      return { value: 'b', invalidation: INVALIDATES_EVERYTHING }
    })
  ])
  t.same(statuses(result.outcomes), ['failed', 'failed'], 'neither is acknowledged')
  t.match(result.outcomes[0], { error: { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' } })
  t.equal(committed('test:a'), undefined, 'nothing of the batch is on disk')
  t.same((await run([put('test:after')])).outcomes, [{ ok: true, value: 'test:after' }])
  t.equal(committed('test:after'), 'x')
})

t.test('when SQLite abandons the transaction, what ran with it fails and the rest is left for the next batch', async (t) => {
  const { database, run, committed, put } = runnerWithObserver(t)
  const result = await run([
    put('test:a'),
    async () => {
      // What SQLite does on an I/O error or a full disk: the whole transaction is rolled back.
      database.sqlite.prepare('ROLLBACK').run()
      throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' })
    },
    put('test:c')
  ])
  t.same(statuses(result.outcomes), ['failed', 'failed'])
  t.equal(result.left, 1, 'the last write did not run')
  t.match(result.outcomes[0], { error: { code: 'SQLITE_IOERR_WRITE' } }, 'the earlier write gets the reason')
  t.equal(committed('test:a'), undefined)
  t.same((await run([put('test:c')])).outcomes, [{ ok: true, value: 'test:c' }], 'it runs on its own')
  t.equal(committed('test:c'), 'x')
})

for (const where of ['in process', 'on the writer thread'] as const) {
  t.test(`concurrent PATCHes through the API, ${where}: a refused one among them changes nothing, the others land`, async (t) => {
    const app = await build(t, where === 'in process' ? {} : { databasePath: join(t.testdir(), 'byline.db') })
    const editor = await editorClient(t, app)
    const slugs = (await app.inject('/v1/stories?type=news&limit=4')).json().data.map((s: any) => s.slug) as string[]
    const answers = await Promise.all([
      ...slugs.map((slug, i) => editor.patch(`/v1/stories/${slug}`, { dek: `together ${i}` })),
      editor.patch(`/v1/stories/${slugs[0]}`, { section: 'no-such-section' })
    ])
    t.same(answers.map((a) => a.statusCode), [200, 200, 200, 200, 422])
    for (const [i, slug] of slugs.entries()) t.equal((await app.inject(`/v1/stories/${slug}`)).json().dek, `together ${i}`)
  })
}
