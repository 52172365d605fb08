/** Sitemaps: the Google News sitemap, the monthly index and its month files, parsed as XML. */
import t, { type Test } from 'tap'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { sql } from 'drizzle-orm'
import { build, walk, writeBehindTheApi } from '../helper.js'
import { editorClient, reviewBody } from '../editorial-helper.js'
import { HIDDEN_MARKERS, hiddenStories } from '../leak-probes.js'
import { responseMismatch } from '../openapi-validator.js'
import { NEWS_MAX_ENTRIES } from '../../src/repositories/sitemaps.js'
import { newsLanguage } from '../../src/feeds/sitemap.js'

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9'
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9'
const PUBLIC_URL = 'https://api.byline.example'
const HOUR = 60 * 60 * 1000
const W3C_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => ['url', 'sitemap'].includes(name) })

/** Fetches `url`, checks it is well-formed XML with the right headers, and parses it. */
async function getXml (t: Test, app: Awaited<ReturnType<typeof build>>, url: string) {
  const res = await app.inject(url)
  t.equal(res.statusCode, 200, url)
  t.equal(res.headers['content-type'], 'application/xml; charset=utf-8')
  t.match(res.headers.etag, /^"[^"]+"$/, 'a strong ETag')
  t.ok(res.headers['last-modified'])
  t.equal(XMLValidator.validate(res.body), true, `${url} is well-formed`)
  t.ok(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>'))
  return { res, doc: parser.parse(res.body) }
}

const monthOf = (iso: string) => iso.slice(0, 7)
const urlPath = (loc: string) => loc.slice(PUBLIC_URL.length)

t.test('news sitemap: the last two days, newest first, nothing hidden', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL })
  const editor = await editorClient(t, app)
  const now = Date.now()
  const at = (ms: number) => new Date(ms).toISOString()
  const post = async (body: Record<string, unknown>) => {
    const res = await editor.post('/v1/stories', body)
    t.equal(res.statusCode, 201, String(body.slug))
  }
  const article = (slug: string, extra: Record<string, unknown>) => ({
    type: 'news', slug, title: `News ${slug}`, bodyMarkdown: 'Text.', section: 'games', authors: ['rhys-calloway'], ...extra
  })
  await post(article('fresh-news', { status: 'published', title: 'Fresh & <new> "news"\u0007 today', language: 'en-GB' }))
  await post(reviewBody({ slug: 'fresh-review', status: 'published', publishedAt: at(now - 47 * HOUR) }))
  await post(article('old-news', { status: 'published', publishedAt: at(now - 72 * HOUR) }))
  await post(article('draft-news', { title: 'Draft quetzalvorn' }))
  await post(article('scheduled-news', { status: 'scheduled', publishedAt: at(now + HOUR), title: 'Scheduled obsidianwisp' }))

  const { res, doc } = await getXml(t, app, '/sitemaps/news.xml')
  t.equal(doc.urlset['@_xmlns'], SITEMAP_NS)
  t.equal(doc.urlset['@_xmlns:news'], NEWS_NS)
  const urls = doc.urlset.url as any[]
  t.same(urls.map((u) => u.loc), ['https://byline.example/articles/fresh-news', 'https://byline.example/articles/fresh-review'],
    'the two stories of the last 48 hours, newest first; not the one of 3 days ago, no hidden ones')
  for (const u of urls) {
    const story = (await app.inject(`/v1/stories/${u.loc.split('/').pop()}`)).json()
    const news = u['news:news']
    t.equal(news['news:publication']['news:name'], 'Byline')
    t.match(news['news:publication_date'], W3C_SECONDS)
    t.equal(Date.parse(news['news:publication_date']), Math.floor(Date.parse(story.publishedAt) / 1000) * 1000, 'the publication time')
    t.ok(Date.parse(story.publishedAt) > now - 48 * HOUR)
  }
  t.equal(urls[0]['news:news']['news:publication']['news:language'], 'en', 'en-GB is given as its ISO 639 code')
  t.equal(urls[0]['news:news']['news:title'], 'Fresh & <new> "news" today', 'escaped text reads back as written, control characters dropped')
  t.ok(res.body.includes('Fresh &amp; &lt;new&gt;'), 'escaped by the builder')
  t.equal(urls[1]['news:news']['news:title'], 'Past Lives review: the road not taken')
  for (const marker of HIDDEN_MARKERS) t.notOk(res.body.toLowerCase().includes(marker), `no ${marker}`)
  t.equal(res.headers['surrogate-key'], 'sitemaps stories')

  const notModified = await app.inject({ url: '/sitemaps/news.xml', headers: { 'if-none-match': String(res.headers.etag) } })
  t.equal(notModified.statusCode, 304)
  t.equal((await app.inject({ url: '/sitemaps/news.xml', headers: { 'if-modified-since': String(res.headers['last-modified']) } })).statusCode, 304)

  await editor.patch('/v1/stories/fresh-news', { status: 'draft' })
  const after = await app.inject({ url: '/sitemaps/news.xml', headers: { 'if-none-match': String(res.headers.etag) } })
  t.equal(after.statusCode, 200, 'unpublishing changes it')
  t.notOk(after.body.includes('fresh-news'))
})

t.test('news sitemap: a story ages out with no write, and Last-Modified says so', async (t) => {
  // With the in-process response cache on: the cached sitemap expires when its oldest
  // entry leaves the window, though nothing was written.
  const app = await build(t)
  const editor = await editorClient(t, app)
  await editor.post('/v1/stories', reviewBody({ slug: 'aging', status: 'published' }))
  const before = await app.inject('/sitemaps/news.xml')
  t.ok(before.body.includes('/articles/aging'))
  t.equal((await app.inject('/sitemaps/news.xml')).body, before.body, 'served again (from memory)')
  const published = Date.parse((await app.inject('/v1/stories/aging')).json().publishedAt)

  const realNow = Date.now
  t.teardown(() => { Date.now = realNow })
  Date.now = () => published + 49 * HOUR
  const later = await app.inject({ url: '/sitemaps/news.xml', headers: { 'if-modified-since': String(before.headers['last-modified']) } })
  t.equal(later.statusCode, 200, 'not a stale 304 for a date-only client')
  t.notOk(later.body.includes('/articles/aging'), 'gone after 48 hours')
  t.ok(Date.parse(String(later.headers['last-modified'])) >= Math.floor((published + 48 * HOUR) / 1000) * 1000, 'Last-Modified is when it left')
})

t.test('news sitemap: at most 1,000 entries', async (t) => {
  const app = await build(t)
  // Volume straight into the table the sitemap reads: 1,000 API writes would take minutes.
  const now = Date.now()
  // The times are cast: Postgres would otherwise take a parameter beside an integer for an int4.
  const at = sql`CAST(${now} AS BIGINT)`
  await writeBehindTheApi(app, sql`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${NEWS_MAX_ENTRIES + 5})
    INSERT INTO stories (id, slug, type, status, section_id, published_at, public_at, created_at, updated_at, title)
    SELECT 'sto_bulk' || i, 'bulk-' || i, 'news', 'published', (SELECT id FROM sections ORDER BY id LIMIT 1), ${at} - i * 1000, ${at} - i * 1000, ${at}, ${at}, 'Bulk ' || i FROM n`)
  const { doc } = await getXml(t, app, '/sitemaps/news.xml')
  const urls = doc.urlset.url as any[]
  t.equal(urls.length, NEWS_MAX_ENTRIES)
  t.equal(urls[0].loc, 'https://byline.example/articles/bulk-1', 'the newest')
  t.equal(urls.at(-1).loc, `https://byline.example/articles/bulk-${NEWS_MAX_ENTRIES}`, 'down to the 1,000th')
})

t.test('sitemap index and month files: exactly the public stories, by month', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL })
  const editor = await editorClient(t, app)
  // A rename: the month file lists the new URL only.
  await editor.patch('/v1/stories/her-2013-review', { slug: 'her-2013-review-renamed' })
  const { items: stories } = await walk(app, '/v1/stories', 100)
  const byMonth = new Map<string, string[]>()
  for (const s of stories) byMonth.set(monthOf(s.publishedAt), [...byMonth.get(monthOf(s.publishedAt)) ?? [], s.url])
  t.ok(byMonth.size > 10, `${byMonth.size} months`)

  const { res, doc } = await getXml(t, app, '/sitemaps/index.xml')
  t.equal(doc.sitemapindex['@_xmlns'], SITEMAP_NS)
  const sitemaps = doc.sitemapindex.sitemap as any[]
  const months = [...byMonth.keys()].sort().reverse()
  t.same(sitemaps.map((s) => s.loc), months.map((m) => `${PUBLIC_URL}/sitemaps/stories-${m}.xml`), 'one per month with public stories, newest first')
  const hidden = await hiddenStories(app)
  t.ok(hidden.some((h) => h.status === 'scheduled'), 'the demo has a scheduled story (2099)')
  t.notOk(sitemaps.some((s) => s.loc.includes('2099')), 'whose month is not listed')

  for (const s of sitemaps) {
    t.match(s.lastmod, W3C_SECONDS)
    const month = s.loc.match(/stories-(\d{4}-\d{2})\.xml$/)[1]
    const { res: monthRes, doc: monthDoc } = await getXml(t, app, urlPath(s.loc))
    t.equal(monthDoc.urlset['@_xmlns'], SITEMAP_NS)
    const urls = monthDoc.urlset.url as any[]
    t.same(urls.map((u) => u.loc).sort(), [...byMonth.get(month)!].sort(), `${month}: exactly that month's public stories`)
    for (const u of urls) t.match(u.lastmod, W3C_SECONDS)
    t.ok(Date.parse(s.lastmod) <= Date.parse(String(monthRes.headers['last-modified'])) + 1000, 'the index lastmod is not later than the file')
    for (const h of hidden) t.notOk(monthRes.body.includes(`/articles/${h.slug}<`), `${month} does not list ${h.slug}`)
  }
  const all = sitemaps.length
  t.ok(all > 0)

  const herMonth = (await app.inject('/sitemaps/stories-2013-12.xml')).body
  t.ok(herMonth.includes('/articles/her-2013-review-renamed<'), 'the renamed story under its new URL')
  t.notOk(herMonth.includes('/articles/her-2013-review<'), 'not the old one')

  for (const url of ['/sitemaps/index.xml', '/sitemaps/stories-2013-12.xml']) {
    const first = await app.inject(url)
    t.equal((await app.inject({ url, headers: { 'if-none-match': String(first.headers.etag) } })).statusCode, 304, `${url} 304 by ETag`)
    t.equal((await app.inject({ url, headers: { 'if-modified-since': String(first.headers['last-modified']) } })).statusCode, 304, `${url} 304 by date`)
  }
  t.equal(res.headers['surrogate-key'], 'sitemaps stories')

  // A new month appears when its first story does; the index moves.
  await editor.post('/v1/stories', reviewBody({ slug: 'in-2005', status: 'published', publishedAt: '2005-03-04T05:06:07Z' }))
  const index = (await getXml(t, app, '/sitemaps/index.xml')).doc.sitemapindex.sitemap as any[]
  t.equal(index.at(-1).loc, `${PUBLIC_URL}/sitemaps/stories-2005-03.xml`)
  t.equal(index.at(-1).lastmod, '2005-03-04T05:06:07Z', 'lastmod: the latest publication in the month')
  const march = (await getXml(t, app, '/sitemaps/stories-2005-03.xml')).doc.urlset.url as any[]
  t.same(march.map((u) => u.loc), ['https://byline.example/articles/in-2005'])
})

t.test('unknown and malformed month files are 404 problem+json', async (t) => {
  const app = await build(t)
  for (const name of ['stories-1999-01.xml', 'stories-2099-01.xml', 'stories-2023-13.xml', 'stories-2023-00.xml', 'stories-2023-1.xml',
    'stories-abcd-ef.xml', 'stories-.xml', 'stories-2023-01.xml.xml', 'stories-2023-01-01.xml', 'nope.xml']) {
    const url = `/sitemaps/${name}`
    const res = await app.inject(url)
    t.equal(res.statusCode, 404, url)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.equal(res.json().code, 'not_found')
    // The validator's path pattern needs a non-empty month, so `stories-.xml` is not matched to the operation.
    if (name.startsWith('stories-') && name !== 'stories-.xml') t.equal(responseMismatch('GET', url, res), null, `${url} as documented`)
  }
  t.equal((await app.inject('/sitemaps/stories-2099-01.xml')).json().detail, 'No published stories in 2099-01', 'the scheduled 2099 story is not public yet')
})

t.test('repository edges', async (t) => {
  const app = await build(t, { seedDemo: false })
  const { sitemaps } = app.repos
  t.same((await sitemaps.months(Date.now())).entries, [], 'no stories, no months')
  t.same((await sitemaps.news(Date.now())).entries, [])
  t.equal(await sitemaps.month('2024-01', Date.now()), null)
  t.equal((await app.inject('/sitemaps/index.xml')).statusCode, 200, 'an empty index is still an index')
  // Years below 100 are real years, not 1900 + year.
  await writeBehindTheApi(app, sql`INSERT INTO sections (id, slug, name, description, position, updated_at) VALUES ('sec_x', 'x', 'X', '', 1, 0)`)
  const ad = new Date(0).setUTCFullYear(99, 5, 15)
  await writeBehindTheApi(app, sql`INSERT INTO stories (id, slug, type, status, section_id, published_at, public_at, created_at, updated_at, title)
    VALUES ('sto_old', 'ancient', 'news', 'published', 'sec_x', ${ad}, ${ad}, 0, 0, 'Ancient')`)
  t.same((await sitemaps.months(Date.now())).entries.map((m) => m.month), ['0099-06'])
  t.same((await sitemaps.month('0099-06', Date.now()))!.entries.map((e) => e.slug), ['ancient'])
})

t.test('news:language is ISO 639, with Google\'s two Chinese exceptions', async (t) => {
  const cases: Array<[string, string]> = [['en', 'en'], ['en-GB', 'en'], ['pt-BR', 'pt'], ['fil', 'fil'],
    ['zh', 'zh-cn'], ['zh-CN', 'zh-cn'], ['zh-Hans', 'zh-cn'], ['zh-TW', 'zh-tw'], ['zh-Hant', 'zh-tw'], ['zh-Hant-HK', 'zh-tw']]
  for (const [tag, code] of cases) t.equal(newsLanguage(tag), code, `${tag} → ${code}`)
})
