/** GET /v1/search: ranking, highlights, hostile input, visibility and freshness of the index. */
import t from 'tap'
import { markedHtml, MARK_CLOSE, MARK_OPEN, searchTerms } from '../../src/content/search-query.js'
import { ftsQuery } from '../../src/db/sqlite/search.js'
import { sql } from 'drizzle-orm'
import { build, rows, walk } from '../helper.js'
import { editorClient, reviewBody } from '../editorial-helper.js'
import { HIDDEN_MARKERS } from '../leak-probes.js'

const article = (slug: string, title: string, bodyMarkdown: string, extra: Record<string, unknown> = {}) => ({
  type: 'feature', slug, title, bodyMarkdown, section: 'features', authors: ['rhys-calloway'], status: 'published', ...extra
})

t.test('ranking, highlights and prefixes', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  await editor.post('/v1/stories', article('in-the-body', 'An ordinary title', 'Deep in the text the word xylophonic appears once, next to <b>bold</b> claims.'))
  await editor.post('/v1/stories', article('in-the-title', 'The xylophonic years', 'Nothing special here.'))
  const res = await app.inject('/v1/search?q=xylophonic')
  t.equal(res.statusCode, 200)
  const hits = res.json().data
  t.same(hits.map((h: any) => h.story.slug), ['in-the-title', 'in-the-body'], 'a title hit ranks above a body hit')
  t.equal(hits[0].highlights.title, 'The <mark>xylophonic</mark> years')
  t.match(hits[1].highlights.snippet, /<mark>xylophonic<\/mark>/, 'the snippet marks the term')
  t.match(hits[1].highlights.snippet, /&lt;b&gt;bold&lt;\/b&gt;/, 'and escapes everything else')
  t.equal(hits[1].highlights.title, 'An ordinary title')
  t.same((await app.inject('/v1/search?q=xyloph')).json().data.length, 2, 'the last word is a prefix while typing')
  t.same((await app.inject('/v1/search?q=xyloph%20')).json().data.length, 0, 'not once a space follows it')
  t.same((await app.inject('/v1/search?q=XYLOPHONIC')).json().data.length, 2, 'case does not matter')
  t.same((await app.inject('/v1/search?q=pokemon')).json().data.length, 0)
  await editor.post('/v1/stories', article('accents', 'Pokémon, revisited', 'Catch them.'))
  t.equal((await app.inject('/v1/search?q=pokemon')).json().data[0].story.slug, 'accents', 'diacritics do not matter')
  t.equal((await app.inject('/v1/search?q=Phoenix')).json().data[0].story.slug, 'her-2013-review', 'demo content is indexed')
})

t.test('subjects, creators and tags are searchable; filters narrow', async (t) => {
  const app = await build(t)
  const her = (await app.inject('/v1/reviews/her-2013-review')).json()
  const director = her.subject.creators[0].name as string
  const found = (await app.inject(`/v1/search?q=${encodeURIComponent(director)}&limit=100`)).json().data.map((h: any) => h.story.slug)
  t.ok(found.includes('her-2013-review'), `found by its director, ${director}`)
  const byType = (await app.inject('/v1/search?q=review&type=news&limit=100')).json().data
  t.ok(byType.every((h: any) => h.story.type === 'news'), 'type filter')
  const byKind = (await app.inject('/v1/search?q=review&subjectKind=game&limit=100')).json().data
  t.ok(byKind.length > 0 && byKind.every((h: any) => h.story.subject?.kind === 'game'), 'subject kind filter')
  const bySection = (await app.inject('/v1/search?q=review&section=movies&limit=100')).json().data
  t.ok(bySection.length > 0 && bySection.every((h: any) => h.story.section.slug === 'movies'), 'section filter')
  t.equal((await app.inject('/v1/search?q=review&section=opera')).statusCode, 400, 'an unknown section is a 400')

  const all = (await app.inject('/v1/search?q=the&limit=100')).json().data.map((h: any) => h.story.id)
  const { items, pages } = await walk(app, '/v1/search?q=the', 4)
  t.ok(pages > 2, `${pages} pages`)
  t.same(items.map((h: any) => h.story.id), all, 'keyset pages return every hit once, in rank order')
  const other = await app.inject(`/v1/search?q=her&cursor=${(await app.inject('/v1/search?q=the&limit=2')).json().meta.nextCursor}`)
  t.equal(other.statusCode, 400, 'a cursor of another query is refused')
})

t.test('hostile queries answer 200 or 4xx, never 5xx', async (t) => {
  const app = await build(t)
  const inputs = ['"', '""', '"unbalanced', 'her"', '(', ')', '((her', 'her)', '*', 'her*', '*her', 'NEAR(her phoenix, 2)', 'NEAR', 'AND', 'OR', 'NOT',
    'her AND', 'OR her', 'her NOT', 'title:her', 'body : x', '^her', 'her^', '-her', '+her', '{title}: her', '🎮', '🎮 her', '👩‍🚀', '\u0000', '\u0002\u0003',
    'ß', '我们', 'x'.repeat(200), 'a '.repeat(100), '%', '%%', "'; DROP TABLE stories; --", '\\', 'her\\', '\u202e', '   ', '.', 'her.phoenix', 'c++', '"her" "phoenix"']
  t.ok(inputs.length >= 20)
  for (const q of inputs) {
    const res = await app.inject(`/v1/search?q=${encodeURIComponent(q)}`)
    t.ok(res.statusCode < 500, `${JSON.stringify(q)} → ${res.statusCode}`)
    if (res.statusCode === 200) t.ok(Array.isArray(res.json().data))
  }
  t.equal((await app.inject('/v1/search?q=')).statusCode, 400, 'an empty query is a 400')
  t.equal((await app.inject('/v1/search')).statusCode, 400, 'so is none')
  t.equal((await app.inject(`/v1/search?q=${'x'.repeat(201)}`)).statusCode, 400, 'and an over-long one')
  t.equal(ftsQuery(searchTerms('her "phoenix" OR NEAR(x)')!), '"her" AND "phoenix" AND "OR" AND "NEAR" AND "x"*', 'operators become quoted words')
  t.equal(searchTerms('🎮 !!'), null)
  t.equal(markedHtml(`<a> ${MARK_OPEN}x${MARK_CLOSE} & "y"`), '&lt;a&gt; <mark>x</mark> &amp; &quot;y&quot;')
})

t.test('only public stories are found, and the index follows every write', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  for (const marker of HIDDEN_MARKERS) {
    t.same((await app.inject(`/v1/search?q=${marker}`)).json().data, [], `the demo's hidden "${marker}" is not found`)
  }
  const draft = await editor.post('/v1/stories', reviewBody({ slug: 'quokkaflux-review', title: 'Quokkaflux review', bodyMarkdown: 'quokkaflux' }))
  t.equal(draft.statusCode, 201)
  t.same((await app.inject('/v1/search?q=quokkaflux')).json().data, [], 'a draft is not found')
  await editor.patch('/v1/stories/quokkaflux-review', { status: 'scheduled', publishedAt: new Date(Date.now() + 60_000).toISOString() })
  t.same((await app.inject('/v1/search?q=quokkaflux')).json().data, [], 'nor a scheduled story before its time')
  const realNow = Date.now
  Date.now = () => realNow() + 120_000
  t.equal((await app.inject('/v1/search?q=quokkaflux')).json().data.length, 1, 'found once its time has passed')
  Date.now = realNow

  await editor.patch('/v1/stories/quokkaflux-review', { status: 'published', publishedAt: null })
  t.equal((await app.inject('/v1/search?q=quokkaflux')).json().data.length, 1)
  await editor.patch('/v1/stories/quokkaflux-review', { title: 'Marsupial dreams review' })
  t.equal((await app.inject('/v1/search?q=marsupial')).json().data[0]?.story.slug, 'quokkaflux-review', 'an edit is searchable at once')
  t.equal((await app.inject('/v1/search?q=quokkaflux')).json().data[0]?.highlights.title, 'Marsupial dreams review', 'with the new title')
  await editor.patch('/v1/stories/quokkaflux-review', { section: 'games' })
  t.equal((await app.inject('/v1/search?q=marsupial&section=games')).json().data.length, 1, 'filters follow the story too')
  t.equal((await app.inject('/v1/search?q=marsupial&section=movies')).json().data.length, 0)
  await editor.patch('/v1/tags/drama', { name: 'Melodrama' })
  t.equal((await app.inject('/v1/search?q=melodrama&limit=100')).json().data.some((h: any) => h.story.slug === 'quokkaflux-review'), true, 'a renamed tag too')
  await editor.patch('/v1/stories/quokkaflux-review', { status: 'draft' })
  t.same((await app.inject('/v1/search?q=marsupial')).json().data, [], 'unpublished: gone from search')
  await editor.patch('/v1/stories/quokkaflux-review', { status: 'published' })
  await editor.del('/v1/stories/quokkaflux-review')
  t.same((await app.inject('/v1/search?q=marsupial')).json().data, [], 'deleted: gone')
  const [counts] = await rows<{ indexed: number, public: number }>(app, sql`SELECT (SELECT COUNT(*) FROM search_rows) AS indexed, (SELECT COUNT(*) FROM stories WHERE public_at IS NOT NULL) AS public`)
  t.same(counts, { indexed: counts!.public, public: counts!.public }, 'the index holds exactly the public and scheduled stories')
})
