/**
 * Writes are all-or-nothing, refuse what they cannot apply with a 4xx naming the field,
 * and never overwrite a change the writer has not seen (If-Match).
 */
import t from 'tap'
import { sql, type SQL } from 'drizzle-orm'
import { build, rows, testEngine, writeBehindTheApi } from '../helper.js'
import { editorClient, reviewBody, tableCounts } from '../editorial-helper.js'

t.test('a create whose verdict is invalid writes nothing', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const before = await tableCounts(app)
  // The subject, the story row, its bylines and tags are written before the verdict is
  // scored: the transaction must take all of them back.
  const res = await editor.post('/v1/stories', reviewBody({ verdict: { scoreFormat: { kind: 'stars', max: 5, step: 0.5 }, score: 5.5, summary: 'Too many stars' } }))
  t.equal(res.statusCode, 422)
  t.same(await tableCounts(app), before, 'every table has the rows it had')

  const badMedia = await editor.post('/v1/stories', reviewBody({ bodyMarkdown: '![x](media:no-such-media)' }))
  t.equal(badMedia.statusCode, 422, 'an unknown media reference in the body')
  t.equal(badMedia.json().errors[0].path, '/body/bodyMarkdown')
  t.same(await tableCounts(app), before, 'still nothing written')

  const slug = (await editor.post('/v1/stories', reviewBody())).json().story.slug
  const afterCreate = await tableCounts(app)
  const patch = await editor.patch(`/v1/stories/${slug}`, { title: 'New title', tags: ['romance'], verdict: { score: 42 } })
  t.equal(patch.statusCode, 422, 'a patch with a bad score')
  t.same(await tableCounts(app), afterCreate, 'a refused patch writes nothing either')
  t.equal((await editor.get(`/v1/preview/stories/${slug}`)).json().story.title, 'Past Lives review: the road not taken', 'the title is unchanged')
})

t.test('If-Match: two PATCHes with the same ETag → one 200, one 412', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const created = await editor.post('/v1/stories', reviewBody())
  const slug = created.json().story.slug
  const etag = String(created.headers.etag)
  const [a, b] = await Promise.all([
    editor.patch(`/v1/stories/${slug}`, { title: 'First editor' }, { 'if-match': etag }),
    editor.patch(`/v1/stories/${slug}`, { title: 'Second editor' }, { 'if-match': etag })
  ])
  t.same([a.statusCode, b.statusCode].sort(), [200, 412])
  const loser = a.statusCode === 412 ? a : b
  t.equal(loser.json().code, 'precondition_failed')
  t.equal(loser.headers['content-type'], 'application/problem+json; charset=utf-8')
  const winner = a.statusCode === 200 ? a : b
  t.equal((await editor.get(`/v1/preview/stories/${slug}`)).json().story.title, winner.json().story.title, "the loser's change was not applied")

  const current = String(winner.headers.etag)
  t.equal((await editor.patch(`/v1/stories/${slug}`, { dek: 'x' }, { 'if-match': `W/${current}` })).statusCode, 412, 'a weak ETag never matches')
  t.equal((await editor.patch(`/v1/stories/${slug}`, { dek: 'x' }, { 'if-match': `"nope", ${current}` })).statusCode, 200, 'one of a list matches')
  t.equal((await editor.patch(`/v1/stories/${slug}`, { dek: 'y' }, { 'if-match': '*' })).statusCode, 200, '* matches any current story')
  t.equal((await editor.del(`/v1/stories/${slug}`, { 'if-match': current })).statusCode, 412, 'a stale DELETE is refused')
  t.equal((await editor.get(`/v1/preview/stories/${slug}`)).statusCode, 200, 'and deletes nothing')

  const tag = await editor.post('/v1/tags', { name: 'Slow cinema' })
  const [x, y] = await Promise.all([
    editor.patch('/v1/tags/slow-cinema', { name: 'Slow Cinema' }, { 'if-match': String(tag.headers.etag) }),
    editor.patch('/v1/tags/slow-cinema', { name: 'Slow-cinema' }, { 'if-match': String(tag.headers.etag) })
  ])
  // On Postgres the waiter reads the row again once it holds it (src/writes/catalog-editor.ts find).
  t.same([x.statusCode, y.statusCode].sort(), [200, 412], 'the same for the other resources')
})

t.test('bad bodies: 400 for the shape, 413, 415, 409, 422 naming the field', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const before = await tableCounts(app)

  const shape: Array<[string, unknown, string]> = [
    ['an unknown field', reviewBody({ rating: 5 }), '/body/rating'],
    ['an unknown nested field', reviewBody({ verdict: { scoreFormat: { kind: 'letter' }, score: 'A', summary: 'x', stars: 3 } }), '/body/verdict/stars'],
    ['an unknown subject field', reviewBody({ subject: { kind: 'film', title: 'X', director: 'Y' } }), '/body/subject'],
    ['a missing title', { ...reviewBody(), title: undefined }, '/body/title'],
    ['a bad slug', reviewBody({ slug: 'Not A Slug' }), '/body/slug'],
    ['a bad status', reviewBody({ status: 'live' }), '/body/status'],
    ['a bad date', reviewBody({ status: 'published', publishedAt: 'yesterday' }), '/body/publishedAt'],
    ['no authors', reviewBody({ authors: [] }), '/body/authors'],
    ['duplicate tags', reviewBody({ tags: ['drama', 'drama'] }), '/body/tags'],
    ['a bad award', reviewBody({ verdict: { scoreFormat: { kind: 'letter' }, score: 'A', summary: 'x', awards: ['best-ever'] } }), '/body/verdict/awards/0']
  ]
  for (const [what, body, path] of shape) {
    const res = await editor.post('/v1/stories', body)
    t.equal(res.statusCode, 400, what)
    t.ok(res.json().errors?.some((e: { path: string }) => e.path.startsWith(path)), `${what} names ${path}: ${res.body}`)
  }

  // JSON bodies are not coerced: a wrong type is a 400, never a quiet conversion.
  const types: Array<[string, unknown, string]> = [
    ['a null body text', { bodyMarkdown: null }, '/body/bodyMarkdown'],
    ['a number title', { title: 42 }, '/body/title'],
    ['a boolean score', { verdict: { score: true } }, '/body/verdict/score'],
    ['a string where a list goes', { authors: 'rhys-calloway' }, '/body/authors'],
    ['a string position', { position: '3' }, '/body/position']
  ]
  for (const [what, body, path] of types) {
    const url = path === '/body/position' ? '/v1/sections/movies' : '/v1/stories/her-2013-review'
    const res = await editor.patch(url, body)
    t.equal(res.statusCode, 400, what)
    t.ok(res.json().errors.some((e: { path: string }) => e.path === path), `${what} names ${path}: ${res.body}`)
  }
  t.equal((await app.inject('/v1/stories/her-2013-review')).json().title, 'Her (2013) Review', 'the published story is untouched')
  const leap = await editor.post('/v1/stories', reviewBody({ status: 'published', publishedAt: '2016-12-31T23:59:60Z' }))
  t.equal(leap.statusCode, 422, 'a leap second passes the format but is no representable time')
  t.equal(leap.json().errors[0].path, '/body/publishedAt')
  const social = await editor.post('/v1/authors', { name: 'Eve', social: { x: 'javascript:alert(1)' } })
  t.equal(social.statusCode, 400, 'profile links are http(s)')

  const refs = await editor.post('/v1/stories', reviewBody({ section: 'opera', authors: ['rhys-calloway', 'nobody-here'], tags: ['drama', 'no-such-tag'], heroImage: 'med-missing', subject: 'no-such-subject' }))
  t.equal(refs.statusCode, 422, 'unknown references')
  t.equal(refs.json().code, 'unknown_reference')
  t.same(refs.json().errors.map((e: { path: string }) => e.path).sort(), ['/body/authors/1', '/body/heroImage', '/body/section', '/body/subject', '/body/tags/1'], 'each one named')

  const huge = await app.inject({ method: 'POST', url: '/v1/stories', headers: { authorization: editor.authorization, 'content-type': 'application/json' }, payload: JSON.stringify(reviewBody({ bodyMarkdown: 'x'.repeat(1_100_000) })) })
  t.equal(huge.statusCode, 413, 'a body over the limit')
  t.equal(huge.headers['content-type'], 'application/problem+json; charset=utf-8')
  const text = await app.inject({ method: 'POST', url: '/v1/stories', headers: { authorization: editor.authorization, 'content-type': 'text/plain' }, payload: 'hello' })
  t.equal(text.statusCode, 415, 'not JSON')
  const broken = await app.inject({ method: 'POST', url: '/v1/stories', headers: { authorization: editor.authorization, 'content-type': 'application/json' }, payload: '{"type": "review",' })
  t.equal(broken.statusCode, 400, 'malformed JSON')
  t.equal(broken.headers['content-type'], 'application/problem+json; charset=utf-8')

  t.same(await tableCounts(app), before, 'none of these wrote anything')

  await editor.post('/v1/stories', reviewBody({ slug: 'taken' }))
  const taken = await editor.post('/v1/stories', reviewBody({ slug: 'taken', subject: 'past-lives' }))
  t.equal(taken.statusCode, 409, 'an explicit slug in use')
  t.equal(taken.json().code, 'slug_taken')
  const generated = await editor.post('/v1/stories', reviewBody({ subject: 'past-lives' }))
  const again = await editor.post('/v1/stories', reviewBody({ subject: 'past-lives' }))
  t.equal(again.json().story.slug, `${generated.json().story.slug}-2`, 'a generated slug is made unique')

  t.equal((await editor.patch('/v1/stories/no-such-story', { title: 'x' })).statusCode, 404)
  t.equal((await editor.del('/v1/stories/no-such-story')).statusCode, 404)
})

t.test('delete: a story goes, with a tombstone; a resource in use stays', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const slug = (await editor.post('/v1/stories', reviewBody({ status: 'published' }))).json().story.slug
  t.equal((await app.inject(`/v1/stories/${slug}`)).statusCode, 200)
  const gone = await editor.del(`/v1/stories/${slug}`)
  t.equal(gone.statusCode, 204)
  t.equal((await app.inject(`/v1/stories/${slug}`)).statusCode, 404)
  t.equal((await editor.get(`/v1/preview/stories/${slug}`)).statusCode, 404)
  const [tombstone] = await rows(app, sql`SELECT kind, slug FROM changes WHERE resource = 'story' ORDER BY seq DESC LIMIT 1`)
  t.same(tombstone, { kind: 'deleted', slug })

  const inUse = await editor.del('/v1/sections/movies')
  t.equal(inUse.statusCode, 409)
  t.equal(inUse.json().code, 'in_use')
  t.match(inUse.json().detail, /used by \d+ stories/)
  t.equal((await editor.del('/v1/authors/rhys-calloway')).statusCode, 409, 'an author with bylines')
  t.equal((await editor.del('/v1/media/med-her-2013-review-4')).statusCode, 409, 'media shown in a story')
  t.equal((await editor.del('/v1/subjects/past-lives')).statusCode, 204, 'its review was deleted, so the subject can go')
})

t.test('the change log is append-only', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  await editor.post('/v1/tags', { name: 'Slow cinema' })
  // The triggers of migrations/0002 (SQLite) and migrations-postgres/0001 refuse with the same
  // message; drizzle wraps the driver's error ("Failed query: …") with it as the cause.
  const refusal = async (query: SQL) => await writeBehindTheApi(app, query).then(() => 'written', (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message))
  t.match(await refusal(sql`UPDATE changes SET kind = 'deleted'`), /changes is append-only/, 'no UPDATE')
  t.match(await refusal(sql`DELETE FROM changes`), /changes is append-only/, 'no DELETE')
  // Postgres has TRUNCATE, which skips row triggers: a statement trigger refuses it too.
  if (testEngine() === 'postgres') t.match(await refusal(sql`TRUNCATE changes`), /changes is append-only/, 'no TRUNCATE')
  const seqs = (await rows<{ seq: number }>(app, sql`SELECT seq FROM changes ORDER BY seq`)).map((r) => Number(r.seq))
  t.ok(seqs.length > 0 && seqs.every((s, i) => i === 0 || s > seqs[i - 1]!), 'sequence numbers only grow')
})
