/**
 * Two apps on one database (as two processes or hosts would be): one delivers at a time,
 * each message once, in order, even with writes arriving at both concurrently.
 */
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { reviewBody } from '../editorial-helper.js'
import { databaseFile, keyFor, postgresTestDatabase, testConfig, testEngine } from '../helper.js'
import { startReceiver } from '../webhook-receiver.js'
import { WEBHOOK_DEFAULTS } from './webhook-setup.js'

async function twoApps (t: { teardown (fn: () => unknown): void }): Promise<[FastifyInstance, FastifyInstance]> {
  const config = testConfig({ webhooks: WEBHOOK_DEFAULTS })
  const options = { logger: false as const, webhooks: { autoStart: false } }
  let shared: { url?: string, path?: string, remove (): unknown }
  if (testEngine() === 'postgres') {
    const database = await postgresTestDatabase(config)
    shared = { url: database.url, remove: database.remove }
  } else {
    const file = await databaseFile(config)
    shared = { path: file.path, remove: file.remove }
  }
  const on = shared.url !== undefined ? { ...config, databaseUrl: shared.url } : { ...config, databasePath: shared.path!, writerThread: true }
  const first = await buildApp(on, options)
  const second = await buildApp(on, options)
  t.teardown(async () => {
    await first.close()
    await second.close()
    await shared.remove()
  })
  return [first, second]
}

t.test('two processes: one holds the lease, every message goes once and in order', async (t) => {
  const receiver = await startReceiver(t)
  const [a, b] = await twoApps(t)
  const admin = await keyFor(a, 'admin')
  const editor = await keyFor(a, 'editor')
  const created = await a.inject({ method: 'POST', url: '/v1/webhooks', headers: { authorization: admin.authorization }, payload: { url: receiver.url, events: ['story.published'] } })
  t.equal(created.statusCode, 201)
  // Writes to both at once, both deliverers racing after each batch.
  const titles = Array.from({ length: 16 }, (_, i) => `Concurrent review ${i}`)
  await Promise.all(titles.map(async (title, i) => {
    const app = i % 2 === 0 ? a : b
    const res = await app.inject({ method: 'POST', url: '/v1/stories', headers: { authorization: editor.authorization }, payload: reviewBody({ status: 'published', title, subject: { kind: 'film', title } }) })
    t.equal(res.statusCode, 201, title)
    await Promise.all([a.webhooks!.runOnce(), b.webhooks!.runOnce()])
  }))
  await Promise.all([a.webhooks!.runOnce(), b.webhooks!.runOnce()])
  await Promise.all([a.webhooks!.runOnce(), b.webhooks!.runOnce()])
  const ids = receiver.received.map((r) => r.headers['webhook-id'])
  t.equal(ids.length, titles.length, 'every event delivered')
  t.equal(new Set(ids).size, ids.length, 'none twice')
  t.same(new Set(receiver.events().map((e) => e.data.title)), new Set(titles))
  const attempts = await a.inject({ url: `/v1/webhooks/${created.json().endpoint.id}/attempts?limit=100`, headers: { authorization: admin.authorization } })
  t.equal(attempts.json().data.length, titles.length, 'one attempt recorded per message')
  const messages = (await b.inject({ url: `/v1/webhooks/${created.json().endpoint.id}/messages?limit=100`, headers: { authorization: admin.authorization } })).json().data as Array<{ id: string, changeSeq: number }>
  const seqOf = new Map(messages.map((m) => [m.id, m.changeSeq]))
  const delivered = ids.map((id) => seqOf.get(String(id))!)
  t.same(delivered, [...delivered].sort((x, y) => x - y), 'in change-log order')
})

t.test('the lease passes to the other process when its holder stops', async (t) => {
  const receiver = await startReceiver(t)
  const [a, b] = await twoApps(t)
  const admin = await keyFor(a, 'admin')
  const editor = await keyFor(b, 'editor')
  await a.inject({ method: 'POST', url: '/v1/webhooks', headers: { authorization: admin.authorization }, payload: { url: receiver.url } })
  await b.inject({ method: 'POST', url: '/v1/stories', headers: { authorization: editor.authorization }, payload: reviewBody({ status: 'published' }) })
  await a.webhooks!.runOnce()
  await b.webhooks!.runOnce()
  t.equal(receiver.received.length, 1, 'delivered by whoever took the lease first')
  await a.webhooks!.stop()
  await b.inject({ method: 'POST', url: '/v1/stories', headers: { authorization: editor.authorization }, payload: reviewBody({ status: 'published', title: 'After the handover', subject: { kind: 'film', title: 'Handover' } }) })
  await b.webhooks!.runOnce()
  t.equal(receiver.received.length, 2, 'the other took over as soon as the first let go')
  t.equal(receiver.events()[1]!.data.title, 'After the handover')
})
