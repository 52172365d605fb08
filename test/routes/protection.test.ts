/**
 * What src/plugins/protection.ts promises every response: rate limits counted per key
 * (per IP without a valid one), security headers for a JSON API, and CORS for browsers.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import t, { type Test } from 'tap'
import { revokeApiKey } from '../../src/repositories/api-keys.js'
import { build, keyFor } from '../helper.js'
import { responseMismatch } from '../openapi-validator.js'

const LIMITS = { windowSeconds: 60, anonymous: 3, key: 5, partner: 8 }
const LIST_URL = '/v1/stories?limit=1'

function get (app: FastifyInstance, ip: string, headers: Record<string, string> = {}, url = LIST_URL) {
  return app.inject({ method: 'GET', url, headers, remoteAddress: ip })
}

/** Sends `count` requests and returns their statuses, so a failure shows the whole run. */
async function statuses (app: FastifyInstance, count: number, ip: string, headers: Record<string, string> = {}, url = LIST_URL): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < count; i++) out.push((await get(app, ip, headers, url)).statusCode)
  return out
}

const times = (n: number, status: number) => Array.from({ length: n }, () => status)

function assertRateLimited (t: Test, res: LightMyRequestResponse, limit: number, url = LIST_URL): void {
  t.equal(res.statusCode, 429)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  const body = res.json()
  t.equal(body.code, 'rate_limited')
  t.equal(body.status, 429)
  const retryAfter = String(res.headers['retry-after'])
  t.match(retryAfter, /^\d+$/, 'Retry-After is delay-seconds')
  t.ok(Number(retryAfter) > 0 && Number(retryAfter) <= LIMITS.windowSeconds, `Retry-After ${retryAfter} is within the window`)
  t.equal(res.headers['x-ratelimit-limit'], String(limit))
  t.equal(res.headers['x-ratelimit-remaining'], '0')
  t.equal(responseMismatch('GET', url, res), null, 'the 429 matches the document')
}

t.test('rate limits', async (t) => {
  // The limiter counts what reaches the routes; cache hits are the next test's subject.
  const app = await build(t, { rateLimit: LIMITS, responseCacheMb: 0 })

  t.test('anonymous clients are counted per IP', async (t) => {
    t.same(await statuses(app, 3, '10.1.0.1'), times(3, 200))
    assertRateLimited(t, await get(app, '10.1.0.1'), LIMITS.anonymous)
    t.equal((await get(app, '10.1.0.2')).statusCode, 200, 'another IP has its own budget')
  })

  t.test('a partner key has its own, larger budget, even from an exhausted IP', async (t) => {
    const ip = '10.2.0.1'
    t.same(await statuses(app, 3, ip), times(3, 200))
    t.equal((await get(app, ip)).statusCode, 429, 'the IP is exhausted')
    const partner = await keyFor(app, 'partner')
    t.same(await statuses(app, 8, ip, { authorization: partner.authorization }), times(8, 200))
    assertRateLimited(t, await get(app, ip, { authorization: partner.authorization }), LIMITS.partner)
  })

  t.test('an editor key gets the `key` budget', async (t) => {
    const editor = await keyFor(app, 'editor')
    const preview = '/v1/preview/stories/her-2013-review'
    t.same(await statuses(app, 5, '10.3.0.1', { authorization: editor.authorization }, preview), times(5, 200))
    assertRateLimited(t, await get(app, '10.3.0.1', { authorization: editor.authorization }, preview), LIMITS.key, preview)
  })

  t.test('keys are counted separately from each other and from their IP', async (t) => {
    const ip = '10.4.0.1'
    const first = await keyFor(app, 'partner')
    const second = await keyFor(app, 'partner')
    t.same(await statuses(app, 9, ip, { authorization: first.authorization }), [...times(8, 200), 429])
    t.same(await statuses(app, 9, ip, { authorization: second.authorization }), [...times(8, 200), 429], 'the second key starts afresh')
    // The same key from another address shares its budget: the limit follows the key.
    t.equal((await get(app, '10.4.0.2', { authorization: first.authorization })).statusCode, 429)
    t.same(await statuses(app, 4, ip), [...times(3, 200), 429], 'key traffic did not use up the IP budget')
  })

  t.test('guesses with invalid keys are throttled per IP', async (t) => {
    const ip = '10.5.0.1'
    const revoked = await keyFor(app, 'editor')
    await revokeApiKey(app.database.db, revoked.id, Date.now())
    const guesses = [
      'Bearer nope',
      `Bearer byl_0123456789abcdef_${'A'.repeat(43)}`,
      `Bearer byl_fedcba9876543210_${'B'.repeat(43)}`,
      revoked.authorization
    ]
    const answers: number[] = []
    for (const authorization of guesses) answers.push((await get(app, ip, { authorization })).statusCode)
    // The key is identified before the limiter counts and refused after it, so a bad key
    // spends the IP's anonymous budget: guessing costs as much as any anonymous call.
    t.same(answers, [401, 401, 401, 429], 'three guesses are refused, the fourth is throttled')
    const res = await get(app, ip, { authorization: `Bearer byl_0000000000000000_${'C'.repeat(43)}` })
    assertRateLimited(t, res, LIMITS.anonymous)
    t.notOk(res.headers['www-authenticate'], 'a throttled guess learns nothing about the key')
    t.equal((await get(app, ip)).statusCode, 429, 'and the IP is exhausted for anonymous calls too')
    t.equal((await get(app, '10.5.0.2', { authorization: 'Bearer nope' })).statusCode, 401, 'another IP still gets its 401')
  })

  t.test('guesses at URLs no route serves are throttled too', async (t) => {
    const ip = '10.5.1.1'
    const answers: number[] = []
    for (let i = 0; i < 4; i++) {
      const authorization = `Bearer byl_${String(i).padStart(16, '0')}_${'D'.repeat(43)}`
      answers.push((await get(app, ip, { authorization }, '/v1/no-such-route')).statusCode)
    }
    // A URL no route serves ignores the key, so guessing there learns nothing, and it is metered.
    t.same(answers, [404, 404, 404, 429], 'the fourth guess is throttled')
  })

  t.test('protected routes are limited before the key is checked', async (t) => {
    // Without a key the caller is anonymous: its IP budget runs out before a 401 can be probed forever.
    const ip = '10.6.0.1'
    const post = () => app.inject({ method: 'POST', url: '/v1/tags', payload: { name: 'Nope' }, remoteAddress: ip })
    const answers: number[] = []
    for (let i = 0; i < 4; i++) answers.push((await post()).statusCode)
    t.same(answers, [401, 401, 401, 429])
  })
})

/** Parses a Content-Security-Policy into directive → sources. */
function csp (header: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const part of String(header).split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (name) out.set(name, sources)
  }
  return out
}

t.test('security headers', async (t) => {
  const app = await build(t)

  for (const url of ['/v1/stories', '/v1/stories/no-such-story']) {
    const res = await app.inject(url)
    t.match(res.headers['content-type'], /^application\/(problem\+)?json/, `${url} is JSON`)
    t.equal(res.headers['x-content-type-options'], 'nosniff', `${url} nosniff`)
    const policy = csp(res.headers['content-security-policy'])
    t.same(policy.get('default-src'), ["'none'"], `${url} CSP default-src 'none'`)
    t.same(policy.get('frame-ancestors'), ["'none'"], `${url} CSP frame-ancestors 'none'`)
    t.equal(res.headers['x-frame-options'], 'DENY', `${url} x-frame-options`)
    t.equal(res.headers['referrer-policy'], 'no-referrer', `${url} referrer-policy`)
    t.equal(res.headers['cross-origin-resource-policy'], 'cross-origin', `${url} partners may load it cross-origin`)
  }

  for (const start of ['/docs', '/docs/']) {
    t.test(`${start} has a policy Swagger UI can run under`, async (t) => {
      let page = new URL(start, 'http://api.example')
      let res = await app.inject(page.pathname)
      if (res.statusCode >= 300 && res.statusCode < 400) {
        page = new URL(String(res.headers.location), page)
        res = await app.inject(page.pathname)
      }
      t.equal(res.statusCode, 200)
      t.match(res.headers['content-type'], /^text\/html/)
      t.notMatch(String(res.headers['content-security-policy']), /default-src 'none'/)
      // @fastify/swagger-ui's static policy: its own origin only, no inline script.
      const policy = csp(res.headers['content-security-policy'])
      t.same(policy.get('default-src'), ["'self'"])
      t.same(policy.get('script-src'), ["'self'"])
      t.same(policy.get('object-src'), ["'none'"])
      t.same(policy.get('script-src-attr'), ["'none'"])
      t.equal(res.headers['x-content-type-options'], 'nosniff')
      // Under script-src 'self' the page works only if every script is a same-origin file.
      const scripts = [...res.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)]
      t.ok(scripts.length > 0, 'the page loads scripts')
      for (const [, attributes, inline] of scripts) {
        const src = /src="([^"]+)"/.exec(attributes!)?.[1]
        t.type(src, 'string', 'a script file, not inline code')
        t.equal(inline!.trim(), '', 'no inline script')
        const resolved = new URL(src!, page)
        t.equal(resolved.origin, page.origin, `script ${src} is same-origin`)
        t.equal((await app.inject(resolved.pathname)).statusCode, 200, `${src} is served`)
      }
    })
  }
})

t.test('CORS', async (t) => {
  const preflight = {
    origin: 'https://app.example',
    'access-control-request-method': 'PATCH',
    'access-control-request-headers': 'authorization, content-type, if-match'
  }

  t.test('any origin by default', async (t) => {
    const app = await build(t)
    const res = await app.inject({ method: 'OPTIONS', url: '/v1/stories/her-2013-review', headers: preflight })
    t.equal(res.statusCode, 204)
    t.ok(['*', 'https://app.example'].includes(String(res.headers['access-control-allow-origin'])), 'origin allowed')
    const methods = String(res.headers['access-control-allow-methods']).split(/\s*,\s*/)
    t.ok(methods.includes('PATCH'), 'PATCH allowed')
    const allowed = String(res.headers['access-control-allow-headers']).toLowerCase().split(/\s*,\s*/)
    for (const header of ['authorization', 'content-type', 'if-match']) t.ok(allowed.includes(header), `${header} allowed`)
    t.ok(Number(res.headers['access-control-max-age']) > 0, 'the preflight is cached')

    const read = await app.inject({ url: '/v1/stories/her-2013-review', headers: { origin: 'https://app.example' } })
    t.equal(read.statusCode, 200)
    t.ok(read.headers['access-control-allow-origin'], 'origin allowed')
    const exposed = String(read.headers['access-control-expose-headers']).toLowerCase().split(/\s*,\s*/)
    for (const header of ['etag', 'retry-after', 'link', 'location']) t.ok(exposed.includes(header), `${header} exposed`)
  })

  t.test('a list of origins allows only those', async (t) => {
    const app = await build(t, { corsOrigins: ['https://app.example'] })
    const allowed = await app.inject({ url: '/v1/stories/her-2013-review', headers: { origin: 'https://app.example' } })
    t.equal(allowed.headers['access-control-allow-origin'], 'https://app.example')
    t.match(String(allowed.headers.vary), /origin/i, 'caches keep answers per origin apart')

    const other = await app.inject({ url: '/v1/stories/her-2013-review', headers: { origin: 'https://evil.example' } })
    t.equal(other.statusCode, 200, 'CORS does not refuse the request; the browser does')
    t.notOk(other.headers['access-control-allow-origin'], 'no allow-origin for another origin')
    t.match(String(other.headers.vary), /origin/i)

    const otherPreflight = await app.inject({ method: 'OPTIONS', url: '/v1/stories/her-2013-review', headers: { ...preflight, origin: 'https://evil.example' } })
    t.notOk(otherPreflight.headers['access-control-allow-origin'], 'nor on its preflight')
    const ownPreflight = await app.inject({ method: 'OPTIONS', url: '/v1/stories/her-2013-review', headers: preflight })
    t.equal(ownPreflight.statusCode, 204)
    t.equal(ownPreflight.headers['access-control-allow-origin'], 'https://app.example')
  })
})

t.test('behind a proxy (TRUST_PROXY), clients are told apart by X-Forwarded-For', async (t) => {
  const limits = { windowSeconds: 60, anonymous: 2, key: 5, partner: 8 }
  const send = (app: FastifyInstance, client: string) => app.inject({ url: '/v1/sections', remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': client } })
  const trusting = await build(t, { rateLimit: limits, trustProxy: true, responseCacheMb: 0 })
  const codes = [await send(trusting, '203.0.113.1'), await send(trusting, '203.0.113.1'), await send(trusting, '203.0.113.1'), await send(trusting, '203.0.113.2')].map((r) => r.statusCode)
  t.same(codes, [200, 200, 429, 200], 'each client has its own budget')
  const direct = await build(t, { rateLimit: limits, responseCacheMb: 0 })
  const shared = [await send(direct, '203.0.113.1'), await send(direct, '203.0.113.2'), await send(direct, '203.0.113.3')].map((r) => r.statusCode)
  t.same(shared, [200, 200, 429], 'without it the header is ignored: a client cannot pick its own address')
})

t.test('answers from the response cache are counted like every other request', async (t) => {
  const app = await build(t, { rateLimit: LIMITS })
  const first = await get(app, '10.9.0.1')
  t.equal(first.statusCode, 200, 'the first GET fills the cache')
  t.equal(first.headers['x-ratelimit-remaining'], String(LIMITS.anonymous - 1))
  for (let remaining = LIMITS.anonymous - 2; remaining >= 0; remaining--) {
    const hits = app.responseCache.hits
    const hit = await get(app, '10.9.0.1')
    t.equal(hit.statusCode, 200)
    t.equal(app.responseCache.hits, hits + 1, 'answered from the cache')
    t.equal(hit.headers['x-ratelimit-limit'], String(LIMITS.anonymous), 'a hit tells the limit')
    t.equal(hit.headers['x-ratelimit-remaining'], String(remaining), 'and what is left of it, counting itself')
  }
  const hits = app.responseCache.hits
  assertRateLimited(t, await get(app, '10.9.0.1'), LIMITS.anonymous)
  t.equal(app.responseCache.hits, hits, 'the limited request was not served from the cache')
  const conditional = await get(app, '10.9.0.1', { 'if-none-match': String(first.headers.etag) })
  t.equal(conditional.statusCode, 429, 'a conditional request is counted too')
  t.equal((await get(app, '10.9.0.2')).statusCode, 200, 'another client is still served')
  t.equal(app.responseCache.hits, hits + 1, 'from the cache')
  const keyed = await keyFor(app, 'partner')
  t.equal((await get(app, '10.9.0.1', { authorization: keyed.authorization })).headers['x-ratelimit-limit'], String(LIMITS.partner), 'a key has its own budget')
})

t.test('health probes are never rate limited', async (t) => {
  for (const responseCacheMb of [0, 16]) {
    const app = await build(t, { rateLimit: LIMITS, responseCacheMb })
    const ip = '10.10.0.1'
    t.same(await statuses(app, LIMITS.anonymous + 1, ip), [...times(LIMITS.anonymous, 200), 429], 'the address is limited')
    for (const url of ['/healthz', '/readyz']) {
      const probes = await statuses(app, LIMITS.anonymous * 3, ip, {}, url)
      t.same(probes, times(LIMITS.anonymous * 3, 200), `${url} answers a limited address (cache ${responseCacheMb} MB)`)
    }
    t.equal((await get(app, ip)).statusCode, 429, 'probes did not reset the budget')
  }
})
