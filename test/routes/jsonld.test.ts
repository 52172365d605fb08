/** GET /v1/reviews/{slug}/jsonld: Google's review-snippet rules hold for every review in the demo data. */
import t from 'tap'
import { build, getJson, walk } from '../helper.js'
import { editorClient, reviewBody } from '../editorial-helper.js'
import { responseMismatch } from '../openapi-validator.js'

// Google's supported itemReviewed types (../shared/REFERENCE.md and Google's review
// snippet documentation), with the schema.org subtypes the mapping uses.
const ALLOWED_ITEM_TYPES = new Set([
  'Book', 'Course', 'CreativeWorkSeason', 'CreativeWorkSeries', 'Episode', 'Event', 'Game', 'HowTo', 'LocalBusiness',
  'MediaObject', 'Movie', 'MusicPlaylist', 'MusicRecording', 'Organization', 'Product', 'Recipe', 'SoftwareApplication',
  'VideoGame', // Game, SoftwareApplication
  'TVSeries', // CreativeWorkSeries
  'MusicAlbum' // MusicPlaylist
])
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

t.test('every public review: valid for the review snippet', async (t) => {
  const app = await build(t)
  const { items: reviews } = await walk(app, '/v1/reviews', 100)
  t.ok(reviews.length >= 30, `${reviews.length} reviews`)
  const kinds = new Set<string>()
  let withNotes = 0
  let unscored = 0
  for (const card of reviews) {
    const url = `/v1/reviews/${card.slug}/jsonld`
    const res = await app.inject(url)
    t.equal(res.statusCode, 200, url)
    t.equal(res.headers['content-type'], 'application/ld+json; charset=utf-8')
    const mismatch = responseMismatch('GET', url, res)
    if (mismatch !== null) t.fail(mismatch)
    const ld = JSON.parse(res.body)
    const { body: review } = await getJson(app, `/v1/reviews/${card.slug}`)

    t.equal(ld['@context'], 'https://schema.org')
    t.equal(ld['@type'], 'Review')
    t.ok(ALLOWED_ITEM_TYPES.has(ld.itemReviewed['@type']), `${card.slug}: itemReviewed is a ${ld.itemReviewed['@type']}`)
    t.ok(ld.itemReviewed.name.trim().length > 0, 'itemReviewed has a name')
    kinds.add(review.subject.kind)

    if (review.verdict.scoreFormat.kind === 'none') {
      unscored++
      t.notOk('reviewRating' in ld, `${card.slug}: unscored, so no rating`)
    } else if (review.verdict.state === 'in_progress') {
      t.notOk('reviewRating' in ld, `${card.slug}: in progress, so its provisional score is no rating`)
    } else {
      const r = ld.reviewRating
      t.equal(typeof r.ratingValue, 'number', `${card.slug}: ratingValue is a number`)
      t.ok(r.worstRating <= r.ratingValue && r.ratingValue <= r.bestRating, `${card.slug}: ${r.worstRating} ≤ ${r.ratingValue} ≤ ${r.bestRating}`)
      if (review.verdict.scoreFormat.kind === 'letter') t.equal(r.ratingValue, review.verdict.normalizedScore, 'letters as 0–100')
      else t.equal(r.ratingValue, review.verdict.score, 'the raw score')
    }

    t.ok(ld.author.length > 0, 'an author')
    for (const a of ld.author) t.ok(a.name.trim().length > 0 && [...a.name].length < 100, `${card.slug}: author "${a.name}"`)
    t.same(ld.author.map((a: any) => a.name), review.authors.map((a: any) => a.name), 'the byline, in order')
    t.equal(ld.publisher.name, 'Byline')
    t.equal(ld.publisher['@type'], 'Organization')
    t.match(ld.datePublished, ISO_DATE_TIME)
    t.equal(ld.datePublished, review.publishedAt)
    t.equal(ld.url, review.url)
    t.equal(ld.inLanguage, review.language)
    t.equal(ld.reviewBody, review.verdict.summary)

    const { pros, cons } = review.verdict as { pros: string[], cons: string[] }
    if ('positiveNotes' in ld || 'negativeNotes' in ld) {
      withNotes++
      t.ok(pros.length + cons.length >= 2, `${card.slug}: notes only with two statements in all`)
    }
    const listed = (notes: any) => notes?.itemListElement.map((i: any) => [i.position, i.name]) ?? []
    const expected = (list: string[]) => pros.length + cons.length >= 2 ? list.map((name, i) => [i + 1, name]) : []
    t.same(listed(ld.positiveNotes), expected(pros), `${card.slug}: pros as ListItems 1..n`)
    t.same(listed(ld.negativeNotes), expected(cons), `${card.slug}: cons as ListItems 1..n`)
  }
  t.same([...kinds].sort(), ['book', 'film', 'game', 'hardware', 'music', 'other', 'tv'], 'every subject kind was checked')
  t.ok(withNotes > 0 && unscored > 0, 'notes and unscored reviews were both seen')
})

t.test('hidden, missing and non-review stories are 404', async (t) => {
  const app = await build(t)
  const { items: stories } = await walk(app, '/v1/stories?type=news', 100)
  for (const url of [`/v1/reviews/${stories[0].slug}/jsonld`, '/v1/reviews/no-such-review/jsonld', '/v1/reviews/embargoed-adventure-review/jsonld']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 404, url)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.equal(res.json().code, 'not_found')
    t.notOk(res.body.includes('Zanzibarquux'), 'nothing of the hidden review')
  }
  const bad = await app.inject('/v1/reviews/Not_A_Slug/jsonld')
  t.equal(bad.statusCode, 400)
  t.equal(responseMismatch('GET', '/v1/reviews/Not_A_Slug/jsonld', bad), null)
})

t.test('conditional requests and caching headers', async (t) => {
  const app = await build(t)
  const url = '/v1/reviews/her-2013-review/jsonld'
  const first = await app.inject(url)
  const review = await app.inject('/v1/reviews/her-2013-review')
  t.match(first.headers.etag, /^"[^"]+"$/, 'a strong ETag')
  t.not(first.headers.etag, review.headers.etag, 'not the review\'s: the body differs')
  t.equal(first.headers['last-modified'], review.headers['last-modified'], 'changes when the review does')
  t.equal(first.headers['surrogate-key'], review.headers['surrogate-key'], 'purged with the review')
  t.match(first.headers['cache-control'], /public/)

  const byTag = await app.inject({ url, headers: { 'if-none-match': String(first.headers.etag) } })
  t.equal(byTag.statusCode, 304)
  t.equal(byTag.body, '')
  const byDate = await app.inject({ url, headers: { 'if-modified-since': String(first.headers['last-modified']) } })
  t.equal(byDate.statusCode, 304)
  t.equal((await app.inject({ url, headers: { 'if-none-match': '"stale"' } })).statusCode, 200)
})

t.test('edits show up, old slugs 308, hidden renames do not', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const created = await editor.post('/v1/stories', reviewBody({
    slug: 'past-lives-first',
    status: 'published',
    authors: ['rhys-calloway', 'marcus-ellery'],
    verdict: { scoreFormat: { kind: 'letter' }, score: 'B+', summary: 'Tender.', pros: ['Greta Lee'], cons: [] }
  }))
  t.equal(created.statusCode, 201)
  const ld = (await getJson(app, '/v1/reviews/past-lives-first/jsonld')).body
  t.same(ld.reviewRating, { '@type': 'Rating', ratingValue: 83, bestRating: 100, worstRating: 0 })
  t.notOk('positiveNotes' in ld || 'negativeNotes' in ld, 'one pro and no cons: no notes')
  t.equal(ld.author.length, 2)
  t.same(ld.itemReviewed, { '@type': 'Movie', name: 'Past Lives', datePublished: '2023-06-02' })

  const etag = String((await app.inject('/v1/reviews/past-lives-first/jsonld')).headers.etag)
  await editor.patch('/v1/stories/past-lives-first', { verdict: { cons: ['Slow start'] } })
  const after = await app.inject({ url: '/v1/reviews/past-lives-first/jsonld', headers: { 'if-none-match': etag } })
  t.equal(after.statusCode, 200, 'the old ETag no longer matches')
  t.same(after.json().negativeNotes.itemListElement, [{ '@type': 'ListItem', position: 1, name: 'Slow start' }])

  t.equal((await editor.patch('/v1/stories/past-lives-first', { slug: 'past-lives-second' })).statusCode, 200)
  const moved = await app.inject('/v1/reviews/past-lives-first/jsonld?utm_source=x')
  t.equal(moved.statusCode, 308)
  t.equal(moved.headers.location, '/v1/reviews/past-lives-second/jsonld?utm_source=x')
  t.equal(responseMismatch('GET', '/v1/reviews/past-lives-first/jsonld', moved), null)
  t.equal((await app.inject('/v1/reviews/past-lives-second/jsonld')).statusCode, 200)

  await editor.patch('/v1/stories/past-lives-second', { slug: 'past-lives-third', status: 'draft' })
  t.equal((await app.inject('/v1/reviews/past-lives-second/jsonld')).statusCode, 404, 'an old slug of a hidden review is a 404')
  t.equal((await app.inject('/v1/reviews/past-lives-third/jsonld')).statusCode, 404, 'and so is the draft itself')
})

t.test('the review links to its JSON-LD', async (t) => {
  const app = await build(t)
  const link = '</v1/reviews/her-2013-review/jsonld>; rel="alternate"; type="application/ld+json"'
  t.equal((await app.inject('/v1/reviews/her-2013-review')).headers.link, link)
  t.equal((await app.inject('/v1/reviews/her-2013-review')).headers.link, link, 'also when answered from the in-process cache')
  const target = /^<([^>]+)>/.exec(String((await app.inject('/v1/reviews/her-2013-review')).headers.link))![1]!
  const jsonld = await app.inject(target)
  t.equal(jsonld.statusCode, 200)
  t.match(jsonld.headers['content-type'], /^application\/ld\+json/)
  t.equal(jsonld.json()['@type'], 'Review')
  t.equal((await app.inject('/v1/stories/her-2013-review')).headers.link, undefined, 'the generic story route does not add it')
})

t.test('JSON-LD cannot break out of the <script> it is embedded in', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const hostile = '</script><script>alert(1)</script> & <!-- \u2028\u2029'
  const created = await editor.post('/v1/stories', reviewBody({
    slug: 'script-breakout',
    status: 'published',
    title: `Review ${hostile}`,
    subject: { kind: 'film', title: `Film ${hostile}`, releaseDate: '2023-06-02' },
    verdict: { scoreFormat: { kind: 'letter' }, score: 'B+', summary: hostile, pros: [`good ${hostile}`, 'pro'], cons: ['con'] }
  }))
  t.equal(created.statusCode, 201)
  const res = await app.inject('/v1/reviews/script-breakout/jsonld')
  t.equal(res.statusCode, 200)
  for (const c of ['<', '>', '&', '\u2028', '\u2029']) t.notOk(res.body.includes(c), `no raw U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  t.match(res.body, /\\u003c\/script\\u003e/, 'written as \\u003c escapes')
  const ld = JSON.parse(res.body)
  t.equal(ld.itemReviewed.name, `Film ${hostile}`, 'the subject name survives JSON.parse unchanged')
})
