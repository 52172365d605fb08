/**
 * The podcast feed as Apple Podcasts and the directories that follow it read it: every
 * element Apple requires of a show and of an episode, checked with three parsers
 * (rss-parser's itunes support, feedparser, and fast-xml-parser for the raw tree).
 */
import { XMLParser } from 'fast-xml-parser'
import t from 'tap'
import { loadConfig } from '../../src/config.js'
import { parseCategories } from '../../src/content/podcast-categories.js'
import { isPodcastArtwork } from '../../src/feeds/itunes.js'
import { parseWithFeedParser, parseWithRssParser } from '../feed-parsers.js'
import { build, getJson, walk } from '../helper.js'
import { responseMismatch } from '../openapi-validator.js'

const PUBLIC_URL = 'https://api.byline.example'
const ITUNES_NS = 'http://www.itunes.com/dtds/podcast-1.0.dtd'

const tree = (xml: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, parseAttributeValue: false, isArray: (name) => ['item', 'itunes:category'].includes(name) }).parse(xml)

t.test('the podcast feed carries every channel and episode element Apple Podcasts requires', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL })
  const res = await app.inject('/v1/feeds/types/podcast.rss?limit=100')
  t.equal(res.statusCode, 200)

  // rss-parser reads the itunes namespace into `itunes`, as podcast apps do.
  const a = await parseWithRssParser(res.body)
  t.equal(a.title, 'Byline: Podcasts', 'title')
  t.equal(a.description, 'Podcasts from Byline.', 'description')
  t.equal(a.link, 'https://byline.example/podcasts', 'link')
  t.equal(tree(res.body).rss.channel.language, 'en', 'language')
  t.same(a.itunes, {
    owner: { name: 'Byline', email: 'podcasts@byline.example' },
    image: 'https://byline.example/podcast.jpg',
    categories: ['Leisure'],
    categoriesWithSubs: [{ name: 'Leisure', subs: [{ name: 'Video Games' }] }],
    author: 'Byline',
    explicit: 'false'
  }, 'itunes:owner (name, email), itunes:image, itunes:category with its subcategory, itunes:author, itunes:explicit')

  // The raw tree: namespace, attribute forms and the nesting Apple specifies.
  const rss = tree(res.body).rss
  t.equal(rss['@xmlns:itunes'], ITUNES_NS)
  const channel = rss.channel
  t.same(channel['itunes:image'], { '@href': 'https://byline.example/podcast.jpg' }, 'itunes:image is an href attribute')
  t.same(channel['itunes:category'], [{ '@text': 'Leisure', 'itunes:category': [{ '@text': 'Video Games' }] }], 'category text attributes, the subcategory nested')
  t.equal(channel['itunes:explicit'], 'false', 'itunes:explicit is true or false')
  t.same(channel['itunes:owner'], { 'itunes:name': 'Byline', 'itunes:email': 'podcasts@byline.example' })
  t.equal(channel['itunes:type'], 'episodic')

  // feedparser: the same channel tags, through another XML parser (sax).
  const b = await parseWithFeedParser(res.body)
  t.equal(b.meta.image.url, 'https://byline.example/podcast.jpg')
  t.match(b.meta, { 'itunes:owner': { 'itunes:email': { '#': 'podcasts@byline.example' } }, 'itunes:explicit': { '#': 'false' }, 'itunes:category': { '@': { text: 'Leisure' }, 'itunes:category': { '@': { text: 'Video Games' } } } })

  // Episodes: title, enclosure (url, length in bytes, type) and guid are required; pubDate,
  // description, itunes:duration and itunes:episodeType recommended.
  const episodes = (await walk(app, '/v1/stories?type=podcast', 100)).items
  const docs = new Map<string, any>()
  for (const e of episodes) docs.set(e.url, (await getJson(app, `/v1/stories/${e.slug}`)).body)
  const items = channel.item as Array<Record<string, any>>
  t.equal(items.length, episodes.length)
  let withAudio = 0
  for (const item of items) {
    const doc = docs.get(item.link)
    t.ok(typeof item.title === 'string' && item.title.length > 0, 'title')
    t.match(item.guid, { '#text': /^tag:byline\.example,2016:story\//, '@isPermaLink': 'false' }, 'guid')
    t.ok(item.pubDate && item.description, 'pubDate and description')
    if (doc.attachment === null) continue
    withAudio++
    t.same(item.enclosure, { '@url': doc.attachment.url, '@length': String(doc.attachment.sizeBytes), '@type': doc.attachment.mimeType }, 'enclosure')
    t.equal(item['itunes:duration'], String(doc.attachment.durationSeconds))
    t.equal(item['itunes:episodeType'], 'full')
    // The demo's hero pictures are 16:9, which Apple refuses as episode art: the show's art stands in.
    t.equal(item['itunes:image'], undefined, 'no episode art that breaks the artwork rules')
  }
  t.ok(withAudio > 0, 'the demo has episodes with audio')
  t.same(a.items.filter((i) => i.enclosure !== undefined).map((i) => i.itunes.episodeType), Array(withAudio).fill('full'))
})

t.test('the PODCAST_* settings reach the channel', async (t) => {
  const config = loadConfig({
    PODCAST_TITLE: 'Pixels & Ink',
    PODCAST_DESCRIPTION: 'Byline’s weekly games podcast: news, a long discussion and listener mail.',
    PODCAST_AUTHOR: 'Byline Podcasts',
    PODCAST_OWNER_NAME: 'Ben Okafor',
    PODCAST_OWNER_EMAIL: 'ben@byline.example',
    PODCAST_IMAGE_URL: 'https://media.byline.example/images/pixels-ink-3000.png',
    PODCAST_CATEGORY: 'Leisure > Video Games, TV & Film > Film Reviews, Technology',
    PODCAST_EXPLICIT: 'true',
    PODCAST_TYPE: 'serial'
  })
  const app = await build(t, { publicUrl: PUBLIC_URL, podcast: config.podcast })
  const res = await app.inject('/v1/feeds/types/podcast.rss')
  const a = await parseWithRssParser(res.body)
  t.equal(a.title, 'Pixels & Ink')
  t.equal(a.description, 'Byline’s weekly games podcast: news, a long discussion and listener mail.')
  t.same(a.itunes, {
    owner: { name: 'Ben Okafor', email: 'ben@byline.example' },
    image: 'https://media.byline.example/images/pixels-ink-3000.png',
    categories: ['Leisure', 'TV & Film', 'Technology'],
    categoriesWithSubs: [{ name: 'Leisure', subs: [{ name: 'Video Games' }] }, { name: 'TV & Film', subs: [{ name: 'Film Reviews' }] }, { name: 'Technology', subs: null }],
    author: 'Byline Podcasts',
    explicit: 'true'
  })
  t.equal(tree(res.body).rss.channel['itunes:type'], 'serial')
  t.match(res.body, '<itunes:category text="TV &amp; Film"><itunes:category text="Film Reviews"/></itunes:category><itunes:category text="Technology"/>', 'a category with no subcategory is empty')

  const json = await app.inject('/v1/feeds/types/podcast.json')
  t.equal(json.json().icon, 'https://media.byline.example/images/pixels-ink-3000.png', 'JSON Feed icon: the square show art')
  t.equal(json.json().title, 'Pixels & Ink')
  t.equal(responseMismatch('GET', '/v1/feeds/types/podcast.json', json), null, 'matches the documented JsonFeed schema')
  const atom = tree((await app.inject('/v1/feeds/types/podcast.atom')).body)
  t.equal(atom.feed.icon, 'https://media.byline.example/images/pixels-ink-3000.png', 'Atom icon')
})

t.test('only the podcast feed is a show', async (t) => {
  const app = await build(t, { publicUrl: PUBLIC_URL })
  for (const url of ['/v1/feeds/latest.rss', '/v1/feeds/reviews.rss', '/v1/feeds/types/video.rss', '/v1/feeds/sections/podcasts.rss']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 200, url)
    const channel = tree(res.body).rss.channel
    for (const tag of ['itunes:owner', 'itunes:category', 'itunes:image', 'itunes:explicit', 'itunes:author']) t.equal(channel[tag], undefined, `${url}: no ${tag}`)
    t.notOk(res.body.includes('itunes:episodeType'), `${url}: no episode tags`)
  }
  t.equal((await app.inject('/v1/feeds/latest.json')).json().icon, undefined)
})

t.test('PODCAST_* settings are validated, and the errors name the variable', async (t) => {
  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ PODCAST_CATEGORY: 'Games' }, /PODCAST_CATEGORY: "Games" is not an Apple Podcasts category; the categories are: Arts, /],
    [{ PODCAST_CATEGORY: 'Leisure > Videogames' }, /PODCAST_CATEGORY: "Videogames" is not a subcategory of Leisure; its subcategories are: .*Video Games/],
    [{ PODCAST_CATEGORY: 'Technology > Gadgets' }, /PODCAST_CATEGORY: .*Technology has none/],
    [{ PODCAST_CATEGORY: 'leisure' }, /PODCAST_CATEGORY/],
    [{ PODCAST_CATEGORY: 'Leisure > Games > Chess' }, /PODCAST_CATEGORY: .*more than one ">"/],
    [{ PODCAST_CATEGORY: ' , ' }, /PODCAST_CATEGORY: give at least one/],
    [{ PODCAST_OWNER_EMAIL: 'not an address' }, /PODCAST_OWNER_EMAIL/],
    [{ PODCAST_IMAGE_URL: 'https://byline.example/podcast.gif' }, /PODCAST_IMAGE_URL/],
    [{ PODCAST_IMAGE_URL: 'podcast.jpg' }, /PODCAST_IMAGE_URL/],
    [{ PODCAST_EXPLICIT: 'clean' }, /PODCAST_EXPLICIT/],
    [{ PODCAST_TYPE: 'daily' }, /PODCAST_TYPE/],
    [{ PODCAST_AUTHOR: 'x'.repeat(256) }, /PODCAST_AUTHOR/],
    [{ PODCAST_DESCRIPTION: 'x'.repeat(4001) }, /PODCAST_DESCRIPTION/]
  ]
  for (const [env, message] of bad) t.throws(() => loadConfig(env), { name: 'ConfigError', message }, JSON.stringify(env))
  const defaults = loadConfig({ SITE_URL: 'https://www.example.org', PUBLICATION_NAME: 'Example' }).podcast
  t.same(defaults, { title: null, description: null, author: 'Example', ownerName: 'Example', ownerEmail: 'podcasts@www.example.org', imageUrl: 'https://www.example.org/podcast.jpg', categories: [{ text: 'Leisure', sub: 'Video Games' }], explicit: false, type: 'episodic' })
  t.throws(() => loadConfig({}, { podcast: { ...defaults, categories: [{ text: 'Leisure', sub: 'Chess' }] } }), { name: 'ConfigError', message: /PODCAST_CATEGORY/ }, 'overrides are checked against Apple\'s list too')
  t.same(parseCategories('TV & Film>TV Reviews'), [{ text: 'TV & Film', sub: 'TV Reviews' }])
})

t.test('episode art only when it meets the artwork rules', async (t) => {
  const image = { id: 'med_x', kind: 'image' as const, url: 'https://media.byline.example/images/ep.jpg', mimeType: 'image/jpeg', alt: '', caption: '', credit: '', width: 1400, height: 1400, durationSeconds: null, sizeBytes: null }
  t.ok(isPodcastArtwork(image), 'square JPEG, 1400 px')
  t.ok(isPodcastArtwork({ ...image, width: 3000, height: 3000, mimeType: 'image/png', url: 'https://m.example/a.png' }), 'square PNG, 3000 px')
  t.notOk(isPodcastArtwork({ ...image, width: 1280, height: 720 }), '16:9')
  t.notOk(isPodcastArtwork({ ...image, width: 1000, height: 1000 }), 'too small')
  t.notOk(isPodcastArtwork({ ...image, width: 4000, height: 4000 }), 'too large')
  t.notOk(isPodcastArtwork({ ...image, mimeType: 'image/webp', url: 'https://m.example/a.webp' }), 'WebP')
  t.notOk(isPodcastArtwork({ ...image, width: null, height: null }), 'unknown size')
})
