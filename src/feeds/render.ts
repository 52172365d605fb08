/** One page of a feed in the format asked for. */
import { renderAtom } from './atom.js'
import type { FeedFormat, FeedPage } from './feed-page.js'
import { renderJsonFeed } from './json-feed.js'
import { renderRss } from './rss.js'

const RENDERERS: Record<FeedFormat, (page: FeedPage) => string> = { rss: renderRss, atom: renderAtom, json: renderJsonFeed }

export function renderFeed (format: FeedFormat, page: FeedPage): string {
  return RENDERERS[format](page)
}
