import t from 'tap'
import { build, getJson } from '../helper.js'

const RAIL = [
  ['fairyland-review-sundance-2023', 'review'],
  ['best-shooter-2022', 'list'],
  ['ps-vr2-and-horizon-call-of-the-mountain-made-me-a-vr-believer', 'feature'],
  ['playstation-dualsense-edge-controller-review', 'review'],
  ['pixels-and-ink-podcast-episode-416-game-of-the-year', 'podcast']
]

t.test('Latest Stories reproduces the rail under the Her review', async (t) => {
  const app = await build(t)
  const { res, body } = await getJson(app, '/v1/stories?limit=5&exclude=her-2013-review')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/json/)
  t.same(body.data.map((s: { slug: string, type: string }) => [s.slug, s.type]), RAIL)
  t.equal(body.meta.limit, 5)
  t.type(body.meta.nextCursor, 'string')
  const card = body.data[0]
  t.match(card, {
    id: /^sto_/,
    title: 'Fairyland Review – Sundance 2023',
    url: 'https://byline.example/articles/fairyland-review-sundance-2023',
    publishedAt: '2023-01-31T18:00:00.000Z',
    section: { slug: 'movies' },
    subject: { kind: 'film', title: 'Fairyland' },
    verdict: { scoreFormat: { kind: 'numeric', max: 10 } },
    heroImage: { kind: 'image', url: /^https:\/\// }
  })
  t.ok(card.heroImage.width >= 400, 'cards carry an image wide enough for partners')
  t.equal(body.data[1].verdict, null, 'non-reviews have no verdict')
  t.notOk('body' in card, 'cards do not carry bodies')
})

t.test('filters: type, section, tag, author, exclude — and their combinations', async (t) => {
  const app = await build(t)
  const all = (await getJson(app, '/v1/stories?limit=100')).body.data as any[]
  const check = async (query: string, keep: (s: any) => boolean) => {
    const { res, body } = await getJson(app, `/v1/stories?limit=100&${query}`)
    t.equal(res.statusCode, 200, query)
    const expected = all.filter(keep).map((s) => s.slug)
    t.ok(expected.length > 0, `${query} matches something`)
    t.same(body.data.map((s: any) => s.slug), expected, query)
  }
  await check('type=podcast', (s) => s.type === 'podcast')
  await check('section=games', (s) => s.section.slug === 'games')
  await check('section=games&type=review', (s) => s.section.slug === 'games' && s.type === 'review')
  await check('author=rhys-calloway', (s) => s.authors.some((a: any) => a.slug === 'rhys-calloway'))
  await check('exclude=her-2013-review', (s) => s.slug !== 'her-2013-review')
  const podcast = (await getJson(app, '/v1/stories/pixels-and-ink-podcast-episode-416-game-of-the-year')).body
  const tag = podcast.tags[0].slug
  const tagged = new Set(((await getJson(app, `/v1/stories?limit=100&tag=${tag}`)).body.data as any[]).map((s) => s.slug))
  t.ok(tagged.has(podcast.slug), 'tag filter finds a story carrying the tag')
  const author = podcast.authors[0].slug
  const both = (await getJson(app, `/v1/stories?limit=100&tag=${tag}&author=${author}`)).body.data as any[]
  t.ok(both.length > 0)
  for (const s of both) {
    t.ok(tagged.has(s.slug), 'author+tag: has the tag')
    t.ok(s.authors.some((a: any) => a.slug === author), 'author+tag: has the author')
  }
})

t.test('a story is typed by its type', async (t) => {
  const app = await build(t)
  const review = (await getJson(app, '/v1/stories/her-2013-review')).body
  t.match(review, {
    type: 'review',
    title: 'Her (2013) Review',
    language: 'en',
    publishedAt: '2013-12-18T15:00:00.000Z',
    subject: {
      kind: 'film',
      title: 'Her',
      releaseYear: 2013,
      releaseDate: '2013-12-18',
      creators: [{ name: 'Spike Jonze', role: 'director' }],
      externalIds: { imdb: 'tt1798709' }
    },
    verdict: { score: 9.3, scoreFormat: { kind: 'numeric', min: 0, max: 10, step: 0.1 }, normalizedScore: 93, awards: ['editors-choice'] }
  })
  const cast = review.subject.cast.map((c: any) => c.name)
  for (const name of ['Joaquin Phoenix', 'Scarlett Johansson', 'Amy Adams', 'Chris Pratt', 'Rooney Mara']) t.ok(cast.includes(name), name)
  t.ok(review.verdict.pros.length >= 1 && review.verdict.cons.length >= 1, 'pros and cons')
  t.ok(review.verdict.summary.length > 40, 'Final Thoughts text')
  t.ok(review.media.length >= 2, 'inline images')
  t.ok(review.media.some((m: any) => m.alt === 'Her (2013) Review 4'))
  t.match(review.body.html, /<figure><img src="https:\/\/[^"]+" alt="Her \(2013\) Review 4"/)
  t.match(review.body.html, /<h2>/)
  t.notMatch(review.body.text, /<[a-z]/)
  t.ok(review.readingTimeMinutes >= 3)

  const podcast = (await getJson(app, '/v1/stories/pixels-and-ink-podcast-episode-416-game-of-the-year')).body
  t.match(podcast, { type: 'podcast', subject: null, attachment: { kind: 'audio', mimeType: 'audio/mpeg', durationSeconds: Number, sizeBytes: Number } })
  t.notOk('verdict' in podcast, 'only reviews carry a verdict')
  const list = (await getJson(app, '/v1/stories/best-shooter-2022')).body
  t.equal(list.type, 'list')
})
