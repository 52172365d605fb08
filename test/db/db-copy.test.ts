/**
 * npm run db:copy (src/cli/db-copy.ts, src/db/copy.ts, src/db/copy-verify.ts), for real on
 * the test cluster: the demo in a SQLite file copied to a fresh PostgreSQL database answers
 * every public URL identically (by the copy's own verification, and checked here again for a
 * few), keeps the change log's seqs, a sync cursor and an API key; a second copy into the
 * filled target is refused without --replace and gives the same target with it; a copy that
 * fails midway leaves nothing of itself (an empty target stays empty, a replaced one keeps
 * its old content); and the copy runs back from PostgreSQL to a SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import t from 'tap'
import { runDbCopyCli, type DbCopyOutcome } from '../../src/cli/db-copy.js'
import { hasRows } from '../../src/db/copy.js'
import { openEngine } from '../../src/db/engine.js'
import { openSqliteEngine } from '../../src/db/sqlite/engine.js'
import { demoDataset } from '../../src/demo/index.js'
import { createApiKey } from '../../src/repositories/api-keys.js'
import { refreshRenderings, RENDER_VERSION } from '../../src/repositories/renderings.js'
import { seedDataset } from '../../src/repositories/seed-writer.js'
import { build, rows, testConfig, testEngine } from '../helper.js'
import { freshPostgresDatabase, postgresUnavailableReason } from '../postgres-helper.js'

// Three copies of the demo, each verified by asking both apps hundreds of URLs.
t.setTimeout(300_000)

const unavailable = postgresUnavailableReason()
// It opens both engines itself: the suite's PostgreSQL pass (BYLINE_TEST_ENGINE=postgres) would run it again for nothing.
const skip = testEngine() === 'postgres'
  ? 'db:copy uses both engines itself; it runs in the SQLite pass'
  : unavailable !== false && process.env.CI === undefined ? unavailable : false

async function copy (args: string[]): Promise<DbCopyOutcome & { out: string[], err: string[] }> {
  const out: string[] = []
  const err: string[] = []
  const outcome = await runDbCopyCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) })
  return { ...outcome, out, err }
}

/** A SQLite file with the demo, as `npm run seed` leaves it. */
async function demoFile (t: { teardown (fn: () => unknown): void }, siteUrl = testConfig().siteUrl): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'byline-db-copy-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const path = join(dir, 'byline.db')
  const engine = openSqliteEngine(path)
  await engine.migrate()
  await refreshRenderings(engine, siteUrl)
  await seedDataset(engine, demoDataset(), siteUrl)
  await engine.close()
  return path
}

const onFile = (path: string) => ({ databasePath: path, databaseUrl: null, seedDemo: false, writerThread: false })
const onPostgres = (url: string) => ({ databaseUrl: url, seedDemo: false })

async function changeLog (app: FastifyInstance) {
  return (await rows<{ seq: number, kind: string, resource_id: string, at: number }>(app,
    sql`select seq, kind, resource_id, at from changes order by seq`)).map((r) => ({ ...r, seq: Number(r.seq), at: Number(r.at) }))
}

async function searchRowIds (app: FastifyInstance) {
  return (await rows<{ id: number, story_id: string }>(app, sql`select id, story_id from search_rows order by id`)).map((r) => `${Number(r.id)} ${r.story_id}`)
}

/** The database's rows, table by table, counted. */
async function counts (url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const result: Record<string, number> = {}
    for (const table of ['stories', 'changes', 'search_rows', 'settings', 'api_keys', 'search.story_documents', 'search.story_texts']) {
      result[table] = Number((await client.query(`select count(*) as n from ${table}`)).rows[0].n)
    }
    return result
  } finally {
    await client.end()
  }
}

async function onTarget (url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

t.test('the demo copied from a SQLite file to PostgreSQL, again, and back', { skip }, async (t) => {
  const file = await demoFile(t)
  // Made on SQLite before the copy: they must work on PostgreSQL after it.
  const sqliteSetup = openSqliteEngine(file)
  const partner = await createApiKey(sqliteSetup.db, { name: 'partner made on SQLite', role: 'partner', expiresAt: null }, Date.now())
  await sqliteSetup.close()
  const url = await freshPostgresDatabase(t)

  const first = await copy(['--from', file, '--to', url])
  t.equal(first.code, 0, [...first.out, ...first.err].join('\n'))
  t.equal(first.verification?.differences.length, 0, 'the copy\'s own verification finds no difference')
  t.ok((first.verification?.urls ?? 0) > 700, `it compared ${first.verification?.urls} URLs`)
  t.equal(first.verification?.sampleEvery, 1, 'every story\'s URLs, for the demo')
  t.ok((first.verification?.syncEntries ?? 0) > 100, `the change log through /v1/sync: ${first.verification?.syncEntries} events`)
  t.equal(first.verification?.syncComplete, true, 'to its end')
  t.match(first.out.join('\n'), /URLs identical/)
  t.equal(first.copied?.stories, demoDataset().stories.length, 'every demo story')

  const lite = await build(t, onFile(file))
  const post = await build(t, onPostgres(url))
  t.equal(post.database.kind, 'postgres')

  await t.test('a few public URLs, compared here too', async (t) => {
    for (const path of ['/v1/stories?limit=100', '/v1/stories/her-2013-review', '/v1/reviews/her-2013-review/verdict', '/v1/reviews?sort=score&limit=100',
      '/v1/feeds/latest.rss?limit=100', '/v1/feeds/reviews.json', '/sitemaps/index.xml', '/v1/authors?limit=100']) {
      const [a, b] = [await lite.inject(path), await post.inject(path)]
      t.equal(b.statusCode, a.statusCode, `${path}: status`)
      t.equal(b.headers.etag, a.headers.etag, `${path}: ETag`)
      t.equal(b.headers['last-modified'], a.headers['last-modified'], `${path}: Last-Modified`)
      t.equal(b.body, a.body, `${path}: body`)
    }
    const pageTwo = (await lite.inject('/v1/stories?limit=10')).json().meta.nextCursor as string
    const [a, b] = [await lite.inject(`/v1/stories?limit=10&cursor=${pageTwo}`), await post.inject(`/v1/stories?limit=10&cursor=${pageTwo}`)]
    t.equal(b.statusCode, 200, 'a list cursor from SQLite pages on on PostgreSQL')
    t.equal(b.body, a.body)
  })

  await t.test('the change log and search rows keep their numbers', async (t) => {
    const log = await changeLog(lite)
    t.ok(log.length > 300)
    t.same(await changeLog(post), log, 'every seq, kind, resource and time')
    t.same(await searchRowIds(post), await searchRowIds(lite), 'search_rows ids')
    const [secret] = await rows<{ value: string }>(lite, sql`select value from settings where key = 'cursor_secret'`)
    t.same(await rows(post, sql`select value from settings where key = 'cursor_secret'`), [secret], 'the cursor secret')
    // The next entry continues after the copied ones.
    const editor = await createApiKey(post.database.db, { name: 'editor', role: 'editor', expiresAt: null }, Date.now())
    const patched = await post.inject({ method: 'PATCH', url: '/v1/stories/her-2013-review', headers: { authorization: `Bearer ${editor.token}` }, payload: { dek: 'Written after the copy.' } })
    t.equal(patched.statusCode, 200, patched.body)
    const after = await changeLog(post)
    t.ok(after.length > log.length && after[after.length - 1]!.seq > log[log.length - 1]!.seq, 'a new change gets the next seq')
  })

  await t.test('a partner\'s sync cursor and API key move over', async (t) => {
    const authorization = `Bearer ${partner.token}`
    const page = await lite.inject({ url: '/v1/sync?limit=50', headers: { authorization } })
    t.equal(page.statusCode, 200)
    const cursor = page.json().meta.nextCursor as string
    const [a, b] = [await lite.inject({ url: `/v1/sync?limit=50&cursor=${cursor}`, headers: { authorization } }), await post.inject({ url: `/v1/sync?limit=50&cursor=${cursor}`, headers: { authorization } })]
    t.equal(b.statusCode, 200, `the SQLite app's cursor continues on PostgreSQL: ${b.body.slice(0, 200)}`)
    t.same(b.json().data.slice(0, 10), a.json().data.slice(0, 10), 'with the same entries (the story edited above aside, compared up to it)')
    t.equal((await post.inject({ url: '/v1/sync?limit=1', headers: { authorization: 'Bearer byl_nope_nope' } })).statusCode, 401, 'a made-up key is refused')
  })

  await t.test('a second copy is refused without --replace, and gives the same target with it', async (t) => {
    const before = await counts(url)
    const refused = await copy(['--from', file, '--to', url])
    t.equal(refused.code, 3)
    t.match(refused.err.join('\n'), /already holds data.*--replace/)
    t.same(await counts(url), before, 'nothing written')

    await post.close()
    const again = await copy(['--from', file, '--to', url, '--replace', '--sample', '10'])
    t.equal(again.code, 0, [...again.out, ...again.err].join('\n'))
    t.equal(again.verification?.differences.length, 0, 'identical again (the edit made on the target is gone)')
    const post2 = await build(t, onPostgres(url))
    t.same(await changeLog(post2), await changeLog(lite))
    t.same(await searchRowIds(post2), await searchRowIds(lite))
    t.equal((await post2.inject('/v1/stories/her-2013-review')).body, (await lite.inject('/v1/stories/her-2013-review')).body)
    await post2.close()
  })

  await t.test('a copy that fails midway under --replace leaves the old content', async (t) => {
    const before = await counts(url)
    await onTarget(url, `create function refuse() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$;
      create trigger refuse before insert on verdicts for each row execute function refuse()`)
    const failed = await copy(['--from', file, '--to', url, '--replace', '--no-verify'])
    t.equal(failed.code, 1)
    t.match(failed.err.join('\n'), /rolled back.*refused by the test/)
    t.ok(failed.err.join('\n').length < 2000, 'the message is the database\'s, not a batch of rows')
    t.same(await counts(url), before, 'every table as before the copy (stories were written before verdicts)')
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    const { rows: trigger } = await client.query("select tgenabled from pg_trigger where tgname = 'changes_no_truncate'")
    await client.end()
    t.same(trigger, [{ tgenabled: 'O' }], 'the change log still refuses TRUNCATE')
    await onTarget(url, 'drop trigger refuse on verdicts; drop function refuse()')
  })

  await t.test('back from PostgreSQL to a new SQLite file', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'byline-db-copy-back-'))
    t.teardown(() => rmSync(dir, { recursive: true, force: true }))
    const back = join(dir, 'byline.db')
    const result = await copy(['--from', url, '--to', back, '--sample', '10'])
    t.equal(result.code, 0, [...result.out, ...result.err].join('\n'))
    t.equal(result.verification?.differences.length, 0)
    const copyBack = await build(t, onFile(back))
    t.same(await changeLog(copyBack), await changeLog(lite))
    t.same(await searchRowIds(copyBack), await searchRowIds(lite))
    const search = '/v1/search?q=review&limit=20'
    t.equal((await copyBack.inject(search)).body, (await lite.inject(search)).body, 'SQLite\'s search, byte for byte, from the rebuilt FTS5 index')
  })
})

t.test('a copy that fails midway into an empty target leaves it empty', { skip }, async (t) => {
  const file = await demoFile(t)
  const url = await freshPostgresDatabase(t)
  const target = await openEngine({ kind: 'postgres', url, replicaUrls: [] })
  await target.migrate()
  await target.close()
  await onTarget(url, `create function refuse() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$;
    create trigger refuse before insert on changes for each row execute function refuse()`)
  const failed = await copy(['--from', file, '--to', url])
  t.equal(failed.code, 1)
  const after = await openEngine({ kind: 'postgres', url, replicaUrls: [] })
  t.equal(await hasRows(after.db), null, 'no table has a row')
  t.same(await counts(url), { stories: 0, changes: 0, search_rows: 0, settings: 0, api_keys: 0, 'search.story_documents': 0, 'search.story_texts': 0 })
  await after.close()

  // The same on a SQLite target.
  const dir = mkdtempSync(join(tmpdir(), 'byline-db-copy-fail-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const path = join(dir, 'byline.db')
  const sqliteTarget = openSqliteEngine(path)
  await sqliteTarget.migrate()
  sqliteTarget.sqlite.exec("CREATE TRIGGER refuse BEFORE INSERT ON verdicts BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
  await sqliteTarget.close()
  const failedOnFile = await copy(['--from', file, '--to', path, '--no-verify'])
  t.equal(failedOnFile.code, 1)
  t.match(failedOnFile.err.join('\n'), /refused by the test/)
  const reopened = openSqliteEngine(path)
  t.equal(await hasRows(reopened.db), null, 'the SQLite target is empty too')
  t.equal(reopened.sqlite.prepare('SELECT count(*) FROM story_search').pluck().get(), 0)
  await reopened.close()
})

t.test('SQLite to SQLite, rendered for another site URL: verified without rendering either side again', { skip: testEngine() === 'postgres' }, async (t) => {
  const file = await demoFile(t, 'https://elsewhere.example')
  const dir = mkdtempSync(join(tmpdir(), 'byline-db-copy-file-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const target = join(dir, 'byline.db')
  const before = openSqliteEngine(file)
  const log = before.sqlite.prepare('SELECT count(*) FROM changes').pluck().get()
  await before.close()
  const result = await copy(['--from', file, '--to', target, '--sample', '10'])
  t.equal(result.code, 0, [...result.out, ...result.err].join('\n'))
  t.equal(result.verification?.differences.length, 0)
  t.equal(result.verification?.comparedBySet, 0, 'one engine: search compared byte for byte')
  for (const path of [file, target]) {
    const engine = openSqliteEngine(path)
    t.equal(engine.sqlite.prepare("SELECT value FROM settings WHERE key = 'render_fingerprint'").pluck().get(), `${RENDER_VERSION} https://elsewhere.example`, path)
    t.equal(engine.sqlite.prepare('SELECT count(*) FROM changes').pluck().get(), log, 'no story rendered again')
    await engine.close()
  }
})

t.test('usage', async (t) => {
  t.equal((await copy([])).code, 2)
  t.equal((await copy(['--from', 'a.db', '--to', './a.db'])).code, 2, 'the same database twice')
  const help = await copy(['--help'])
  t.equal(help.code, 0)
  t.match(help.out.join('\n'), /--replace[\s\S]*one transaction/i)
})
