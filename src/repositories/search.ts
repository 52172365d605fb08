/** Full-text search over public stories: the engine finds and highlights (src/repositories/search-index.ts), this builds the page. */
import { inArray } from 'drizzle-orm'
import { TEXT_COLLECTION_KEYS } from '../content/invalidation.js'
import type { CursorValue } from '../content/cursor.js'
import type { SearchTerms } from '../content/search-query.js'
import type { Db } from '../db/client.js'
import { tablesOf } from '../db/tables.js'
import { freshnessRepository } from './freshness.js'
import { findStories, type SearchFilter } from './search-index.js'
import { toPage, type Page } from './types.js'

export type { SearchFilter }

export function searchRepository (db: Db) {
  const { stories } = tablesOf(db)
  const freshness = freshnessRepository(db)
  // The page's cards in one query: on Postgres each query is a round trip.
  const cards = async (ids: string[]) => new Map((ids.length === 0
    ? []
    : await db.select({ id: stories.id, json: stories.cardJson, updatedAt: stories.updatedAt, renderedAt: stories.renderedAt, keys: stories.surrogateKeys })
      .from(stories).where(inArray(stories.id, ids))).map((c) => [c.id, c]))

  return {
    /** A page of hits, best first; `after` is the (rank, row) of the last hit of the previous page. */
    async search (terms: SearchTerms, filter: SearchFilter, after: CursorValue[] | null, limit: number, now: number): Promise<Page> {
      const { hits, more } = await findStories(db, terms, filter, after as [number, number] | null, limit, now)
      const found = await cards(hits.map((hit) => hit.storyId))
      const rows = []
      for (const hit of hits) {
        const story = found.get(hit.storyId)
        const highlights = JSON.stringify({ title: hit.titleHtml, snippet: hit.snippetHtml })
        rows.push({
          json: `{"story":${story!.json},"highlights":${highlights}}`,
          key: hit.key,
          updatedAt: Math.max(story!.updatedAt, story!.renderedAt),
          surrogateKeys: story!.keys.split(' ')
        })
      }
      // toPage needs limit + 1 rows to know another page follows; the extra one is never rendered.
      if (more) rows.push({ json: '', key: [], updatedAt: 0, surrogateKeys: [] })
      return toPage(rows, limit, ['stories', TEXT_COLLECTION_KEYS.search], await freshness.changedAt(now))
    }
  }
}
export type SearchRepository = ReturnType<typeof searchRepository>
