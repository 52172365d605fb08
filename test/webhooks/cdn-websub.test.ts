/** CDN purges (Fastly, Varnish) and WebSub pings: built-in endpoint kinds, durable like any webhook. */
import t from 'tap'
import { reviewBody } from '../editorial-helper.js'
import { answerWith, startReceiver } from '../webhook-receiver.js'
import { webhookApp } from './webhook-setup.js'

t.test('Varnish: PURGE with the keys in xkey, on edits and at a scheduled publication; drafts purge nothing', async (t) => {
  const varnish = await startReceiver(t, answerWith(200, {}, 'purged 7 objects'))
  const { app, editor, endpoint, deliver, advance } = await webhookApp(t)
  await endpoint({ kind: 'varnish', url: `http://127.0.0.1:${varnish.port}/` })
  const her = await app.inject('/v1/reviews/her-2013-review')
  const keys = String(her.headers['surrogate-key']).split(' ')
  await editor.patch('/v1/stories/her-2013-review', { dek: 'Purge me' })
  await deliver()
  t.equal(varnish.received.length, 1, 'one purge for the write')
  const [purge] = varnish.received
  t.equal(purge!.method, 'PURGE')
  t.equal(purge!.url, '/')
  const purged = String(purge!.headers.xkey).split(' ')
  for (const key of keys) t.ok(purged.includes(key), `purges ${key}, which the review's response carries`)
  for (const collection of ['stories', 'reviews', 'feeds', 'search']) t.ok(purged.includes(collection), `and the ${collection} collection`)

  await editor.post('/v1/stories', reviewBody({ title: 'A draft' }))
  await deliver()
  t.equal(varnish.received.length, 1, 'a draft purges nothing')

  const at = new Date(Date.now() + 10 * 60_000).toISOString()
  await editor.post('/v1/stories', reviewBody({ title: 'Scheduled', status: 'scheduled', publishedAt: at }))
  await deliver()
  t.equal(varnish.received.length, 1, 'nothing before its time')
  advance(10 * 60_000 + 2000)
  await deliver()
  t.equal(varnish.received.length, 2, 'purged when it goes public')
  t.ok(String(varnish.received[1]!.headers.xkey).split(' ').includes('stories'))
})

t.test('Fastly: POST to the purge URL with Surrogate-Key and Fastly-Key; failures are retried', async (t) => {
  const fastly = await startReceiver(t, answerWith(503))
  const { admin, editor, endpoint, deliver, advance } = await webhookApp(t)
  const created = await endpoint({ kind: 'fastly', url: `http://127.0.0.1:${fastly.port}/service/SU1Z0isxPaozGVKXdv0eY/purge`, purgeToken: 'fastly-api-token' })
  t.notOk(JSON.stringify(created.endpoint).includes('fastly-api-token'), 'the token is never shown')
  t.notOk((await admin.get(`/v1/webhooks/${created.endpoint.id}`)).body.includes('fastly-api-token'))
  await editor.patch('/v1/stories/her-2013-review', { dek: 'Purge at Fastly' })
  await deliver()
  advance(6000)
  fastly.answer(answerWith(200, { 'content-type': 'application/json' }, '{"status":"ok"}'))
  await deliver()
  t.equal(fastly.received.length, 2, 'retried after the 503')
  const [request] = fastly.received
  t.equal(request!.method, 'POST')
  t.equal(request!.url, '/service/SU1Z0isxPaozGVKXdv0eY/purge')
  t.equal(request!.headers['fastly-key'], 'fastly-api-token')
  t.ok(String(request!.headers['surrogate-key']).split(' ').includes('stories'))
  t.same(fastly.received[1]!.headers['surrogate-key'], request!.headers['surrogate-key'], 'the same keys on the retry')
  const pings = await admin.post(`/v1/webhooks/${created.endpoint.id}/ping`, undefined)
  t.equal(pings.statusCode, 422, 'a CDN takes no ping')
})

t.test('WebSub: the hubs of WEBSUB_HUBS are told which feeds changed', async (t) => {
  const hub = await startReceiver(t)
  const publicUrl = 'https://api.byline.example'
  const { admin, editor, deliver } = await webhookApp(t, { websubHubs: [hub.url], publicUrl })
  const list = (await admin.get('/v1/webhooks')).json().data
  t.match(list, [{ kind: 'websub', url: hub.url, active: true }], 'the hub has its endpoint')
  await editor.post('/v1/stories', reviewBody({ status: 'published' }))
  await deliver()
  t.equal(hub.received.length, 1)
  const [ping] = hub.received
  t.equal(ping!.headers['content-type'], 'application/x-www-form-urlencoded')
  const form = new URLSearchParams(ping!.body)
  t.equal(form.get('hub.mode'), 'publish')
  const topics = form.getAll('hub.url')
  for (const feed of ['latest', 'reviews', 'types/review', 'sections/movies', 'authors/rhys-calloway', 'tags/drama']) {
    t.ok(topics.includes(`${publicUrl}/v1/feeds/${feed}.rss`), `${feed} is a topic`)
  }
  const feed = await admin.get('/v1/feeds/latest.rss')
  t.match(String(feed.headers.link), `<${hub.url}>; rel="hub"`, 'the feed names the hub it pings')
})
