/**
 * WebSub discovery (W3C WebSub §4): with WEBSUB_HUBS set, every feed, in every format and
 * in both spaces (public and feed token), names each hub beside its self link, in the
 * document and in the Link header, read as feed readers read them (feedparser,
 * rss-parser, fast-xml-parser for the raw tree); without it, nothing of it appears. And
 * feedUrlsOf, the topics the hubs are told of, names exactly the self URLs the feeds print.
 */
import { XMLParser } from 'fast-xml-parser'
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { feedUrlsOf } from '../../src/feeds/feed-urls.js'
import { createFeedToken } from '../../src/repositories/feed-tokens.js'
import { parseWithFeedParser, parseWithRssParser } from '../feed-parsers.js'
import { build, getJson } from '../helper.js'
import { responseMismatch } from '../openapi-validator.js'

const PUBLIC_URL = 'https://api.byline.example'
const HUB = 'https://hub.example/'
const FEEDS = ['latest', 'reviews', 'types/podcast', 'sections/games', 'tags/sci-fi', 'authors/marcus-ellery']

type Link = { '@': { rel: string, href: string } }

const tree = (xml: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, parseAttributeValue: false, isArray: (name) => ['atom:link', 'link'].includes(name) }).parse(xml)

/** The hrefs of the raw tree's links with `rel`: the channel's atom:link in RSS, the feed's link in Atom. */
function rawLinks (xml: string, format: 'rss' | 'atom', rel: string): string[] {
  const doc = tree(xml)
  const links = (format === 'rss' ? doc.rss.channel['atom:link'] : doc.feed.link) as Array<Record<string, string>>
  return links.filter((l) => l['@rel'] === rel).map((l) => l['@href']!)
}

/** rel="hub" entries of a Link header (RFC 8288, as this API writes it: `<url>; rel="…"`, comma-separated). */
const headerLinks = (header: unknown, rel: string): string[] =>
  [...String(header ?? '').matchAll(/<([^>]*)>; rel="([^"]*)"/g)].filter((m) => m[2] === rel).map((m) => m[1]!)

/** Every way a reader finds hubs on the feed at `path`, and its self link as the Link header gives it. */
async function discovered (t: Test, app: FastifyInstance, path: string) {
  const res = await app.inject(path)
  t.equal(res.statusCode, 200, path)
  const header = { hubs: headerLinks(res.headers.link, 'hub'), self: headerLinks(res.headers.link, 'self') }
  if (path.includes('.json')) {
    t.equal(responseMismatch('GET', path.split('?')[0]!, res), null, `${path}: matches the documented JsonFeed schema`)
    const hubs = res.json().hubs as Array<{ type: string, url: string }> | undefined
    return { header, document: hubs === undefined ? [] : hubs.map((h) => `${h.type} ${h.url}`) }
  }
  const format = path.includes('.rss') ? 'rss' : 'atom'
  const { meta } = await parseWithFeedParser(res.body)
  const feedparser = ((meta as unknown as { 'atom:link'?: Link[] })['atom:link'] ?? []).filter((l) => l['@'].rel === 'hub').map((l) => l['@'].href)
  t.same(rawLinks(res.body, format, 'hub'), feedparser, `${path}: the raw tree and feedparser agree`)
  await parseWithRssParser(res.body) // a reader that knows nothing of hubs still reads the feed
  return { header, document: feedparser }
}

t.test('with WEBSUB_HUBS, every feed advertises the hub in the document and the Link header', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL, websubHubs: [HUB] })
  for (const feed of FEEDS) {
    for (const format of ['rss', 'atom', 'json'] as const) {
      const path = `/v1/feeds/${feed}.${format}`
      const { header, document } = await discovered(t, app, path)
      t.same(document, [format === 'json' ? `WebSub ${HUB}` : HUB], `${path}: the hub in the document`)
      t.same(header.hubs, [HUB], `${path}: Link rel="hub"`)
      t.same(header.self, [`${PUBLIC_URL}${path}`], `${path}: Link rel="self" unchanged: the topic to subscribe to`)
    }
  }
})

t.test('the RSS hub is an atom:link in the channel, beside rel="self"', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL, websubHubs: [HUB] })
  const res = await app.inject('/v1/feeds/latest.rss')
  const links = tree(res.body).rss.channel['atom:link'] as Array<Record<string, string>>
  t.same(links.slice(0, 2).map((l) => [l['@rel'], l['@href']]), [['self', `${PUBLIC_URL}/v1/feeds/latest.rss`], ['hub', HUB]])
  t.match(res.body, /xmlns:atom="http:\/\/www\.w3\.org\/2005\/Atom"/, 'in the Atom namespace')
})

t.test('every hub, in order, on every page; never in the feed token space', async (t) => {
  const second = 'https://websub.example/hub'
  const app = await build(t, { publicUrl: PUBLIC_URL, websubHubs: [HUB, second] })
  for (const format of ['rss', 'atom', 'json'] as const) {
    const first = `/v1/feeds/reviews.${format}?limit=5`
    const { header, document } = await discovered(t, app, first)
    t.same(header.hubs, [HUB, second], `${first}: both hubs in the Link header`)
    t.same(document, format === 'json' ? [`WebSub ${HUB}`, `WebSub ${second}`] : [HUB, second], `${first}: both hubs in the document`)
    const next = headerLinks((await app.inject(first)).headers.link, 'next')[0]!
    const later = await discovered(t, app, next.slice(PUBLIC_URL.length))
    t.same(later.header.hubs, [HUB, second], `${format}: a later page names the hubs too`)
    t.same(later.header.self, [next], `${format}: and keeps its own self link`)
  }
  // A token feed's self URL is its credential: subscribing at a hub would hand it over.
  const { token } = await createFeedToken(app.database.db, { partner: 'Feed reader partner', expiresAt: null }, Date.now())
  for (const format of ['rss', 'atom', 'json'] as const) {
    const path = `/v1/feeds/t/${token}/reviews.${format}?limit=5`
    const res = await app.inject(path)
    t.equal(res.statusCode, 200, path)
    t.notMatch(String(res.headers.link), /rel="hub"/, `${format}: no hub in a token feed's Link header`)
    t.notMatch(res.body, format === 'json' ? /"hubs"/ : /rel="hub"/, `${format}: nor in its document`)
  }
})

t.test('without WEBSUB_HUBS, no feed says anything of hubs', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL })
  t.same(app.config.websubHubs, [], 'none by default')
  for (const feed of FEEDS) {
    for (const format of ['rss', 'atom', 'json'] as const) {
      const path = `/v1/feeds/${feed}.${format}`
      const res = await app.inject(path)
      t.equal(res.statusCode, 200, path)
      t.notMatch(String(res.headers.link), /rel="hub"/, `${path}: no hub in the Link header`)
      t.notMatch(res.body, format === 'json' ? /"hubs"/ : /rel="hub"/, `${path}: no hub in the document`)
      if (format === 'json') t.notOk('hubs' in res.json(), `${path}: no hubs member`)
    }
  }
})

t.test('feedUrlsOf: every format of every feed a story is in, for the topics the hubs are told of', async (t) => {
  const urls = (feeds: string[]) => feeds.flatMap((f) => ['rss', 'atom', 'json'].map((x) => `${PUBLIC_URL}/v1/feeds/${f}.${x}`))
  t.same(feedUrlsOf(PUBLIC_URL, { type: 'review', sectionSlug: 'movies', tagSlugs: ['sci-fi', 'drama'], authorSlugs: ['marcus-ellery'] }),
    urls(['latest', 'reviews', 'types/review', 'sections/movies', 'tags/sci-fi', 'tags/drama', 'authors/marcus-ellery']), 'a review: latest, reviews, its type, section, tags and authors')
  t.same(feedUrlsOf(PUBLIC_URL, { type: 'news', sectionSlug: null, tagSlugs: [], authorSlugs: [] }),
    urls(['latest', 'types/news']), 'not a review: no reviews feed; no section, tags or authors: none of theirs')
  t.same(feedUrlsOf(PUBLIC_URL, { type: 'podcast', sectionSlug: 'games', tagSlugs: ['a', 'a'], authorSlugs: ['x', 'y', 'x'] }),
    urls(['latest', 'types/podcast', 'sections/games', 'tags/a', 'authors/x', 'authors/y']), 'no URL twice')
  const story = { type: 'feature', sectionSlug: 's', tagSlugs: ['t'], authorSlugs: ['a'] }
  const before = JSON.stringify(story)
  feedUrlsOf(PUBLIC_URL, story)
  t.equal(JSON.stringify(story), before, 'pure: the story is left as it was')
})

t.test('feedUrlsOf names exactly the self URLs the feeds print for their first page', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL, websubHubs: [HUB] })
  const doc = (await getJson(app, '/v1/reviews/her-2013-review')).body as { type: string, section: { slug: string } | null, tags: Array<{ slug: string }>, authors: Array<{ slug: string }> }
  const topics = feedUrlsOf(PUBLIC_URL, { type: doc.type, sectionSlug: doc.section?.slug ?? null, tagSlugs: doc.tags.map((x) => x.slug), authorSlugs: doc.authors.map((x) => x.slug) })
  t.ok(topics.length >= 3 * 5, 'latest, reviews, type, section, tags and authors')
  for (const topic of topics) {
    const path = topic.slice(PUBLIC_URL.length)
    const res = await app.inject(path)
    t.equal(res.statusCode, 200, path)
    t.same(headerLinks(res.headers.link, 'self'), [topic], `${path}: the Link header's self is the topic`)
    if (!path.endsWith('.json')) t.same(rawLinks(res.body, path.endsWith('.rss') ? 'rss' : 'atom', 'self'), [topic], `${path}: and so is the document's`)
  }
})
