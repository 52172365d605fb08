/** Authors, sections, tags, subjects and media through the write API; stories that show them follow. */
import t from 'tap'
import { sql } from 'drizzle-orm'
import { build, rows } from '../helper.js'
import { editorClient } from '../editorial-helper.js'

t.test('create, preview, patch, delete each catalogue resource', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const [{ seq: seeded }] = await rows<{ seq: number }>(app, sql`SELECT MAX(seq) AS seq FROM changes`) as [{ seq: number }]
  const cases = [
    { path: 'tags', body: { name: 'Slow Cinema' }, key: 'slow-cinema', patch: { name: 'Slow cinema' }, check: (j: any) => j.name === 'Slow cinema' },
    { path: 'sections', body: { name: 'Culture & Ideas', position: 9 }, key: 'culture-and-ideas', patch: { description: 'Essays' }, check: (j: any) => j.description === 'Essays' },
    { path: 'authors', body: { name: 'Mina Okafor', jobTitle: 'Games Editor', avatar: 'med-her-2013-review-4', social: { mastodon: 'https://mastodon.social/@mina' } }, key: 'mina-okafor', patch: { avatar: null }, check: (j: any) => j.avatar === null },
    { path: 'subjects', body: { kind: 'game', title: 'Hollow Knight: Silksong', releaseDate: '2025-09-04', platforms: ['PC', 'Switch'] }, key: 'hollow-knight-silksong', patch: { releaseYear: 2026 }, check: (j: any) => j.releaseYear === 2026 && j.releaseDate === '2025-09-04' },
    { path: 'media', body: { id: 'med-silksong-hero', kind: 'image', url: 'https://cdn.byline.example/silksong.jpg', mimeType: 'image/jpeg', alt: 'Hornet', width: 1920, height: 1080 }, key: 'med-silksong-hero', patch: { caption: 'Team Cherry' }, check: (j: any) => j.caption === 'Team Cherry' && j.width === 1920 }
  ]
  for (const c of cases) {
    const created = await editor.post(`/v1/${c.path}`, c.body)
    t.equal(created.statusCode, 201, `create ${c.path}`)
    t.equal(created.headers.location, `/v1/preview/${c.path}/${c.key}`)
    const preview = await editor.get(`/v1/preview/${c.path}/${c.key}`)
    t.equal(preview.statusCode, 200)
    t.equal(preview.headers.etag, created.headers.etag, 'preview and write agree on the ETag')
    const stale = await editor.patch(`/v1/${c.path}/${c.key}`, c.patch, { 'if-match': '"stale"' })
    t.equal(stale.statusCode, 412, `stale patch of ${c.path}`)
    const patched = await editor.patch(`/v1/${c.path}/${c.key}`, c.patch, { 'if-match': String(preview.headers.etag) })
    t.equal(patched.statusCode, 200, `patch ${c.path}`)
    t.ok(c.check(patched.json()), `${c.path} changed as asked: ${patched.body}`)
    t.equal((await editor.post(`/v1/${c.path}`, c.body)).statusCode, c.path === 'media' ? 409 : 201, `${c.path}: a second create ${c.path === 'media' ? 'with the same id conflicts' : 'gets a new slug'}`)
    t.equal((await editor.del(`/v1/${c.path}/${c.key}`, { 'if-match': String(patched.headers.etag) })).statusCode, 204, `delete ${c.path}`)
    t.equal((await editor.get(`/v1/preview/${c.path}/${c.key}`)).statusCode, 404)
  }
  t.equal((await editor.post('/v1/authors', { name: 'X', avatar: 'med-nope' })).statusCode, 422, 'an unknown avatar media id')
  t.equal((await editor.post('/v1/media', { kind: 'image', url: 'javascript:alert(1)', mimeType: 'image/png' })).statusCode, 400, 'media URLs are http(s)')
  const kinds = (await rows<{ resource: string, kind: string }>(app, sql`SELECT resource, kind FROM changes WHERE seq > ${seeded} ORDER BY seq`)).map((r) => `${r.resource} ${r.kind}`)
  t.same(kinds.filter((k: string) => k.startsWith('tag')), ['tag created', 'tag updated', 'tag created', 'tag deleted'])
})

t.test('a catalogue edit re-renders the stories that show it', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const original = await app.inject('/v1/reviews/her-2013-review')
  const her = original.json()
  const author = her.authors[0].slug

  await editor.patch(`/v1/authors/${author}`, { name: 'A. New Name' })
  const after = await app.inject('/v1/reviews/her-2013-review')
  t.equal(after.json().authors[0].name, 'A. New Name', 'the byline in the stored story')
  t.not(after.headers.etag, undefined)
  const card = (await app.inject(`/v1/stories?author=${author}&limit=100`)).json().data[0]
  t.equal(card.authors.find((a: any) => a.slug === author).name, 'A. New Name', 'and on its card')

  await editor.patch('/v1/sections/movies', { name: 'Film' })
  t.equal((await app.inject('/v1/reviews/her-2013-review')).json().section.name, 'Film', 'section names follow')

  await editor.patch(`/v1/subjects/${her.subject.slug}`, { kind: 'tv' })
  t.equal((await app.inject('/v1/reviews/her-2013-review')).json().subject.kind, 'tv', 'the subject in the story')
  const tvReviews = (await app.inject('/v1/reviews?subjectKind=tv&limit=100')).json().data.map((c: any) => c.slug)
  t.ok(tvReviews.includes('her-2013-review'), 'and the review moved to the kind filter')
  const films = (await app.inject('/v1/reviews?subjectKind=film&sort=score&limit=100')).json().data.map((c: any) => c.slug)
  t.notOk(films.includes('her-2013-review'), 'including the score-sorted one')

  // Last-Modified counts whole seconds: an edit in the second the original was rendered could not be told from it.
  const originalSecond = Date.parse(String(original.headers['last-modified']))
  while (Math.floor(Date.now() / 1000) * 1000 <= originalSecond) await new Promise((resolve) => setTimeout(resolve, 50))
  const editedAt = Math.floor(Date.now() / 1000) * 1000
  await editor.patch('/v1/media/med-her-2013-review-4', { caption: 'Theodore at the beach' })
  const figure = await app.inject('/v1/reviews/her-2013-review')
  t.ok(figure.json().media.some((m: any) => m.caption === 'Theodore at the beach'), 'inline media metadata')
  t.match(figure.json().body.html, /<figcaption>Theodore at the beach/, 'and the caption in the rendered body')
  t.ok(Date.parse(String(figure.headers['last-modified'])) >= editedAt, 'Last-Modified is the re-render, though the story itself was not edited')
  const conditional = await app.inject({ url: '/v1/reviews/her-2013-review', headers: { 'if-modified-since': String(original.headers['last-modified']) } })
  t.equal(conditional.statusCode, 200, 'a client holding the copy from before gets the new one, not a 304')
})
