/**
 * Delta sync: a partner's mirror, built only from /v1/sync, equals the public
 * catalogue exactly — after a full replay, and again after creates, edits, score
 * changes, unpublishes, deletes, renames and a scheduled publication, replayed from the
 * cursor it stored.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { SETTLE_MS } from '../../src/repositories/sync.js'
import { editorClient, reviewBody } from '../editorial-helper.js'
import { build, getJson, keyFor, testConfig, walk } from '../helper.js'
import { responseMismatch } from '../openapi-validator.js'

type Mirror = Map<string, unknown>
interface ScoreEvent { id: string, previousScore: number | null, currentScore: number | null, previous: unknown, current: unknown }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Replays /v1/sync from `cursor` until hasMore is false; returns the cursor to store. */
async function replay (t: Test, app: FastifyInstance, authorization: string, mirror: Mirror, cursor: string | null, options: { limit?: number, types?: string, scores?: ScoreEvent[] } = {}): Promise<string> {
  for (let pages = 0; pages < 1000; pages++) {
    const query = new URLSearchParams({ limit: String(options.limit ?? 7), ...(cursor === null ? {} : { cursor }), ...(options.types === undefined ? {} : { types: options.types }) })
    const url = `/v1/sync?${query.toString()}`
    const res = await app.inject({ url, headers: { authorization } })
    t.equal(res.statusCode, 200, url)
    const mismatch = responseMismatch('GET', url, res)
    if (mismatch !== null) t.fail(mismatch)
    const body = res.json() as { data: Array<{ op: string, resource: string, id: string, data?: unknown } & ScoreEvent>, meta: { nextCursor: string, hasMore: boolean } }
    for (const event of body.data) {
      const key = `${event.resource}/${event.id}`
      if (event.op === 'upsert') mirror.set(key, event.data)
      else if (event.op === 'delete') mirror.delete(key)
      else options.scores?.push(event)
    }
    cursor = body.meta.nextCursor
    if (!body.meta.hasMore) return cursor
  }
  throw new Error('sync does not end')
}

/** The public catalogue as the read API serves it, keyed like the mirror. */
async function publicCatalogue (app: FastifyInstance): Promise<Mirror> {
  const expected: Mirror = new Map()
  for (const card of (await walk(app, '/v1/stories', 100)).items) {
    expected.set(`story/${card.id}`, (await getJson(app, `/v1/stories/${card.slug}`)).body)
  }
  for (const [list, resource] of [['/v1/authors', 'author'], ['/v1/sections', 'section'], ['/v1/tags', 'tag']] as const) {
    for (const item of (await walk(app, list, 100)).items) expected.set(`${resource}/${item.id}`, item)
  }
  return expected
}

function sameCatalogue (t: Test, mirror: Mirror, expected: Mirror, message: string): void {
  t.same([...mirror.keys()].sort(), [...expected.keys()].sort(), `${message}: same resources`)
  const differing = [...expected.keys()].filter((k) => JSON.stringify(mirror.get(k)) !== JSON.stringify(expected.get(k)))
  t.same(differing, [], `${message}: every resource as its endpoint serves it`)
}

t.test('a mirror replayed from the start, then from its stored cursor, equals the public catalogue', async (t) => {
  const app = await build(t)
  const { authorization } = await keyFor(app, 'partner')
  const editor = await editorClient(t, app)
  const mirror: Mirror = new Map()
  let cursor = await replay(t, app, authorization, mirror, null)
  sameCatalogue(t, mirror, await publicCatalogue(app), 'after the first replay')
  t.ok([...mirror.values()].some((v) => (v as { slug?: string }).slug === 'her-2013-review'), 'the demo review is mirrored')

  const again = await replay(t, app, authorization, new Map(), cursor)
  t.equal(again.length > 0, true, 'a cursor at the end stays usable')
  t.equal((await app.inject({ url: `/v1/sync?cursor=${cursor}`, headers: { authorization } })).json().data.length, 0, 'nothing new, nothing sent')

  const created = (await editor.post('/v1/stories', reviewBody({ status: 'published' }))).json().story
  await editor.post('/v1/stories', reviewBody({ title: 'A draft nobody sees yet' }))
  const [first, second, third] = (await walk(app, '/v1/stories?type=news', 100)).items
  await editor.patch(`/v1/stories/${first.slug}`, { title: 'Retitled & <escaped> — ✓' })
  await editor.patch(`/v1/stories/${created.slug}`, { verdict: { score: 6.5 } })
  await editor.patch(`/v1/stories/${second.slug}`, { status: 'archived' })
  await editor.del(`/v1/stories/${third.slug}`)
  await editor.patch('/v1/authors/rhys-calloway', { name: 'Rhys Calloway-Jones' })
  const tag = (await editor.post('/v1/tags', { name: 'Here and gone' })).json()
  await editor.del(`/v1/tags/${tag.slug}`)
  const kept = (await editor.post('/v1/tags', { name: 'Slow cinema' })).json()
  await editor.patch('/v1/media/med-avatar-aiko-tanaka', { alt: 'Aiko Tanaka, photographed in 2026' })
  // Far enough ahead that the writes and the replay below finish before it, on either engine.
  const LEAD_MS = 1500
  const soon = new Date(Date.now() + LEAD_MS).toISOString()
  const scheduled = (await editor.post('/v1/stories', reviewBody({ title: 'Arrives on its own', status: 'scheduled', publishedAt: soon, subject: { kind: 'film', title: 'Aftersun', releaseDate: '2022-10-21' } }))).json().story
  await editor.patch(`/v1/stories/${scheduled.slug}`, { verdict: { score: 3 } })

  const scores: ScoreEvent[] = []
  cursor = await replay(t, app, authorization, mirror, cursor, { scores })
  t.notOk(mirror.has(`story/${scheduled.id}`), 'a scheduled story is not sent before its time')
  sameCatalogue(t, mirror, await publicCatalogue(app), 'after the changes')
  t.ok(mirror.has(`tag/${kept.id}`), 'a new tag arrives')
  t.notOk(mirror.has(`story/${second.id}`), 'an archived story is dropped')
  t.notOk(mirror.has(`story/${third.id}`), 'a deleted story is dropped')
  t.equal((mirror.get(`story/${first.id}`) as { title: string }).title, 'Retitled & <escaped> — ✓')
  t.match(scores, [{ id: created.id, previousScore: 90, currentScore: 65, previous: { score: 9 }, current: { score: 6.5 } }], 'the score change is an event with both scores')

  await sleep(Math.max(0, Date.parse(soon) + SETTLE_MS + 100 - Date.now()))
  const laterScores: ScoreEvent[] = []
  cursor = await replay(t, app, authorization, mirror, cursor, { scores: laterScores })
  t.ok(mirror.has(`story/${scheduled.id}`), 'the scheduled story arrives once live')
  t.same(laterScores, [], 'with its score, and no event for a score changed while nobody could see it')
  sameCatalogue(t, mirror, await publicCatalogue(app), 'after the scheduled story went live')
})

t.test('a draft, its edits and its deletion never reach sync', async (t) => {
  const app = await build(t)
  const { authorization } = await keyFor(app, 'partner')
  const editor = await editorClient(t, app)
  const cursor = await replay(t, app, authorization, new Map(), null)
  const draft = (await editor.post('/v1/stories', reviewBody({ title: 'Embargoed zanzibarquux' }))).json().story
  await editor.patch(`/v1/stories/${draft.slug}`, { verdict: { score: 2 } })
  await editor.del(`/v1/stories/${draft.slug}`)
  const later = (await editor.post('/v1/stories', reviewBody({ title: 'Later quetzalvorn', status: 'scheduled', publishedAt: '2099-01-01T00:00:00Z' }))).json().story
  await editor.patch(`/v1/stories/${later.slug}`, { verdict: { score: 3 } })
  const gone = (await editor.post('/v1/stories', reviewBody({ title: 'Withdrawn quetzalvorn', status: 'scheduled', publishedAt: '2099-01-01T00:00:00Z', subject: { kind: 'film', title: 'Gone' } }))).json().story
  await editor.del(`/v1/stories/${gone.slug}`)
  const res = await app.inject({ url: `/v1/sync?cursor=${cursor}`, headers: { authorization } })
  t.same(res.json().data, [], 'nothing at all: no upsert, no tombstone (not even for the deleted embargoed story), no score')
  t.notMatch(res.body, /zanzibarquux|quetzalvorn/)
})

t.test('types narrow the events; a cursor continues only its own types', async (t) => {
  const app = await build(t)
  const { authorization } = await keyFor(app, 'partner')
  const authorsOnly: Mirror = new Map()
  await replay(t, app, authorization, authorsOnly, null, { types: 'author' })
  t.same([...authorsOnly.keys()].filter((k) => !k.startsWith('author/')), [])
  t.equal(authorsOnly.size, (await walk(app, '/v1/authors', 100)).items.length)
  const mixed: Mirror = new Map()
  const res = await app.inject({ url: '/v1/sync?types=section,tag&limit=1000', headers: { authorization } })
  for (const e of res.json().data) mixed.set(`${e.resource}/${e.id}`, e.data)
  t.same(new Set([...mixed.keys()].map((k) => k.split('/')[0])), new Set(['section', 'tag']))
  const tagCursor = res.json().meta.nextCursor
  t.equal((await app.inject({ url: `/v1/sync?types=tag,section&cursor=${tagCursor}`, headers: { authorization } })).statusCode, 200, 'the same types in another order')
  t.equal((await app.inject({ url: `/v1/sync?types=story&cursor=${tagCursor}`, headers: { authorization } })).statusCode, 400, 'other types: refused, not silently skipped')
  t.equal((await app.inject({ url: `/v1/sync?cursor=${tagCursor}`, headers: { authorization } })).statusCode, 400, 'all types: refused too')
})

t.test('a sync cursor says nothing of the log behind it', async (t) => {
  const app = await build(t)
  const { authorization } = await keyFor(app, 'partner')
  const read = async (cursor?: string) => (await app.inject({ url: `/v1/sync?limit=1000${cursor === undefined ? '' : `&cursor=${cursor}`}`, headers: { authorization } })).json().meta.nextCursor as string
  const first = await read()
  const payload = Buffer.from(first.split('.')[0]!, 'base64url').toString('utf8')
  t.notMatch(payload, /^\[\d/, 'not readable JSON numbers')
  await (await editorClient(t, app)).post('/v1/stories', reviewBody({ title: 'Ten drafts' }))
  const again = await read(first)
  t.not(again, first, 'a new cursor each time, whatever moved')
  t.equal((await app.inject({ url: `/v1/sync?cursor=${first.slice(0, -2)}AA`, headers: { authorization } })).statusCode, 400, 'tampered: refused')
})

t.test('who may sync, and what it refuses', async (t) => {
  const app = await build(t)
  t.equal((await app.inject('/v1/sync')).statusCode, 401, 'no key')
  t.equal((await app.inject({ url: '/v1/sync', headers: { authorization: 'Bearer nope' } })).statusCode, 401, 'a malformed key')
  for (const role of ['partner', 'editor', 'admin'] as const) {
    t.equal((await app.inject({ url: '/v1/sync?limit=1', headers: { authorization: (await keyFor(app, role)).authorization } })).statusCode, 200, role)
  }
  const { authorization } = await keyFor(app, 'partner')
  const ok = await app.inject({ url: '/v1/sync?limit=1', headers: { authorization } })
  t.equal(ok.headers['cache-control'], 'private, no-store')
  const storiesCursor = (await getJson(app, '/v1/stories?limit=1')).body.meta.nextCursor
  for (const query of ['types=story,subject', 'types=', 'limit=0', 'limit=1001', 'cursor=nope', `cursor=${storiesCursor}`, 'since=1']) {
    const res = await app.inject({ url: `/v1/sync?${query}`, headers: { authorization } })
    t.equal(res.statusCode, 400, query)
    t.match(res.headers['content-type'], /application\/problem\+json/)
  }
})

t.test('a stored cursor stays valid across a restart', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'byline-sync-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const config = testConfig({ databasePath: join(dir, 'byline.db') })
  let app = await buildApp(config, { logger: false })
  const { token } = await keyFor(app, 'partner')
  const authorization = `Bearer ${token}`
  const cursor = await replay(t, app, authorization, new Map(), null, { limit: 1000 })
  await (await editorClient(t, app)).patch('/v1/authors/marcus-ellery', { jobTitle: 'Chief Film Critic' })
  await app.close()
  app = await buildApp(config, { logger: false })
  const res = await app.inject({ url: `/v1/sync?cursor=${cursor}`, headers: { authorization } })
  t.equal(res.statusCode, 200)
  const events = res.json().data as Array<{ op: string, resource: string, data: { jobTitle?: string } }>
  t.ok(events.some((e) => e.resource === 'author' && e.data.jobTitle === 'Chief Film Critic'), 'the change made before the restart')
  t.notOk(events.some((e) => e.resource === 'section'), 'and nothing replayed from before the cursor')
  const resumeAt = res.json().meta.nextCursor as string
  await app.close()

  // A new SITE_URL re-renders every story at start: a mirror hears of each public one.
  const moved = await buildApp({ ...config, siteUrl: 'https://reviews.example' }, { logger: false })
  t.teardown(() => moved.close())
  const mirror: Mirror = new Map()
  await replay(t, moved, authorization, mirror, resumeAt, { limit: 1000 })
  const stories = [...mirror.entries()].filter(([k]) => k.startsWith('story/')).map(([, v]) => v as { url: string })
  t.equal(stories.length, (await walk(moved, '/v1/stories', 100)).items.length, 'every public story again')
  t.ok(stories.every((s) => s.url.startsWith('https://reviews.example/')), 'with its new URL')
})
