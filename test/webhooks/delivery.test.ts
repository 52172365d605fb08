/**
 * Webhook delivery end to end: real receivers on 127.0.0.1, signatures checked with the
 * `standardwebhooks` package, events resolved from the change log like delta sync.
 */
import { hostname } from 'node:os'
import t from 'tap'
import { Webhook } from 'standardwebhooks'
import { reviewBody } from '../editorial-helper.js'
import { answerWith, startReceiver } from '../webhook-receiver.js'
import { webhookApp } from './webhook-setup.js'

const headersOf = (h: Record<string, unknown>) => ({ 'webhook-id': String(h['webhook-id']), 'webhook-timestamp': String(h['webhook-timestamp']), 'webhook-signature': String(h['webhook-signature']) })

t.test('a published review reaches the receiver signed, with the public document; the secret is shown once', async (t) => {
  const receiver = await startReceiver(t)
  const { admin, editor, endpoint, deliver } = await webhookApp(t)
  const created = await endpoint({ url: receiver.url, description: 'Next.js revalidation' })
  t.match(created.secret, /^whsec_[A-Za-z0-9+/]+=*$/, 'a Standard Webhooks secret')
  const read = await admin.get(`/v1/webhooks/${created.endpoint.id}`)
  t.equal(read.statusCode, 200)
  t.notOk(read.body.includes(created.secret), 'never shown again')
  t.notOk(read.body.includes(created.secret.slice(6, 30)), 'not even in part')
  t.equal(read.json().health.state, 'healthy')

  const story = await editor.post('/v1/stories', reviewBody({ status: 'published' }))
  t.equal(story.statusCode, 201)
  await deliver()
  t.equal(receiver.received.length, 1, 'one delivery')
  const [request] = receiver.received
  const verified = new Webhook(created.secret).verify(request!.body, headersOf(request!.headers)) as { type: string, data: { slug: string, verdict: unknown } }
  t.equal(verified.type, 'story.published', 'verified by the standardwebhooks package')
  t.equal(verified.data.slug, story.json().story.slug)
  const pub = await admin.get(`/v1/stories/${story.json().story.slug}`)
  t.same(verified.data, pub.json(), 'data is what the public API serves')
  t.equal(request!.headers['content-type'], 'application/json')
  t.throws(() => new Webhook('whsec_' + Buffer.alloc(32, 1).toString('base64')).verify(request!.body, headersOf(request!.headers)), 'another secret does not verify')

  const health = (await admin.get(`/v1/webhooks/${created.endpoint.id}`)).json().health
  t.equal(health.pending, 0)
  t.ok(health.lastSuccessAt)
  const attempts = (await admin.get(`/v1/webhooks/${created.endpoint.id}/attempts`)).json()
  t.equal(attempts.data.length, 1)
  t.match(attempts.data[0], { attempt: 1, status: 204, ok: true, messageId: request!.headers['webhook-id'] })
})

t.test('drafts and embargoed stories say nothing; a scheduled story is published at its time with no request', async (t) => {
  const receiver = await startReceiver(t)
  const { editor, endpoint, deliver, advance } = await webhookApp(t)
  await endpoint({ url: receiver.url })
  const draft = await editor.post('/v1/stories', reviewBody({ title: 'A draft nobody sees' }))
  await editor.patch(`/v1/stories/${draft.json().story.slug}`, { dek: 'Still a draft' })
  const at = new Date(Date.now() + 60 * 60_000).toISOString()
  const embargoed = await editor.post('/v1/stories', reviewBody({ title: 'Embargoed review', status: 'scheduled', publishedAt: at }))
  t.equal(embargoed.statusCode, 201)
  await editor.patch(`/v1/stories/${embargoed.json().story.slug}`, { dek: 'Edited under embargo' })
  await editor.del(`/v1/stories/${draft.json().story.slug}`)
  await deliver()
  t.same(receiver.received, [], 'nothing before the embargo lifts')

  advance(60 * 60_000 + 2000)
  await deliver()
  const events = receiver.events()
  t.same(events.map((e) => e.type), ['story.published'], 'its publication, once')
  t.equal(events[0]!.data.slug, embargoed.json().story.slug)
  t.equal(events[0]!.data.dek, 'Edited under embargo', 'as the public sees it')
  t.equal(events[0]!.timestamp, at.replace(/\.\d+Z$/, (m) => m), 'stamped with the time it went public')
  t.notOk(JSON.stringify(receiver.received).includes('A draft nobody sees'), 'the draft never surfaced')
})

t.test('every story event type, in change-log order', async (t) => {
  const receiver = await startReceiver(t)
  const { editor, endpoint, deliver } = await webhookApp(t)
  await endpoint({ url: receiver.url })
  // Delivered after each write, as the deliverer woken by each commit does: events are resolved against the public state when they are made.
  const write = async (p: Promise<unknown>) => { await p; await deliver() }
  const slug = (await editor.post('/v1/stories', reviewBody({ status: 'published' }))).json().story.slug as string
  await deliver()
  await write(editor.patch(`/v1/stories/${slug}`, { dek: 'A new standfirst' }))
  await write(editor.patch(`/v1/stories/${slug}`, { verdict: { score: 7.5 } }))
  await write(editor.patch(`/v1/stories/${slug}`, { slug: 'past-lives-renamed' }))
  await write(editor.patch('/v1/stories/past-lives-renamed', { status: 'draft' }))
  await write(editor.patch('/v1/stories/past-lives-renamed', { status: 'published' }))
  await write(editor.del('/v1/stories/past-lives-renamed'))
  await write(editor.patch('/v1/authors/rhys-calloway', { bio: 'Writes about films.' }))
  const events = receiver.events()
  t.same(events.slice(0, 9).map((e) => e.type), [
    'story.published', 'story.updated', 'story.updated', 'review.score_changed', 'story.renamed', 'story.updated',
    'story.unpublished', 'story.published', 'story.deleted'
  ], 'one event per public change, in order; a write that publishes or withdraws says only that')
  t.ok(events.slice(9).some((e) => e.type === 'author.updated'), 'author changes too')
  const score = events.find((e) => e.type === 'review.score_changed')!
  t.match(score.data, { slug, previous: { score: 9, normalized: 90 }, current: { score: 7.5, normalized: 75 } }, 'previous and current, raw and normalized')
  const renamed = events.find((e) => e.type === 'story.renamed')!
  t.match(renamed.data, { previousSlug: slug, slug: 'past-lives-renamed' })
  t.match(renamed.data.previousUrl, new RegExp(`/articles/${slug}$`))
  const deleted = events.find((e) => e.type === 'story.deleted')!
  t.same(Object.keys(deleted.data).sort(), ['id', 'slug', 'type', 'url'], 'a tombstone says who, not what')
  const ids = receiver.received.map((r) => r.headers['webhook-id'])
  t.equal(new Set(ids).size, ids.length, 'one id per message')
})

t.test('a review in progress: finalized and rescored are events, with the editor\'s note; a provisional score under embargo says nothing', async (t) => {
  const receiver = await startReceiver(t)
  const { editor, endpoint, deliver } = await webhookApp(t)
  await endpoint({ url: receiver.url, events: ['review.finalized', 'review.score_changed'] })
  const inProgress = { scoreFormat: { kind: 'numeric', min: 0, max: 10, step: 0.5 }, score: 7, state: 'in_progress', untested: ['Online play'], summary: 'So far, so good.' }
  const slug = (await editor.post('/v1/stories', reviewBody({ status: 'published', verdict: inProgress }))).json().story.slug as string
  const hidden = (await editor.post('/v1/stories', reviewBody({ title: 'Under embargo', status: 'scheduled', publishedAt: new Date(Date.now() + 3_600_000).toISOString(), verdict: inProgress }))).json().story.slug as string
  t.equal((await editor.patch(`/v1/stories/${hidden}`, { verdict: { state: 'final', score: 9 } })).statusCode, 200)
  t.equal((await editor.patch(`/v1/stories/${slug}`, { verdict: { state: 'final', score: 8, note: 'Online play tested' } })).statusCode, 200)
  t.equal((await editor.patch(`/v1/stories/${slug}`, { verdict: { score: 8.5, note: 'Patch 1.2' } })).statusCode, 200)
  await deliver()
  const events = receiver.events()
  t.same(events.map((e) => [e.type, e.data.slug, e.data.note]), [
    ['review.finalized', slug, 'Online play tested'],
    ['review.score_changed', slug, 'Online play tested'],
    ['review.score_changed', slug, 'Patch 1.2']
  ], 'the embargoed review said nothing; the public one told each step')
  t.match(events[0]!.data, { previous: { score: 7, normalized: 70 }, current: { score: 8, normalized: 80 } })
})

t.test('subscriptions and filters choose the events', async (t) => {
  const receiver = await startReceiver(t)
  const { editor, endpoint, deliver } = await webhookApp(t)
  await endpoint({ url: receiver.url, events: ['story.published'], filters: { storyTypes: ['review'], sections: ['movies'] } })
  await editor.post('/v1/stories', reviewBody({ status: 'published' }))
  await editor.post('/v1/stories', reviewBody({ status: 'published', title: 'A game review', section: 'games' }))
  await editor.post('/v1/stories', { type: 'news', title: 'Festival news', bodyMarkdown: 'News.', section: 'movies', authors: ['rhys-calloway'], status: 'published' })
  await editor.patch('/v1/authors/rhys-calloway', { bio: 'Not subscribed.' })
  await deliver()
  t.same(receiver.events().map((e) => [e.type, e.data.title]), [['story.published', reviewBody().title]], 'only movie reviews published')
})

t.test('failures hold back their endpoint only, retried on the schedule with the same id and body', async (t) => {
  const failing = await startReceiver(t, answerWith(500, {}, 'down for maintenance'))
  const healthy = await startReceiver(t)
  const { admin, editor, endpoint, deliver, advance } = await webhookApp(t)
  const bad = await endpoint({ url: failing.url })
  await endpoint({ url: healthy.url })
  await editor.post('/v1/stories', reviewBody({ status: 'published' }))
  await editor.post('/v1/stories', reviewBody({ status: 'published', title: 'Second review', subject: { kind: 'film', title: 'Aftersun' } }))
  await deliver()
  t.equal(healthy.received.length, 2, 'the healthy endpoint got both')
  t.equal(failing.received.length, 1, 'the failing one stopped at the first')
  let read = (await admin.get(`/v1/webhooks/${bad.endpoint.id}`)).json()
  t.match(read.health, { state: 'failing', pending: 2, failedAttempts: 1, lastError: 'HTTP 500' })
  const log = (await admin.get(`/v1/webhooks/${bad.endpoint.id}/attempts`)).json().data
  t.match(log[0], { attempt: 1, status: 500, ok: false, responseBody: 'down for maintenance' })
  const wait = Date.parse(log[0].nextAttemptAt) - Date.parse(log[0].at)
  t.ok(wait >= 4000 && wait <= 6000, `next attempt about 5 s later (${wait} ms)`)

  await deliver()
  t.equal(failing.received.length, 1, 'not before its time')
  advance(6000)
  failing.answer(answerWith(200))
  await deliver()
  t.equal(failing.received.length, 3, 'the retry, then the next')
  t.equal(failing.received[1]!.headers['webhook-id'], failing.received[0]!.headers['webhook-id'], 'the same id on the retry')
  t.equal(failing.received[1]!.body, failing.received[0]!.body, 'and the same body')
  t.not(failing.received[1]!.headers['webhook-timestamp'], undefined)
  t.same(failing.events().map((e) => e.data.title), [reviewBody().title, reviewBody().title, 'Second review'], 'in order')
  read = (await admin.get(`/v1/webhooks/${bad.endpoint.id}`)).json()
  t.match(read.health, { state: 'healthy', pending: 0, failedAttempts: 0 })
})

t.test('Retry-After is honoured; 410 switches the endpoint off until an admin resumes it', async (t) => {
  const receiver = await startReceiver(t, answerWith(429, { 'retry-after': '120' }))
  const { admin, editor, endpoint, deliver, advance } = await webhookApp(t)
  const { endpoint: { id } } = await endpoint({ url: receiver.url })
  await editor.post('/v1/stories', reviewBody({ status: 'published' }))
  await deliver()
  const [first] = (await admin.get(`/v1/webhooks/${id}/attempts`)).json().data
  const wait = Date.parse(first.nextAttemptAt) - Date.parse(first.at)
  t.ok(wait >= 120_000 && wait < 121_000, `two minutes after the attempt, as asked (${wait} ms)`)
  advance(121_000)
  receiver.answer(answerWith(410))
  await deliver()
  const read = await admin.get(`/v1/webhooks/${id}`)
  t.match(read.json(), { active: false, disabledReason: /410 Gone/, health: { state: 'disabled', pending: 1 } })
  advance(3600_000)
  await deliver()
  t.equal(receiver.received.length, 2, 'nothing more to a disabled endpoint')

  receiver.answer(answerWith(200))
  const resumed = await admin.patch(`/v1/webhooks/${id}`, { active: true }, { 'if-match': String(read.headers.etag) })
  t.equal(resumed.statusCode, 200)
  t.match(resumed.json(), { active: true, disabledReason: null })
  await deliver()
  t.equal(receiver.received.length, 3, 'resumed from the message that stopped it')
  t.equal(receiver.received[2]!.headers['webhook-id'], receiver.received[0]!.headers['webhook-id'])
  const stale = await admin.patch(`/v1/webhooks/${id}`, { description: 'x' }, { 'if-match': String(read.headers.etag) })
  t.equal(stale.statusCode, 412, 'If-Match guards concurrent edits')
})

t.test('an endpoint failing for three days is switched off and says why', async (t) => {
  const receiver = await startReceiver(t, answerWith(503))
  const { admin, editor, endpoint, deliver, advance } = await webhookApp(t)
  const { endpoint: { id } } = await endpoint({ url: receiver.url })
  await editor.post('/v1/stories', reviewBody({ status: 'published' }))
  const gaps: number[] = []
  for (let i = 0; i < 12; i++) {
    await deliver()
    const [last] = (await admin.get(`/v1/webhooks/${id}/attempts?limit=1`)).json().data
    if (last.nextAttemptAt === null) break
    // From the attempt's start to the next: the delay after it ended, to the second.
    gaps.push(Math.floor((Date.parse(last.nextAttemptAt) - Date.parse(last.at)) / 1000) * 1000)
    advance(25 * 3600_000)
  }
  t.equal(receiver.received.length, 10, 'ten attempts in all')
  t.same(gaps, [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000], 'backoff from 5 s to a day (jitter fixed by the test)')
  const read = (await admin.get(`/v1/webhooks/${id}`)).json()
  t.match(read, { active: false, disabledReason: /failed 10 attempts .*HTTP 503/ })
})

t.test('receivers that redirect, hang, answer late or send too much', async (t) => {
  const redirecting = await startReceiver(t, answerWith(302, { location: 'http://127.0.0.1:9/elsewhere' }))
  const hanging = await startReceiver(t, () => {})
  const late = await startReceiver(t, (_req, res) => { setTimeout(() => res.writeHead(200).end('ok'), 400) })
  const flood = await startReceiver(t, (_req, res) => { res.writeHead(200); res.write('x'.repeat(64 * 1024)); res.end('y'.repeat(64 * 1024)) })
  const { admin, editor, endpoint, deliver } = await webhookApp(t, {}, { timeoutMs: 200 })
  const ids = [] as string[]
  for (const r of [redirecting, hanging, late, flood]) ids.push((await endpoint({ url: r.url })).endpoint.id)
  // Nobody listens there: the receiver is down.
  const closed = await startReceiver(t)
  const unreachable = (await endpoint({ url: closed.url })).endpoint.id
  await closed.close()
  await editor.post('/v1/stories', reviewBody({ status: 'published' }))
  const started = Date.now()
  await deliver()
  t.ok(Date.now() - started < 2000, 'one slow receiver holds back nobody: they are tried at once')
  const last = async (id: string) => (await admin.get(`/v1/webhooks/${id}/attempts?limit=1`)).json().data[0]
  t.match(await last(ids[0]!), { status: 302, ok: false, error: /redirect to http:\/\/127\.0\.0\.1:9\/elsewhere not followed/ })
  t.match(await last(ids[1]!), { status: null, ok: false, error: 'no answer within 200 ms' })
  t.match(await last(ids[2]!), { status: null, ok: false, error: 'no answer within 200 ms' }, 'a 200 after the timeout is a failure, retried later')
  const flooded = await last(ids[3]!)
  t.match(flooded, { status: 200, ok: true })
  t.equal(flooded.responseBody.length, 1024, 'the answer read up to its bound')
  t.equal(redirecting.received.length, 1, 'the redirect was not followed')
  t.match(await last(unreachable), { status: null, ok: false, error: /ECONNREFUSED/ }, 'an unreachable receiver is a failure like any other')
})

t.test('destinations: private addresses, credentials and bad URLs are refused; names are checked once resolved', async (t) => {
  const { admin, endpoint, editor, deliver } = await webhookApp(t, {}, { allowedNetworks: [] })
  for (const [url, why] of [
    ['http://10.1.2.3/hook', /private, loopback or link-local/],
    ['http://127.0.0.1:8080/hook', /private, loopback or link-local/],
    ['http://[::1]/hook', /private, loopback or link-local/],
    ['http://169.254.169.254/latest/meta-data', /private, loopback or link-local/],
    ['http://localhost/hook', /private, loopback or link-local/],
    ['http://user:pass@hooks.example/hook', /credentials/],
    ['ftp://hooks.example/', /http or https/],
    ['not a url', /valid absolute URL/]
  ] as const) {
    const res = await admin.post('/v1/webhooks', { url })
    t.equal(res.statusCode, 422, url)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.match(res.json().detail, why, url)
  }
  t.equal((await admin.post('/v1/webhooks', { url: 'https://hooks.example/x', kind: 'fastly' })).statusCode, 422, 'fastly needs its token')
  t.equal((await admin.post('/v1/webhooks', { url: 'https://hooks.example/x', purgeToken: 't' })).statusCode, 422, 'only fastly takes one')
  t.equal((await admin.post('/v1/webhooks', { url: 'https://hooks.example/x', events: ['story.exploded'] })).statusCode, 400, 'unknown event type')
  t.equal((await admin.post('/v1/webhooks', { url: 'https://hooks.example/x', filters: { sections: ['no-such-section'] } })).statusCode, 422, 'unknown section')
  t.equal((await admin.post('/v1/webhooks', { url: 'https://hooks.example/x', secret: 'mine' })).statusCode, 400, 'unknown member')
  t.equal((await editor.post('/v1/webhooks', { url: 'https://hooks.example/x' })).statusCode, 403, 'admins only')

  // A name passes when saved and is refused once it resolves to loopback.
  const receiver = await startReceiver(t)
  const { endpoint: { id } } = await endpoint({ url: receiver.url.replace('127.0.0.1', hostname()) })
  await editor.post('/v1/stories', reviewBody({ status: 'published' }))
  await deliver()
  const [attempt] = (await admin.get(`/v1/webhooks/${id}/attempts`)).json().data
  t.equal(receiver.received.length, 0, 'never called')
  t.match(attempt, { ok: false, status: null, error: /resolves to 127\.0\.0\.1, a private, loopback or link-local address/ })
})

t.test('stopping abandons a delivery in flight at once; its message stays pending for the next holder', async (t) => {
  let arrived: () => void
  const arrival = new Promise<void>((resolve) => { arrived = resolve })
  const hanging = await startReceiver(t, () => { arrived() })
  const { app, admin, editor, endpoint, deliver } = await webhookApp(t, {}, { timeoutMs: 60_000 })
  const { endpoint: { id } } = await endpoint({ url: hanging.url })
  await editor.post('/v1/stories', reviewBody({ status: 'published' }))
  const round = deliver()
  await arrival
  // Bounded well below the receiver's minute: a shutdown never waits for a slow receiver.
  const stopped = await Promise.race([app.webhooks!.stop().then(() => 'stopped'), new Promise((resolve) => setTimeout(resolve, 10_000, 'still waiting'))])
  t.equal(stopped, 'stopped')
  await round
  const read = (await admin.get(`/v1/webhooks/${id}`)).json()
  t.match(read.health, { pending: 1, failedAttempts: 0 }, 'not counted as a failure')
  t.same((await admin.get(`/v1/webhooks/${id}/attempts`)).json().data, [], 'nothing recorded')
})
