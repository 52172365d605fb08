/**
 * The corners of webhook delivery: what a receiver may learn of drafts and embargoes
 * (nothing), filters across moves and deletions, schedules withdrawn and set again,
 * replay positions, Retry-After, WebSub endpoints, retention.
 */
import t from 'tap'
import { reviewBody } from '../editorial-helper.js'
import { answerWith, startReceiver } from '../webhook-receiver.js'
import { webhookApp } from './webhook-setup.js'

const sleepUntil = async (ms: number) => { while (Date.now() < ms) await new Promise((resolve) => setTimeout(resolve, Math.min(100, ms - Date.now() + 1))) }

t.test('a slug given while hidden is never told: not on publication, not on withdrawal', async (t) => {
  const receiver = await startReceiver(t)
  const { editor, endpoint, deliver } = await webhookApp(t)
  await endpoint({ url: receiver.url })
  const draft = (await editor.post('/v1/stories', reviewBody({ slug: 'secret-codename' }))).json().story.slug as string
  await editor.patch(`/v1/stories/${draft}`, { status: 'published', slug: 'public-name' })
  await deliver()
  t.same(receiver.events().map((e) => e.type), ['story.published'], 'published, not renamed')
  await editor.patch('/v1/stories/public-name', { status: 'draft', slug: 'next-secret' })
  await deliver()
  t.same(receiver.events().map((e) => e.type), ['story.published', 'story.unpublished'])
  t.equal(receiver.events()[1]!.data.slug, 'public-name', 'withdrawn under the slug the public knew')
  t.notOk(receiver.received.some((r) => r.body.includes('secret-codename') || r.body.includes('next-secret')), 'the hidden slugs never left')
})

t.test('filters follow a story where it was and where it went, and to its deletion', async (t) => {
  const movies = await startReceiver(t)
  const reviewsOnly = await startReceiver(t)
  const { editor, endpoint, deliver } = await webhookApp(t)
  await endpoint({ url: movies.url, filters: { sections: ['movies'] } })
  await endpoint({ url: reviewsOnly.url, filters: { storyTypes: ['review'] } })
  const slug = (await editor.post('/v1/stories', reviewBody({ status: 'published' }))).json().story.slug as string
  await deliver()
  await editor.patch(`/v1/stories/${slug}`, { section: 'games' })
  await deliver()
  await editor.patch(`/v1/stories/${slug}`, { status: 'draft' })
  await editor.del(`/v1/stories/${slug}`)
  await deliver()
  t.same(movies.events().map((e) => e.type), ['story.published', 'story.updated'], 'the movies endpoint hears it left; not what came after')
  t.same(reviewsOnly.events().map((e) => e.type), ['story.published', 'story.updated', 'story.unpublished'], 'the review endpoint hears it all')

  const published = (await editor.post('/v1/stories', reviewBody({ status: 'published', title: 'Deleted while live', subject: { kind: 'film', title: 'Gone' } }))).json().story.slug as string
  await deliver()
  await editor.del(`/v1/stories/${published}`)
  await deliver()
  t.same(movies.events().slice(2).map((e) => e.type), ['story.published', 'story.deleted'], 'a deletion reaches the section\'s endpoint')
})

t.test('a schedule withdrawn and set again to the same time publishes once', async (t) => {
  const receiver = await startReceiver(t)
  const { editor, endpoint, deliver, advance } = await webhookApp(t)
  await endpoint({ url: receiver.url })
  const at = new Date(Date.now() + 60_000).toISOString()
  const slug = (await editor.post('/v1/stories', reviewBody({ status: 'scheduled', publishedAt: at }))).json().story.slug as string
  await editor.patch(`/v1/stories/${slug}`, { status: 'draft' })
  await editor.patch(`/v1/stories/${slug}`, { status: 'scheduled', publishedAt: at })
  advance(62_000)
  await deliver()
  t.same(receiver.events().map((e) => e.type), ['story.published'])
})

t.test('an edit just after a scheduled publication never arrives before it', async (t) => {
  const receiver = await startReceiver(t)
  const { editor, endpoint, deliver, advance } = await webhookApp(t)
  await endpoint({ url: receiver.url })
  const at = Date.now() + 1200
  const slug = (await editor.post('/v1/stories', reviewBody({ status: 'scheduled', publishedAt: new Date(at).toISOString() }))).json().story.slug as string
  await sleepUntil(at + 50)
  await editor.patch(`/v1/stories/${slug}`, { dek: 'Edited right after it went live' })
  await deliver()
  advance(2000)
  await deliver()
  t.same(receiver.events().map((e) => e.type), ['story.published', 'story.updated'], 'in the order the public saw them')
})

t.test('replay positions the log does not hold are refused', async (t) => {
  const { admin, endpoint } = await webhookApp(t)
  const { endpoint: { id } } = await endpoint({ url: 'https://hooks.example/x' })
  const cases: Array<[unknown, number, RegExp]> = [
    [{ since: '2999-01-01T00:00:00Z' }, 422, /in the future/],
    [{ since: '2016-12-31T23:59:60Z' }, 422, /not a representable time/],
    [{ afterChange: 99_999_999 }, 422, /names no change-log entry/],
    [{ afterChange: 2 ** 60 }, 400, /must be <=/],
    [{ afterChange: -1 }, 400, /must be >=/]
  ]
  for (const [body, status, detail] of cases) {
    const res = await admin.post(`/v1/webhooks/${id}/replay`, body)
    t.equal(res.statusCode, status, JSON.stringify(body))
    t.match(res.json().detail, detail)
  }
  t.equal((await admin.post(`/v1/webhooks/${id}/replay`, { afterChange: 0 })).statusCode, 202, 'the whole log')
})

t.test('Retry-After asks for longer, never for less than the schedule', async (t) => {
  const receiver = await startReceiver(t, answerWith(503, { 'retry-after': '1' }))
  const { admin, editor, endpoint, deliver } = await webhookApp(t)
  const { endpoint: { id } } = await endpoint({ url: receiver.url })
  await editor.post('/v1/stories', reviewBody({ status: 'published' }))
  await deliver()
  const [first] = (await admin.get(`/v1/webhooks/${id}/attempts`)).json().data
  const wait = Date.parse(first.nextAttemptAt) - Date.parse(first.at)
  t.ok(wait >= 4000, `the schedule's 5 s, not the 1 s asked (${wait} ms)`)
})

t.test('bad input on endpoints: NUL, IPv4-compatible addresses, WebSub endpoints are WEBSUB_HUBS\'s', async (t) => {
  const hub = await startReceiver(t)
  const { admin } = await webhookApp(t, { websubHubs: [hub.url] })
  for (const body of [{ url: 'https://hooks.example/x', description: 'a\u0000b' }, { url: 'https://hooks.example/\u0000' }]) {
    const res = await admin.post('/v1/webhooks', body)
    t.equal(res.statusCode, 422, JSON.stringify(body))
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
  }
  t.equal((await admin.post('/v1/webhooks', { url: 'http://[::a00:1]/hook' })).statusCode, 422, 'IPv4-compatible 10.0.0.1')
  const [websub] = (await admin.get('/v1/webhooks')).json().data
  t.equal(websub.kind, 'websub')
  t.equal((await admin.patch(`/v1/webhooks/${websub.id}`, { url: 'https://elsewhere.example/' })).statusCode, 422)
  t.equal((await admin.post(`/v1/webhooks/${websub.id}/secret`, {})).statusCode, 422)
  t.equal((await admin.del(`/v1/webhooks/${websub.id}`)).statusCode, 422)
  const paused = await admin.patch(`/v1/webhooks/${websub.id}`, { active: false })
  t.equal(paused.statusCode, 200, 'but it can be paused')
  t.equal(paused.json().active, false)
})

t.test('delivered messages and their attempts go after the retention; pending ones stay', async (t) => {
  const ok = await startReceiver(t)
  const down = await startReceiver(t, answerWith(500))
  const { admin, editor, endpoint, deliver, advance } = await webhookApp(t)
  const good = (await endpoint({ url: ok.url })).endpoint.id
  const bad = (await endpoint({ url: down.url })).endpoint.id
  await editor.post('/v1/stories', reviewBody({ status: 'published' }))
  await deliver()
  advance(31 * 24 * 3600_000)
  await deliver()
  t.same((await admin.get(`/v1/webhooks/${good}/messages`)).json().data, [], 'delivered: gone')
  t.same((await admin.get(`/v1/webhooks/${good}/attempts`)).json().data, [], 'with their attempts')
  t.equal((await admin.get(`/v1/webhooks/${bad}/messages`)).json().data.length, 1, 'pending: kept')
})
