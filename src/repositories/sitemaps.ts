/**
 * What the sitemaps list: public stories by publication time, read on
 * stories_public_idx (public_at desc, id desc). Plain data; the URLs and the XML are
 * the caller's business.
 */
import { TEXT_COLLECTION_KEYS } from '../content/invalidation.js'
import { and, desc, gt, gte, lt, lte, max, sql } from 'drizzle-orm'
import { prepare, type Db } from '../db/client.js'
import { greatest } from '../db/dialect.js'
import { tablesOf } from '../db/tables.js'
import { freshnessRepository } from './freshness.js'

const ph = sql.placeholder

/** Google News takes articles of the last two days, at most 1,000 of them. */
export const NEWS_WINDOW_MS = 48 * 60 * 60 * 1000
export const NEWS_MAX_ENTRIES = 1000
/**
 * sitemaps.org's limit per file. A month past it would need pages of its own; at 1M
 * stories over ten years a month holds about 9,000, so the newest 50,000 are listed.
 */
export const MONTH_MAX_ENTRIES = 50_000

export interface NewsEntry { slug: string, title: string, language: string, publishedAt: number }
export interface MonthEntry { slug: string, lastModified: number }
/** `month` is YYYY-MM (UTC); `lastModified` is the latest publication in it (see months()). */
export interface SitemapMonth { month: string, lastModified: number }

export interface Listing<T> { entries: T[], lastModified: number }

/** Keys for a CDN purge: the collections, not every story (1,000 story keys would not fit a header). */
export const SITEMAP_SURROGATE_KEYS = [TEXT_COLLECTION_KEYS.sitemaps, 'stories']

export function monthName (at: number): string {
  const d = new Date(at)
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

/** First instant of a UTC month (`monthIndex` 0–11, or 12 for the next year's January). */
function utcMonth (year: number, monthIndex: number): number {
  // Not Date.UTC: it reads years 0–99 as 1900–1999.
  return new Date(0).setUTCFullYear(year, monthIndex, 1)
}

function monthStart (at: number): number {
  const d = new Date(at)
  return utcMonth(d.getUTCFullYear(), d.getUTCMonth())
}

const latest = (times: number[], floor: number) => times.reduce((a, b) => Math.max(a, b), floor)

export function sitemapRepository (db: Db) {
  const { stories } = tablesOf(db)
  // The moment a story last changed as the sitemap sees it: written, re-rendered or gone live.
  const changedAt = greatest(db, [sql`${stories.updatedAt}`, sql`${stories.renderedAt}`, sql`${stories.publicAt}`]).mapWith(Number)
  const freshness = freshnessRepository(db)
  // max() over a range of the index is one seek, not a scan.
  const latestBefore = prepare(db.select({ at: max(stories.publicAt) }).from(stories).where(lt(stories.publicAt, ph('before'))))
  const news = prepare(db.select({ slug: stories.slug, title: stories.title, language: stories.language, publishedAt: stories.publicAt, changedAt })
    .from(stories).where(and(gt(stories.publicAt, ph('since')), lte(stories.publicAt, ph('now'))))
    .orderBy(desc(stories.publicAt), desc(stories.id)).limit(NEWS_MAX_ENTRIES))
  const inMonth = prepare(db.select({ slug: stories.slug, changedAt })
    .from(stories).where(and(gte(stories.publicAt, ph('from')), lt(stories.publicAt, ph('to'))))
    .orderBy(desc(stories.publicAt), desc(stories.id)).limit(MONTH_MAX_ENTRIES))

  return {
    /**
     * Public stories of the last 48 hours, newest first. The list also changes when a
     * story ages out, with no write: Last-Modified is at least the moment the latest
     * one to leave did.
     */
    async news (now: number): Promise<Listing<NewsEntry>> {
      const since = now - NEWS_WINDOW_MS
      const rows = (await news.execute({ since, now }))
      const lastLeft = (await latestBefore.execute({ before: since + 1 }))[0]?.at
      return {
        entries: rows.map((r) => ({ slug: r.slug, title: r.title, language: r.language, publishedAt: r.publishedAt! })),
        lastModified: latest(rows.map((r) => r.changedAt), Math.max(await freshness.changedAt(now), lastLeft == null ? 0 : lastLeft + NEWS_WINDOW_MS))
      }
    },

    /**
     * Every UTC month with a public story, newest first. Found by skipping down the
     * index a month at a time (the latest story before the start of the month found
     * last), one seek per month, so the cost follows the number of months rather than
     * stories: grouping a million index entries by month takes half a second warm.
     *
     * A month's `lastModified` is its latest publication time, which that seek gives
     * for free. It does not move when an older story in the month is edited: the exact
     * value means reading every story row of the archive, seconds at a million.
     */
    async months (now: number): Promise<Listing<SitemapMonth>> {
      const found: SitemapMonth[] = []
      let at = (await latestBefore.execute({ before: now + 1 }))[0]?.at
      while (at != null) {
        found.push({ month: monthName(at), lastModified: at })
        at = (await latestBefore.execute({ before: monthStart(at) }))[0]?.at
      }
      return { entries: found, lastModified: latest(found.map((m) => m.lastModified), await freshness.changedAt(now)) }
    },

    /** Public stories published in `month` (YYYY-MM, UTC), newest first; null when there are none. */
    async month (month: string, now: number): Promise<Listing<MonthEntry> | null> {
      const [year, number] = month.split('-').map(Number) as [number, number]
      const from = utcMonth(year, number - 1)
      const to = Math.min(utcMonth(year, number), now + 1)
      const rows = from < to ? (await inMonth.execute({ from, to })) : []
      if (rows.length === 0) return null
      const entries = rows.map((r) => ({ slug: r.slug, lastModified: r.changedAt }))
      return { entries, lastModified: latest(entries.map((e) => e.lastModified), await freshness.changedAt(now)) }
    }
  }
}
export type SitemapRepository = ReturnType<typeof sitemapRepository>
