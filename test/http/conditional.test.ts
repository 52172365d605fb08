/** Validators and caching headers on every public GET; conditional requests answer 304. */
import t from 'tap'
import { loadConfig } from '../../src/config.js'
import { build } from '../helper.js'

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
  const list = String((await app.inject('/v1/stories?limit=3')).headers['surrogate-key']).split(' ')
  t.equal(list[0], 'stories')
  t.equal(list.length, 4)
})

t.test('Cache-Control comes from configuration; errors are not cached', async (t) => {
  const config = loadConfig({ CACHE_MAX_AGE: '5', CACHE_S_MAXAGE: '30', CACHE_STALE_WHILE_REVALIDATE: '7', CACHE_STALE_IF_ERROR: '9' })
  const app = await build(t, { cache: config.cache })
  const res = await app.inject('/v1/stories')
  t.equal(res.headers['cache-control'], 'public, max-age=5, s-maxage=30, stale-while-revalidate=7, stale-if-error=9')
  t.equal((await app.inject('/v1/stories/nope')).headers['cache-control'], 'no-store')
})

t.test('an ETag changes when the content does', async (t) => {
  const app = await build(t)
  const before = await app.inject('/v1/stories?limit=2')
  const first = before.json().data[0]
  app.database.sqlite.prepare("UPDATE stories SET public_at = NULL, status = 'archived' WHERE id = ?").run(first.id)
  app.database.sqlite.prepare('UPDATE story_authors SET public_at = NULL WHERE story_id = ?').run(first.id)
  const after = await app.inject({ url: '/v1/stories?limit=2', headers: { 'if-none-match': String(before.headers.etag) } })
  t.equal(after.statusCode, 200)
  t.not(after.headers.etag, before.headers.etag)
})
