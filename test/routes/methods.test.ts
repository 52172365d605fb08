/**
 * A method a path does not have is a 405 with `Allow` naming the methods it does have;
 * only a path no route has is a 404. Every route of the app is checked, documented or not.
 */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build } from '../helper.js'

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']

/** Every route as [a URL that reaches it, its methods], read from the router's own listing. */
function routes (app: FastifyInstance): Array<[string, string[]]> {
  const out = new Map<string, Set<string>>()
  const prefixes: string[] = []
  for (const line of app.printRoutes().split('\n')) {
    const match = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line)
    if (match === null) continue
    const depth = match[1]!.length / 4
    const pattern = match[2] === '(empty root node)' ? '' : (prefixes[depth - 1] ?? '') + match[2]!
    prefixes[depth] = pattern
    if (match[3] === undefined || pattern === '*') continue // the CORS preflight answers OPTIONS anywhere
    // Any value reaches a parametric route: the router decides 405 before validation.
    const url = pattern.replace(/:[A-Za-z]+/g, 'x').replace(/\*$/, 'x')
    const methods = out.get(url) ?? new Set<string>()
    for (const m of match[3].split(', ')) methods.add(m)
    out.set(url, methods)
  }
  return [...out].map(([url, methods]) => [url, [...methods]])
}

t.test('every known path answers a method it lacks with 405 and Allow', async (t) => {
  const app = await build(t)
  const table = routes(app)
  t.ok(table.length >= 40, `${table.length} paths from the router`)
  let pairs = 0
  for (const [url, methods] of table) {
    const allow = METHODS.filter((m) => methods.includes(m)).concat('OPTIONS').join(', ')
    for (const method of METHODS.filter((m) => !methods.includes(m))) {
      pairs++
      const res = await app.inject({ method: method as 'GET', url })
      t.equal(res.statusCode, 405, `${method} ${url} → 405`)
      t.equal(res.headers.allow, allow, `${method} ${url}: Allow: ${allow}`)
      t.match(res.headers['content-type'], /^application\/problem\+json/)
      const body = method === 'HEAD' ? undefined : res.json()
      if (body !== undefined) t.match(body, { status: 405, code: 'method_not_allowed', instance: url.split('?')[0] })
    }
  }
  t.ok(pairs >= 100, `${pairs} method/path pairs`)
})

t.test('405 carries the security headers and is rate-limited like everything else', async (t) => {
  const app = await build(t, { rateLimit: { windowSeconds: 60, anonymous: 2, key: 5, partner: 5 }, responseCacheMb: 0 })
  const put = () => app.inject({ method: 'PUT', url: '/v1/stories/her-2013-review', remoteAddress: '10.9.0.1' })
  const first = await put()
  t.equal(first.statusCode, 405)
  t.equal(first.headers.allow, 'GET, HEAD, PATCH, DELETE, OPTIONS')
  t.equal(first.headers['x-content-type-options'], 'nosniff')
  t.equal(first.headers['cache-control'], 'no-store')
  t.match(first.json().detail, /PUT/)
  await put()
  t.equal((await put()).statusCode, 429, 'the third from one client is refused')
})

t.test('paths no route has stay 404, whatever the method', async (t) => {
  const app = await build(t)
  for (const method of METHODS) {
    for (const url of ['/v1/nothing-here', '/v2/stories', '/v1/stories/x/y', '/v1/reviews/x/nope']) {
      const res = await app.inject({ method: method as 'GET', url })
      t.equal(res.statusCode, 404, `${method} ${url}`)
      t.equal(res.headers.allow, undefined)
    }
  }
  // Known paths with their own methods still reach their routes.
  t.equal((await app.inject({ method: 'GET', url: '/v1/stories/her-2013-review' })).statusCode, 200)
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/stories/her-2013-review', payload: {} })).statusCode, 401)
  t.equal((await app.inject({ method: 'OPTIONS', url: '/v1/stories', headers: { origin: 'https://a.example', 'access-control-request-method': 'GET' } })).statusCode, 204)
})
