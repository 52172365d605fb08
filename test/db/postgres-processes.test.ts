/**
 * Two API processes on one PostgreSQL database (here two apps in one test process, each
 * with its own pool, cache and notification connection): a write through one is seen,
 * body and ETag, by the other within the bound the README states, even where the other
 * had the old answer in its response cache; a write that fails tells nobody anything.
 */
import t from 'tap'
import { build, keyFor, postgresTestDatabase, testConfig } from '../helper.js'
import { postgresUnavailableReason } from '../postgres-helper.js'

const BOUND_MS = 1000
const unavailable = postgresUnavailableReason()
const skip = unavailable !== false && process.env.CI === undefined ? unavailable : false

async function until (check: () => Promise<boolean>, ms: number): Promise<number> {
  const started = Date.now()
  while (!await check()) {
    if (Date.now() - started > ms) return Number.POSITIVE_INFINITY
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return Date.now() - started
}

t.test('a write through one process reaches the other\'s cached answers within the bound', { skip }, async (t) => {
  // A copy of the seeded demo: two apps on one database, as two processes would be.
  const database = await postgresTestDatabase(testConfig())
  t.teardown(() => database.remove())
  const url = database.url
  const a = await build(t, { databaseUrl: url, responseCacheMb: 64 })
  const b = await build(t, { databaseUrl: url, responseCacheMb: 64 })
  const path = '/v1/stories/her-2013-review'
  const first = await b.inject(path)
  t.equal(first.statusCode, 200)
  const hitsBefore = b.responseCache.hits
  t.equal((await b.inject(path)).body, first.body)
  t.equal(b.responseCache.hits, hitsBefore + 1, 'process B answers from memory')

  const { authorization } = await keyFor(a, 'editor')
  const patched = await a.inject({ method: 'PATCH', url: path, headers: { authorization }, payload: { dek: 'Changed through process A.' } })
  t.equal(patched.statusCode, 200, patched.body)
  const took = await until(async () => (await b.inject(path)).json().dek === 'Changed through process A.', BOUND_MS)
  t.ok(took <= BOUND_MS, `B serves the new body ${took} ms after A's commit`)
  t.comment(`seen by the other process after ${took} ms`)
  const now = await b.inject(path)
  t.not(now.headers.etag, first.headers.etag, 'and the new ETag')
  t.equal(now.headers.etag, (await a.inject(path)).headers.etag, 'the same ETag on both')

  const refused = await a.inject({ method: 'PATCH', url: path, headers: { authorization, 'if-match': '"stale"' }, payload: { dek: 'Never written.' } })
  t.equal(refused.statusCode, 412)
  await new Promise((resolve) => setTimeout(resolve, 100))
  t.equal((await b.inject(path)).json().dek, 'Changed through process A.', 'a refused write changes nothing anywhere')
})
