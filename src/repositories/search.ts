/**
 * Full-text search over public stories. Two steps: rank the matches (bm25 with the
 * column weights set in migration 0006) with only the columns the order needs, then
 * build highlights for the rows on the page alone, since snippet() is the costly part.
 *
 * Ranking is over the RANK_WINDOW most recently indexed matches (FTS5 walks matches in
 * rowid order, newest first, and stops there): a word found in half the archive would
 * otherwise be scored hundreds of thousands of times per query. A rarer query has fewer
 * matches than the window and is ranked exactly; for a common word, the best of the
 * newest 1,000 is what a reader of a news site wants anyway.
 *
 * Rowids are CAST: JavaScript numbers bind as REAL, and FTS5 ignores a REAL rowid constraint.
 */
import { TEXT_COLLECTION_KEYS } from '../content/invalidation.js'
import type { Db } from '../db/client.js'
import type { CursorValue } from '../content/cursor.js'
import { MARK_CLOSE, MARK_OPEN, markedHtml } from '../content/search-query.js'
import { freshnessRepository } from './freshness.js'
import { toPage, type Page } from './types.js'

export const RANK_WINDOW = 1000

export interface SearchFilter { type?: string, sectionId?: string | null, subjectKind?: string }

export function searchRepository (db: Db) {
  const sqlite = db.$client
  const freshness = freshnessRepository(db)
  const ranked = sqlite.prepare(`
    SELECT row, rank, storyId FROM (
      SELECT f.rowid AS row, f.rank AS rank, r.story_id AS storyId
      FROM story_search f
      JOIN search_rows r ON r.id = f.rowid
      WHERE story_search MATCH :q AND r.public_at <= :now
        AND (:type IS NULL OR r.type = :type)
        AND (:section IS NULL OR r.section_id = :section)
        AND (:kind IS NULL OR r.subject_kind = :kind)
      ORDER BY f.rowid DESC
      LIMIT ${RANK_WINDOW}
    )
    WHERE :afterRank IS NULL OR rank > :afterRank OR (rank = :afterRank AND row > :afterRow)
    ORDER BY rank, row
    LIMIT :limit`)
  // One query for the whole page: each MATCH evaluation merges the term's doclists (for
  // a prefix, those of every term it covers), so it must not run once per hit. FTS5 reads
  // the page's rowid range; `+rowid IN` keeps the list out of FTS5 (which would run one
  // lookup per value) and filters the range down to the hits before highlighting.
  const highlighted = sqlite.prepare(`
    SELECT rowid AS row, highlight(story_search, 0, :open, :close) AS title, snippet(story_search, -1, :open, :close, '…', 24) AS snippet
    FROM story_search
    WHERE story_search MATCH :q AND rowid BETWEEN CAST(:first AS INTEGER) AND CAST(:last AS INTEGER)
      AND +rowid IN (SELECT CAST(value AS INTEGER) FROM json_each(:rows))`)
  const card = sqlite.prepare('SELECT card_json AS json, updated_at AS updatedAt, rendered_at AS renderedAt, surrogate_keys AS keys FROM stories WHERE id = ?')

  return {
    /** A page of hits, best first; `after` is the (rank, row) of the last hit of the previous page. */
    async search (q: string, filter: SearchFilter, after: CursorValue[] | null, limit: number, now: number): Promise<Page> {
      const rows = ranked.all({
        q,
        now,
        type: filter.type ?? null,
        section: filter.sectionId ?? null,
        kind: filter.subjectKind ?? null,
        afterRank: after?.[0] ?? null,
        afterRow: after?.[1] ?? null,
        limit: limit + 1
      }) as Array<{ row: number, rank: number, storyId: string }>
      const page = rows.slice(0, limit)
      const rowids = page.map((r) => r.row)
      const range = { first: Math.min(...rowids), last: Math.max(...rowids) }
      const marked = new Map((rowids.length === 0
        ? []
        : highlighted.all({ q, ...range, rows: JSON.stringify(rowids), open: MARK_OPEN, close: MARK_CLOSE }) as
        Array<{ row: number, title: string, snippet: string }>).map((m) => [m.row, m]))
      const hits = page.map((r) => {
        const story = card.get(r.storyId) as { json: string, updatedAt: number, renderedAt: number, keys: string }
        const marks = marked.get(r.row)!
        const highlights = JSON.stringify({ title: markedHtml(marks.title), snippet: markedHtml(marks.snippet) })
        return {
          json: `{"story":${story.json},"highlights":${highlights}}`,
          key: [r.rank, r.row],
          updatedAt: Math.max(story.updatedAt, story.renderedAt),
          surrogateKeys: story.keys.split(' ')
        }
      })
      // toPage needs limit + 1 rows to know another page follows; the extra one is never rendered.
      const more = rows.length > limit ? [{ json: '', key: [], updatedAt: 0, surrogateKeys: [] }] : []
      return toPage([...hits, ...more], limit, ['stories', TEXT_COLLECTION_KEYS.search], freshness.changedAt(now))
    }
  }
}
export type SearchRepository = ReturnType<typeof searchRepository>
