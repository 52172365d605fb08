/**
 * Which public feeds a story change can touch: the WebSub topics the hubs are told of.
 *
 * A WebSub subscriber subscribes to the `self` URL a feed advertises, and a hub only
 * passes on pings for the exact topic subscribed to, so these are the self URLs the feed
 * routes print for a first page asked for without a query (`{PUBLIC_URL}/v1/feeds/…`),
 * in every format. Only first pages: a reader subscribes to a feed where it starts (later
 * pages shift too, but nobody subscribes to a cursor), and pinging a topic nobody
 * subscribed to would only make the hub fetch it for nothing.
 *
 * The answer is for one state of the story. A change that moves it (another section, a
 * tag or author taken off, another type) touches the feeds of both states: ask for each
 * and join them.
 */
import { FEED_FORMATS } from './feed-page.js'

/** What of a story decides which feeds list it. */
export interface FeedStory {
  type: string
  sectionSlug: string | null
  tagSlugs: string[]
  authorSlugs: string[]
}

/** Absolute URLs of every public feed first page listing `story`, each format, without repeats. */
export function feedUrlsOf (publicUrl: string, story: FeedStory): string[] {
  const feeds = [
    'latest',
    ...(story.type === 'review' ? ['reviews'] : []),
    `types/${story.type}`,
    ...(story.sectionSlug === null ? [] : [`sections/${story.sectionSlug}`]),
    ...story.tagSlugs.map((slug) => `tags/${slug}`),
    ...story.authorSlugs.map((slug) => `authors/${slug}`)
  ]
  return [...new Set(feeds)].flatMap((feed) => FEED_FORMATS.map((format) => `${publicUrl}/v1/feeds/${feed}.${format}`))
}
