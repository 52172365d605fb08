import t from 'tap'
import { build, getJson } from '../helper.js'

t.test('reviews list: only reviews, filters and sorts', async (t) => {
  const app = await build(t)
  const all = (await getJson(app, '/v1/reviews?limit=100')).body.data as any[]
  t.ok(all.length >= 30)
  t.ok(all.every((r) => r.type === 'review' && r.verdict !== null && r.subject !== null))
  t.same(all.map((r) => r.publishedAt), [...all.map((r) => r.publishedAt)].sort().reverse(), 'newest first')

  const check = async (query: string, keep: (r: any) => boolean) => {
    const body = (await getJson(app, `/v1/reviews?limit=100&${query}`)).body
    const expected = all.filter(keep).map((r) => r.slug)
    t.ok(expected.length > 0, `${query} matches something`)
    t.same(body.data.map((r: any) => r.slug), expected, query)
  }
  for (const kind of ['film', 'game', 'tv', 'hardware', 'book', 'music', 'other']) await check(`subjectKind=${kind}`, (r) => r.subject.kind === kind)
  await check('section=tech', (r) => r.section.slug === 'tech')
  await check('award=editors-choice', (r) => r.verdict.awards.includes('editors-choice'))
  await check('minScore=80', (r) => r.verdict.normalizedScore !== null && r.verdict.normalizedScore >= 80)
  await check('maxScore=60', (r) => r.verdict.normalizedScore !== null && r.verdict.normalizedScore <= 60)
  await check('minScore=70&maxScore=85&subjectKind=game', (r) => r.subject.kind === 'game' && r.verdict.normalizedScore >= 70 && r.verdict.normalizedScore <= 85)

  const byScore = (await getJson(app, '/v1/reviews?limit=100&sort=score')).body.data as any[]
  const scores = byScore.map((r) => r.verdict.normalizedScore ?? -1)
  t.same(scores, [...scores].sort((a, b) => b - a), 'sort=score: best first')
  t.equal(byScore.at(-1).verdict.normalizedScore, null, 'unscored last')
  const best = (await getJson(app, '/v1/reviews?sort=score&award=editors-choice&limit=100')).body.data as any[]
  t.ok(best.every((r) => r.verdict.awards.includes('editors-choice')))
  t.same(best.map((r) => r.verdict.normalizedScore), [...best.map((r) => r.verdict.normalizedScore)].sort((a, b) => b - a))
})

t.test('every score format is represented and normalized', async (t) => {
  const app = await build(t)
  const all = (await getJson(app, '/v1/reviews?limit=100')).body.data as any[]
  const kinds = new Set(all.map((r) => r.verdict.scoreFormat.kind))
  t.same([...kinds].sort(), ['letter', 'none', 'numeric', 'stars'])
  for (const r of all) {
    const { score, scoreFormat: f, normalizedScore: n } = r.verdict
    if (f.kind === 'none') { t.equal(n, null); continue }
    if (f.kind === 'numeric') t.equal(n, Math.round((score - f.min) / (f.max - f.min) * 100), r.slug)
    if (f.kind === 'stars') t.equal(n, Math.round(score / f.max * 100), r.slug)
    if (f.kind === 'letter') t.type(score, 'string')
  }
})

t.test('a review, its verdict, and non-reviews under /reviews', async (t) => {
  const app = await build(t)
  const review = await getJson(app, '/v1/reviews/her-2013-review')
  t.equal(review.res.statusCode, 200)
  t.equal(review.body.type, 'review')
  const verdict = await getJson(app, '/v1/reviews/her-2013-review/verdict')
  t.equal(verdict.res.statusCode, 200)
  t.match(verdict.body, {
    score: 9.3,
    scoreDisplay: '9.3/10',
    normalizedScore: 93,
    awards: ['editors-choice'],
    reviewedOn: String,
    review: { slug: 'her-2013-review', title: 'Her (2013) Review', url: 'https://byline.example/articles/her-2013-review' },
    subject: { slug: 'her-2013', kind: 'film', title: 'Her' }
  })
  t.same(verdict.body.pros, review.body.verdict.pros)
  t.equal(verdict.body.summary, review.body.verdict.summary)
  t.equal((await app.inject('/v1/reviews/best-shooter-2022')).statusCode, 404, 'a list is not a review')
  t.equal((await app.inject('/v1/reviews/best-shooter-2022/verdict')).statusCode, 404, 'nor has a verdict')
})
