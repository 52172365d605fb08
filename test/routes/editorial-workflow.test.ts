/**
 * The editor's day, end to end through HTTP: create a review with its verdict as a
 * draft, preview it, schedule it, see it go live with no restart, change its score and
 * see the public verdict follow. The README's curl walk-through is this test.
 */
import t from 'tap'
import { sql } from 'drizzle-orm'
import { build, keyFor, rows, writeBehindTheApi } from '../helper.js'
import { editorClient, reviewBody } from '../editorial-helper.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

t.test('draft → preview → scheduled → live → score edit', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)

  const created = await editor.post('/v1/stories', reviewBody())
  t.equal(created.statusCode, 201)
  const draft = created.json()
  t.equal(draft.status, 'draft')
  t.equal(draft.live, false)
  t.equal(draft.story.slug, 'past-lives-review-the-road-not-taken', 'slug made from the title')
  t.equal(created.headers.location, `/v1/preview/stories/${draft.story.slug}`)
  t.equal(created.headers['cache-control'], 'private, no-store')
  t.equal(draft.story.subject.slug, 'past-lives', 'the new subject was created with the review')
  t.equal(draft.story.verdict.normalizedScore, 90)
  t.match(draft.story.body.html, /<strong>24 years<\/strong>/, 'Markdown rendered at write time')
  t.match(draft.story.media[0].url, /^https:\/\//, 'media:ID resolved to the media item')
  t.ok(draft.story.readingTimeMinutes >= 1)
  const slug = draft.story.slug

  const preview = await editor.get(`/v1/preview/stories/${slug}`)
  t.equal(preview.statusCode, 200, 'editors preview a draft')
  t.equal(preview.headers.etag, created.headers.etag, 'the preview carries the ETag of the last write')
  t.equal(preview.headers['cache-control'], 'private, no-store')
  for (const url of [`/v1/stories/${slug}`, `/v1/reviews/${slug}`, `/v1/reviews/${slug}/verdict`, '/v1/subjects/past-lives']) {
    t.equal((await app.inject(url)).statusCode, 404, `${url}: the public never sees a draft`)
  }
  const partner = await keyFor(app, 'partner')
  t.equal((await app.inject({ url: `/v1/preview/stories/${slug}`, headers: { authorization: partner.authorization } })).statusCode, 403, 'partners do not preview')

  const at = new Date(Date.now() + 1000).toISOString()
  const scheduled = await editor.patch(`/v1/stories/${slug}`, { status: 'scheduled', publishedAt: at }, { 'if-match': String(preview.headers.etag) })
  t.equal(scheduled.statusCode, 200)
  t.equal(scheduled.json().status, 'scheduled')
  t.equal(scheduled.json().live, false)
  t.equal((await app.inject(`/v1/stories/${slug}`)).statusCode, 404, 'not public before its time')

  await sleep(Date.parse(at) - Date.now() + 50)
  const live = await app.inject(`/v1/reviews/${slug}`)
  t.equal(live.statusCode, 200, 'public once its time has passed, with no job and no restart')
  t.equal(live.json().publishedAt, at.replace(/\.\d+Z$/, (m) => m), 'published at the scheduled time')
  t.equal((await app.inject('/v1/stories?limit=1')).json().data[0].slug, slug, 'first in Latest Stories')
  t.equal((await app.inject('/v1/subjects/past-lives')).statusCode, 200, 'its subject is public with it')
  const afterLive = await editor.get(`/v1/preview/stories/${slug}`)
  t.equal(afterLive.json().status, 'published', 'a scheduled story whose time passed reads published')
  t.equal(afterLive.json().live, true)

  const before = (await app.inject(`/v1/reviews/${slug}/verdict`))
  const rescored = await editor.patch(`/v1/stories/${slug}`, { verdict: { score: 7.5 } }, { 'if-match': String(afterLive.headers.etag) })
  t.equal(rescored.statusCode, 200)
  const after = await app.inject(`/v1/reviews/${slug}/verdict`)
  t.equal(after.json().score, 7.5, 'the public verdict has the new score')
  t.equal(after.json().normalizedScore, 75)
  t.equal(after.json().summary, 'Tender and precise.', 'fields not sent are kept')
  t.not(after.headers.etag, before.headers.etag, 'and a new ETag')
  const card = (await app.inject('/v1/reviews?limit=100')).json().data.find((c: { slug: string }) => c.slug === slug)
  t.equal(card.verdict.normalizedScore, 75, 'lists show the new score')

  const log = await rows<{ kind: string, previous: number | null, current: number | null }>(app, sql`SELECT kind, previous_score AS previous, current_score AS current FROM changes WHERE resource = 'story' AND slug = ${slug} ORDER BY seq`)
  t.same(log.map((c) => c.kind), ['created', 'updated', 'scheduled', 'updated', 'score_changed'], 'every step is in the change log')
  t.same(log.at(-1), { kind: 'score_changed', previous: 90, current: 75 })
})

t.test('status moves: publish now, unpublish, archive, republish', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const slug = (await editor.post('/v1/stories', reviewBody({ status: 'published' }))).json().story.slug
  t.equal((await app.inject(`/v1/stories/${slug}`)).statusCode, 200, 'published at once; publishedAt defaults to now')

  t.equal((await editor.patch(`/v1/stories/${slug}`, { status: 'draft' })).json().live, false)
  t.equal((await app.inject(`/v1/stories/${slug}`)).statusCode, 404, 'unpublished: gone from the public')
  t.equal((await editor.patch(`/v1/stories/${slug}`, { status: 'published' })).json().live, true)
  t.equal((await app.inject(`/v1/stories/${slug}`)).statusCode, 200, 'republished')
  t.equal((await editor.patch(`/v1/stories/${slug}`, { status: 'archived' })).json().status, 'archived')
  t.equal((await app.inject(`/v1/stories/${slug}`)).statusCode, 404, 'archived stories are not public')
  t.notOk((await app.inject('/v1/stories?limit=100')).body.includes(slug), 'nor listed')

  const kinds = (await rows<{ kind: string }>(app, sql`SELECT kind FROM changes WHERE resource = 'story' AND slug = ${slug} ORDER BY seq`)).map((r) => r.kind)
  t.same(kinds, ['created', 'published', 'updated', 'unpublished', 'updated', 'published', 'updated', 'unpublished'])
})

t.test('workflow rules are 422s naming the field', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['scheduled in the past', { status: 'scheduled', publishedAt: '2020-01-01T00:00:00Z' }, '/body/publishedAt'],
    ['scheduled with no time', { status: 'scheduled' }, '/body/publishedAt'],
    ['published in the future', { status: 'published', publishedAt: '2999-01-01T00:00:00Z' }, '/body/status'],
    ['a review without a verdict', { verdict: null }, '/body/verdict'],
    ['a review without a subject', { subject: null }, '/body/subject'],
    ['a news story with a verdict', { type: 'news', subject: null }, '/body/verdict'],
    ['a score off its scale', { verdict: { scoreFormat: { kind: 'numeric', min: 0, max: 10, step: 1 }, score: 11, summary: 'x' } }, '/body/verdict/score'],
    ['a letter score on a numeric scale', { verdict: { scoreFormat: { kind: 'numeric', min: 0, max: 10, step: 1 }, score: 'A', summary: 'x' } }, '/body/verdict/score']
  ]
  for (const [what, overrides, path] of cases) {
    const res = await editor.post('/v1/stories', reviewBody(overrides))
    t.equal(res.statusCode, 422, what)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.ok(res.json().errors.some((e: { path: string }) => e.path === path), `${what} names ${path}: ${res.body}`)
  }
  t.equal((await app.inject('/v1/subjects/past-lives')).statusCode, 404)
  t.equal((await rows<{ n: number }>(app, sql`SELECT COUNT(*) AS n FROM subjects WHERE slug LIKE 'past-lives%'`))[0]!.n, 0, 'no refused write left its new subject behind')
})

t.test('taken off a schedule, then published: published now', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const slug = (await editor.post('/v1/stories', reviewBody({ status: 'scheduled', publishedAt: '2099-01-01T00:00:00Z' }))).json().story.slug
  t.equal((await editor.patch(`/v1/stories/${slug}`, { status: 'draft' })).statusCode, 200)
  const published = await editor.patch(`/v1/stories/${slug}`, { status: 'published' })
  t.equal(published.statusCode, 200, 'no need to send publishedAt')
  t.ok(Date.parse(published.json().publishedAt) <= Date.now(), 'published now, not in 2099')
  t.equal((await app.inject(`/v1/stories/${slug}`)).statusCode, 200)

  const log = await rows<{ kind: string, at: number, detail: string }>(app, sql`SELECT kind, effective_at AS at, detail_json AS detail FROM changes WHERE resource = 'story' AND resource_id = ${published.json().story.id} ORDER BY seq`)
  t.same(log.map((c) => c.kind), ['created', 'scheduled', 'updated', 'unscheduled', 'updated', 'published'])
  t.equal(log[1]!.at, Date.parse('2099-01-01T00:00:00Z'), 'scheduled takes effect at its time')
  t.match(JSON.parse(log[3]!.detail), { withdrawn: '2099-01-01T00:00:00.000Z' }, 'unscheduled names the schedule it withdraws')
})

t.test('the change log marks what the public never saw', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const draft = (await editor.post('/v1/stories', reviewBody())).json().story
  await editor.patch(`/v1/stories/${draft.slug}`, { verdict: { score: 5 } })
  await editor.del(`/v1/stories/${draft.slug}`)
  // visible is an integer on SQLite and a boolean on Postgres: read as 0/1 on both.
  const logged = await rows<{ resource: string, kind: string, visible: number }>(app, sql`SELECT resource, kind, CASE WHEN visible THEN 1 ELSE 0 END AS visible FROM changes WHERE resource_id IN (${draft.id}, ${draft.subject.id}) ORDER BY seq`)
  t.same(logged.map((r) => `${r.resource} ${r.kind} ${r.visible}`), ['subject created 0', 'story created 0', 'story updated 0', 'story deleted 0'],
    "a draft's subject, edits and deletion are not visible, and a draft's score edit is no score change")

  const live = (await editor.post('/v1/stories', reviewBody({ status: 'published', subject: 'past-lives' }))).json().story
  await editor.patch(`/v1/stories/${live.slug}`, { type: 'news', verdict: null, subject: null })
  const [removal] = await rows(app, sql`SELECT previous_score AS previous, current_score AS current, CASE WHEN visible THEN 1 ELSE 0 END AS visible FROM changes WHERE resource_id = ${live.id} AND kind = 'score_changed'`)
  t.same(removal, { previous: 90, current: null, visible: 1 }, 'a public verdict removed is a score change to null')
})

t.test('draft edits leave public Last-Modified alone; public changes move it', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const lastModified = async () => String((await app.inject('/v1/stories')).headers['last-modified'])
  const past = new Date(Date.now() - 5000).toUTCString()
  await writeBehindTheApi(app, sql`UPDATE settings SET value = ${String(Date.parse(past))} WHERE key = 'content_changed_at'`)
  const before = await lastModified()
  const draft = (await editor.post('/v1/stories', reviewBody())).json().story
  await editor.patch(`/v1/stories/${draft.slug}`, { title: 'Still a draft' })
  t.equal(await lastModified(), before, 'no sign of hidden editing')

  const her = await app.inject('/v1/authors/rhys-calloway')
  await editor.del(`/v1/stories/${draft.slug}`)
  t.equal(await lastModified(), before, 'nor of a draft deleted')
  const published = (await app.inject('/v1/stories?author=rhys-calloway&limit=1')).json().data[0].slug
  // HTTP dates have one-second resolution: delete in a later second than the page was read.
  await sleep(1000 - (Date.now() % 1000) + 5)
  await editor.del(`/v1/stories/${published}`)
  t.not(await lastModified(), before, 'deleting a public story moves it')
  const conditional = await app.inject({ url: '/v1/authors/rhys-calloway', headers: { 'if-modified-since': String(her.headers['last-modified']) } })
  t.equal(conditional.statusCode, 200, 'and an author page holding the old count is not a 304')
  t.equal(conditional.json().storyCount, her.json().storyCount - 1)
})
