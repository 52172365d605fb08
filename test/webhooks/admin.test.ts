/** The webhook admin API: secrets and their rotation, pings, the delivery log, redelivery and replay. */
import t from 'tap'
import { Webhook } from 'standardwebhooks'
import { reviewBody } from '../editorial-helper.js'
import { keyFor } from '../helper.js'
import { answerWith, startReceiver } from '../webhook-receiver.js'
import { webhookApp } from './webhook-setup.js'

const headersOf = (h: Record<string, unknown>) => ({ 'webhook-id': String(h['webhook-id']), 'webhook-timestamp': String(h['webhook-timestamp']), 'webhook-signature': String(h['webhook-signature']) })

t.test('a rotated secret signs beside the old one until the old one expires', async (t) => {
  const receiver = await startReceiver(t)
  const { admin, editor, endpoint, deliver, advance } = await webhookApp(t)
  const { endpoint: { id }, secret: old } = await endpoint({ url: receiver.url })
  const rotated = await admin.post(`/v1/webhooks/${id}/secret`, { keepPreviousSeconds: 3600 })
  t.equal(rotated.statusCode, 200)
  const { secret, previousSecretExpiresAt } = rotated.json()
  t.not(secret, old)
  t.ok(Date.parse(previousSecretExpiresAt) > Date.now() + 3500_000, 'an hour from now')
  await editor.post('/v1/stories', reviewBody({ status: 'published' }))
  await deliver()
  const [during] = receiver.received
  t.equal(String(during!.headers['webhook-signature']).split(' ').length, 2, 'two signatures while both are in force')
  t.ok(new Webhook(old).verify(during!.body, headersOf(during!.headers)), 'a receiver on the old secret verifies')
  t.ok(new Webhook(secret).verify(during!.body, headersOf(during!.headers)), 'so does one on the new secret')
  t.equal((await admin.get(`/v1/webhooks/${id}`)).json().secretHint, `whsec_…${secret.slice(-4)}`)

  advance(3601_000)
  await admin.post(`/v1/webhooks/${id}/ping`, undefined)
  await deliver()
  const after = receiver.received[1]!
  t.equal(String(after.headers['webhook-signature']).split(' ').length, 1, 'the old secret no longer signs')
  t.throws(() => new Webhook(old).verify(after.body, { ...headersOf(after.headers), 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) }))
})

t.test('ping, the message log, and redelivery of one message with its id and body', async (t) => {
  const receiver = await startReceiver(t)
  const { admin, editor, endpoint, deliver } = await webhookApp(t)
  const { endpoint: { id }, secret } = await endpoint({ url: receiver.url })
  const ping = await admin.post(`/v1/webhooks/${id}/ping`, undefined)
  t.equal(ping.statusCode, 202)
  t.match(ping.json(), { messageId: /^msg_/ })
  for (let i = 0; i < 3; i++) await editor.post('/v1/stories', reviewBody({ status: 'published', title: `Review number ${i}`, subject: { kind: 'film', title: `Film ${i}` } }))
  await deliver()
  t.same(receiver.events().map((e) => e.type), ['ping', 'story.published', 'story.published', 'story.published'])
  t.match(receiver.events()[0], { type: 'ping', data: { endpointId: id } })
  t.ok(new Webhook(secret).verify(receiver.received[0]!.body, headersOf(receiver.received[0]!.headers)), 'a ping is signed too')

  const first = await admin.get(`/v1/webhooks/${id}/messages?limit=2`)
  t.equal(first.statusCode, 200)
  t.equal(first.json().data.length, 2)
  t.match(first.json().data[0], { state: 'delivered', attempts: 1, type: 'story.published', payload: { type: 'story.published', data: { title: 'Review number 2' } } })
  const second = await admin.get(`/v1/webhooks/${id}/messages?limit=2&cursor=${first.json().meta.nextCursor}`)
  t.same(second.json().data.map((m: { type: string }) => m.type), ['story.published', 'ping'], 'newest first, page by page')
  t.equal(second.json().meta.nextCursor, null)

  const again = first.json().data[1]
  const redelivered = await admin.post(`/v1/webhooks/${id}/messages/${again.id}/redeliver`, undefined)
  t.equal(redelivered.statusCode, 202)
  await deliver()
  const last = receiver.received.at(-1)!
  t.equal(last.headers['webhook-id'], again.id, 'the same webhook-id, so a receiver can tell')
  t.same(JSON.parse(last.body), again.payload, 'and the same body')
  t.equal((await admin.post(`/v1/webhooks/${id}/messages/msg_0000000000000000/redeliver`, undefined)).statusCode, 404)
})

t.test('replay sends again every event since a change-log entry or a time', async (t) => {
  const receiver = await startReceiver(t)
  const { admin, editor, endpoint, deliver } = await webhookApp(t)
  const before = new Date().toISOString()
  for (let i = 0; i < 3; i++) await editor.post('/v1/stories', reviewBody({ status: 'published', title: `Archive review ${i}`, subject: { kind: 'film', title: `Old film ${i}` } }))
  const { endpoint: { id } } = await endpoint({ url: receiver.url })
  await deliver()
  t.same(receiver.received, [], 'a new endpoint starts from now')

  const replayed = await admin.post(`/v1/webhooks/${id}/replay`, { since: before })
  t.equal(replayed.statusCode, 202)
  await deliver()
  t.same(receiver.events().map((e) => e.data.title), ['Archive review 0', 'Archive review 1', 'Archive review 2'], 'what reached the public since then, in order')

  const messages = (await admin.get(`/v1/webhooks/${id}/messages`)).json().data
  const secondSeq = messages.find((m: { payload: { data: { title: string } } }) => m.payload.data.title === 'Archive review 1').changeSeq
  await admin.post(`/v1/webhooks/${id}/replay`, { afterChange: secondSeq })
  await deliver()
  t.same(receiver.events().slice(3).map((e) => e.data.title), ['Archive review 2'], 'after a change-log entry')
  t.equal((await admin.post(`/v1/webhooks/${id}/replay`, {})).statusCode, 400, 'a position is required')
  t.equal((await admin.post(`/v1/webhooks/${id}/replay`, { since: before, afterChange: 1 })).statusCode, 400, 'one position')
  t.equal((await admin.post(`/v1/webhooks/${id}/replay`, { since: 'yesterday' })).statusCode, 400, 'a real time')
})

t.test('endpoints: list, change, delete; bad ids and keys', async (t) => {
  const receiver = await startReceiver(t, answerWith(200))
  const { app, admin, endpoint } = await webhookApp(t)
  const a = await endpoint({ url: receiver.url, description: 'first' })
  await endpoint({ url: receiver.url, description: 'second', events: ['review.score_changed'] })
  const list = await admin.get('/v1/webhooks')
  t.same(list.json().data.map((e: { description: string }) => e.description), ['first', 'second'])
  t.notOk(list.body.includes(a.secret), 'no secret in the list')
  t.equal(list.headers['cache-control'], 'private, no-store')

  const read = await admin.get(`/v1/webhooks/${a.endpoint.id}`)
  const changed = await admin.patch(`/v1/webhooks/${a.endpoint.id}`, { events: ['story.published'], filters: { storyTypes: ['review'] } }, { 'if-match': String(read.headers.etag) })
  t.equal(changed.statusCode, 200)
  t.match(changed.json(), { events: ['story.published'], filters: { storyTypes: ['review'] } })
  t.equal((await admin.patch(`/v1/webhooks/${a.endpoint.id}`, {})).statusCode, 200, 'an empty change changes nothing')
  t.equal((await admin.patch(`/v1/webhooks/${a.endpoint.id}`, { url: 'http://10.0.0.1/' })).statusCode, 422, 'the URL is checked on change too')
  t.equal((await admin.del(`/v1/webhooks/${a.endpoint.id}`, { 'if-match': String(read.headers.etag) })).statusCode, 412, 'a stale ETag')
  t.equal((await admin.del(`/v1/webhooks/${a.endpoint.id}`)).statusCode, 204)
  t.equal((await admin.get(`/v1/webhooks/${a.endpoint.id}`)).statusCode, 404)
  t.equal((await admin.get(`/v1/webhooks/${a.endpoint.id}/attempts`)).statusCode, 404)
  t.equal((await admin.get('/v1/webhooks/not-an-id')).statusCode, 400)
  t.equal((await admin.get('/v1/webhooks/whe_0000000000000000/messages?cursor=bogus')).statusCode, 400)

  const anonymous = await app.inject('/v1/webhooks')
  t.equal(anonymous.statusCode, 401)
  t.equal(anonymous.headers['content-type'], 'application/problem+json; charset=utf-8')
  const partner = await keyFor(app, 'partner')
  t.equal((await app.inject({ url: '/v1/webhooks', headers: { authorization: partner.authorization } })).statusCode, 403)
})
