/**
 * Full-text feeds behind a feed token, for feed readers that cannot send headers: what a
 * token opens (every feed, in full text, paging inside the token's space), what it does
 * not (anything else), and how a dead token and a bad header answer.
 */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { editorClient } from '../editorial-helper.js'
import { parseWithFeedParser, parseWithRssParser } from '../feed-parsers.js'
import { build, getJson, keyFor, walk } from '../helper.js'
import { responseMismatch } from '../openapi-validator.js'
import { revokeApiKey } from '../../src/repositories/api-keys.js'
import { createFeedToken, revokeFeedToken } from '../../src/repositories/feed-tokens.js'

const PUBLIC_URL = 'https://api.byline.example'

async function feedToken (app: FastifyInstance, options: { expiresAt?: number | null } = {}) {
  return await createFeedToken(app.database.db, { partner: 'Feed reader partner', expiresAt: options.expiresAt ?? null }, Date.now())
}

const nextLink = (meta: Record<string, any>): string | undefined =>
  ((meta['atom:link'] ?? []) as Array<{ '@': { rel: string, href: string } }>).find((l) => l['@'].rel === 'next')?.['@'].href

t.test('a feed token opens every feed in full text, privately, without a header', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL })
  const { token } = await feedToken(app)
  const doc = (await getJson(app, '/v1/reviews/her-2013-review')).body
  const base = `/v1/feeds/t/${token}`
  const her = (res: { json (): any }) => res.json().items.find((i: { url: string }) => i.url === doc.url)

  const json = await app.inject(`${base}/reviews.json?limit=100`)
  t.equal(json.statusCode, 200)
  t.ok(her(json).content_html.startsWith(doc.body.html), 'the full body, with no Authorization header')
  t.match(her(json).content_html, /<h2>Final Thoughts<\/h2>/)
  t.match(json.headers['cache-control'], /^private/, 'private: never in a shared cache')
  t.equal(json.json().feed_url, `${PUBLIC_URL}${base}/reviews.json?limit=100`, 'the feed names its token URL')
  t.equal(responseMismatch('GET', `${base}/reviews.json`, json), null, 'matches the documented schema')
  const anonymous = await app.inject('/v1/feeds/reviews.json?limit=100')
  t.equal(her(anonymous).content_html, `<p>${her(anonymous).summary}</p>`, 'the public feed still has summaries only')

  for (const path of ['latest.rss', 'reviews.atom', 'types/podcast.rss', 'sections/games.atom', 'tags/sci-fi.json', 'authors/marcus-ellery.rss']) {
    const res = await app.inject(`${base}/${path}`)
    t.equal(res.statusCode, 200, path)
    t.match(res.headers['cache-control'], /^private/, `${path}: private`)
    if (path.endsWith('.rss')) t.ok((await parseWithRssParser(res.body)).items.every((i) => String(i['content:encoded']).length > String(i.contentSnippet).length), `${path}: full text`)
  }
})

t.test('paging links keep the token: a walk of the token feed stays in its space', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL })
  const { token } = await feedToken(app)
  const base = `${PUBLIC_URL}/v1/feeds/t/${token}/`
  const reviews = (await walk(app, '/v1/reviews', 100)).items.length
  for (const format of ['rss', 'atom', 'json'] as const) {
    let next: string | undefined = `/v1/feeds/t/${token}/reviews.${format}?limit=25`
    let pages = 0
    const seen = new Set<string>()
    while (next !== undefined && pages++ < 50) {
      const res: { statusCode: number, body: string, headers: Record<string, unknown>, json (): any } = await app.inject(next)
      t.equal(res.statusCode, 200, next)
      for (const link of String(res.headers.link).split(', ')) t.ok(link.startsWith(`<${base}`), `${format}: Link ${link.slice(-20)} keeps the token`)
      let href: string | undefined
      if (format === 'json') {
        const page: { items: Array<{ id: string }>, next_url?: string } = res.json()
        page.items.forEach((i: { id: string }) => seen.add(i.id))
        href = page.next_url
      } else {
        const { meta, items } = await parseWithFeedParser(res.body)
        items.forEach((i) => seen.add(i.guid))
        t.equal(meta.xmlurl, `${PUBLIC_URL}${next}`, `${format}: self is the token URL`)
        href = nextLink(format === 'rss' ? meta : (meta as unknown as Record<string, any>))
      }
      if (href !== undefined) t.ok(href.startsWith(base), `${format}: next keeps the token`)
      next = href?.slice(PUBLIC_URL.length)
    }
    t.ok(pages > 1, `${format}: more than one page`)
    t.equal(seen.size, reviews, `${format}: every review once`)
  }
})

t.test('an unknown, revoked, expired or malformed token is a 404 problem, never the public feed', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL })
  const live = await feedToken(app)
  const revoked = await feedToken(app)
  await revokeFeedToken(app.database.db, revoked.id, Date.now())
  const expired = await createFeedToken(app.database.db, { partner: 'Trial', expiresAt: Date.now() + 1 }, Date.now() - 1000)
  const unknown = `byf_${'A'.repeat(43)}`
  const cases: Array<[string, RegExp]> = [
    [unknown, /not recognised/],
    [revoked.token, /revoked/],
    [expired.token, /expired/],
    ['byf_short', /byf_ followed by 43 characters/],
    [`${live.token}x`, /byf_ followed by 43 characters/],
    [live.token.toUpperCase(), /./],
    [(await keyFor(app, 'partner')).token, /API key: it belongs in an Authorization header, never in a URL/]
  ]
  await new Promise((resolve) => setTimeout(resolve, 5))
  for (const [token, detail] of cases) {
    for (const url of [`/v1/feeds/t/${token}/reviews.rss`, `/v1/feeds/t/${token}/types/podcast.json?cursor=nope`, `/v1/feeds/t/${token}/sections/nope.atom`]) {
      const res = await app.inject(url)
      t.equal(res.statusCode, 404, url)
      t.match(res.headers['content-type'], /^application\/problem\+json/)
      t.match(res.json(), { status: 404, code: 'not_found', detail }, url)
      t.notOk(res.body.includes('<rss') || res.body.includes('"items"'), 'no feed in the body')
    }
  }
  t.equal((await app.inject(`/v1/feeds/t/${live.token}/reviews.rss`)).statusCode, 200, 'the live token still works')
  t.equal((await app.inject(`/v1/feeds/t/${live.token}/reviews.rss?limit=0`)).statusCode, 400, 'a live token with a bad query: 400 as on the public feed')
  t.equal((await app.inject(`/v1/feeds/t/${live.token}/everything.rss`)).statusCode, 400)
})

t.test('a token revoked after use stops working at once', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL })
  const created = await feedToken(app)
  const url = `/v1/feeds/t/${created.token}/latest.rss`
  const first = await app.inject(url)
  t.equal(first.statusCode, 200)
  t.equal((await app.inject({ url, headers: { 'if-none-match': String(first.headers.etag) } })).statusCode, 304, 'conditional GET works while it is live')
  await revokeFeedToken(app.database.db, created.id, Date.now())
  t.equal((await app.inject(url)).statusCode, 404)
  t.equal((await app.inject({ url, headers: { 'if-none-match': String(first.headers.etag) } })).statusCode, 404, 'not even a 304')
})

t.test('token feeds are never kept in the in-process response cache', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL, responseCacheMb: 64 })
  const created = await feedToken(app, { expiresAt: Date.now() + 1500 })
  const before = app.responseCache.size
  const url = `/v1/feeds/t/${created.token}/reviews.json`
  t.equal((await app.inject(url)).statusCode, 200)
  t.equal((await app.inject(url)).statusCode, 200)
  t.equal(app.responseCache.size, before, 'nothing stored for a token URL')
  t.equal((await app.inject('/v1/feeds/reviews.json')).statusCode, 200)
  t.equal(app.responseCache.size, before + 1, 'while the public feed is kept (the cache is on)')
  // Expiry writes nothing, so nothing would clear a kept copy: the token must be checked on every request.
  await new Promise((resolve) => setTimeout(resolve, 1600))
  const late = await app.inject(url)
  t.equal(late.statusCode, 404, 'an expired token is refused, not answered from memory')
})

t.test('the token opens feeds only', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL })
  const { token } = await feedToken(app)
  for (const url of ['/v1/sync', '/v1/stories', '/v1/feeds/reviews.json']) {
    const res = await app.inject({ url, headers: { authorization: `Bearer ${token}` } })
    t.equal(res.statusCode, 401, `${url}: a feed token is not an API key`)
    t.match(res.json().detail, /malformed/)
  }
  const asQuery = await app.inject(`/v1/feeds/reviews.json?limit=5&token=${token}`)
  t.equal(asQuery.statusCode, 400, 'not as a query parameter on a public feed')
  t.notOk(asQuery.body.includes(token), 'and the refusal does not echo it')
  t.equal((await app.inject(`/v1/stories/t/${token}`)).statusCode, 404, 'not as a path segment elsewhere')
  t.equal((await app.inject(`/v1/sync/t/${token}/changes`)).statusCode, 404)
  t.equal((await app.inject(`/v1/feeds/t/${token}/`)).statusCode, 404)
})

t.test('a bad Authorization header on a token feed is a 401, as on every public route', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL })
  const { token } = await feedToken(app)
  const url = `/v1/feeds/t/${token}/latest.rss`
  const malformed = await app.inject({ url, headers: { authorization: 'Bearer nope' } })
  t.equal(malformed.statusCode, 401)
  t.match(malformed.headers['www-authenticate'], /error="invalid_token"/)
  const revokedKey = await keyFor(app, 'partner')
  await revokeApiKey(app.database.db, revokedKey.id, Date.now())
  t.equal((await app.inject({ url, headers: { authorization: revokedKey.authorization } })).statusCode, 401, 'a revoked key is refused even with a live token')
  t.equal((await app.inject({ url: '/v1/feeds/t/byf_nope/latest.rss', headers: { authorization: 'Bearer nope' } })).statusCode, 401, 'the header is checked first')
  t.equal((await app.inject({ url, headers: { authorization: (await keyFor(app, 'editor')).authorization } })).statusCode, 200, 'a good key with a good token is fine')
})

t.test("a renamed tag's token feed moves inside the token space, privately", async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL })
  const { token } = await feedToken(app)
  await (await editorClient(t, app)).patch('/v1/tags/sci-fi', { slug: 'science-fiction' })
  const moved = await app.inject(`/v1/feeds/t/${token}/tags/sci-fi.atom?limit=5`)
  t.equal(moved.statusCode, 308)
  t.equal(moved.headers.location, `/v1/feeds/t/${token}/tags/science-fiction.atom?limit=5`)
  t.match(moved.headers['cache-control'], /^private/, 'a redirect carrying the token is not for shared caches')
  t.equal((await app.inject(String(moved.headers.location))).statusCode, 200)
})

t.test("a token is rate limited as its partner, not as the reader's address", async (t) => {
  const limits = { windowSeconds: 60, anonymous: 2, key: 3, partner: 5 }
  const app = await build(t, { rateLimit: limits })
  const first = await feedToken(app)
  const second = await feedToken(app)
  const ip = '10.20.0.1'
  const get = (url: string) => app.inject({ url, remoteAddress: ip })
  const statuses = async (url: string, count: number) => {
    const out: number[] = []
    for (let i = 0; i < count; i++) out.push((await get(url)).statusCode)
    return out
  }
  const firstFeed = await get(`/v1/feeds/t/${first.token}/latest.rss`)
  t.equal(firstFeed.headers['x-ratelimit-limit'], String(limits.partner), "the partner's budget")
  t.same(await statuses(`/v1/feeds/t/${first.token}/reviews.rss`, limits.partner), [200, 200, 200, 200, 429], 'spent by the token, from one address')
  t.same(await statuses(`/v1/feeds/t/${second.token}/latest.rss`, 2), [200, 200], 'another token from the same address has its own')
  t.same(await statuses('/v1/feeds/latest.rss', limits.anonymous + 1), [200, 200, 429], 'the address keeps its anonymous budget')
  // Guessing tokens spends the address's budget: a dead token is no way around the limit.
  const guesses = await statuses(`/v1/feeds/t/byf_${'Z'.repeat(43)}/latest.rss`, 1)
  t.same(guesses, [429], 'a dead token from an exhausted address is throttled')
})
