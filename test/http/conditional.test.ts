/** Validators and caching headers on every public GET; conditional requests answer 304. */
import t from 'tap'
import { loadConfig } from '../../src/config.js'
import { markContentChanged } from '../../src/repositories/freshness.js'
import { sql } from 'drizzle-orm'
import { build, rows, writeBehindTheApi } from '../helper.js'

const URLS = ['/', '/v1/stories', '/v1/stories?type=review&limit=5', '/v1/reviews?sort=score', '/v1/authors', '/v1/sections', '/v1/tags']

t.test('strong ETag, Last-Modified, Cache-Control and Surrogate-Key; 304 on match', async (t) => {
  const app = await build(t)
  const review = (await app.inject('/v1/reviews?limit=1')).json().data[0]
  const author = review.authors[0].slug
  const urls = [...URLS, `/v1/stories/${review.slug}`, `/v1/reviews/${review.slug}`, `/v1/reviews/${review.slug}/verdict`,
    `/v1/subjects/${review.subject.slug}`, `/v1/authors/${author}`]
  for (const url of urls) {
    const a = await app.inject(url)
    const b = await app.inject(url)
    t.equal(a.statusCode, 200, url)
    const etag = String(a.headers.etag)
    t.match(etag, /^"[A-Za-z0-9_-]+"$/, `${url}: strong ETag`)
    t.equal(b.headers.etag, etag, `${url}: same ETag twice`)
    t.ok(Date.parse(String(a.headers['last-modified'])) > 0, `${url}: Last-Modified`)
    t.match(String(a.headers['cache-control']), /^public, max-age=\d+, s-maxage=\d+, stale-while-revalidate=\d+/)
    t.ok(String(a.headers['surrogate-key']).length > 0, `${url}: Surrogate-Key`)

    const notModified = await app.inject({ url, headers: { 'if-none-match': etag } })
    t.equal(notModified.statusCode, 304, `${url}: If-None-Match → 304`)
    t.equal(notModified.body, '', 'no body')
    t.equal(notModified.headers.etag, etag, '304 repeats the ETag')
    const listed = await app.inject({ url, headers: { 'if-none-match': `"other", ${etag}` } })
    t.equal(listed.statusCode, 304, 'a list of tags containing it also matches')
    const stale = await app.inject({ url, headers: { 'if-none-match': '"something-else"' } })
    t.equal(stale.statusCode, 200, 'another ETag gets the body')
    const since = await app.inject({ url, headers: { 'if-modified-since': String(a.headers['last-modified']) } })
    t.equal(since.statusCode, 304, `${url}: If-Modified-Since → 304`)
    const before = await app.inject({ url, headers: { 'if-modified-since': new Date(Date.parse(String(a.headers['last-modified'])) - 1000).toUTCString() } })
    t.equal(before.statusCode, 200, 'an older date gets the body')
  }
})

t.test('surrogate keys name what the response holds', async (t) => {
  const app = await build(t)
  const review = (await app.inject('/v1/reviews?limit=1')).json().data[0]
  const res = await app.inject(`/v1/reviews/${review.slug}`)
  const keys = String(res.headers['surrogate-key']).split(' ')
  t.ok(keys.includes(`story/${review.id}`))
  t.ok(keys.includes(`section/${review.section.id}`))
  t.ok(keys.includes(`author/${review.authors[0].id}`))
  t.ok(keys.includes(`subject/${review.subject.id}`))
  const listRes = await app.inject('/v1/stories?limit=3')
  const list = String(listRes.headers['surrogate-key']).split(' ')
  t.equal(list[0], 'stories')
  for (const card of listRes.json().data) {
    t.ok(list.includes(`story/${card.id}`), 'each story on the page')
    t.ok(list.includes(`section/${card.section.id}`), 'its section')
    for (const a of card.authors) t.ok(list.includes(`author/${a.id}`), 'its authors')
  }
  t.equal(new Set(list).size, list.length, 'no key twice')
})

t.test('Cache-Control comes from configuration; errors are not cached', async (t) => {
  const config = loadConfig({ CACHE_MAX_AGE: '5', CACHE_S_MAXAGE: '30', CACHE_STALE_WHILE_REVALIDATE: '7', CACHE_STALE_IF_ERROR: '9' })
  const app = await build(t, { cache: config.cache })
  const res = await app.inject('/v1/stories')
  t.equal(res.headers['cache-control'], 'public, max-age=5, s-maxage=30, stale-while-revalidate=7, stale-if-error=9')
  t.equal((await app.inject('/v1/stories/nope')).headers['cache-control'], 'no-store')
})

t.test('Last-Modified moves when a list changes without its rows changing', async (t) => {
  const app = await build(t)
  const [scheduled] = await rows<{ id: string, slug: string, at: number }>(app, sql`SELECT id, slug, published_at AS at FROM stories WHERE status = 'scheduled'`)
  if (scheduled === undefined) throw new Error('the demo has a scheduled story')
  const [{ slug: author }] = await rows<{ slug: string }>(app, sql`SELECT a.slug FROM story_authors sa JOIN authors a ON a.id = sa.author_id WHERE sa.story_id = ${scheduled.id}`) as [{ slug: string }]
  const urls = ['/v1/stories?limit=5', `/v1/stories?author=${author}`, `/v1/authors/${author}`]
  const before = new Map<string, string>()
  for (const url of urls) before.set(url, String((await app.inject(url)).headers['last-modified']))

  // The scheduled story's time comes: no write happens, yet these responses change.
  const realNow = Date.now
  Date.now = () => scheduled.at + 60_000
  t.teardown(() => { Date.now = realNow })
  for (const url of urls) {
    const res = await app.inject({ url, headers: { 'if-modified-since': before.get(url)! } })
    t.equal(res.statusCode, 200, `${url}: not a stale 304 once the scheduled story is live`)
    t.ok(Date.parse(String(res.headers['last-modified'])) > Date.parse(before.get(url)!), `${url}: Last-Modified moved`)
  }
  Date.now = realNow

  // A story leaves the list (archived by a write): the page changes, its remaining rows do not.
  const top = (await app.inject('/v1/stories?limit=5')).json().data[0]
  const lastModified = String((await app.inject('/v1/stories?limit=5')).headers['last-modified'])
  await new Promise((resolve) => setTimeout(resolve, 1100)) // Last-Modified has one-second resolution
  await writeBehindTheApi(app, sql`UPDATE stories SET status = 'archived', public_at = NULL WHERE id = ${top.id}`)
  await writeBehindTheApi(app, sql`UPDATE story_authors SET public_at = NULL WHERE story_id = ${top.id}`)
  await markContentChanged(app.database.db)
  const after = await app.inject({ url: '/v1/stories?limit=5', headers: { 'if-modified-since': lastModified } })
  t.equal(after.statusCode, 200, 'not a stale 304 after a story left the list')
  t.notOk(after.json().data.some((s: { id: string }) => s.id === top.id))
})

t.test('HEAD answers with the headers of GET and no body', async (t) => {
  const app = await build(t)
  const get = await app.inject('/v1/reviews/her-2013-review')
  const head = await app.inject({ method: 'HEAD', url: '/v1/reviews/her-2013-review' })
  t.equal(head.statusCode, 200)
  t.equal(head.body, '')
  t.equal(head.headers.etag, get.headers.etag)
  t.equal(head.headers['last-modified'], get.headers['last-modified'])
  t.equal((await app.inject({ method: 'HEAD', url: '/v1/reviews/her-2013-review', headers: { 'if-none-match': String(get.headers.etag) } })).statusCode, 304)
})

t.test('the OpenAPI document is cacheable too', async (t) => {
  const app = await build(t)
  const res = await app.inject('/openapi.json')
  t.match(res.headers.etag, /^"/)
  t.ok(res.headers['last-modified'])
  t.equal((await app.inject({ url: '/openapi.json', headers: { 'if-none-match': String(res.headers.etag) } })).statusCode, 304)
})

t.test('CORS: browsers may read the API and its validators', async (t) => {
  const open = await build(t)
  const res = await open.inject({ url: '/v1/stories?limit=1', headers: { origin: 'https://front.example' } })
  t.equal(res.headers['access-control-allow-origin'], '*')
  t.match(String(res.headers['access-control-expose-headers']), /ETag/)
  t.match(String(res.headers['access-control-expose-headers']), /Link/)
  const preflight = await open.inject({ method: 'OPTIONS', url: '/v1/stories', headers: { origin: 'https://front.example', 'access-control-request-method': 'GET' } })
  t.equal(preflight.statusCode, 204)

  const closed = await build(t, { corsOrigins: ['https://front.example'] })
  const allowed = await closed.inject({ url: '/v1/stories?limit=1', headers: { origin: 'https://front.example' } })
  t.equal(allowed.headers['access-control-allow-origin'], 'https://front.example')
  const other = await closed.inject({ url: '/v1/stories?limit=1', headers: { origin: 'https://elsewhere.example' } })
  t.notOk(other.headers['access-control-allow-origin'], 'an origin not listed gets no CORS grant')
})

t.test('an ETag changes when the content does', async (t) => {
  const app = await build(t)
  const before = await app.inject('/v1/stories?limit=2')
  const first = before.json().data[0]
  await writeBehindTheApi(app, sql`UPDATE stories SET public_at = NULL, status = 'archived' WHERE id = ${first.id}`)
  await writeBehindTheApi(app, sql`UPDATE story_authors SET public_at = NULL WHERE story_id = ${first.id}`)
  const after = await app.inject({ url: '/v1/stories?limit=2', headers: { 'if-none-match': String(before.headers.etag) } })
  t.equal(after.statusCode, 200)
  t.not(after.headers.etag, before.headers.etag)
})
