/**
 * Limits and privacy the reliability battery promises (issue 6, items 5–7): timeouts,
 * slow clients, body size, prototype keys, server-owned fields, parameters that try to
 * redirect a write, private editorial responses, and rate limits that rotating headers,
 * query noise or path case cannot get around.
 */
import { connect, type Socket } from 'node:net'
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { editorClient, reviewBody, tableCounts } from '../editorial-helper.js'
import { build, buildTestApp, keyFor, testConfig } from '../helper.js'
import { rawRequest, trickle } from '../raw-http.js'

t.test('the request timeouts are set, and checked often enough to hold', async (t) => {
  const app = await build(t)
  t.equal(app.server.requestTimeout, 30_000, 'a request must arrive whole within 30 s')
  t.equal(app.server.headersTimeout, 10_000, 'its headers within 10 s')
  // Node checks both on a timer (30 s by default): a client was cut up to 30 s late.
  t.ok((app.server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval! <= 1_000, 'checked every second')
})

t.test('slow headers and slow bodies are cut at their bounds with a 408 problem+json', async (t) => {
  const bounds = { headersMs: 1_000, requestMs: 2_000 }
  const app = await buildTestApp(testConfig(), { logger: false, timeouts: bounds })
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const editor = await keyFor(app, 'editor')
  const body = '{"name":"Slowly sent tag"}'
  // A byte every 100 ms: never idle, never done in time.
  const clients: Array<[string, Array<string | number>, number]> = [
    ['slow headers', ['GET /v1/stories HTTP/1.1\r\nHost: x\r\n', ...trickle('X-Slow: ' + 'a'.repeat(200), 100)], bounds.headersMs],
    ['a slow body', [`POST /v1/tags HTTP/1.1\r\nHost: x\r\nAuthorization: ${editor.authorization}\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 200}\r\n\r\n`, ...trickle(body + ' '.repeat(200), 100)], bounds.requestMs]
  ]
  const answers = await Promise.all(clients.map(([, chunks]) => rawRequest(port, chunks, 20_000)))
  for (const [i, [what, , bound]] of clients.entries()) {
    const answer = answers[i]!
    t.ok(answer.closedAfterMs >= bound - 100 && answer.closedAfterMs <= bound + 2_000, `${what}: cut after ${answer.closedAfterMs} ms (bound ${bound} ms)`)
    t.equal(answer.status, 408, `${what} → 408`)
    t.equal(answer.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.equal(answer.headers['x-content-type-options'], 'nosniff')
    t.match(JSON.parse(answer.body), { status: 408, code: 'request_timeout', detail: /within 1 s .* within 2 s/ })
  }
  t.equal(answers[1] && JSON.parse(answers[1].body).instance, '/v1/tags', 'a request already read names its path')
  // Answered before its body arrived (no key: 401), then too slow: closed, not answered twice.
  const early = await rawRequest(port, [`POST /v1/tags HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 200}\r\n\r\n`, ...trickle(body + ' '.repeat(200), 100)], 20_000)
  t.equal(early.status, 401)
  t.equal(early.text.match(/HTTP\/1\.1 /g)?.length, 1, 'one answer only')
  t.ok(early.closedAfterMs <= bounds.requestMs + 2_000, `closed after ${early.closedAfterMs} ms`)
  t.notOk((await app.inject({ url: '/v1/tags?limit=100' })).json().data.some((tag: { name: string }) => tag.name === 'Slowly sent tag'), 'the slow write was not saved')
  t.equal((await fetch(`http://127.0.0.1:${port}/v1/stories?limit=1`)).status, 200, 'the server is unharmed')
})

t.test('500 slow-loris sockets do not starve normal requests', async (t) => {
  const app = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const sockets: Socket[] = []
  t.teardown(() => { for (const s of sockets) s.destroy() })
  await Promise.all(Array.from({ length: 500 }, () => new Promise<void>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      // Headers begun and never finished: the connection stays open, waiting.
      socket.write('GET /v1/stories HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ')
      resolve()
    })
    socket.on('error', reject)
    sockets.push(socket)
  })))
  const answers = await Promise.all(Array.from({ length: 20 }, async (_, i) => {
    const res = await fetch(`http://127.0.0.1:${port}/v1/stories?limit=${i + 1}`, { signal: AbortSignal.timeout(10_000) })
    return res.status
  }))
  t.same(answers, Array(20).fill(200), 'every normal request answered while 500 sockets dawdle')
  t.equal(sockets.filter((s) => !s.destroyed).length, 500, 'the slow sockets were still open throughout')
})

t.test('bodies: over the limit, prototype keys and server-owned fields are refused and change nothing', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const before = await tableCounts(app)
  const send = (method: 'POST' | 'PATCH', url: string, payload: string) =>
    app.inject({ method, url, payload, headers: { authorization: editor.authorization, 'content-type': 'application/json' } })

  const huge = await send('POST', '/v1/tags', JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 1) }))
  t.equal(huge.statusCode, 413)
  const cases: Array<[string, 'POST' | 'PATCH', string, string]> = [
    ['__proto__ at the top', 'POST', '/v1/tags', '{"name":"Proto","__proto__":{"admin":true}}'],
    ['__proto__ nested', 'POST', '/v1/stories', JSON.stringify(reviewBody()).replace('"verdict":{', '"verdict":{"__proto__":{"x":1},')],
    ['constructor.prototype', 'POST', '/v1/tags', '{"name":"Ctor","constructor":{"prototype":{"admin":true}}}'],
    ['id', 'POST', '/v1/tags', '{"name":"Owned","id":"tag_chosen"}'],
    ['createdAt', 'POST', '/v1/stories', JSON.stringify(reviewBody({ createdAt: '2001-01-01T00:00:00Z' }))],
    ['updatedAt', 'PATCH', '/v1/stories/her-2013-review', '{"updatedAt":"2001-01-01T00:00:00Z"}'],
    ['id on a patch', 'PATCH', '/v1/stories/her-2013-review', '{"id":"sto_someoneelse"}'],
    ['etag', 'PATCH', '/v1/stories/her-2013-review', '{"etag":"\\"x\\""}'],
    ['version', 'PATCH', '/v1/authors/rhys-calloway', '{"version":7}'],
    ['role', 'PATCH', '/v1/authors/rhys-calloway', '{"role":"admin"}'],
    ['renderedAt', 'PATCH', '/v1/stories/her-2013-review', '{"renderedAt":0}'],
    ['normalizedScore', 'PATCH', '/v1/stories/her-2013-review', '{"verdict":{"normalizedScore":100}}']
  ]
  for (const [what, method, url, payload] of cases) {
    const res = await send(method, url, payload)
    t.equal(res.statusCode, 400, `${what} → 400`)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
  }
  t.same(await tableCounts(app), before, 'nothing was written')
  t.equal(({} as Record<string, unknown>).admin, undefined, 'no prototype was polluted')
  const her = (await app.inject('/v1/reviews/her-2013-review')).json()
  t.equal(her.verdict.normalizedScore, 93)
})

t.test('?id= and duplicated parameters never redirect a write to another record', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const a = (await editor.post('/v1/stories', reviewBody({ title: 'Record A' }))).json().story
  const b = (await editor.post('/v1/stories', reviewBody({ title: 'Record B', subject: { kind: 'film', title: 'B' } }))).json().story
  const attempts = [`/v1/stories/${a.slug}?id=${b.id}`, `/v1/stories/${a.slug}?slug=${b.slug}`, `/v1/stories/${a.slug}?slug=${a.slug}&slug=${b.slug}`]
  for (const url of attempts) {
    const res = await app.inject({ method: 'PATCH', url, headers: { authorization: editor.authorization }, payload: { title: 'Changed' } })
    t.equal(res.statusCode, 400, `${url} is refused`)
  }
  const duplicate = await app.inject({ method: 'PATCH', url: `/v1/stories/${a.slug}`, headers: { authorization: editor.authorization, 'content-type': 'application/json' }, payload: `{"title":"Changed","title":"${'B'}"}` })
  t.equal(duplicate.statusCode, 200, 'a duplicated JSON key: the last wins, on the record in the path')
  t.equal((await editor.get(`/v1/preview/stories/${b.slug}`)).json().story.title, 'Record B', 'B was never touched')
  const deleted = await app.inject({ method: 'DELETE', url: `/v1/stories/${a.slug}?id=${b.id}`, headers: { authorization: editor.authorization } })
  t.equal(deleted.statusCode, 400)
  t.equal((await editor.get(`/v1/preview/stories/${b.slug}`)).statusCode, 200, 'B still there')
})

t.test('editorial responses are private; what an editor previewed stays 404 to the public', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const created = await editor.post('/v1/stories', reviewBody({ title: 'Previewed zanzibarquux', slug: 'previewed-draft' }))
  const preview = await editor.get('/v1/preview/stories/previewed-draft')
  for (const res of [created, preview, await editor.patch('/v1/stories/previewed-draft', { dek: 'Edited' })]) {
    t.equal(res.headers['cache-control'], 'private, no-store')
    t.equal(res.headers.vary, 'Authorization')
  }
  // The public URLs of the previewed story, with and without the editor's validators.
  for (const url of ['/v1/stories/previewed-draft', '/v1/reviews/previewed-draft', '/v1/reviews/previewed-draft/verdict', '/v1/reviews/previewed-draft/jsonld']) {
    for (const headers of [{}, { 'if-none-match': String(preview.headers.etag) }, { 'if-none-match': '*' }]) {
      const res = await app.inject({ url, headers })
      t.equal(res.statusCode, 404, `${url} ${JSON.stringify(headers)}`)
      t.notOk(res.body.includes('zanzibarquux'))
    }
  }
  const anonymousPreview = await app.inject({ url: '/v1/preview/stories/previewed-draft', headers: { 'if-none-match': String(preview.headers.etag) } })
  t.equal(anonymousPreview.statusCode, 401, 'the preview URL itself needs a key, ETag or not')
  // An editor reading a public list does not fill the public cache with an editor's view.
  await app.inject({ url: '/v1/stories?limit=3', headers: { authorization: editor.authorization } })
  t.equal(app.responseCache.size, 0, 'keyed requests are never stored')
})

async function codes (app: FastifyInstance, requests: Array<{ url: string, headers?: Record<string, string>, ip?: string }>): Promise<number[]> {
  const out: number[] = []
  for (const r of requests) out.push((await app.inject({ url: r.url, headers: r.headers ?? {}, remoteAddress: r.ip ?? '10.7.0.1' })).statusCode)
  return out
}

t.test('rate limits hold when X-Forwarded-For, query noise or path case rotate', async (t) => {
  const limits = { windowSeconds: 60, anonymous: 5, key: 5, partner: 5 }
  // Answers from the in-process cache are free and uncounted (docs/decisions.md); what
  // is limited is work, so the cache is off here and every request reaches the limiter.
  const app = await build(t, { rateLimit: limits, responseCacheMb: 0 })
  const rotations: Record<string, Array<{ url: string, headers?: Record<string, string> }>> = {
    'X-Forwarded-For': Array.from({ length: 6 }, (_, i) => ({ url: '/v1/sections', headers: { 'x-forwarded-for': `198.51.100.${i}` } })),
    'query noise': Array.from({ length: 6 }, (_, i) => ({ url: `/v1/tags?limit=${i + 1}` })),
    'path case': Array.from({ length: 6 }, (_, i) => ({ url: ['/V1/stories', '/v1/Stories', '/v1/STORIES', '/V1/STORIES', '/v1/stories/', '/v1//stories'][i]! })),
    'invalid keys': Array.from({ length: 6 }, (_, i) => ({ url: '/v1/authors', headers: { authorization: `Bearer byl_${String(i).repeat(16)}_${'A'.repeat(43)}` } }))
  }
  for (const [n, [what, requests]] of Object.entries(rotations).entries()) {
    const ip = `10.7.${n}.1`
    const got = await codes(app, requests.map((r) => ({ ...r, ip })))
    t.equal(got.at(-1), 429, `${what}: the sixth request from one client is refused (${got.join(' ')})`)
  }
  const cached = await build(t, { rateLimit: limits })
  const noisy = await codes(cached, Array.from({ length: 6 }, (_, i) => ({ url: `/v1/stories?limit=${i + 1}`, headers: { 'x-forwarded-for': `198.51.100.${i}` }, ip: '10.8.0.1' })))
  t.equal(noisy.at(-1), 429, 'with the cache on, rotating the query makes every request a counted miss')
})

t.test('X-Forwarded-For is believed only from configured proxies', async (t) => {
  const limits = { windowSeconds: 60, anonymous: 2, key: 5, partner: 5 }
  const app = await build(t, { rateLimit: limits, trustProxy: ['10.0.0.1'], responseCacheMb: 0 })
  const viaProxy = await codes(app, ['203.0.113.1', '203.0.113.2', '203.0.113.3'].map((client) => ({ url: '/v1/sections', headers: { 'x-forwarded-for': client }, ip: '10.0.0.1' })))
  t.same(viaProxy, [200, 200, 200], 'through the configured proxy, each client has its own budget')
  const spoofed = await codes(app, ['203.0.113.4', '203.0.113.5', '203.0.113.6'].map((client) => ({ url: '/v1/sections', headers: { 'x-forwarded-for': client }, ip: '10.0.0.99' })))
  t.same(spoofed, [200, 200, 429], 'from anyone else the header is ignored')
})

t.test('numbers that coerce to infinity and over-long path parameters are 400s, not 500s or 414s', async (t) => {
  const app = await build(t)
  const partner = { authorization: (await keyFor(app, 'partner')).authorization }
  for (const url of ['/v1/stories?limit=Infinity', '/v1/sections?limit=1e309', '/v1/reviews?limit=-Infinity', '/v1/reviews?minScore=1e309', '/v1/search?q=x&limit=Infinity', '/v1/feeds/latest.rss?limit=1e999', `/v1/stories/${'a'.repeat(2049)}`]) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 400, url.slice(0, 60))
    t.match(res.headers['content-type'], /^application\/problem\+json/)
  }
  t.equal((await app.inject({ url: '/v1/sync?limit=1e309', headers: partner })).statusCode, 400, 'sync too')
})
