/**
 * Atom 1.0 (RFC 4287), paged with RFC 5005 `first`/`next` links. Entries carry their
 * authors, so the feed-level author is the publication.
 */
import { categoriesOf, contentHtml, entryId, enclosureOf, feedId, reviewData, summaryText } from './item-content.js'
import type { FeedPage } from './feed-page.js'
import { MEDIA_NS, mediaContent } from './media-xml.js'
import { REVIEW_NS, reviewElement } from './review-xml.js'
import { serialize, xmlDocument, type XMLBuilder } from './xml.js'
import type { StoryType } from '../schemas/story.js'

const iso = (ms: number): string => new Date(ms).toISOString()

function entry (feed: XMLBuilder, page: FeedPage, story: StoryType): void {
  const el = feed.ele('entry')
  el.ele('id').txt(entryId(page, story))
  el.ele('title', { type: 'text' }).txt(story.title)
  el.ele('link', { rel: 'alternate', type: 'text/html', href: story.url })
  el.ele('published').txt(story.publishedAt)
  el.ele('updated').txt(story.updatedAt)
  for (const author of story.authors) el.ele('author').ele('name').txt(author.name)
  for (const category of categoriesOf(story)) el.ele('category', { term: category })
  el.ele('summary', { type: 'text' }).txt(summaryText(story))
  el.ele('content', { type: 'html' }).txt(contentHtml(page, story))
  const file = enclosureOf(story)
  if (file !== null) {
    el.ele('link', { rel: 'enclosure', type: file.mimeType, href: file.url, ...(file.sizeBytes === null ? {} : { length: String(file.sizeBytes) }) })
  }
  // The picture is Media RSS, not an enclosure: podcast apps take every enclosure for an episode file.
  if (story.heroImage !== null) mediaContent(el, story.heroImage, 'image')
  const review = reviewData(story)
  if (review !== null) reviewElement(el, review)
}

export function renderAtom (page: FeedPage): string {
  const doc = xmlDocument()
  const feed = doc.ele('feed', { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': page.language, 'xmlns:media': MEDIA_NS, 'xmlns:review': REVIEW_NS })
  feed.ele('id').txt(feedId(page))
  feed.ele('title', { type: 'text' }).txt(page.title)
  feed.ele('subtitle', { type: 'text' }).txt(page.description)
  feed.ele('updated').txt(iso(page.updated))
  feed.ele('author').ele('name').txt(page.publicationName).up().ele('uri').txt(page.siteUrl)
  feed.ele('link', { rel: 'self', type: 'application/atom+xml', href: page.selfUrl })
  feed.ele('link', { rel: 'alternate', type: 'text/html', href: page.homeUrl })
  feed.ele('link', { rel: 'first', type: 'application/atom+xml', href: page.firstUrl })
  if (page.nextUrl !== null) feed.ele('link', { rel: 'next', type: 'application/atom+xml', href: page.nextUrl })
  feed.ele('generator').txt('Byline')
  for (const story of page.items) entry(feed, page, story)
  return serialize(doc)
}
