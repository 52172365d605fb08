/**
 * JSON Feed 1.1 (jsonfeed.org/version/1.1). Review data rides in the `_review`
 * extension, which readers that do not know it ignore.
 */
import { categoriesOf, contentHtml, entryId, enclosureOf, reviewData, summaryText } from './item-content.js'
import type { FeedPage } from './feed-page.js'
import type { StoryType } from '../schemas/story.js'

function item (page: FeedPage, story: StoryType) {
  const file = enclosureOf(story)
  const review = reviewData(story)
  return {
    id: entryId(page, story),
    url: story.url,
    title: story.title,
    summary: summaryText(story),
    content_html: contentHtml(page, story),
    ...(story.heroImage === null ? {} : { image: story.heroImage.url }),
    date_published: story.publishedAt,
    date_modified: story.updatedAt,
    authors: story.authors.map((a) => ({ name: a.name, ...(a.avatar === null ? {} : { avatar: a.avatar.url }) })),
    tags: categoriesOf(story),
    language: story.language,
    ...(file === null
      ? {}
      : {
          attachments: [{
            url: file.url,
            mime_type: file.mimeType,
            title: story.title,
            ...(file.sizeBytes === null ? {} : { size_in_bytes: file.sizeBytes }),
            ...(file.durationSeconds === null ? {} : { duration_in_seconds: file.durationSeconds })
          }]
        }),
    ...(review === null ? {} : { _review: review })
  }
}

export function renderJsonFeed (page: FeedPage): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: page.title,
    home_page_url: page.homeUrl,
    // The feed's own address is its first page; later pages are reached by next_url.
    feed_url: page.firstUrl,
    description: page.description,
    language: page.language,
    // The show's square artwork (JSON Feed: "a large image… square").
    ...(page.podcast === null ? {} : { icon: page.podcast.imageUrl }),
    authors: [{ name: page.publicationName, url: page.siteUrl }],
    ...(page.nextUrl === null ? {} : { next_url: page.nextUrl }),
    // JSON Feed 1.1's own field for real-time notification; absent, as the spec allows, with no hub.
    ...(page.hubs.length === 0 ? {} : { hubs: page.hubs.map((url) => ({ type: 'WebSub', url })) }),
    items: page.items.map((story) => item(page, story))
  })
}
