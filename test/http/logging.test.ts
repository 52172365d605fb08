/** No API key reaches a log line: not from a header, a URL, a body or a failure. */
import { Writable } from 'node:stream'
import type { InjectOptions } from 'fastify'
import t from 'tap'
import { errorSerializer, maskKeys, maskUrl } from '../../src/http/log-redaction.js'
import { build, buildTestApp, keyFor, testConfig } from '../helper.js'
import { reviewBody } from '../editorial-helper.js'

t.test('a battery of keyed, mis-keyed and key-in-the-URL requests leaves no key in the logs', async (t) => {
  const lines: string[] = []
  const stream = new Writable({ write (chunk, _encoding, done) { lines.push(String(chunk)); done() } })
  const app = await buildTestApp(testConfig({ logLevel: 'trace' }), { logger: { stream, level: 'trace' } })
  t.teardown(() => app.close())
  const editor = await keyFor(app, 'editor')
  const partner = await keyFor(app, 'partner')
  const secrets = [editor.token, partner.token, editor.token.slice(-43), partner.token.slice(-43)]

  const requests: InjectOptions[] = [
    { url: '/v1/preview/stories/her-2013-review', headers: { authorization: editor.authorization } },
    { url: '/v1/sync?limit=5', headers: { authorization: partner.authorization } },
    { url: '/v1/feeds/reviews.json', headers: { authorization: partner.authorization } },
    { method: 'POST', url: '/v1/stories', headers: { authorization: editor.authorization }, payload: reviewBody({ title: `Mentions ${editor.token} by mistake` }) },
    { method: 'POST', url: '/v1/tags', headers: { authorization: editor.authorization, 'content-type': 'application/json' }, payload: '{"name": ' },
    { url: '/v1/stories', headers: { authorization: `${editor.authorization}x` } },
    { url: '/v1/preview/stories/her-2013-review', headers: { authorization: partner.authorization } },
    { url: `/v1/stories?key=${editor.token}` },
    { url: `/v1/stories?access_token=Bearer%20${partner.token}` },
    { url: `/v1/stories/${editor.token}` },
    { url: `/nowhere/${partner.token}` },
    { url: '/v1/stories', headers: { authorization: editor.token } },
    // `_` written as %5F, or the whole key percent-encoded: masked on the decoded URL.
    { url: `/v1/stories?key=${editor.token.replace(/_/g, '%5F')}` },
    { url: `/v1/stories?key=${[...editor.token].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')}` },
    { url: `/v1/search?q=${partner.token.slice(-43)}` },
    { url: `/v1/stories/${editor.token.slice(-43)}?x=%E0%A4%A` },
    { url: `/v1/feeds/reviews.rss?token=byf_${partner.token.slice(-43)}` }
  ]
  for (const request of requests) await app.inject(request)
  t.ok(lines.length >= requests.length * 2, `${lines.length} log lines written`)
  const leaking = lines.filter((line) => secrets.some((s) => line.includes(s)))
  t.same(leaking, [], 'no line holds a key or its secret')
  t.notOk(lines.some((line) => /"authorization"/i.test(line) && !line.includes('[redacted]')), 'no Authorization header in the clear')
  t.ok(lines.some((line) => line.includes('byl_[redacted]')), 'a key in a URL is logged masked')
})

t.test('maskKeys', async (t) => {
  const key = `byl_${'a'.repeat(16)}_${'B'.repeat(43)}`
  t.equal(maskKeys(`/v1/x?k=${key}&y=1`), '/v1/x?k=byl_[redacted]&y=1')
  t.equal(maskKeys('/v1/x?t=Bearer%20abc.def&y=1'), '/v1/x?t=Bearer%20[redacted]&y=1')
  t.equal(maskKeys('/v1/stories?limit=5'), '/v1/stories?limit=5')
  t.equal(maskKeys(`/v1/search?q=${'B'.repeat(43)}`), '/v1/search?q=[redacted]', 'a bare secret')
  t.equal(maskKeys(`/v1/feeds/t/byf_${'c'.repeat(40)}D12/x.rss`), '/v1/feeds/t/byf_[redacted]/x.rss', 'a feed token')
  const slug = 'the-legend-of-zelda-tears-of-the-kingdom-ab'
  t.equal(slug.length, 43)
  t.equal(maskKeys(`/v1/stories/${slug}`), `/v1/stories/${slug}`, 'a slug of the same length is not a secret')
})

t.test('maskUrl decodes before masking, and leaves clean URLs as sent', async (t) => {
  const key = `byl_${'a'.repeat(16)}_${'B'.repeat(43)}`
  t.equal(maskUrl(`/v1/x?k=${key.replace(/_/g, '%5F')}`), '/v1/x?k=byl_[redacted]')
  t.match(maskUrl(`/v1/x?k=${key.replace(/_/g, '%5f')}&bad=%E0%A4%A`), /^\/v1\/x\?k=byl_\[redacted\]&bad=/, 'a malformed escape elsewhere does not stop it')
  t.equal(maskUrl('/v1/search?q=caf%C3%A9'), '/v1/search?q=caf%C3%A9')
  t.equal(maskUrl(`/v1/x?k=${key.replace(/_/g, '%255F')}`), '/v1/x?k=byl_[redacted]', 'encoded twice')
  t.equal(maskUrl(`/v1/feeds/t/byf_${'A'.repeat(42)}%41%FF/latest.rss`).includes('A'.repeat(42)), false, 'a bad escape beside it does not stop it')
})

t.test('cursors are not secrets', async (t) => {
  const app = await build(t)
  const cursors: string[] = []
  for (let seq = 1; seq < 3000; seq += 7) {
    cursors.push(app.cursors.encode('sync', [seq, 1_700_000_000_000 + seq, 0], { sealed: true })!, app.cursors.encode('stories', ['2026-01-01T00:00:00.000Z', `sto_${seq.toString(36).padStart(26, 'x')}`])!)
  }
  const masked = cursors.filter((cursor) => maskUrl(`/v1/sync?cursor=${cursor}`) !== `/v1/sync?cursor=${cursor}`)
  t.same(masked, [], `${cursors.length} cursors logged as they are`)
})

t.test('errors and messages lose credentials too', async (t) => {
  const lines: string[] = []
  const stream = new Writable({ write (chunk, _encoding, done) { lines.push(String(chunk)); done() } })
  const app = await buildTestApp(testConfig({ logLevel: 'trace' }), { logger: { stream, level: 'trace' } })
  t.teardown(() => app.close())
  const editor = await keyFor(app, 'editor')
  app.log.info(`a message quoting ${editor.token}`)
  app.log.error({ err: new Error(`failed at /v1/stories?key=${editor.token.replace(/_/g, '%5F')}`) }, 'with an error')
  const secret = editor.token.slice(-43)
  t.same(lines.filter((line) => line.includes(secret)), [], 'no line holds the secret')
  t.ok(lines.some((line) => line.includes('a message quoting byl_[redacted]')), 'the message is kept, masked')
  t.ok(lines.some((line) => line.includes('"type":"Error"') && line.includes('byl_[redacted]')), 'the error is kept, masked')
})

t.test('a failed query\'s bound values are never logged (they can hold a webhook secret)', async (t) => {
  const { DrizzleQueryError } = await import('drizzle-orm/errors')
  const error = new DrizzleQueryError('insert into "webhook_endpoints" values ($1, $2)', ['whsec_c2VjcmV0c2VjcmV0c2VjcmV0', 'x'], new Error('invalid byte sequence'))
  const logged = JSON.stringify(errorSerializer(error))
  t.notOk(logged.includes('whsec_'), 'not in the message, the stack or a field')
  t.match(logged, /Failed query: insert into \\"webhook_endpoints\\"/, 'the query itself is kept')
  t.match(logged, /params: \[not logged\]/)
})
