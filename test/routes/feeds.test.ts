/**
 * Feeds as feed readers see them: every feed in RSS and Atom read by two independent
 * parsers (rss-parser, feedparser), JSON Feed checked field by field against the
 * JSON Feed 1.1 rules in REFERENCE.md, each against the JSON list it mirrors.
 */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { editorClient, reviewBody } from '../editorial-helper.js'
import { parseWithFeedParser, parseWithRssParser } from '../feed-parsers.js'
import { build, getJson, keyFor, walk } from '../helper.js'
import { responseMismatch } from '../openapi-validator.js'

const PUBLIC_URL = 'https://api.byline.example'
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

interface Card { id: string, slug: string, title: string, url: string, publishedAt: string, authors: Array<{ name: string }> }

/** Every feed with the JSON list that holds the same stories. */
async function feedsAndLists (app: FastifyInstance): Promise<Array<[string, string]>> {
  const pairs: Array<[string, string]> = [['latest', '/v1/stories'], ['reviews', '/v1/reviews']]
  for (const type of ['review', 'feature', 'news', 'list', 'podcast', 'video', 'guide']) pairs.push([`types/${type}`, `/v1/stories?type=${type}`])
  for (const [plural, param] of [['sections', 'section'], ['tags', 'tag'], ['authors', 'author']] as const) {
    for (const item of (await walk(app, `/v1/${plural}`, 100)).items) pairs.push([`${plural}/${item.slug}`, `/v1/stories?${param}=${item.slug}`])
  }
  return pairs
}

const entryId = (id: string) => `tag:byline.example,2016:story/${id}`

t.test('every feed, read by two parsers, lists what its JSON list lists', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL })
  for (const [feed, list] of await feedsAndLists(app)) {
    const { body } = await getJson(app, `${list}${list.includes('?') ? '&' : '?'}limit=30`)
    const cards = body.data as Card[]
    for (const format of ['rss', 'atom'] as const) {
      const url = `/v1/feeds/${feed}.${format}`
      const res = await app.inject(url)
      t.equal(res.statusCode, 200, url)
      t.equal(res.headers['content-type'], format === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8')
      const a = await parseWithRssParser(res.body)
      const b = await parseWithFeedParser(res.body)
      t.match(a.title, /^Byline: /, `${url} title`)
      t.equal(b.meta.title, a.title)
      t.same(a.items.map((i) => i.title), cards.map((c) => c.title), `${url}: rss-parser titles in order`)
      t.same(b.items.map((i) => i.title), cards.map((c) => c.title), `${url}: feedparser titles in order`)
      t.same(a.items.map((i) => i.link), cards.map((c) => c.url), `${url}: links`)
      t.same(b.items.map((i) => i.link), cards.map((c) => c.url))
      t.same(a.items.map((i) => i.isoDate), cards.map((c) => c.publishedAt), `${url}: dates`)
      t.same(b.items.map((i) => i.pubdate?.toISOString()), cards.map((c) => c.publishedAt))
      t.same(b.items.map((i) => i.guid), cards.map((c) => entryId(c.id)), `${url}: durable ids`)
      const authors = cards.map((c) => c.authors.map((x) => x.name))
      if (format === 'rss') {
        t.same(a.items.map((i) => i.creators), authors, `${url}: every dc:creator`)
        t.equal(b.meta.xmlurl, `${PUBLIC_URL}${url}`, 'atom:link rel=self is the feed URL')
      } else {
        t.same(a.items.map((i) => (i.atomAuthors as Array<{ name: string[] }>).map((x) => x.name[0])), authors, `${url}: every author`)
        t.equal(b.meta.xmlurl, `${PUBLIC_URL}${url}`, 'link rel=self is the feed URL')
      }
      t.equal(new Set(b.items.map((i) => i.guid)).size, cards.length, 'ids unique')
    }
  }
})

t.test('podcast episodes carry their audio with type, length and duration', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL })
  const episodes = (await walk(app, '/v1/stories?type=podcast', 100)).items
  const docs = await Promise.all(episodes.map(async (e) => (await getJson(app, `/v1/stories/${e.slug}`)).body))
  const withAudio = docs.filter((d) => d.attachment !== null)
  t.ok(withAudio.length > 0, 'the demo has episodes with audio')
  const rss = await app.inject('/v1/feeds/types/podcast.rss?limit=100')
  const [a, b] = [await parseWithRssParser(rss.body), await parseWithFeedParser(rss.body)]
  const atom = await parseWithFeedParser((await app.inject('/v1/feeds/types/podcast.atom?limit=100')).body)
  const json = (await getJson(app, '/v1/feeds/types/podcast.json?limit=100')).body
  for (const doc of withAudio) {
    const file = doc.attachment
    const ai = a.items.find((i) => i.link === doc.url)!
    t.same(ai.enclosure, { url: file.url, length: String(file.sizeBytes), type: file.mimeType }, 'rss-parser: the enclosure')
    t.equal(ai['itunes:duration'], String(file.durationSeconds), 'itunes:duration')
    const bi = b.items.find((i) => i.link === doc.url)!
    t.match(bi.enclosures[0], { url: file.url, type: file.mimeType, length: String(file.sizeBytes), duration: String(file.durationSeconds) }, 'feedparser: enclosure and Media RSS duration')
    t.match(atom.items.find((i) => i.link === doc.url)!.enclosures[0], { url: file.url, type: file.mimeType, length: String(file.sizeBytes) }, 'Atom: rel=enclosure')
    t.same(json.items.find((i: { url: string }) => i.url === doc.url).attachments, [{ url: file.url, mime_type: file.mimeType, title: doc.title, size_in_bytes: file.sizeBytes, duration_in_seconds: file.durationSeconds }], 'JSON Feed attachment')
  }
})

t.test('JSON Feed 1.1, field by field', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL })
  const url = '/v1/feeds/reviews.json?limit=10'
  const res = await app.inject(url)
  t.equal(res.headers['content-type'], 'application/feed+json; charset=utf-8')
  t.equal(responseMismatch('GET', url, res), null, 'matches the documented JsonFeed schema')
  const feed = res.json()
  t.equal(feed.version, 'https://jsonfeed.org/version/1.1')
  t.equal(feed.title, 'Byline: Reviews')
  t.equal(feed.home_page_url, 'https://byline.example/reviews')
  t.equal(feed.feed_url, `${PUBLIC_URL}${url}`)
  t.match(feed.next_url, /^https:\/\/api\.byline\.example\/v1\/feeds\/reviews\.json\?limit=10&cursor=/)
  t.not(feed.next_url, feed.feed_url, 'next_url differs from feed_url')
  const reviews = (await getJson(app, '/v1/reviews?limit=10')).body.data as Array<Card & { verdict: Record<string, unknown>, subject: Record<string, unknown> }>
  t.equal(feed.items.length, reviews.length)
  t.equal(new Set(feed.items.map((i: { id: string }) => i.id)).size, feed.items.length, 'ids unique in the feed')
  for (const [n, item] of (feed.items as Array<Record<string, any>>).entries()) {
    const review = reviews[n]!
    t.equal(item.id, entryId(review.id), 'id names the story, not its URL')
    t.equal(item.url, review.url)
    t.equal(item.title, review.title)
    t.ok(typeof item.content_html === 'string' && item.content_html.length > 0, 'content_html')
    t.match(item.date_published, RFC3339)
    t.match(item.date_modified, RFC3339)
    t.equal(item.date_published, review.publishedAt)
    t.same(item.authors, review.authors.map((a: { name: string, avatar?: { url: string } | null }) => ({ name: a.name, ...(a.avatar ? { avatar: a.avatar.url } : {}) })))
    t.ok(item.tags.every((tag: unknown) => typeof tag === 'string'))
    t.equal(item.language, 'en')
    t.ok(Object.keys(item).filter((k) => k.startsWith('_')).every((k) => /^_[a-zA-Z][^.]*$/.test(k)), 'extension keys are _ then a letter, no dot')
    t.match(item._review, {
      subject: { title: review.subject.title, kind: review.subject.kind },
      score: review.verdict.score,
      scoreFormat: review.verdict.scoreFormat,
      normalizedScore: review.verdict.normalizedScore,
      awards: review.verdict.awards
    }, '_review carries the verdict')
  }
  const page2 = (await getJson(app, feed.next_url.slice(PUBLIC_URL.length))).body
  t.equal(page2.feed_url, `${PUBLIC_URL}${url}`, 'every page names the feed by its first page')
  t.notOk(page2.items.some((i: { id: string }) => feed.items.some((j: { id: string }) => j.id === i.id)), 'pages do not overlap')

  const [first] = reviews
  await (await editorClient(t, app)).patch(`/v1/stories/${first!.slug}`, { slug: 'renamed-for-the-feed', title: 'A new title' })
  const after = (await getJson(app, url)).body
  const moved = after.items.find((i: { id: string }) => i.id === entryId(first!.id))
  t.equal(moved.url, 'https://byline.example/articles/renamed-for-the-feed', 'a renamed story keeps its id under a new url')
})

t.test('paging: RFC 5005 next links and next_url walk every review exactly once', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL })
  const all = (await walk(app, '/v1/reviews', 100)).items.map((r: Card) => r.url)
  for (const format of ['rss', 'atom', 'json'] as const) {
    const seen: string[] = []
    let next: string | null = `/v1/feeds/reviews.${format}?limit=7`
    let pages = 0
    while (next !== null && pages++ < 100) {
      const res: { statusCode: number, body: string, headers: Record<string, unknown>, json (): any } = await app.inject(next)
      t.equal(res.statusCode, 200)
      if (format === 'json') {
        const page: { items: Array<{ url: string }>, next_url?: string } = res.json()
        seen.push(...page.items.map((i: { url: string }) => i.url))
        next = page.next_url === undefined ? null : page.next_url.slice(PUBLIC_URL.length)
      } else {
        const { meta, items } = await parseWithFeedParser(res.body)
        seen.push(...items.map((i) => i.link))
        const link = (meta['atom:link'] as unknown as Array<{ '@': { rel: string, href: string } }> | undefined) ?? []
        const href = (format === 'rss' ? link : (meta as unknown as { 'atom:link': typeof link })['atom:link']).find((l) => l['@'].rel === 'next')?.['@'].href
        next = href === undefined ? null : href.slice(PUBLIC_URL.length)
      }
      const header = String(res.headers.link)
      t.match(header, /rel="self"/)
      t.equal(header.includes('rel="next"'), next !== null, 'Link: rel="next" exactly when another page follows')
    }
    t.same(seen, all, `${format}: every review once, newest first`)
  }
})

t.test('titles and bodies with &, <, ]]>, emoji and RTL text round-trip unchanged', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL })
  const title = 'Fish & Chips <b>not bold</b> ]]> 🎮🍿 مرحبا بالعالم שלום'
  const sentence = 'Ampersand & angle <brackets> and a CDATA end ]]> with emoji 🎬 and RTL עברית العربية.'
  const editor = await editorClient(t, app)
  const story = (await editor.post('/v1/stories', reviewBody({ status: 'published', title, dek: sentence, bodyMarkdown: sentence }))).json().story
  const partner = { authorization: (await keyFor(app, 'partner')).authorization }
  const html = '<p>Ampersand &amp; angle &lt;brackets&gt; and a CDATA end ]]&gt; with emoji 🎬 and RTL עברית العربية.</p>'
  for (const format of ['rss', 'atom'] as const) {
    const res = await app.inject({ url: `/v1/feeds/latest.${format}`, headers: partner })
    const [a, b] = [await parseWithRssParser(res.body), await parseWithFeedParser(res.body)]
    const ai = a.items.find((i) => i.guid === entryId(story.id) || i.id === entryId(story.id))!
    // feedparser also cleans titles and descriptions as HTML for display; its raw
    // element values are what the XML carried.
    const bi = b.items.find((i) => i.guid === entryId(story.id))! as unknown as Record<string, { '#': string }>
    t.equal(ai.title, title, `${format}: rss-parser title`)
    t.equal(bi[format === 'rss' ? 'rss:title' : 'atom:title']!['#'], title, `${format}: feedparser title`)
    t.ok(String(format === 'rss' ? ai['content:encoded'] : ai.content).startsWith(html), `${format}: rss-parser body HTML, escaped once`)
    t.ok(bi[format === 'rss' ? 'content:encoded' : 'atom:content']!['#'].startsWith(html), `${format}: feedparser body HTML, escaped once`)
    t.ok(bi[format === 'rss' ? 'rss:description' : 'atom:summary']!['#'].startsWith(sentence), `${format}: the summary as plain text`)
  }
  const json = (await app.inject({ url: '/v1/feeds/latest.json', headers: partner })).json()
  const item = json.items.find((i: { id: string }) => i.id === entryId(story.id))
  t.equal(item.title, title)
  t.ok(item.summary.startsWith(sentence))

  const control = (await editor.post('/v1/stories', reviewBody({ status: 'published', title: 'Bell\u0007 and NUL-free title', subject: { kind: 'film', title: 'Bell' } }))).json().story
  const rss = await app.inject('/v1/feeds/latest.rss')
  const parsed = await parseWithFeedParser(rss.body)
  t.equal(parsed.items.find((i) => i.guid === entryId(control.id))!.title, 'Bell and NUL-free title', 'characters XML cannot carry are dropped, the feed stays well-formed')
})

t.test('full text for partner keys or by configuration; summaries otherwise', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL })
  const doc = (await getJson(app, '/v1/reviews/her-2013-review')).body
  const anonymous = await app.inject('/v1/feeds/reviews.json?limit=100')
  const her = (res: { json (): any }) => res.json().items.find((i: { url: string }) => i.url === doc.url)
  t.equal(her(anonymous).content_html, `<p>${her(anonymous).summary}</p>`, 'anonymous: the summary only')
  t.notOk(anonymous.body.includes(doc.body.html.slice(0, 200)), 'no body text')
  t.match(anonymous.headers['cache-control'], /^public/)
  t.equal(anonymous.headers.vary, 'Authorization')
  for (const role of ['partner', 'editor', 'admin'] as const) {
    const keyed = await app.inject({ url: '/v1/feeds/reviews.json?limit=100', headers: { authorization: (await keyFor(app, role)).authorization } })
    t.ok(her(keyed).content_html.startsWith(doc.body.html), `${role}: the full body`)
    t.match(her(keyed).content_html, /<h2>Final Thoughts<\/h2>[\s\S]*9\.3\/10[\s\S]*<h3>Pros<\/h3>/, `${role}: and the verdict`)
    t.match(keyed.headers['cache-control'], /^private/, 'a keyed feed is private')
  }
  const open = await build(t, { publicUrl: PUBLIC_URL, feedsFullText: true })
  t.ok(her(await open.inject('/v1/feeds/reviews.json?limit=100')).content_html.startsWith(doc.body.html), 'FEEDS_FULL_TEXT: full text for everyone')
})

t.test('conditional GET, not found, moved and bad requests', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL })
  for (const format of ['rss', 'atom', 'json']) {
    const url = `/v1/feeds/sections/movies.${format}`
    const res = await app.inject(url)
    t.match(res.headers.etag, /^"[^"]+"$/, 'a strong ETag')
    t.ok(res.headers['last-modified'])
    t.equal((await app.inject({ url, headers: { 'if-none-match': String(res.headers.etag) } })).statusCode, 304)
    t.equal((await app.inject({ url, headers: { 'if-modified-since': String(res.headers['last-modified']) } })).statusCode, 304)
  }
  for (const url of ['/v1/feeds/sections/nope.rss', '/v1/feeds/tags/nope.atom', '/v1/feeds/authors/nope.json']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 404, url)
    t.match(res.headers['content-type'], /problem\+json/)
  }
  for (const url of ['/v1/feeds/latest.xml', '/v1/feeds/everything.rss', '/v1/feeds/types/essay.rss', '/v1/feeds/latest.rss?limit=0', '/v1/feeds/latest.rss?cursor=nope', '/v1/feeds/latest.rss?q=1', '/v1/feeds/sections/Movies.rss']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 400, url)
    t.match(res.headers['content-type'], /problem\+json/)
  }
  const reviewsCursor = new URL((await getJson(app, '/v1/feeds/reviews.json?limit=1')).body.next_url).searchParams.get('cursor')
  t.equal((await app.inject(`/v1/feeds/latest.json?cursor=${reviewsCursor}`)).statusCode, 400, 'a cursor continues only its own feed')
  await (await editorClient(t, app)).patch('/v1/tags/sci-fi', { slug: 'science-fiction' })
  const moved = await app.inject('/v1/feeds/tags/sci-fi.atom?limit=5')
  t.equal(moved.statusCode, 308)
  t.equal(moved.headers.location, '/v1/feeds/tags/science-fiction.atom?limit=5')
  t.equal((await app.inject(String(moved.headers.location))).statusCode, 200)
})

t.test('the API root links the feeds', async (t) => {
  const app = await build(t)
  const { body } = await getJson(app, '/')
  t.match(body.links, { feedLatest: '/v1/feeds/latest.{format}', feedReviews: '/v1/feeds/reviews.{format}' })
})

t.test("an embargoed story's edits change no public feed, list or validator", async (t) => {
  const app = await build(t, { responseCacheMb: 0 })
  const editor = await editorClient(t, app)
  const story = (await editor.post('/v1/stories', reviewBody({ status: 'scheduled', publishedAt: '2099-01-01T00:00:00Z' }))).json().story
  const urls = ['/v1/feeds/latest.atom', '/v1/feeds/latest.rss', '/v1/feeds/reviews.json', '/v1/stories', '/v1/verdicts', '/sitemaps/news.xml', '/sitemaps/index.xml']
  const seen = async () => Promise.all(urls.map(async (url) => {
    const res = await app.inject(url)
    return `${url} ${String(res.headers.etag)} ${String(res.headers['last-modified'])}`
  }))
  const before = await seen()
  await new Promise((resolve) => setTimeout(resolve, 1100)) // Last-Modified has one-second resolution
  await editor.patch(`/v1/stories/${story.slug}`, { dek: 'Edited under embargo' })
  await editor.patch(`/v1/stories/${story.slug}`, { verdict: { score: 4 } })
  t.same(await seen(), before, 'same ETag and Last-Modified everywhere')
})
