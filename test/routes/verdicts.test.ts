/**
 * GET /v1/verdicts, the aggregator export: every public review once, oldest change
 * first, each record matching the review the public reads; `updatedSince` and the
 * cursor follow edits, publications and withdrawals; and the scan stays on its index.
 */
import t from 'tap'
import { sql } from 'drizzle-orm'
import { build, getJson, walk, rows, sqliteOf, testEngine } from '../helper.js'
import { editorClient, reviewBody } from '../editorial-helper.js'
import { responseMismatch } from '../openapi-validator.js'
import { verdictExportRepository } from '../../src/repositories/verdict-export.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const byChange = (a: any, b: any) => a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
const ids = (items: Array<{ id: string }>) => items.map((i) => i.id)

/** What a record scores: the review's own verdict, or for another platform that platform's. */
function scoredAs (v: any, record: any) {
  const p = record.primary ? null : v.platforms.find((x: any) => x.platform === record.platform && x.edition === record.edition)
  const from = p ?? v
  return {
    score: from.score,
    scoreDisplay: from.scoreDisplay,
    normalizedScore: from.normalizedScore,
    state: from.state,
    untested: from.untested,
    subScores: from.subScores,
    platform: p === null ? (v.platforms.find((x: any) => x.primary)?.platform ?? v.platform) : p.platform,
    edition: p === null ? (v.platforms.find((x: any) => x.primary)?.edition ?? v.edition) : p.edition,
    primary: p === null
  }
}

t.test('one record per public review, in change order, matching the review', async (t) => {
  const app = await build(t)
  const reviews = (await walk(app, '/v1/reviews', 9)).items
  const { items, pages } = await walk(app, '/v1/verdicts', 7)
  t.ok(pages > 1, 'the export paginates')
  t.ok(items.length >= 30, `${items.length} records`)
  // A review scored per platform gives one record per platform, under its own id.
  const primaries = items.filter((i) => i.primary)
  t.same(ids(primaries).sort(), ids(reviews).sort(), 'exactly the public reviews, one primary record each')
  t.equal(new Set(ids(primaries)).size, primaries.length, 'none twice')
  t.equal(new Set(items.map((i) => `${String(i.id)}|${String(i.platform)}|${String(i.edition)}`)).size, items.length, '(id, platform, edition) names a record')
  t.same(ids(items), ids([...items].sort(byChange)), 'ordered by (updatedAt, id) ascending')

  const page = await app.inject('/v1/verdicts?limit=100')
  t.equal(responseMismatch('GET', '/v1/verdicts?limit=100', page), null, 'every record matches the OpenAPI schema')
  t.same(page.json().data, items, 'one large page is the walk')
  t.equal(page.json().meta.nextCursor, null)
  const keys = String(page.headers['surrogate-key']).split(' ')
  t.equal(keys[0], 'verdicts')
  for (const item of items) t.ok(keys.includes(`story/${item.id}`), `purged with story/${item.id}`)
  t.equal(page.headers['last-modified'], new Date(Math.floor(Date.parse(items.at(-1).updatedAt) / 1000) * 1000).toUTCString(),
    'Last-Modified is the latest change')

  const now = Date.now()
  for (const record of items) {
    const slug = reviews.find((r) => r.id === record.id)!.slug
    const review = (await getJson(app, `/v1/reviews/${slug}`)).body
    const v = review.verdict
    t.same(record, {
      id: review.id,
      outlet: 'Byline',
      title: review.title,
      url: review.url,
      language: review.language,
      authors: review.authors.map((a: any) => ({ name: a.name, slug: a.slug })),
      publishedAt: review.publishedAt,
      updatedAt: record.updatedAt,
      ...scoredAs(v, record),
      scoreFormat: v.scoreFormat,
      summary: v.summary,
      pros: v.pros,
      cons: v.cons,
      awards: v.awards,
      pullQuote: v.pullQuote,
      reviewedOn: v.reviewedOn,
      subject: {
        id: review.subject.id,
        slug: review.subject.slug,
        kind: review.subject.kind,
        title: review.subject.title,
        releaseDate: review.subject.releaseDate,
        releaseYear: review.subject.releaseYear,
        externalIds: review.subject.externalIds,
        platforms: review.subject.platforms
      }
    }, `${slug}: the record is the review's`)
    t.ok(record.updatedAt >= review.updatedAt && record.updatedAt >= review.publishedAt && Date.parse(record.updatedAt) <= now,
      `${slug}: updatedAt covers the edit and the publication, and has passed`)
  }
  t.ok(items.some((r) => Object.keys(r.subject.externalIds).length > 0), 'external ids are carried')
  t.ok(items.some((r) => r.subject.platforms.length > 0), 'platforms are carried')
  t.same([...new Set(items.map((r) => r.scoreFormat.kind))].sort(), ['letter', 'none', 'numeric', 'stars'], 'every scale is represented')

  const hidden = await rows<{ id: string }>(app, sql`SELECT id FROM stories WHERE type = 'review' AND (public_at IS NULL OR public_at > ${now})`)
  t.ok(hidden.length > 0, 'the demo has a hidden review')
  for (const { id } of hidden) t.notOk(page.body.includes(id), `hidden review ${id} is not exported`)
})

t.test('the outlet is the configured publication name', async (t) => {
  const app = await build(t, { publicationName: 'The Test Gazette' })
  const { body } = await getJson(app, '/v1/verdicts?limit=3')
  t.same(body.data.map((r: any) => r.outlet), ['The Test Gazette', 'The Test Gazette', 'The Test Gazette'])
})

t.test('updatedSince, edits, withdrawals and scheduled reviews', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const all = (await walk(app, '/v1/verdicts', 100)).items
  const slugOf = (record: any) => new URL(record.url).pathname.split('/').pop()!

  const since = all[Math.floor(all.length / 2)].updatedAt
  const later = await walk(app, `/v1/verdicts?updatedSince=${since}`, 4)
  t.same(ids(later.items), ids(all.filter((r) => r.updatedAt > since)), 'only records changed strictly after updatedSince')
  t.ok(later.items.length > 0 && later.items.length < all.length)

  // The same instant in another offset is the same list: its cursors carry over.
  const shifted = new Date(Date.parse(since) + 3_600_000).toISOString().replace('Z', '+01:00')
  const first = (await getJson(app, `/v1/verdicts?updatedSince=${encodeURIComponent(shifted)}&limit=2`)).body
  t.same(ids(first.data), ids(later.items.slice(0, 2)), 'an offset time zone is the same instant')
  const next = await getJson(app, `/v1/verdicts?updatedSince=${since}&limit=2&cursor=${first.meta.nextCursor}`)
  t.same(ids(next.body.data), ids(later.items.slice(2, 4)), 'and its cursor continues the Z spelling')
  const leap = await getJson(app, '/v1/verdicts?updatedSince=2016-12-31T23:59:60Z&limit=100')
  t.equal(leap.res.statusCode, 200, 'a leap second is a valid time')
  t.equal(leap.body.data.length, all.length, 'before every record')
  const future = await getJson(app, `/v1/verdicts?updatedSince=${new Date(Date.now() + 60_000).toISOString()}`)
  t.same(future.body, { data: [], meta: { limit: 20, nextCursor: null } }, 'nothing changed after the future')
  const end = all.at(-1).updatedAt
  t.same((await getJson(app, `/v1/verdicts?updatedSince=${end}`)).body.data, [], 'nothing after the last change')

  await sleep(5)
  const edited = all[0]
  const patch = await editor.patch(`/v1/stories/${slugOf(edited)}`, { verdict: { summary: 'Revised after a second viewing.' } })
  t.equal(patch.statusCode, 200)
  const afterEdit = (await walk(app, '/v1/verdicts', 7)).items
  t.equal(afterEdit.length, all.length, 'still one record per review')
  t.equal(afterEdit.at(-1).id, edited.id, 'the edited review moves to the end')
  t.ok(afterEdit.at(-1).updatedAt > end, 'with a later updatedAt')
  t.equal(afterEdit.at(-1).summary, 'Revised after a second viewing.')
  t.same(ids((await getJson(app, `/v1/verdicts?updatedSince=${end}`)).body.data), [edited.id], 'updatedSince sees only the edit')

  const unpublished = all[1]
  t.equal((await editor.patch(`/v1/stories/${slugOf(unpublished)}`, { status: 'draft' })).statusCode, 200)
  const archived = all[2]
  t.equal((await editor.patch(`/v1/stories/${slugOf(archived)}`, { status: 'archived' })).statusCode, 200)
  const afterWithdrawal = (await walk(app, '/v1/verdicts', 7)).items
  t.notOk(ids(afterWithdrawal).includes(unpublished.id), 'a review moved back to draft leaves the export')
  t.notOk(ids(afterWithdrawal).includes(archived.id), 'an archived review leaves the export')
  t.equal(afterWithdrawal.length, all.length - 2)
  t.same(ids((await getJson(app, `/v1/verdicts?updatedSince=${end}`)).body.data), [edited.id], 'and is not in updatedSince either')

  const inAMoment = new Date(Date.now() + 1500).toISOString()
  const scheduled = await editor.post('/v1/stories', reviewBody({ status: 'scheduled', publishedAt: inAMoment }))
  t.equal(scheduled.statusCode, 201)
  const scheduledId = scheduled.json().story.id
  const draft = await editor.post('/v1/stories', reviewBody({ title: 'A draft review of something else', subject: 'her-2013' }))
  t.equal(draft.statusCode, 201)
  const beforeLive = await walk(app, '/v1/verdicts', 7)
  t.notOk(ids(beforeLive.items).includes(scheduledId), 'a scheduled review is absent before its time')
  t.notOk(ids(beforeLive.items).includes(draft.json().story.id), 'a draft review is absent')
  const lastSeen = beforeLive.items.at(-1).updatedAt
  t.same((await getJson(app, `/v1/verdicts?updatedSince=${lastSeen}`)).body.data, [], 'nothing new yet')

  await sleep(Date.parse(inAMoment) - Date.now() + 50)
  const live = (await getJson(app, `/v1/verdicts?updatedSince=${lastSeen}`)).body.data
  t.same(ids(live), [scheduledId], 'once live it is after everything a client has seen')
  t.equal(live[0].updatedAt, inAMoment, 'changed at its publication time')
  t.equal(live[0].publishedAt, inAMoment)
})

t.test('subjectKind, limit, cursors and bad input', async (t) => {
  const app = await build(t)
  const all = (await getJson(app, '/v1/verdicts?limit=100')).body.data as any[]
  for (const kind of ['film', 'game', 'tv', 'hardware', 'book', 'music', 'other']) {
    const { items } = await walk(app, `/v1/verdicts?subjectKind=${kind}`, 2)
    const expected = all.filter((r) => r.subject.kind === kind)
    t.ok(expected.length > 0, `the demo has ${kind} reviews`)
    t.same(ids(items), ids(expected), `subjectKind=${kind}, walked two at a time`)
  }
  const since = all[10].updatedAt
  const both = await walk(app, `/v1/verdicts?subjectKind=game&updatedSince=${since}`, 2)
  t.same(ids(both.items), ids(all.filter((r) => r.subject.kind === 'game' && r.updatedAt > since)), 'both filters together')

  const one = await getJson(app, '/v1/verdicts?limit=1')
  t.equal(one.body.data.length, 1)
  t.match(one.res.headers.link, /^<\/v1\/verdicts\?limit=1&cursor=[\w-]+\.[\w-]+>; rel="next"$/, 'Link: rel="next"')
  t.equal((await getJson(app, '/v1/verdicts')).body.data.filter((r: { primary: boolean }) => r.primary).length, 20, 'limit defaults to 20 reviews (with their other platforms\' records)')
  t.equal((await getJson(app, '/v1/verdicts?limit=100')).res.statusCode, 200)

  const game = (await getJson(app, '/v1/verdicts?subjectKind=game&limit=1')).body.meta.nextCursor
  const dated = (await getJson(app, `/v1/verdicts?updatedSince=${since}&limit=1`)).body.meta.nextCursor
  const reviews = (await getJson(app, '/v1/reviews?limit=1')).body.meta.nextCursor
  // Records seeded in the same millisecond share updatedAt: another instant, not merely another record.
  const otherInstant = all.find((r) => r.updatedAt !== since)?.updatedAt
  t.ok(otherInstant, 'the demo has changes at more than one instant')
  const bad: Array<[string, string, string]> = [
    ['/v1/verdicts?limit=0', 'validation_failed', '/querystring/limit'],
    ['/v1/verdicts?limit=101', 'validation_failed', '/querystring/limit'],
    ['/v1/verdicts?limit=ten', 'validation_failed', '/querystring/limit'],
    ['/v1/verdicts?subjectKind=podcast', 'validation_failed', '/querystring/subjectKind'],
    ['/v1/verdicts?updatedSince=yesterday', 'validation_failed', '/querystring/updatedSince'],
    ['/v1/verdicts?updatedSince=2024-05-01', 'validation_failed', '/querystring/updatedSince'],
    ['/v1/verdicts?updatedSince=2024-05-01T00:00:00', 'validation_failed', '/querystring/updatedSince'],
    ['/v1/verdicts?updatedSince=2024-02-30T00:00:00Z', 'validation_failed', '/querystring/updatedSince'],
    ['/v1/verdicts?sort=score', 'validation_failed', '/querystring/sort'],
    [`/v1/verdicts?subjectKind=film&cursor=${game}`, 'invalid_cursor', '/querystring/cursor'],
    [`/v1/verdicts?cursor=${game}`, 'invalid_cursor', '/querystring/cursor'],
    [`/v1/verdicts?cursor=${dated}`, 'invalid_cursor', '/querystring/cursor'],
    [`/v1/verdicts?updatedSince=${otherInstant}&cursor=${dated}`, 'invalid_cursor', '/querystring/cursor'],
    [`/v1/verdicts?cursor=${reviews}`, 'invalid_cursor', '/querystring/cursor'],
    ['/v1/verdicts?cursor=x.y', 'invalid_cursor', '/querystring/cursor']
  ]
  for (const [url, code, path] of bad) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 400, url)
    t.match(res.headers['content-type'], /^application\/problem\+json/, `${url}: problem+json`)
    t.match(res.json(), { status: 400, code, errors: [{ path }] }, `${url}: ${code} at ${path}`)
    t.equal(responseMismatch('GET', url, res), null, `${url}: documented`)
  }
})

t.test('conditional requests', async (t) => {
  const app = await build(t)
  const first = await app.inject('/v1/verdicts?limit=5')
  t.match(first.headers.etag, /^"[\w-]+"$/)
  const notModified = await app.inject({ url: '/v1/verdicts?limit=5', headers: { 'if-none-match': String(first.headers.etag) } })
  t.equal(notModified.statusCode, 304)
  t.equal(notModified.body, '')
  const since = await app.inject({ url: '/v1/verdicts?limit=5', headers: { 'if-modified-since': String(first.headers['last-modified']) } })
  t.equal(since.statusCode, 304, 'If-Modified-Since too')
  const other = await app.inject({ url: '/v1/verdicts?limit=6', headers: { 'if-none-match': String(first.headers.etag) } })
  t.equal(other.statusCode, 200, 'another page has another ETag')
  t.not(other.headers.etag, first.headers.etag)
})

t.test('every statement is a keyset scan of verdicts_changed_idx (verdicts_kind_changed_idx with a kind)', {
  skip: testEngine() === 'postgres' ? 'SQLite only: captures the statements SQLite prepares and reads their EXPLAIN QUERY PLAN' : false
}, async (t) => {
  const app = await build(t)
  const sqlite = sqliteOf(app)
  const { db } = app.database
  const seen = new Set<string>()
  const prepare = sqlite.prepare.bind(sqlite)
  sqlite.prepare = ((source: string) => { seen.add(source); return prepare(source) }) as typeof sqlite.prepare
  const repo = verdictExportRepository(db, 'Byline')
  const now = Date.now()
  for (const subjectKind of [undefined, 'game']) {
    for (const updatedSince of [undefined, now - 1000]) {
      await repo.listVerdicts({ subjectKind, updatedSince }, null, 10, now)
      await repo.listVerdicts({ subjectKind, updatedSince }, [now - 500, 'x'], 10, now)
    }
  }
  sqlite.prepare = prepare
  const queries = [...seen].filter((s) => /^select .* from "verdicts"/i.test(s))
  t.equal(queries.length, 6, 'one statement per combination: kind × (first page, updatedSince, cursor)')
  for (const query of queries) {
    const params = Array.from({ length: (query.match(/\?/g) ?? []).length }, () => null)
    const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail)
    const byKind = /"subject_kind" = \?/.test(query)
    const index = byKind ? 'verdicts_kind_changed_idx' : 'verdicts_changed_idx'
    t.match(plan[0], new RegExp(`^(SCAN|SEARCH) \\S+ USING INDEX ${index}`), `driven by ${index}: ${plan.join(' | ')}`)
    t.notOk(plan.some((d) => /TEMP B-TREE/.test(d)), 'no sort')
    t.ok(plan.slice(1).every((d) => /^SEARCH \S+ USING INDEX sqlite_autoindex_stories_1 \(id=\?\)$/.test(d)), `stories by primary key: ${plan.slice(1).join(' | ')}`)
    if (/\) > \(/.test(query)) t.match(plan[0], /\(changed_at,story_id\)>\(\?,\?\)/, 'a later page seeks to its cursor')
    else if (/"changed_at" > \?/.test(query)) t.match(plan[0], /changed_at>\?\)$/, 'updatedSince seeks')
    else if (byKind) t.match(plan[0], /USING INDEX verdicts_kind_changed_idx \(subject_kind=\?\)$/, 'the first page of a kind starts at its oldest change')
    else t.match(plan[0], /^SCAN \S+ USING INDEX verdicts_changed_idx$/, 'the first page starts at the oldest change')
  }
})
