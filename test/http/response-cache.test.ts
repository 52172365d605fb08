/**
 * The in-process response cache: hits replay the exact response, and nothing stale is
 * ever served, whether the data changes through the API, through another process
 * writing to the same file, or through the clock passing a scheduled publication.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import Sqlite from 'better-sqlite3'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import t from 'tap'
import { ENTRY_OVERHEAD, KEY_OVERHEAD, ResponseStore, responseCost } from '../../src/http/response-store.js'
import { build } from '../helper.js'
import { editorClient, reviewBody } from '../editorial-helper.js'

const VOLATILE = new Set(['date', 'connection', 'keep-alive', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-ratelimit-limit'])
const stable = (headers: Record<string, unknown>) => Object.fromEntries(Object.entries(headers).filter(([k]) => !VOLATILE.has(k)))

t.test('a hit is the same response as the miss that filled it', async (t) => {
  const app = await build(t)
  for (const url of ['/v1/reviews/her-2013-review', '/v1/stories?limit=5', '/v1/reviews/her-2013-review/verdict', '/v1/authors/rhys-calloway', '/openapi.json']) {
    const miss = await app.inject(url)
    const hits = app.responseCache.hits
    const hit = await app.inject(url)
    t.equal(app.responseCache.hits, hits + 1, `${url}: answered from memory`)
    t.equal(hit.statusCode, 200, url)
    t.equal(hit.body, miss.body, `${url}: same body`)
    t.same(stable(hit.headers), stable(miss.headers), `${url}: same headers (security, CORS, caching)`)
    t.equal(hit.headers['x-ratelimit-limit'], miss.headers['x-ratelimit-limit'], `${url}: a hit is counted like the miss`)
    t.equal(Number(hit.headers['x-ratelimit-remaining']), Number(miss.headers['x-ratelimit-remaining']) - 1, `${url}: and spends one request`)
    const conditional = await app.inject({ url, headers: { 'if-none-match': String(miss.headers.etag) } })
    t.equal(conditional.statusCode, 304, `${url}: 304 from memory`)
    t.equal(conditional.body, '')
    t.equal(conditional.headers.etag, miss.headers.etag)
    t.notOk(conditional.headers['content-type'], 'a 304 has no content type')
  }
  t.ok(app.responseCache.size >= 5, 'the entries are held')
  const keyed = await app.inject({ url: '/v1/reviews/her-2013-review', headers: { authorization: 'Bearer nope' } })
  t.equal(keyed.statusCode, 401, 'a request with a key is never answered from memory')
  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200)
})

t.test('a write through the API is visible on the next read', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const url = '/v1/reviews/her-2013-review/verdict'
  const before = await app.inject(url)
  await app.inject(url)
  await editor.patch('/v1/stories/her-2013-review', { verdict: { score: 7 } })
  const after = await app.inject(url)
  t.equal(after.json().score, 7, 'no stale body')
  t.not(after.headers.etag, before.headers.etag, 'no stale ETag')
  t.equal((await app.inject({ url, headers: { 'if-none-match': String(before.headers.etag) } })).statusCode, 200, 'the old ETag no longer matches')

  const list = '/v1/stories?limit=100'
  t.notOk((await app.inject(list)).body.includes('past-lives'), 'cached list without the new story')
  await editor.post('/v1/stories', reviewBody({ slug: 'past-lives', status: 'published' }))
  t.ok((await app.inject(list)).body.includes('"slug":"past-lives"'), 'the new story is listed at once')
})

t.test('a write by another process to the same file is visible on the next read', async (t) => {
  const dir = t.testdir()
  const databasePath = join(dir, 'byline.db')
  const app = await build(t, { databasePath })
  const url = '/v1/stories/her-2013-review'
  const before = await app.inject(url)
  t.equal((await app.inject(url)).body, before.body, 'cached')
  const script = `
    const Database = require('better-sqlite3')
    const db = new Database(process.argv[1])
    db.prepare("UPDATE stories SET doc_json = replace(doc_json, '\\"title\\":\\"Her (2013) Review\\"', '\\"title\\":\\"Changed elsewhere\\"'), etag = '\\"other-process\\"' WHERE slug = 'her-2013-review'").run()
    db.close()`
  const child = spawnSync(process.execPath, ['-e', script, databasePath], { cwd: process.cwd(), encoding: 'utf8' })
  t.equal(child.status, 0, child.stderr)
  const after = await app.inject(url)
  t.equal(after.json().title, 'Changed elsewhere', 'the other process wrote, this one serves it')
  t.equal(after.headers.etag, '"other-process"', 'with its ETag')
})

t.test('a scheduled publication clears the cache at its time', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const at = Date.now() + 2000
  await editor.post('/v1/stories', reviewBody({ slug: 'soon', status: 'scheduled', publishedAt: new Date(at).toISOString() }))
  t.notOk((await app.inject('/v1/stories?limit=3')).body.includes('"slug":"soon"'))
  t.notOk((await app.inject('/v1/stories?limit=3')).body.includes('"slug":"soon"'), 'cached')
  const realNow = Date.now
  Date.now = () => at + 1
  t.teardown(() => { Date.now = realNow })
  t.ok((await app.inject('/v1/stories?limit=3')).body.includes('"slug":"soon"'), 'listed once its time has passed')
})

t.test('the store is bounded by what its entries cost, oldest first', async (t) => {
  const entry = (n: number, keys: string[] = []) => ({ status: 200, headers: {}, notModifiedHeaders: {}, body: Buffer.alloc(n), validators: { etag: '"x"', 'last-modified': '' }, expiresAt: Number.POSITIVE_INFINITY, keys })
  const cost = (n: number) => ENTRY_OVERHEAD + 2 + n
  const store = new ResponseStore(2 * cost(40) + 10, cost(60))
  store.set('/a', entry(40))
  store.set('/b', entry(40))
  t.equal(store.size, 2)
  store.set('/c', entry(40))
  t.equal(store.get('/a'), undefined, 'the oldest went')
  t.ok(store.get('/b') && store.get('/c'))
  t.equal(store.totalBytes, 2 * cost(40))
  store.set('/big', entry(70))
  t.equal(store.get('/big'), undefined, 'an entry over the per-entry limit is not kept')
  store.set('/b', entry(10))
  t.equal(store.totalBytes, cost(10) + cost(40), 'replacing an entry accounts its new size')
  store.purge(['nothing'])
  store.clear()
  t.equal(store.totalBytes, 0)
  const off = new ResponseStore(0, 60)
  off.set('/a', entry(1))
  t.equal(off.size, 0, 'size 0 keeps nothing')
})

t.test('an entry costs its headers, keys and bookkeeping, not only its body', async (t) => {
  const headers = { 'cache-control': 'public, max-age=60', 'surrogate-key': 'story:1 author:2', link: ['<a>', '<b>'] }
  const response = { status: 200, headers, notModifiedHeaders: { 'cache-control': 'public, max-age=60' }, body: Buffer.alloc(100), validators: { etag: '"x"', 'last-modified': '' }, expiresAt: Number.POSITIVE_INFINITY, keys: ['story:1', 'author:2'] }
  const cost = responseCost('/v1/x', response)
  const strings = '/v1/x'.length + 100 + 'cache-control'.length + 'public, max-age=60'.length + 'surrogate-key'.length + 'story:1 author:2'.length + 'link'.length + 6 + 'story:1'.length + 'author:2'.length
  t.ok(cost >= ENTRY_OVERHEAD + 2 * KEY_OVERHEAD + strings, 'every string and index slot is counted (the 304 headers share the strings)')
  const store = new ResponseStore(10 * cost, 4 * 1024 * 1024)
  store.set('/v1/x', response)
  t.equal(store.totalBytes, cost)
  store.purge(['author:2'])
  t.equal(store.size, 0, 'purged by any of its keys')
  t.equal(store.totalBytes, 0, 'and its cost given back')
})

t.test('the accounted cost of real responses is reported and bounded by the budget', async (t) => {
  const app = await build(t)
  t.equal(app.responseCache.bytes, 0)
  await app.inject('/v1/reviews/her-2013-review/verdict')
  const one = app.responseCache.bytes
  const body = (await app.inject('/v1/reviews/her-2013-review/verdict')).rawPayload.length
  t.ok(one > body + ENTRY_OVERHEAD, `a verdict of ${body} bytes counts ${one}`)
})

/** Whether a GET of `url` is answered from memory. */
async function fromMemory (app: FastifyInstance, url: string): Promise<{ hit: boolean, res: LightMyRequestResponse }> {
  const before = app.responseCache.hits
  const res = await app.inject(url)
  return { hit: app.responseCache.hits === before + 1, res }
}

t.test('an edit to a live story\'s text drops what shows it and keeps the rest', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const her = (await app.inject('/v1/reviews/her-2013-review')).json()
  const other = (await app.inject('/v1/stories?limit=2')).json().data.find((s: any) => s.slug !== her.slug)
  const shows = {
    story: '/v1/reviews/her-2013-review',
    verdict: '/v1/reviews/her-2013-review/verdict',
    list: `/v1/stories?author=${her.authors[0].slug}&limit=100`,
    search: '/v1/search?q=zyzzyva',
    export: '/v1/verdicts?limit=100',
    sitemap: '/sitemaps/stories-2013-12.xml'
  }
  const unrelated = [`/v1/stories/${other.slug}`, '/v1/sections', '/v1/stories?type=news&limit=3']
  const before: Record<string, string> = {}
  for (const url of [...Object.values(shows), ...unrelated]) {
    before[url] = (await app.inject(url)).body
    t.ok((await fromMemory(app, url)).hit, `${url} is held`)
  }

  const res = await editor.patch('/v1/stories/her-2013-review', { dek: 'A zyzzyva of a film.', verdict: { summary: 'Still tender.' } })
  t.equal(res.statusCode, 200)

  t.equal((await app.inject(shows.story)).json().dek, 'A zyzzyva of a film.', 'the story')
  t.equal((await app.inject(shows.verdict)).json().summary, 'Still tender.', 'its verdict')
  t.ok((await app.inject(shows.list)).json().data.some((c: any) => c.dek === 'A zyzzyva of a film.'), 'a list that shows it')
  t.same((await app.inject(shows.search)).json().data.map((hit: any) => hit.story.slug), ['her-2013-review'], 'search finds the new words')
  t.equal((await app.inject(shows.export)).json().data.at(-1).url, her.url, 'the export moved it to the end, as last changed')
  // Its lastmod is in whole seconds, as was the seeding: what shows is that it was worked out again.
  t.notOk((await fromMemory(app, shows.sitemap)).hit, 'its sitemap month (lastmod) is built again')
  for (const url of unrelated) {
    const again = await fromMemory(app, url)
    t.ok(again.hit, `${url} is still answered from memory`)
    t.equal(again.res.body, before[url], `${url} unchanged`)
  }

  // Off the list: everything goes, since any list may have held it.
  await editor.patch('/v1/stories/her-2013-review', { status: 'archived' })
  t.notOk((await fromMemory(app, unrelated[0]!)).hit, 'a change of visibility clears everything')
  t.notOk((await app.inject(shows.list)).body.includes('"slug":"her-2013-review"'), 'the archived story left its lists')
  t.equal((await app.inject(shows.story)).statusCode, 404)
})

t.test('a draft\'s writes keep every entry, and leak nothing', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const url = '/v1/stories?limit=100'
  await app.inject(url)
  const created = await editor.post('/v1/stories', reviewBody({ slug: 'hidden-draft', title: 'Hidden zyzzyva draft' }))
  t.equal(created.statusCode, 201)
  await editor.patch('/v1/stories/hidden-draft', { dek: 'still hidden' })
  const list = await fromMemory(app, url)
  t.ok(list.hit, 'the list is still answered from memory')
  t.notOk(list.res.body.includes('hidden-draft'))
  t.equal((await app.inject('/v1/search?q=zyzzyva')).json().data.length, 0, 'the draft is not found')
  await editor.del('/v1/stories/hidden-draft')
  t.ok((await fromMemory(app, url)).hit, 'nor does deleting it')
})

t.test('a story scheduled during a write, due before the write ends, is listed at its time', async (t) => {
  const app = await build(t)
  const url = '/v1/stories?limit=3'
  await app.inject(url)
  const realNow = Date.now
  let offset = 0
  Date.now = () => realNow() + offset
  t.teardown(() => { Date.now = realNow })
  // PostgreSQL stamps a write when it holds the change log, not when asked: 250 ms of slack
  // so a busy machine still schedules the story rather than refusing a time already past.
  const due = Date.now() + 250
  const { stories } = app.editors
  const create = stories.create
  stories.create = (body, ctx) => {
    const written = create(body, ctx)
    offset += 1000 // the commit took a second
    return written
  }
  t.teardown(() => { stories.create = create })
  await app.writes.run('createStory', reviewBody({ slug: 'due-mid-write', status: 'scheduled', publishedAt: new Date(due).toISOString() }) as any, { now: Date.now(), actor: null })
  // In process the patched clock has jumped past `due`; the PostgreSQL writer has editors of
  // its own (unpatched), so there the test waits for the time itself.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now() + 5)))
  t.ok((await app.inject(url)).body.includes('"slug":"due-mid-write"'), 'listed: the cache expired at its time')
})

t.test('a scheduling write that waits for the lock past its story\'s time still lists it once committed', async (t) => {
  // Found in review: the write judged the story not yet live, the cache was cleared after
  // its time (another story going live) but before the commit, and kept a list without it.
  const databasePath = join(t.testdir(), 'byline.db')
  const app = await build(t, { databasePath, writerThread: true })
  const url = '/v1/stories?limit=3'
  const iso = (ms: number) => new Date(ms).toISOString()
  const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())))
  const T = Date.now()
  await app.writes.run('createStory', reviewBody({ slug: 'other-scheduled', title: 'Other', status: 'scheduled', publishedAt: iso(T + 2000) }) as any, { now: Date.now(), actor: null })
  t.notOk((await app.inject(url)).body.includes('other-scheduled'))
  // Another connection holds the write lock: the next write waits, past its story's time.
  // (Times are seconds apart so that a busy machine keeps their order.)
  const lock = new Sqlite(databasePath)
  lock.prepare('BEGIN IMMEDIATE').run()
  const written = app.writes.run('createStory', reviewBody({ slug: 'due-while-queued', status: 'scheduled', publishedAt: iso(T + 1200) }) as any, { now: Date.now(), actor: null })
  await sleepUntil(T + 2800)
  const before = (await app.inject(url)).body
  t.ok(before.includes('other-scheduled'), 'the other story went live, clearing the cache')
  t.notOk(before.includes('due-while-queued'), 'not committed yet')
  lock.prepare('ROLLBACK').run()
  lock.close()
  await written
  t.ok((await app.inject(url)).body.includes('"slug":"due-while-queued"'), 'listed once committed')
})
