/** Bad input of every kind is a 4xx problem+json that names what was wrong — never a 5xx. */
import t from 'tap'
import { editorClient, reviewBody, tableCounts } from '../editorial-helper.js'
import { build, keyFor } from '../helper.js'

const long = 'a'.repeat(400)

// [url, expected status, a path that must be named in `errors` (when given)]
const cases: Array<[string, number, string?]> = [
  ['/v1/stories?limit=0', 400, '/querystring/limit'],
  ['/v1/stories?limit=101', 400, '/querystring/limit'],
  ['/v1/stories?limit=abc', 400, '/querystring/limit'],
  ['/v1/stories?limit=1.5', 400, '/querystring/limit'],
  ['/v1/stories?limit=-1', 400, '/querystring/limit'],
  ['/v1/stories?limit=1&limit=2', 400, '/querystring/limit'],
  ['/v1/stories?cursor=garbage', 400, '/querystring/cursor'],
  ['/v1/stories?cursor=abc.def', 400, '/querystring/cursor'],
  [`/v1/stories?cursor=${Buffer.from('["stories",0,"x"]').toString('base64url')}.AAAAAAAAAAAAAAAA`, 400, '/querystring/cursor'],
  [`/v1/stories?cursor=${long}.${long}`, 400, '/querystring/cursor'],
  ['/v1/stories?type=opinion', 400, '/querystring/type'],
  ['/v1/stories?type=REVIEW', 400, '/querystring/type'],
  ['/v1/stories?section=no-such-section', 400, '/querystring/section'],
  ['/v1/stories?tag=no-such-tag', 400, '/querystring/tag'],
  ['/v1/stories?author=nobody-at-all', 400, '/querystring/author'],
  ['/v1/stories?section=Bad_Slug', 400, '/querystring/section'],
  [`/v1/stories?exclude=${long}`, 400, '/querystring/exclude'],
  ['/v1/stories?sectoin=movies', 400, '/querystring/sectoin'],
  ["/v1/stories?section=x'%20OR%201=1--", 400, '/querystring/section'],
  ['/v1/reviews?sort=best', 400, '/querystring/sort'],
  ['/v1/reviews?subjectKind=podcast', 400, '/querystring/subjectKind'],
  ['/v1/reviews?award=best-ever', 400, '/querystring/award'],
  ['/v1/reviews?minScore=101', 400, '/querystring/minScore'],
  ['/v1/reviews?maxScore=-5', 400, '/querystring/maxScore'],
  ['/v1/reviews?minScore=80&maxScore=20', 400, '/querystring/minScore'],
  ['/v1/reviews?minScore=abc', 400, '/querystring/minScore'],
  ['/v1/authors?limit=1000', 400, '/querystring/limit'],
  ['/v1/tags?cursor=%00%01', 400, '/querystring/cursor'],
  ['/v1/stories/does-not-exist', 404],
  ['/v1/reviews/does-not-exist', 404],
  ['/v1/reviews/does-not-exist/verdict', 404],
  ['/v1/subjects/does-not-exist', 404],
  ['/v1/authors/does-not-exist', 404],
  ['/v1/stories/UPPER-case', 400, '/params/slug'],
  ['/v1/stories/with%20space', 400, '/params/slug'],
  ['/v1/stories/trailing-', 400, '/params/slug'],
  ['/v1/stories/double--hyphen', 400, '/params/slug'],
  ['/v1/stories/%F0%9F%98%80', 400, '/params/slug'],
  ['/v1/stories/..%2F..%2Fetc%2Fpasswd', 400, '/params/slug'],
  [`/v1/stories/${long}`, 400, '/params/slug'],
  ['/v1/nothing-here', 404],
  ['/v2/stories', 404]
]

t.test('bad input table', async (t) => {
  const app = await build(t)
  t.ok(cases.length >= 25)
  for (const [url, status, path] of cases) {
    const res = await app.inject(url)
    t.equal(res.statusCode, status, `${url} → ${status}`)
    t.match(res.headers['content-type'], /^application\/problem\+json/, `${url} is problem+json`)
    const body = res.json()
    t.equal(body.status, status)
    t.type(body.title, 'string')
    t.type(body.detail, 'string')
    t.type(body.code, 'string')
    t.notMatch(res.body, /SQLITE|sqlite|SELECT |at .*\.ts:\d+/, `${url} leaks no internals`)
    if (path !== undefined) t.ok(body.errors?.some((e: { path: string }) => e.path === path), `${url} names ${path}: ${res.body}`)
  }
})

t.test('a cursor from one sort is refused by another', async (t) => {
  const app = await build(t)
  const first = (await app.inject('/v1/reviews?limit=2')).json()
  const res = await app.inject(`/v1/reviews?sort=score&cursor=${first.meta.nextCursor}`)
  t.equal(res.statusCode, 400)
  t.equal(res.json().code, 'invalid_cursor')
  const story = (await app.inject('/v1/stories?limit=2')).json()
  t.equal((await app.inject(`/v1/tags?cursor=${story.meta.nextCursor}`)).statusCode, 400)
})

t.test('errors raised by the framework before routing are problem+json too', async (t) => {
  const app = await build(t)
  for (const [url, status] of [['/v1/stories/%ff', 400], ['/v1/stories/%', 400], [`/v1/stories/${'a'.repeat(3000)}`, 400]] as const) {
    const res = await app.inject(url)
    t.equal(res.statusCode, status, url.slice(0, 40))
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.equal(res.json().status, status)
  }
})

t.test('a cursor only continues the list it came from', async (t) => {
  const app = await build(t)
  const cursor = (await app.inject('/v1/stories?limit=2')).json().meta.nextCursor
  t.equal((await app.inject(`/v1/stories?limit=2&cursor=${cursor}`)).statusCode, 200)
  for (const url of [`/v1/stories?type=podcast&cursor=${cursor}`, `/v1/stories?exclude=her-2013-review&cursor=${cursor}`, `/v1/authors?cursor=${cursor}`]) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 400, url)
    t.equal(res.json().code, 'invalid_cursor')
  }
})

t.test('an unexpected failure is a 500 problem that tells nothing of the internals', async (t) => {
  const app = await build(t)
  // The database closes under the running app (the SQLite connection, or the Postgres pool).
  await app.database.close()
  for (const url of ['/v1/stories', '/v1/reviews/her-2013-review', '/v1/authors']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 500, url)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.equal(res.json().code, 'internal_error')
    t.notMatch(res.body, /sqlite|postgres|pool|database connection|TypeError|\.ts|\.js:/i, 'no driver text or stack')
  }
})

t.test('several bad fields are all listed', async (t) => {
  const app = await build(t)
  const res = await app.inject('/v1/stories?limit=0&type=nope&colour=red')
  t.equal(res.statusCode, 400)
  const paths = res.json().errors.map((e: { path: string }) => e.path).sort()
  t.same(paths, ['/querystring/colour', '/querystring/limit', '/querystring/type'])
})

t.test('numbers in query strings are plain decimals: hex, binary, exponents and padding are 400s', async (t) => {
  const app = await build(t)
  const partner = { authorization: (await keyFor(app, 'partner')).authorization }
  // [url, the field that must be named]
  const loose: Array<[string, string]> = [
    ['/v1/stories?limit=0x10', 'limit'], ['/v1/stories?limit=0b11', 'limit'], ['/v1/stories?limit=0o7', 'limit'],
    ['/v1/stories?limit=1e1', 'limit'], ['/v1/stories?limit=%205', 'limit'], ['/v1/stories?limit=5%20', 'limit'],
    ['/v1/stories?limit=%0A5', 'limit'], ['/v1/stories?limit=+5', 'limit'], ['/v1/stories?limit=%2B5', 'limit'],
    ['/v1/stories?limit=05', 'limit'], ['/v1/stories?limit=5.0', 'limit'], ['/v1/stories?limit=.5e1', 'limit'],
    ['/v1/stories?limit=', 'limit'], ['/v1/tags?limit=0x10', 'limit'], ['/v1/reviews?minScore=0x50', 'minScore'],
    ['/v1/reviews?maxScore=1e2', 'maxScore'], ['/v1/reviews?minScore=%2080', 'minScore'],
    ['/v1/search?q=film&limit=0x10', 'limit'], ['/v1/feeds/latest.json?limit=3e1', 'limit'],
    ['/v1/stories?limit=2&limit=0x10', 'limit']
  ]
  for (const [url, field] of loose) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 400, `${url} → 400`)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.ok(res.json().errors?.some((e: { path: string }) => e.path === `/querystring/${field}`), `${url} names ${field}: ${res.body.slice(0, 300)}`)
  }
  const sync = await app.inject({ url: '/v1/sync?limit=0x10', headers: partner })
  t.equal(sync.statusCode, 400, 'sync too')
  for (const url of ['/v1/stories?limit=16', '/v1/tags?limit=3', '/v1/reviews?minScore=0&maxScore=100', '/v1/search?q=film&limit=5', '/v1/feeds/latest.json?limit=30']) {
    t.equal((await app.inject(url)).statusCode, 200, `${url} still works`)
  }
  t.equal((await app.inject('/v1/stories?limit=16')).json().data.length, 16)
  t.equal((await app.inject({ url: '/v1/sync?limit=7', headers: partner })).statusCode, 200)
})

t.test('a JSON body that is not valid UTF-8 is a 400 and writes nothing', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const before = await tableCounts(app)
  const json = JSON.stringify(reviewBody({ title: 'Broken TITLE here', slug: 'broken-utf8' }))
  // A lone continuation byte, a truncated sequence, an overlong "/", a CESU-8 surrogate, bytes past U+10FFFF.
  const invalid = [[0xff], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]
  for (const bytes of invalid) {
    const [head, tail] = json.split('TITLE') as [string, string]
    const payload = Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)])
    const res = await app.inject({ method: 'POST', url: '/v1/stories', payload, headers: { authorization: editor.authorization, 'content-type': 'application/json' } })
    t.equal(res.statusCode, 400, `bytes ${Buffer.from(bytes).toString('hex')} → 400`)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.match(res.json().detail, /UTF-8/)
  }
  t.same(await tableCounts(app), before, 'nothing was written')
  t.equal((await editor.get('/v1/preview/stories/broken-utf8')).statusCode, 404)

  // What the parser still does: valid UTF-8 (with or without a BOM), the limits and the refusals.
  const send = (payload: string | Buffer, type = 'application/json; charset=utf-8') =>
    app.inject({ method: 'POST', url: '/v1/tags', payload, headers: { authorization: editor.authorization, 'content-type': type } })
  t.equal((await send('{"name":"Ünïcødé 日本 👍"}')).statusCode, 201, 'valid UTF-8 is accepted')
  t.equal((await send(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"With a BOM"}')]))).statusCode, 201, 'a BOM is skipped')
  const empty = await send('')
  t.equal(empty.statusCode, 400, 'an empty body')
  t.match(empty.headers['content-type'], /^application\/problem\+json/)
  t.equal((await send('{"name":')).statusCode, 400, 'broken JSON')
  t.equal((await send('{"name":"P","__proto__":{"x":1}}')).statusCode, 400, '__proto__')
  t.equal((await send('{"name":"C","constructor":{"prototype":{"x":1}}}')).statusCode, 400, 'constructor.prototype')
  t.equal((await send(JSON.stringify({ name: 'x'.repeat(1024 * 1024) }))).statusCode, 413, 'over the body limit')
  t.equal((await send('name=x', 'application/x-www-form-urlencoded')).statusCode, 415, 'not JSON')
  t.equal((await send('name', 'text/plain')).statusCode, 415, 'text')
})
