/** The database file: pragmas on every open, migrations, and an idempotent seed. */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { migrateDatabase, openDatabase } from '../src/db/sqlite/open.js'
import { openSqliteEngine } from '../src/db/sqlite/engine.js'
import { demoDataset } from '../src/demo/index.js'
import { seedDataset } from '../src/repositories/seed-writer.js'
import { build, sqliteOf } from './helper.js'

t.test('every open sets WAL, foreign keys, synchronous=FULL and in-memory temp storage', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'byline-db-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  for (let i = 0; i < 2; i++) {
    const database = openDatabase(join(dir, 'nested', 'byline.db'))
    t.equal(database.sqlite.pragma('journal_mode', { simple: true }), 'wal')
    t.equal(database.sqlite.pragma('foreign_keys', { simple: true }), 1)
    t.equal(database.sqlite.pragma('synchronous', { simple: true }), 2, 'FULL')
    t.equal(database.sqlite.pragma('temp_store', { simple: true }), 2, 'savepoint journals in memory')
    migrateDatabase(database)
    t.equal(database.sqlite.pragma('synchronous', { simple: true }), 2, 'still FULL after the migrations')
    database.close()
  }
})

// better-sqlite3 builds SQLite with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1: without the explicit
// pragma, every open of an existing WAL database after the first would run at NORMAL.
t.test('the server\'s database is synchronous=FULL on every start, and its WAL is truncated on close', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'byline-db-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const path = join(dir, 'byline.db')
  for (let i = 0; i < 2; i++) {
    const app = await build(t, { databasePath: path })
    t.equal(sqliteOf(app).pragma('synchronous', { simple: true }), 2, `start ${i + 1}: FULL`)
    t.equal(sqliteOf(app).pragma('journal_mode', { simple: true }), 'wal')
    await app.close()
    t.ok(!existsSync(`${path}-wal`) || statSync(`${path}-wal`).size === 0, `start ${i + 1}: no WAL left after close`)
  }
})

t.test('seeding twice inserts nothing the second time', async (t) => {
  const database = openSqliteEngine(':memory:')
  t.teardown(() => database.close())
  await database.migrate()
  const first = await seedDataset(database, demoDataset(), 'https://byline.example')
  t.ok(first.inserted.stories! >= 60, `${first.inserted.stories} stories`)
  const snapshot = () => database.sqlite.prepare('SELECT id, etag, doc_json FROM stories ORDER BY id').all()
  const before = snapshot()
  const logged = () => database.sqlite.prepare('SELECT resource, kind, COUNT(*) AS n FROM changes GROUP BY resource, kind ORDER BY resource, kind').all() as Array<{ resource: string, kind: string, n: number }>
  const log = logged()
  t.equal(log.find((r) => r.resource === 'story' && r.kind === 'created')?.n, first.inserted.stories, 'every seeded story is in the change log')
  t.equal(log.find((r) => r.resource === 'story' && r.kind === 'scheduled')?.n, 2, 'the scheduled ones (a feature, a review under embargo) as scheduled')
  t.equal(log.find((r) => r.resource === 'media' && r.kind === 'created')?.n, first.inserted.media)
  const second = await seedDataset(database, demoDataset(), 'https://byline.example')
  t.same(Object.values(second.inserted), [0, 0, 0, 0, 0, 0])
  t.same(snapshot(), before, 'rows unchanged')
  t.same(logged(), log, 'and nothing logged')
  t.same(database.sqlite.pragma('foreign_key_check'), [])
  t.equal(database.sqlite.pragma('integrity_check', { simple: true }), 'ok')
})

t.test('a dataset with a broken reference writes nothing', async (t) => {
  const database = openSqliteEngine(':memory:')
  t.teardown(() => database.close())
  await database.migrate()
  const data = demoDataset()
  data.stories.push({ ...data.stories[0]!, slug: 'orphan-story', section: 'no-such-section' })
  await t.rejects(seedDataset(database, data, 'https://byline.example'), /unknown section/)
  t.equal((database.sqlite.prepare('SELECT COUNT(*) AS n FROM stories').get() as { n: number }).n, 0)
})

t.test('SEED_DEMO=false starts on an empty database', async (t) => {
  const app = await build(t, { seedDemo: false })
  const res = await app.inject('/v1/stories')
  t.equal(res.statusCode, 200)
  t.same(res.json().data, [])
  t.equal(res.json().meta.nextCursor, null)
})

t.test('canonical URLs follow SITE_URL, re-rendered when it changes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'byline-site-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const path = join(dir, 'byline.db')
  const first = await build(t, { databasePath: path, siteUrl: 'https://one.example' })
  t.match((await first.inject('/v1/stories?limit=1')).json().data[0].url, /^https:\/\/one\.example\/articles\//)
  await first.close()
  const second = await build(t, { databasePath: path, siteUrl: 'https://two.example' })
  t.match((await second.inject('/v1/stories?limit=1')).json().data[0].url, /^https:\/\/two\.example\/articles\//)
})
