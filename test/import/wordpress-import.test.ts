/**
 * The WordPress importer end to end: site.xml into a fresh app (on whichever engine and
 * write path the suite runs), then the public API as a reader, a partner and a search
 * engine meet it; a second run changes nothing; an editor's change survives a re-run.
 */
import t from 'tap'
import { sql } from 'drizzle-orm'
import { build, getJson, rows } from '../helper.js'
import { editorClient, tableCounts } from '../editorial-helper.js'
import { fixture, importInto } from './import-helper.js'

const SITE = 'https://byline.example'

t.test('site.xml: what the report says', async (t) => {
  const app = await build(t)
  const report = await importInto(app, fixture('site.xml'))
  t.equal(report.wxrVersion, '1.2')
  t.equal(report.source, 'wordpress:https://reviews.example.com')
  t.same(report.items.byType, { post: 15, attachment: 2, page: 1, nav_menu_item: 1 })
  t.equal(report.stories.created, 15)
  t.same(report.stories.byStatus, { published: 10, scheduled: 1, draft: 4 })
  t.same(report.reviews, { 'wp-review': 2, block: 1, acf: 1, selector: 1 })
  t.same(report.skipped.map((s) => s.postId), [120, 130], 'the page (no --pages) and the menu item')
  t.ok(report.degraded.some((d) => d.postId === 103 && /acme\/slider/.test(d.message)), 'an unknown block is reported, not dropped')
  t.ok(report.scoreConflicts.some((c) => c.postId === 114 && /80\.5/.test(c.message)), 'a score off its scale is reported')
  t.ok(report.slugClashes.some((c) => c.postId === 112 && c.wanted === 'her-review' && c.slug === 'her-review-2'), 'a duplicate slug gets a free one')
  t.same(report.unresolved.authors.map((a) => a.login), ['ghost-writer'])
  t.ok(report.warnings.some((w) => w.postId === 113 && /before 1990/.test(w.message)))
  t.same(report.errors, [])
  t.equal(report.fault, null)
})

t.test('site.xml: the public API serves the archive', async (t) => {
  const app = await build(t)
  await importInto(app, fixture('site.xml'))

  t.test('a theme-box review: score, award, pros, cons, dates, authors, images', async (t) => {
    const her = await getJson(app, '/v1/reviews/her-review')
    t.equal(her.res.statusCode, 200)
    const review = her.body
    t.equal(review.title, 'Her Review')
    t.equal(review.publishedAt, '2013-12-18T14:00:00.000Z', 'post_date_gmt')
    t.equal(review.updatedAt, '2014-01-02T09:30:00.000Z', 'post_modified_gmt, which Ghost drops')
    t.same(review.authors.map((a: { slug: string }) => a.slug), ['rhys-calloway'])
    t.equal(review.section.slug, 'movies', 'the mapping\'s section for movie-reviews')
    t.equal(review.verdict.score, 9)
    t.same(review.verdict.awards, ['editors-choice'])
    t.match(review.verdict.summary, /wonderful, but not perfect/)
    t.same(review.verdict.pros, ['Joaquin Phoenix', 'Scarlett Johansson\'s voice'])
    t.same(review.verdict.cons, ['A slow middle act'])
    t.equal(review.subject.kind, 'film')
    t.equal(review.subject.title, 'Her')
    t.equal(review.heroImage.alt, 'Her (2013) Review 4', 'featured image with its alt')
    t.equal(review.heroImage.caption, 'Theodore at his desk')
    t.match(review.body.html, /<figure><img src="https:\/\/reviews\.example\.com\/wp-content\/uploads\/2013\/12\/her-review-4\.jpg"/, 'the [caption] image is placed')
    t.notMatch(review.body.html, /Final Thoughts/, 'the theme box became the verdict, not body text')
    t.equal(review.dek, 'Spike Jonze\'s Her reviewed.', 'Yoast description stands in for an empty excerpt')
  })

  t.test('WP Review, review block and ACF verdicts', async (t) => {
    const elden = (await getJson(app, '/v1/reviews/elden-ring-review')).body
    t.same(elden.verdict.scoreFormat, { kind: 'numeric', min: 0, max: 10, step: 0.1 })
    t.equal(elden.verdict.score, 9.5)
    t.same(elden.verdict.pros, ['Open world', 'Boss design'])
    t.equal(elden.subject.title, 'Elden Ring')
    t.equal(elden.subject.kind, 'game')
    const edge = (await getJson(app, '/v1/reviews/playstation-dualsense-edge-controller-review-2')).body
    t.equal(edge.verdict.scoreFormat.kind, 'stars')
    t.equal(edge.verdict.score, 4, 'the block\'s average of its parts, on its step')
    t.same(edge.authors.map((a: { slug: string }) => a.slug).sort(), ['jo-park', 'mina-okafor'], 'Co-Authors Plus bylines')
    t.equal(edge.subject.kind, 'hardware')
    t.match(edge.body.text, /Slide one text/, 'an unknown block keeps its text')
    const fairyland = (await getJson(app, '/v1/reviews/fairyland-review-sundance-2023-2')).body
    t.equal(fairyland.verdict.score, 8)
    t.equal(fairyland.subject.title, 'Fairyland')
    const silksong = await rows<{ score_format_json: string }>(app, sql`SELECT v.score_format_json FROM verdicts v JOIN stories s ON s.id = v.story_id WHERE s.title = 'Hollow Knight: Silksong Review'`)
    t.same(JSON.parse(silksong[0]!.score_format_json), { kind: 'none' }, 'a score that contradicts its scale is left out, not guessed')
  })

  t.test('a podcast enclosure, a future post, drafts and hidden posts', async (t) => {
    const podcast = (await getJson(app, '/v1/stories/pixels-ink-podcast-episode-416-game-of-the-year')).body
    t.equal(podcast.type, 'podcast')
    t.equal(podcast.attachment.kind, 'audio')
    t.equal(podcast.attachment.sizeBytes, 48213504)
    t.equal(podcast.attachment.url, 'https://media.reviews.example.com/pixels-ink-416.mp3')
    for (const slug of ['upcoming-best-shooter-2027', 'pokemon-scarlet-review', 'reader-awards-results']) {
      t.equal((await app.inject(`/v1/stories/${slug}`)).statusCode, 404, `${slug} is not public`)
    }
    const status = await rows<{ slug: string, status: string, published_at: number | null }>(app, sql`SELECT slug, status, published_at FROM stories WHERE slug IN ('upcoming-best-shooter-2027', 'pokemon-scarlet-review', 'reader-awards-results')`)
    const bySlug = Object.fromEntries(status.map((r) => [r.slug, r]))
    t.equal(bySlug['upcoming-best-shooter-2027']!.status, 'scheduled', 'future stays scheduled')
    t.equal(Number(bySlug['upcoming-best-shooter-2027']!.published_at), Date.UTC(2030, 2, 14, 16, 0, 0), 'at its time')
    t.equal(bySlug['pokemon-scarlet-review']!.status, 'draft', 'private is not public')
    t.equal(bySlug['reader-awards-results']!.status, 'draft', 'a password-protected post is not public')
    const listed = (await getJson(app, '/v1/stories?limit=50')).body.data.map((s: { slug: string }) => s.slug)
    t.notOk(listed.includes('upcoming-best-shooter-2027'))
  })

  t.test('hostile markup is sanitized like an editor\'s', async (t) => {
    const res = (await getJson(app, '/v1/stories/scripts-review')).body
    t.notMatch(res.body.html, /<script|onerror|javascript:|<iframe|<style/i)
    t.notMatch(res.body.text, /alert\(1\)/, 'script content is not kept as text')
    t.match(res.body.html, /https:\/\/evil\.example\//, 'an iframe becomes a plain link')
  })

  t.test('old permalinks answer 308 to the story', async (t) => {
    const cases: Array<[string, string]> = [
      ['/2013/12/18/her-review/', 'her-review'],
      ['/2013/12/18/her-review', 'her-review'],
      ['/?p=101', 'her-review'],
      ['/2022/02/23/elden-ring-review/', 'elden-ring-review'],
      ['/archives/102', 'elden-ring-review'],
      ['/2023/01/25/playstation-dualsense-edge-controller-review/', 'playstation-dualsense-edge-controller-review-2']
    ]
    for (const [path, slug] of cases) {
      const res = await app.inject(path)
      t.equal(res.statusCode, 308, path)
      t.equal(res.headers.location, `${SITE}/articles/${slug}`, path)
      const lookup = await app.inject(`/v1/redirects?path=${encodeURIComponent(path)}`)
      t.equal(lookup.statusCode, 200, `/v1/redirects?path=${path}`)
      t.match(lookup.json(), { location: `${SITE}/articles/${slug}`, slug })
    }
    const full = await app.inject(`/v1/redirects?path=${encodeURIComponent('https://reviews.example.com/2013/12/18/her-review/?utm_source=x')}`)
    t.same(full.json(), { path: '/2013/12/18/her-review', location: `${SITE}/articles/her-review`, slug: 'her-review' }, 'a full URL, with a query, works too')
    for (const hidden of ['/2030/03/14/upcoming-best-shooter-2027/', '/2022/11/17/pokemon-scarlet-review/', '/no/such/post/']) {
      const res = await app.inject(hidden)
      t.equal(res.statusCode, 404, `${hidden}: no redirect reveals a hidden or unknown story`)
      t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
      t.equal((await app.inject(`/v1/redirects?path=${encodeURIComponent(hidden)}`)).statusCode, 404)
    }
    // A plain link of a hidden post answers as one of no post at all: 404, never cached.
    for (const hidden of ['/?p=107', '/?p=106', '/?p=99999']) {
      const res = await app.inject(hidden)
      t.equal(res.statusCode, 404, hidden)
      t.match(res.headers['cache-control'], /no-store/, hidden)
    }
    t.equal((await app.inject('/?utm_source=x')).statusCode, 200, 'any other query still gets the index')
    t.equal((await app.inject('/')).statusCode, 200, 'the index itself is unchanged')
  })

  t.test('partners: verdict export, feeds, JSON-LD, search, sync', async (t) => {
    const verdicts = await getJson(app, '/v1/verdicts?limit=100')
    t.ok(verdicts.body.data.some((v: { url: string, score: number }) => v.url === `${SITE}/articles/her-review` && v.score === 9), 'in the verdict export')
    const feed = await getJson(app, '/v1/feeds/reviews.json')
    t.ok(feed.body.items.some((i: { url: string }) => i.url === `${SITE}/articles/elden-ring-review`), 'in the reviews feed')
    const jsonld = await app.inject('/v1/reviews/her-review/jsonld')
    t.equal(jsonld.statusCode, 200)
    t.match(jsonld.json(), { '@type': 'Review', reviewRating: { ratingValue: 9 } })
    const search = await getJson(app, '/v1/search?q=Theodore')
    t.ok(search.body.data.some((i: { story: { slug: string } }) => i.story.slug === 'her-review'), 'the body is searchable')
  })
})

t.test('a second import changes nothing; an editor\'s edit survives unless forced', async (t) => {
  const app = await build(t)
  await importInto(app, fixture('site.xml'))
  const before = await tableCounts(app)
  const again = await importInto(app, fixture('site.xml'))
  t.equal(again.stories.created, 0)
  t.equal(again.stories.updated, 0)
  t.equal(again.stories.unchanged, 15)
  t.same(await tableCounts(app), before, 'not a row more, not even in the change log')

  const editor = await editorClient(t, app)
  const edited = await editor.patch('/v1/stories/her-review', { dek: 'Edited in Byline' })
  t.equal(edited.statusCode, 200)
  const third = await importInto(app, fixture('site.xml'))
  t.equal(third.stories.keptEdited, 1)
  t.equal((await getJson(app, '/v1/stories/her-review')).body.dek, 'Edited in Byline', 'the edit stands')
  const forced = await importInto(app, fixture('site.xml'), { force: true })
  t.equal(forced.stories.updated, 15, '--force writes every story again')
  t.equal((await getJson(app, '/v1/stories/her-review')).body.dek, 'Spike Jonze\'s Her reviewed.')

  t.equal((await editor.del('/v1/stories/elden-ring-review')).statusCode, 204)
  const afterDelete = await importInto(app, fixture('site.xml'))
  t.equal(afterDelete.stories.keptDeleted, 1, 'a story deleted in Byline stays deleted')
  t.equal((await app.inject('/2022/02/23/elden-ring-review/')).statusCode, 404, 'its old permalinks went with it')
})

t.test('a dry run writes nothing', async (t) => {
  const app = await build(t)
  const before = await tableCounts(app)
  const report = await importInto(app, fixture('site.xml'), { dryRun: true })
  t.equal(report.stories.planned, 15)
  t.equal(report.stories.created, 0)
  t.same(await tableCounts(app), before)
})

t.test('WordPress.com, WXR 1.0 and 1.1 exports', async (t) => {
  const app = await build(t)
  const wpcom = await importInto(app, fixture('site-wpcom.xml'))
  t.equal(wpcom.namespace, 'https://wordpress.org/export/1.2/')
  t.equal(wpcom.stories.created, 2)
  t.equal(wpcom.reviews['wp-review'], 1)
  for (const file of ['wxr-1.0.xml', 'wxr-1.1.xml']) {
    const report = await importInto(app, fixture(file))
    t.equal(report.stories.created, 1, file)
    t.same(report.errors, [], file)
  }
})

t.test('broken and hostile files: refused whole, nothing written', async (t) => {
  const app = await build(t)
  const before = await tableCounts(app)
  const cases: Array<[string, RegExp]> = [
    ['truncated.xml', /^line 113: .*truncated/],
    ['not-wxr.xml', /^line 3: not a WordPress export/],
    ['no-version.xml', /wxr_version/],
    ['unknown-version.xml', /unknown WXR version "2\.0"/],
    ['billion-laughs.xml', /^line 2: .*DOCTYPE/],
    ['external-entity.xml', /^line 2: .*DOCTYPE/],
    ['malformed.xml', /^line 30: /]
  ]
  for (const [file, message] of cases) {
    await t.rejects(importInto(app, fixture(file)), { name: 'WxrError', message }, file)
  }
  t.same(await tableCounts(app), before, 'not one row from any of them')

  const partial = await importInto(app, fixture('truncated.xml'), { partial: true })
  t.equal(partial.stories.created, 1, '--partial: the post before the fault')
  t.match(partial.fault, { line: 113 })
  t.equal((await getJson(app, '/v1/stories/her-review')).res.statusCode, 200)
})
