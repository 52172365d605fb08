import t from 'tap'
import { build, getJson } from '../helper.js'

t.test('a subject with its published reviews', async (t) => {
  const app = await build(t)
  const { res, body } = await getJson(app, '/v1/subjects/her-2013')
  t.equal(res.statusCode, 200)
  t.match(body, { slug: 'her-2013', kind: 'film', title: 'Her', reviews: [{ slug: 'her-2013-review', type: 'review' }] })
  const all = (await getJson(app, '/v1/reviews?limit=100')).body.data as any[]
  const counts = new Map<string, number>()
  for (const r of all) counts.set(r.subject.slug, (counts.get(r.subject.slug) ?? 0) + 1)
  const twice = [...counts].find(([, n]) => n > 1)
  t.ok(twice, 'some subject has two reviews')
  const subject = (await getJson(app, `/v1/subjects/${twice![0]}`)).body
  t.equal(subject.reviews.length, twice![1])
  t.same(subject.reviews.map((r: any) => r.publishedAt), [...subject.reviews.map((r: any) => r.publishedAt)].sort().reverse())
})

t.test('authors, sections and tags', async (t) => {
  const app = await build(t)
  const authors = (await getJson(app, '/v1/authors?limit=100')).body.data as any[]
  t.ok(authors.length >= 8)
  t.match(authors[0], { id: /^aut_/, slug: String, name: String, jobTitle: String, bio: String, social: Object })
  const author = await getJson(app, `/v1/authors/${authors[0].slug}`)
  t.equal(author.res.statusCode, 200)
  t.same({ ...author.body, storyCount: undefined }, { ...authors[0], storyCount: undefined })
  const stories = (await getJson(app, `/v1/stories?author=${authors[0].slug}&limit=100`)).body.data
  t.equal(author.body.storyCount, stories.length, 'storyCount matches the author\'s story list')

  const sections = (await getJson(app, '/v1/sections')).body
  t.same(sections.data.map((s: any) => s.slug).slice(0, 4), ['movies', 'games', 'tv', 'tech'])
  t.equal(sections.meta.nextCursor, null)
  const tags = (await getJson(app, '/v1/tags?limit=100')).body.data as any[]
  t.ok(tags.length >= 15)
  t.same(tags.map((x) => x.name), [...tags.map((x) => x.name)].sort((a, b) => a < b ? -1 : a > b ? 1 : 0), 'tags by name')
})

t.test('API index, health and readiness', async (t) => {
  const app = await build(t)
  const index = await getJson(app, '/')
  t.equal(index.body.docs, '/docs')
  t.equal(index.body.links.stories, '/v1/stories')
  t.same((await getJson(app, '/healthz')).body, { status: 'ok' })
  t.same((await getJson(app, '/readyz')).body, { status: 'ok' })
  await app.database.close()
  const down = await app.inject('/readyz')
  t.equal(down.statusCode, 503)
  t.equal(down.json().code, 'not_ready')
})

t.test('docs and the OpenAPI document are served', async (t) => {
  const app = await build(t)
  const spec = await getJson(app, '/openapi.json')
  t.equal(spec.body.openapi, '3.1.0')
  const docs = await app.inject('/docs/')
  t.equal(docs.statusCode, 200)
  t.match(docs.body, /swagger/i)
})
