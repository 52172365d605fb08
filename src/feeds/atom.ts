/**
 * Atom 1.0 (RFC 4287), paged with RFC 5005 `first`/`next` links, with WebSub `hub`
 * links when hubs are configured. Entries carry their authors, so the feed-level author
 * is the publication.
 */
import { categoriesOf, contentHtml, entryId, enclosureOf, feedId, reviewData, summaryText } from './item-content.js'
import type { FeedPage } from './feed-page.js'
import { MEDIA_NS, mediaContent } from './media-xml.js'
import { REVIEW_NS, reviewElement } from './review-xml.js'
import { child, serialize, xmlDocument, type XMLBuilder } from './xml.js'
import type { StoryType } from '../schemas/story.js'

function entry (feed: XMLBuilder, page: FeedPage, story: StoryType): void {
  const el = child(feed, 'entry')
  child(el, 'id', {}, entryId(page, story))
  child(el, 'title', { type: 'text' }, story.title)
  child(el, 'link', { rel: 'alternate', type: 'text/html', href: story.url })
  child(el, 'published', {}, story.publishedAt)
  child(el, 'updated', {}, story.updatedAt)
  for (const author of story.authors) child(child(el, 'author'), 'name', {}, author.name)
  for (const category of categoriesOf(story)) child(el, 'category', { term: category })
  child(el, 'summary', { type: 'text' }, summaryText(story))
  child(el, 'content', { type: 'html' }, contentHtml(page, story))
  const file = enclosureOf(story)
  if (file !== null) {
    child(el, 'link', { rel: 'enclosure', type: file.mimeType, href: file.url, length: file.sizeBytes })
    mediaContent(el, file, file.kind === 'video' ? 'video' : 'audio')
  }
  // The picture is Media RSS, not an enclosure: podcast apps take every enclosure for an episode file.
  if (story.heroImage !== null) mediaContent(el, story.heroImage, 'image')
  const review = reviewData(story)
  if (review !== null) reviewElement(el, review)
}

export function renderAtom (page: FeedPage): string {
  const doc = xmlDocument()
  const feed = child(doc, 'feed', { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': page.language, 'xmlns:media': MEDIA_NS, 'xmlns:review': REVIEW_NS })
  child(feed, 'id', {}, feedId(page))
  child(feed, 'title', { type: 'text' }, page.title)
  child(feed, 'subtitle', { type: 'text' }, page.description)
  child(feed, 'updated', {}, new Date(page.updated).toISOString())
  const author = child(feed, 'author')
  child(author, 'name', {}, page.publicationName)
  child(author, 'uri', {}, page.siteUrl)
  child(feed, 'link', { rel: 'self', type: 'application/atom+xml', href: page.selfUrl })
  for (const hub of page.hubs) child(feed, 'link', { rel: 'hub', href: hub })
  child(feed, 'link', { rel: 'alternate', type: 'text/html', href: page.homeUrl })
  child(feed, 'link', { rel: 'first', type: 'application/atom+xml', href: page.firstUrl })
  if (page.nextUrl !== null) child(feed, 'link', { rel: 'next', type: 'application/atom+xml', href: page.nextUrl })
  child(feed, 'generator', {}, 'Byline')
  // The show's square artwork, as podcast apps that read Atom show it.
  if (page.podcast !== null) child(feed, 'icon', {}, page.podcast.imageUrl)
  for (const story of page.items) entry(feed, page, story)
  return serialize(doc)
}
