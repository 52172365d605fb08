/**
 * Conditional requests as fetch() sends them. The Fetch standard adds
 * `Cache-Control: no-cache` and `Pragma: no-cache` to any request carrying a validator;
 * an origin server still answers 304 (RFC 9110 §13.2.1). Checked with Node's own fetch
 * on a listening server, on the route path (cache off) and from the response cache.
 */
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { build } from '../helper.js'

const PATHS = ['/v1/reviews/her-2013-review', '/v1/stories?limit=5', '/v1/reviews/her-2013-review/verdict',
  '/v1/reviews/her-2013-review/jsonld', '/v1/feeds/latest.rss', '/v1/feeds/reviews.json', '/sitemaps/index.xml', '/openapi.json']

for (const responseCacheMb of [0, 16]) {
  t.test(`fetch() gets 304s (response cache ${responseCacheMb === 0 ? 'off' : 'on'})`, async (t) => {
    const app = await build(t, { responseCacheMb })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    for (const path of PATHS) {
      const first = await fetch(base + path)
      t.equal(first.status, 200, path)
      await first.arrayBuffer()
      const etag = first.headers.get('etag')
      const lastModified = first.headers.get('last-modified')
      t.ok(etag !== null && lastModified !== null, `${path}: validators`)
      // Twice each: the second one can come from the response cache.
      for (const attempt of [1, 2]) {
        const byTag = await fetch(base + path, { headers: { 'if-none-match': etag! } })
        t.equal(byTag.status, 304, `${path}: If-None-Match from fetch() (${attempt})`)
        const byDate = await fetch(base + path, { headers: { 'if-modified-since': lastModified! } })
        t.equal(byDate.status, 304, `${path}: If-Modified-Since from fetch() (${attempt})`)
      }
      // What fetch() adds, spelled out: the request's no-cache is for caches, not for the origin.
      const explicit = await fetch(base + path, { headers: { 'if-none-match': etag!, 'cache-control': 'no-cache', pragma: 'no-cache' } })
      t.equal(explicit.status, 304, `${path}: no-cache with a matching validator`)
      const other = await fetch(base + path, { headers: { 'if-none-match': '"something-else"', 'cache-control': 'no-cache' } })
      t.equal(other.status, 200, `${path}: a validator that does not match still gets the body`)
      await other.arrayBuffer()
    }
  })
}
