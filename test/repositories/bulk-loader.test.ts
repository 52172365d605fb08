/**
 * The synthetic archive behind `npm run seed:large`: deterministic, resumable, and
 * indistinguishable through the API from content written by editors.
 */
import t from 'tap'
import { syntheticStory } from '../../src/demo/synthetic.js'
import { batchWords, bulkLoader, loadPools, renderRow, syntheticCount } from '../../src/repositories/bulk-loader.js'
import { build, walk, sqliteOf, testEngine } from '../helper.js'
import { responseMismatch } from '../openapi-validator.js'

// Runs on SQLite only: the synthetic archive loads into SQLite only (a Postgres archive is copied from it).
if (testEngine() === 'postgres') t.plan(0, 'SQLite only: the synthetic archive loads into SQLite only (a Postgres archive is copied from it)')

const SITE = 'https://byline.example'

async function load (app: Awaited<ReturnType<typeof build>>, from: number, to: number): Promise<void> {
  const pools = await loadPools(app.database.db)
  const counts = { sections: pools.sections.length, authors: pools.authors.length, tags: pools.tags.length, heroes: pools.heroes.length }
  const rows = []
  for (let n = from; n < to; n++) rows.push(renderRow(syntheticStory(n, counts), pools, SITE, 1_700_000_000_000))
  bulkLoader({ sqlite: sqliteOf(app) }).insert(rows, batchWords(rows), to, 1_700_000_000_000)
}

t.test('story n is a pure function of n', async (t) => {
  const counts = { sections: 6, authors: 10, tags: 29, heroes: 50 }
  t.same(syntheticStory(123, counts), syntheticStory(123, counts))
  t.not(syntheticStory(123, counts).slug, syntheticStory(124, counts).slug)
  const mix = Array.from({ length: 1000 }, (_, n) => syntheticStory(n, counts))
  t.equal(mix.filter((s) => s.type === 'review').length, 400, '40 % reviews')
  t.ok(mix.every((s) => s.type !== 'review' || (s.subject !== null && s.verdict !== null)), 'every review has a subject and a verdict')
  const more = Array.from({ length: 10_000 }, (_, n) => syntheticStory(n, counts))
  t.ok(more.some((s) => s.status === 'draft') && more.some((s) => s.status === 'scheduled'), 'some hidden stories')
  t.ok(new Set(mix.map((s) => s.type)).size === 7, 'every type')
})

t.test('a loaded archive reads like any other content', async (t) => {
  const app = await build(t)
  const before = (await app.inject('/v1/stories?limit=1')).json().data[0].slug
  await load(app, 0, 150)
  await load(app, 150, 300)
  t.equal(await syntheticCount(app.database.db), 300, 'progress recorded, so a rerun resumes')

  const expected = (sqliteOf(app).prepare('SELECT id FROM stories WHERE public_at <= ? ORDER BY public_at DESC, id DESC').all(Date.now()) as Array<{ id: string }>).map((r) => r.id)
  const { items } = await walk(app, '/v1/stories', 50)
  t.same(items.map((s: { id: string }) => s.id), expected, 'Latest Stories lists every public story, synthetic ones included')
  t.equal(items[0].slug, before, 'synthetic stories (2016 on) sort below the demo\'s newest')
  t.ok(items.filter((s: { id: string }) => s.id.startsWith('syn_')).length > 250, 'and are all listed')
  const hidden = sqliteOf(app).prepare("SELECT slug FROM stories WHERE id LIKE 'syn_%' AND (public_at IS NULL OR public_at > ?)").all(Date.now()) as Array<{ slug: string }>
  for (const h of hidden) t.equal((await app.inject(`/v1/stories/${h.slug}`)).statusCode, 404, `${h.slug} stays hidden`)

  const review = items.find((s: { id: string, type: string }) => s.id.startsWith('syn_') && s.type === 'review')
  for (const url of [`/v1/reviews/${review.slug}`, `/v1/reviews/${review.slug}/verdict`, `/v1/subjects/${review.subject.slug}`, '/v1/reviews?sort=score&limit=100']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 200, url)
    t.equal(responseMismatch('GET', url, res), null, `${url} matches its schema`)
  }
  const word = review.subject.title.split(' ')[0]
  const hits = (await app.inject(`/v1/search?q=${encodeURIComponent(word)}&limit=100`)).json().data.map((h: { story: { slug: string } }) => h.story.slug)
  t.ok(hits.includes(review.slug), `found by its subject's name, ${word}`)
  const indexed = sqliteOf(app).prepare("SELECT (SELECT COUNT(*) FROM search_rows r JOIN stories s ON s.id = r.story_id WHERE s.id LIKE 'syn_%') AS indexed, (SELECT COUNT(*) FROM stories WHERE id LIKE 'syn_%' AND public_at IS NOT NULL) AS public").get()
  t.same(indexed, { indexed: (indexed as any).public, public: (indexed as any).public }, 'exactly the public and scheduled ones are indexed')

  // The vocabulary of type-ahead counts each word once per story, as the index does.
  const sqlite = sqliteOf(app)
  sqlite.exec('CREATE VIRTUAL TABLE temp.bulk_vocab USING fts5vocab(main, story_search, row)')
  const differing = sqlite.prepare(`SELECT v.term, v.doc, t.docs FROM temp.bulk_vocab v LEFT JOIN search_terms t ON t.term = v.term
    WHERE length(v.term) >= 4 AND v.term NOT GLOB '*[^a-z0-9]*' AND t.docs IS NOT v.doc`).all()
  t.same(differing, [], 'search_terms counts the stories holding each word')
  t.ok((sqlite.prepare('SELECT count(*) FROM search_terms').pluck().get() as number) > 100, 'and holds the synthetic words')
})
