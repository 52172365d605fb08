/**
 * Editorial writes on the writer thread (a database file): refusals come back as the
 * same answers as in process, a write is readable as soon as it is acknowledged, and
 * closing the app lets writes already sent finish before the thread stops.
 */
import { getPriority } from 'node:os'
import { join } from 'node:path'
import Sqlite from 'better-sqlite3'
import t from 'tap'
import { startWriter } from '../../src/writes/writer-client.js'
import type { BatchDone } from '../../src/writes/writer-messages.js'
import { build } from '../helper.js'
import { editorClient, reviewBody } from '../editorial-helper.js'

const fileApp = (t: Parameters<typeof build>[0] & { testdir (): string }) => {
  const databasePath = join(t.testdir(), 'byline.db')
  return { databasePath, app: build(t, { databasePath }) }
}

t.test('refusals made on the thread are answered as in process', async (t) => {
  const { app: ready } = fileApp(t)
  const app = await ready
  const editor = await editorClient(t, app)
  const missing = await editor.patch('/v1/stories/no-such-story', { dek: 'x' })
  t.equal(missing.statusCode, 404)
  t.match(missing.headers['content-type'], /^application\/problem\+json/)
  t.match(missing.json().detail, /no-such-story/)

  const stale = await editor.patch('/v1/stories/her-2013-review', { dek: 'x' }, { 'if-match': '"not-the-etag"' })
  t.equal(stale.statusCode, 412)

  const invalid = await editor.patch('/v1/stories/her-2013-review', { section: 'no-such-section' })
  t.equal(invalid.statusCode, 422)
  t.match(invalid.json().errors, [{ path: '/body/section' }], 'with the fields it names')

  const created = await editor.post('/v1/stories', reviewBody({ slug: 'made-on-the-thread' }))
  t.equal(created.statusCode, 201)
  const again = await editor.post('/v1/stories', reviewBody({ slug: 'made-on-the-thread' }))
  t.equal(again.statusCode, 409)
})

t.test('an acknowledged write is what the next read serves, cached responses included', async (t) => {
  const { app: ready } = fileApp(t)
  const app = await ready
  const editor = await editorClient(t, app)
  const url = '/v1/reviews/her-2013-review'
  await app.inject(url)
  const hits = app.responseCache.hits
  await app.inject(url)
  t.equal(app.responseCache.hits, hits + 1, 'answered from memory')
  const patched = await editor.patch('/v1/stories/her-2013-review', { dek: 'Written on the writer thread.' })
  t.equal(patched.statusCode, 200)
  t.equal((await app.inject(url)).json().dek, 'Written on the writer thread.')
})

t.test('closing the app: writes already queued finish, later ones are refused, the thread stops', async (t) => {
  const { databasePath, app: ready } = fileApp(t)
  const app = await ready
  const editor = await editorClient(t, app)
  const slugs = (await app.inject('/v1/stories?limit=12')).json().data.map((s: any) => s.slug) as string[]
  const sent = slugs.map((slug, i) => app.inject({ method: 'PATCH', url: `/v1/stories/${slug}`, headers: { authorization: editor.authorization }, payload: { dek: `before close ${i}` } }))
  // Close once the first write is acknowledged: the others are queued, running, or not yet at their handler.
  await Promise.race(sent)
  await app.close()
  const answers = await Promise.all(sent)
  t.ok(answers.every((a) => a.statusCode === 200 || a.statusCode === 503), `answered ${answers.map((a) => a.statusCode).join(' ')}`)
  for (const refused of answers.filter((a) => a.statusCode === 503)) t.match(refused.json(), { code: 'storage_unavailable' })
  const db = new Sqlite(databasePath, { readonly: true })
  t.teardown(() => db.close())
  const dekOf = (slug: string) => JSON.parse(db.prepare('SELECT doc_json FROM stories WHERE slug = ?').pluck().get(slug) as string).dek
  const written = slugs.map((slug, i) => dekOf(slug) === `before close ${i}`)
  t.same(written, answers.map((a) => a.statusCode === 200), 'acknowledged writes are on disk, refused ones are not')
})

t.test('a write that reaches its handler after the app began to close is refused with a 503, not lost', async (t) => {
  const { app: ready } = fileApp(t)
  const app = await ready
  const editor = await editorClient(t, app)
  const sent = app.inject({ method: 'PATCH', url: '/v1/stories/her-2013-review', headers: { authorization: editor.authorization }, payload: { dek: 'too late' } })
  await app.close()
  const answer = await sent
  t.equal(answer.statusCode, 503)
  t.match(answer.json(), { code: 'storage_unavailable' })
})

t.test('the event loop gives the writer thread the CPU first, and writes still run', { skip: process.platform !== 'linux' && 'nice is per thread on Linux only' }, async (t) => {
  const before = getPriority()
  const app = await build(t, { databasePath: join(t.testdir(), 'byline.db'), eventLoopNice: 7 })
  // Nice is per thread on Linux: the event loop's thread dropped 7 steps, the writer's kept the process's.
  t.equal(getPriority(), Math.min(19, before + 7), 'the event loop runs 7 nice steps lower')
  t.equal(app.writes.threadNice, before, 'the writer thread started before, at the nice value it was given')
  t.ok(app.writes.threadNice! < getPriority(), 'so the writer thread comes first')
  const edited = await (await editorClient(t, app)).patch('/v1/stories/her-2013-review', { dek: 'Written while the event loop yields.' })
  t.equal(edited.statusCode, 200)
  t.equal((await app.inject('/v1/reviews/her-2013-review')).json().dek, 'Written while the event loop yields.')
})

t.test("the thread's answers are taken when asked, without a turn of the event loop", async (t) => {
  const databasePath = join(t.testdir(), 'byline.db')
  // Migrated and seeded, then left to the thread alone.
  await (await build(t, { databasePath, writerThread: false })).close()
  const batches: Array<BatchDone<unknown>> = []
  const writer = await startWriter({ databasePath, siteUrl: 'https://byline.example' }, {
    batch: (done) => { batches.push(done) },
    external () {},
    lost: (error) => { t.fail(error.message) }
  })
  t.teardown(() => writer.close())
  writer.post([{ id: 1, write: { name: 'updateStory', args: ['her-2013-review', { dek: 'Taken at once.' }, undefined, { now: Date.now(), actor: 'test' }] } }])
  // This thread blocks between looks, so no turn of its event loop can deliver the answer.
  const pause = new Int32Array(new SharedArrayBuffer(4))
  for (let waited = 0; batches.length === 0 && waited < 10_000; waited += 5) {
    Atomics.wait(pause, 0, 0, 5)
    writer.collect()
  }
  t.equal(batches.length, 1, 'the batch was taken synchronously')
  t.match(batches[0], { results: [{ id: 1, outcome: { ok: true, value: { slug: 'her-2013-review', body: /"dek":"Taken at once\."/ } } }] })
  writer.collect()
  // Had it stayed on the port too, the listener would hand it over again by now.
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.equal(batches.length, 1, 'an answer is taken once')
})
