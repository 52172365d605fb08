/**
 * What every feed format renders: one page of stories with the feed's identity and
 * links. Built by the feed route from stored public documents; the renderers in this
 * folder are pure functions of it.
 */
import type { StoryType } from '../schemas/story.js'
import type { PodcastChannel } from './itunes.js'

export const FEED_FORMATS = ['rss', 'atom', 'json'] as const
export type FeedFormat = typeof FEED_FORMATS[number]

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8'
}

export interface FeedPage {
  /** Path of the feed without its format, e.g. `sections/games`: names the feed in ids. */
  key: string
  title: string
  description: string
  /** The page on the publication site this feed follows. */
  homeUrl: string
  /** This page of the feed, absolute, as requested (cursor included). */
  selfUrl: string
  /** The feed's first page, absolute. */
  firstUrl: string
  /** The next (older) page, absolute; null on the last page (RFC 5005). */
  nextUrl: string | null
  /**
   * WebSub hubs (rel="hub") this feed advertises, from WEBSUB_HUBS; empty when none is
   * configured. A subscriber subscribes at the hub to the feed's `self` URL, which is why
   * the hub is pinged with exactly the self URLs of first pages (src/feeds/feed-urls.ts).
   */
  hubs: readonly string[]
  language: string
  publicationName: string
  siteUrl: string
  /** When anything in this page last changed (ms). */
  updated: number
  /** Full story bodies (partners, or every reader when configured); else standfirst and verdict. */
  fullText: boolean
  /** The show's Apple Podcasts details: set on the podcast feed only (see src/routes/feeds.ts). */
  podcast: PodcastChannel | null
  items: StoryType[]
}
