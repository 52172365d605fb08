/**
 * Full-text search on SQLite: FTS5 (`story_search`, migration 0006) beside `search_rows`,
 * which holds what search filters on. Two steps: rank the matches, then build highlights
 * for the rows on the page alone, since snippet() is the costly part.
 *
 * Ranking is over the RANK_WINDOW most recently indexed matches (FTS5 walks matches in
 * rowid order, newest first, and stops there): a rarer query has fewer matches than the
 * window and is ranked whole; for a common word, the best of the newest 1,000 is what a
 * reader of a news site wants anyway. A match's rank is the weight of the columns the
 * query matches within (title 10, subject 5, dek 4, tags 3, and 1 for any match), found by
 * a column-filtered MATCH over the window's rowid range; among equals the newest comes
 * first. Not bm25: its IDF counts every row of each phrase first, which for a word in
 * half the archive held the event loop for 100–250 ms (docs/decisions.md).
 *
 * Rowids are CAST: JavaScript numbers bind as REAL, and FTS5 ignores a REAL rowid constraint.
 */
import type Sqlite from 'better-sqlite3'
import { MARK_CLOSE, MARK_OPEN, markedHtml, RANK_WINDOW, type SearchTerms } from '../../content/search-query.js'
import type { SearchEntry, SearchFilter, SearchHit, SearchHits } from '../../repositories/search-index.js'
import { perDatabase, type Db } from '../client.js'
import { sqliteSearchVocabulary, type SqliteSearchVocabulary } from './search-vocabulary.js'

const connection = (db: Db) => (db as unknown as { $client: Sqlite.Database }).$client

/**
 * The FTS5 MATCH expression: every word a quoted string; the last one, while typed, a
 * prefix: the OR of its most common completions when the vocabulary has them, else `"word"*`.
 */
export function ftsQuery ({ terms, prefixLast }: SearchTerms, vocabulary?: Pick<SqliteSearchVocabulary, 'complete'>): string {
  const words = terms.map((term) => `"${term}"`)
  if (prefixLast) {
    const last = terms[terms.length - 1]!
    const completions = vocabulary?.complete(last) ?? null
    words[words.length - 1] = completions === null ? `"${last}"*` : `(${completions.map((c) => `"${c}"`).join(' OR ')})`
  }
  return words.join(' AND ')
}

/** The index's statements on one connection, prepared once. */
export function sqliteSearchIndex (sqlite: Sqlite.Database) {
  const rowOf = sqlite.prepare('SELECT id FROM search_rows WHERE story_id = ?').pluck()
  const newRow = sqlite.prepare('INSERT INTO search_rows (story_id, public_at, type, section_id, subject_kind) VALUES (?, ?, ?, ?, ?) RETURNING id').pluck()
  const filters = sqlite.prepare('UPDATE search_rows SET public_at = ?, type = ?, section_id = ?, subject_kind = ? WHERE id = ?')
  const dropRow = sqlite.prepare('DELETE FROM search_rows WHERE id = ?')
  const remove = sqlite.prepare('DELETE FROM story_search WHERE rowid = CAST(? AS INTEGER)')
  const add = sqlite.prepare('INSERT INTO story_search (rowid, title, dek, subject, tags, body) VALUES (CAST(? AS INTEGER), ?, ?, ?, ?, ?)')

  const vocabulary = sqliteSearchVocabulary(sqlite)

  /** Indexes a story that is not in the index yet, with no lookup first and no vocabulary (the bulk loader counts words per batch). */
  function addToIndex (storyId: string, entry: SearchEntry): void {
    add.run(newRow.get(storyId, ...entry.filters), ...entry.text)
  }
  return {
    addToIndex,
    vocabulary,
    /** Puts a story in the index with `entry`, or takes it out when `entry` is null. */
    indexStory (storyId: string, entry: SearchEntry | null): void {
      const row = rowOf.get(storyId) as number | undefined
      if (row !== undefined) remove.run(row)
      if (entry === null) {
        if (row !== undefined) dropRow.run(row)
        return
      }
      if (row === undefined) {
        addToIndex(storyId, entry)
        vocabulary.added(entry.text)
        return
      }
      filters.run(...entry.filters, row)
      add.run(row, ...entry.text)
      vocabulary.reindexed(entry.text)
    }
  }
}

export const searchIndexOf = perDatabase((db: Db) => sqliteSearchIndex(connection(db)))

/**
 * Column weights of a match (migration 0006's bm25 weights): a hit in the title counts
 * most, then the subject, the dek and the tags; every match has the body's 1.
 */
const WEIGHTED_COLUMNS = [['title', 10], ['subject', 5], ['dek', 4], ['tags', 3]] as const

const finder = perDatabase((db: Db) => {
  const sqlite = connection(db)
  // No bm25 here: FTS5's bm25 counts every row holding each phrase (its IDF) before it
  // scores the first, a scan of the whole doclist of a common word. The window is read
  // in rowid order, which FTS5 walks lazily and stops.
  const windowed = sqlite.prepare(`
    SELECT f.rowid AS row, r.story_id AS storyId
    FROM story_search f
    JOIN search_rows r ON r.id = f.rowid
    WHERE story_search MATCH :q AND r.public_at <= :now
      AND (:type IS NULL OR r.type = :type)
      AND (:section IS NULL OR r.section_id = :section)
      AND (:kind IS NULL OR r.subject_kind = :kind)
    ORDER BY f.rowid DESC
    LIMIT ${RANK_WINDOW}`)
  // The window's rows that match within one column: a seek over the window's rowid range.
  const inColumn = sqlite.prepare('SELECT rowid FROM story_search WHERE story_search MATCH :q AND rowid BETWEEN CAST(:lo AS INTEGER) AND CAST(:hi AS INTEGER)').pluck()
  // One query for the whole page: each MATCH evaluation merges the term's doclists (for
  // a prefix, those of every term it covers), so it must not run once per hit. FTS5 reads
  // the page's rowid range; `+rowid IN` keeps the list out of FTS5 (which would run one
  // lookup per value) and filters the range down to the hits before highlighting.
  const highlighted = sqlite.prepare(`
    SELECT rowid AS row, highlight(story_search, 0, :open, :close) AS title, snippet(story_search, -1, :open, :close, '…', 24) AS snippet
    FROM story_search
    WHERE story_search MATCH :q AND rowid BETWEEN CAST(:first AS INTEGER) AND CAST(:last AS INTEGER)
      AND +rowid IN (SELECT CAST(value AS INTEGER) FROM json_each(:rows))`)
  /** The window, each row with its rank: minus its weight, so the best sorts first in ascending order. */
  function ranked (q: string, params: Record<string, unknown>): Array<{ row: number, rank: number, storyId: string }> {
    const rows = windowed.all({ q, ...params }) as Array<{ row: number, storyId: string }>
    if (rows.length === 0) return []
    const range = { lo: rows[rows.length - 1]!.row, hi: rows[0]!.row }
    const weight = new Map(rows.map((r) => [r.row, 1]))
    for (const [column, w] of WEIGHTED_COLUMNS) {
      for (const row of inColumn.all({ q: `{${column}} : (${q})`, ...range }) as number[]) {
        const now = weight.get(row)
        if (now !== undefined) weight.set(row, now + w)
      }
    }
    return rows.map((r) => ({ ...r, rank: -weight.get(r.row)! }))
  }
  // The index's own statements on this connection (searchIndexOf), not a second set.
  return { ranked, highlighted, vocabulary: searchIndexOf(db).vocabulary }
})

/** A page of hits, best first; `after` is the key of the last hit of the previous page. */
export function findStories (db: Db, terms: SearchTerms, filter: SearchFilter, after: [number, number] | null, limit: number, now: number): SearchHits {
  const { ranked, highlighted, vocabulary } = finder(db)
  const q = ftsQuery(terms, vocabulary)
  const rows = ranked(q, { now, type: filter.type ?? null, section: filter.sectionId ?? null, kind: filter.subjectKind ?? null })
    .filter((r) => after === null || r.rank > after[0] || (r.rank === after[0] && r.row < after[1]))
    .sort((a, b) => a.rank - b.rank || b.row - a.row)
    .slice(0, limit + 1)
  const page = rows.slice(0, limit)
  const rowids = page.map((r) => r.row)
  const range = { first: Math.min(...rowids), last: Math.max(...rowids) }
  const marked = new Map((rowids.length === 0
    ? []
    : highlighted.all({ q, ...range, rows: JSON.stringify(rowids), open: MARK_OPEN, close: MARK_CLOSE }) as
    Array<{ row: number, title: string, snippet: string }>).map((m) => [m.row, m]))
  const hits = page.map((r): SearchHit => {
    const marks = marked.get(r.row)!
    return { storyId: r.storyId, key: [r.rank, r.row], titleHtml: markedHtml(marks.title), snippetHtml: markedHtml(marks.snippet) }
  })
  return { hits, more: rows.length > limit }
}
