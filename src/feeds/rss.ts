/**
 * RSS 2.0 with the extensions feed readers and partner programs look for: full text in
 * content:encoded, authors in dc:creator, images and episode files in Media RSS,
 * episode length in itunes:duration, self, paging and WebSub hub links in atom:link, and review
 * data in Byline's review namespace. The podcast feed adds what Apple Podcasts requires
 * of a show (src/feeds/itunes.ts).
 */
import { categoriesOf, contentHtml, entryId, enclosureOf, reviewData, summaryText } from './item-content.js'
import type { FeedPage } from './feed-page.js'
import { ITUNES_NS, itunesChannel, itunesEpisode } from './itunes.js'
import { MEDIA_NS, mediaContent } from './media-xml.js'
import { REVIEW_NS, reviewElement } from './review-xml.js'
import { child, serialize, xmlDocument, type XMLBuilder } from './xml.js'
import type { StoryType } from '../schemas/story.js'

const NS = {
  'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
  'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  'xmlns:media': MEDIA_NS,
  'xmlns:atom': 'http://www.w3.org/2005/Atom',
  'xmlns:itunes': ITUNES_NS,
  'xmlns:review': REVIEW_NS
}

/** RFC 822 dates, as RSS requires ("Wed, 18 Dec 2013 15:00:00 GMT"). */
const rfc822 = (iso: string | number): string => new Date(iso).toUTCString()

function item (channel: XMLBuilder, page: FeedPage, story: StoryType): void {
  const el = child(channel, 'item')
  child(el, 'title', {}, story.title)
  child(el, 'link', {}, story.url)
  child(el, 'guid', { isPermaLink: 'false' }, entryId(page, story))
  child(el, 'pubDate', {}, rfc822(story.publishedAt))
  child(el, 'description', {}, summaryText(story))
  child(el, 'content:encoded', {}, contentHtml(page, story))
  for (const author of story.authors) child(el, 'dc:creator', {}, author.name)
  for (const category of categoriesOf(story)) child(el, 'category', {}, category)
  const file = enclosureOf(story)
  if (file !== null) {
    child(el, 'enclosure', { url: file.url, length: file.sizeBytes ?? 0, type: file.mimeType })
    if (file.durationSeconds !== null) child(el, 'itunes:duration', {}, String(file.durationSeconds))
    mediaContent(el, file, file.kind === 'video' ? 'video' : 'audio')
  }
  if (story.heroImage !== null) mediaContent(el, story.heroImage, 'image')
  if (page.podcast !== null && file !== null) itunesEpisode(el, story.heroImage)
  const review = reviewData(story)
  if (review !== null) reviewElement(el, review)
}

export function renderRss (page: FeedPage): string {
  const doc = xmlDocument()
  const channel = child(child(doc, 'rss', { version: '2.0', ...NS }), 'channel')
  child(channel, 'title', {}, page.title)
  child(channel, 'link', {}, page.homeUrl)
  child(channel, 'description', {}, page.description)
  child(channel, 'language', {}, page.language)
  child(channel, 'lastBuildDate', {}, rfc822(page.updated))
  if (page.podcast !== null) itunesChannel(channel, page.podcast)
  child(channel, 'atom:link', { rel: 'self', href: page.selfUrl, type: 'application/rss+xml' })
  // WebSub discovery in RSS is the Atom link element, beside the self link it pairs with.
  for (const hub of page.hubs) child(channel, 'atom:link', { rel: 'hub', href: hub })
  if (page.selfUrl !== page.firstUrl) child(channel, 'atom:link', { rel: 'first', href: page.firstUrl, type: 'application/rss+xml' })
  if (page.nextUrl !== null) child(channel, 'atom:link', { rel: 'next', href: page.nextUrl, type: 'application/rss+xml' })
  for (const story of page.items) item(channel, page, story)
  return serialize(doc)
}
