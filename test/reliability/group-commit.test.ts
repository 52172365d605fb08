/**
 * Group commit (src/plugins/write-batches.ts): writes that arrive together share one
 * transaction, each is undone alone when it is refused, nothing is acknowledged before
 * the commit, and a failed commit fails every write in it.
 */
import { join } from 'node:path'
import Sqlite from 'better-sqlite3'
import t from 'tap'
import { transaction } from '../../src/db/client.js'
import { build } from '../helper.js'
import { editorClient } from '../editorial-helper.js'

async function appWithObserver (t: Parameters<typeof build>[0] & { testdir (): string, teardown (fn: () => unknown): void }) {
  const databasePath = join(t.testdir(), 'byline.db')
  const app = await build(t, { databasePath })
  // Another connection sees only what is committed.
  const observer = new Sqlite(databasePath, { readonly: true })
  t.teardown(() => observer.close())
  const committed = (key: string) => observer.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined
  const put = (key: string) => () => transaction(app.database, () => {
    app.database.sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(key, 'x')
    return key
  })
  return { app, committed, put }
}

t.test('writes in the same turn share one commit; a refused one is undone alone', async (t) => {
  const { app, committed, put } = await appWithObserver(t)
  const seenUncommitted: Array<string | undefined> = []
  const results = await Promise.allSettled([
    app.writes.run(put('test:a')),
    app.writes.run(() => transaction(app.database, () => {
      app.database.sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('test:refused', 'x')
      throw new Error('refused')
    })),
    app.writes.run(() => {
      // Still inside the batch: a has run but is not committed yet.
      seenUncommitted.push(committed('test:a'))
      return put('test:c')()
    })
  ])
  t.same(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled'])
  t.same(seenUncommitted, [undefined], 'the first write was not committed while the batch ran')
  t.equal(committed('test:a'), 'x', 'committed together')
  t.equal(committed('test:c'), 'x')
  t.equal(committed('test:refused'), undefined, 'the refused write left nothing')
})

t.test('a failed commit fails every write in the batch, and the next batch works', async (t) => {
  const { app, committed, put } = await appWithObserver(t)
  const results = await Promise.allSettled([
    app.writes.run(put('test:a')),
    app.writes.run(() => transaction(app.database, () => {
      // A deferred foreign-key violation surfaces at COMMIT.
      app.database.sqlite.pragma('defer_foreign_keys = ON')
      app.database.sqlite.prepare("INSERT INTO story_tags (story_id, tag_id, position) VALUES ('sto_none', 'tag_none', 0)").run()
      return 'b'
    }))
  ])
  t.same(results.map((r) => r.status), ['rejected', 'rejected'], 'neither is acknowledged')
  t.match((results[0] as PromiseRejectedResult).reason, { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' })
  t.equal(committed('test:a'), undefined, 'nothing of the batch is on disk')
  t.equal(await app.writes.run(put('test:after')), 'test:after')
  t.equal(committed('test:after'), 'x')
})

t.test('when SQLite abandons the transaction, what ran with it fails and the rest runs in the next batch', async (t) => {
  const { app, committed, put } = await appWithObserver(t)
  const results = await Promise.allSettled([
    app.writes.run(put('test:a')),
    app.writes.run(() => {
      // What SQLite does on an I/O error or a full disk: the whole transaction is rolled back.
      app.database.sqlite.prepare('ROLLBACK').run()
      throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' })
    }),
    app.writes.run(put('test:c'))
  ])
  t.same(results.map((r) => r.status), ['rejected', 'rejected', 'fulfilled'])
  t.match((results[0] as PromiseRejectedResult).reason, { code: 'SQLITE_IOERR_WRITE' }, 'the earlier write gets the reason')
  t.equal(committed('test:a'), undefined)
  t.equal(committed('test:c'), 'x', 'the later write ran on its own')
})

t.test('concurrent PATCHes through the API: a refused one among them changes nothing, the others land', async (t) => {
  const app = await build(t)
  const editor = editorClient(t, app)
  const slugs = (await app.inject('/v1/stories?type=news&limit=4')).json().data.map((s: any) => s.slug) as string[]
  const answers = await Promise.all([
    ...slugs.map((slug, i) => editor.patch(`/v1/stories/${slug}`, { dek: `together ${i}` })),
    editor.patch(`/v1/stories/${slugs[0]}`, { section: 'no-such-section' })
  ])
  t.same(answers.map((a) => a.statusCode), [200, 200, 200, 200, 422])
  for (const [i, slug] of slugs.entries()) t.equal((await app.inject(`/v1/stories/${slug}`)).json().dek, `together ${i}`)
})
