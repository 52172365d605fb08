/**
 * Full-text search on PostgreSQL, with the contract of SQLite's FTS5 search
 * (src/repositories/search.ts, src/repositories/search-index.ts): the same stories found
 * for the same words, a title hit above a body hit, keyset pages over (rank, row), and
 * highlights as the same `<mark>`-marked, escaped HTML.
 *
 * - search_rows (shared with SQLite) holds the filters; search.story_search
 *   (migrations-postgres/0002, 0003) holds the text, its weighted tsvector, computed here
 *   because unaccent() is not IMMUTABLE (title A, dek and subject B, tags C, body D), and
 *   a copy of the filters, so a search reads one table (both written in one statement).
 * - Ranking: the RANK_WINDOW newest matches that pass the filters (by row, as FTS5 walks
 *   them) are ranked with ts_rank, weights {D 0.1, C 0.3, B 0.45, A 1.0} (SQLite's bm25
 *   weights 1, 3, 4–5, 10 over ten; ts_rank refuses a weight above 1) and normalization 1
 *   (divided by 1 + log of the document's length), bm25's preference for the shorter of
 *   two documents that mention a word as often. ts_rank counts repeats with diminishing
 *   returns (at most 1.64× one hit, before normalization), so one title hit (≈ 0.61)
 *   outweighs any number of body hits (≤ 0.1) in documents of similar length.
 * - key = [rank, row] with rank = -ts_rank as float8, so the best comes first in
 *   ascending order as with bm25 on SQLite, and a rank that went through JSON in a cursor
 *   compares equal when it comes back (a float8 prints and parses back exactly).
 * - Highlights are built for the page's rows only: ts_headline on the title (all of it)
 *   and on the column with most of the query's words (a fragment of about 24 words).
 */
import { sql, type SQL } from 'drizzle-orm'
import type { PgDatabase } from 'drizzle-orm/pg-core'
import { MARK_CLOSE, MARK_OPEN, markedHtml } from '../../content/search-query.js'
import { RANK_WINDOW } from '../../content/search-query.js'
import type { SearchEntry } from '../../repositories/search-index.js'
import { HIGHLIGHT_ALL, highlightText, indexedText, SNIPPET, SNIPPET_WORDS, tsqueryLexeme, tsqueryText, type SearchTerms } from './search-query.js'

export type { SearchTerms } from './search-query.js'

/** drizzle's node-postgres database or a transaction of it, whatever its schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- both NodePgDatabase<S> and its transactions fit
export type PgDb = PgDatabase<any, any, any>

export interface SearchFilter { type?: string, sectionId?: string | null, subjectKind?: string }
export interface SearchHit { storyId: string, key: [number, number], titleHtml: string, snippetHtml: string }

const CONFIG = sql.raw("'search.byline_search'::regconfig")
/** ts_rank's weights, in its order {D, C, B, A}; see the header. */
const WEIGHTS = sql.raw("'{0.1, 0.3, 0.45, 1.0}'::float4[]")
/** ts_rank normalization 1: divided by 1 + log(length of the document). */
const NORMALIZATION = 1

async function rowsOf<T> (db: PgDb, query: SQL): Promise<T[]> {
  const result = await db.execute(query) as unknown as { rows: T[] } | T[]
  return Array.isArray(result) ? result : result.rows
}

/** The weighted document of an entry: the SQL that computes it from its (already prepared) texts. */
function documentOf (text: string[]): SQL {
  const [title, dek, subject, tags, body] = text
  const vector = (value: string | undefined, weight: string) =>
    sql`setweight(to_tsvector(${CONFIG}, ${value}::text), ${sql.raw(`'${weight}'`)})`
  return sql`${vector(title, 'A')} || ${vector(dek, 'B')} || ${vector(subject, 'B')} || ${vector(tags, 'C')} || ${vector(body, 'D')}`
}

/** One statement: the search_rows row, then its text and document. */
function indexStatement (storyId: string, entry: SearchEntry, replace: boolean): SQL {
  const [publicAt, type, sectionId, subjectKind] = entry.filters
  const text = entry.text.map(indexedText)
  const [title, dek, subject, tags, body] = text
  return sql`with r as (
      insert into search_rows (story_id, public_at, type, section_id, subject_kind)
      values (${storyId}, ${publicAt}, ${type}, ${sectionId}, ${subjectKind})
      ${replace
        ? sql`on conflict (story_id) do update set public_at = excluded.public_at, type = excluded.type,
        section_id = excluded.section_id, subject_kind = excluded.subject_kind`
        : sql``}
      returning id
    )
    insert into search.story_search (row_id, public_at, type, section_id, subject_kind, title, dek, subject, tags, body, document)
    select r.id, ${publicAt}, ${type}, ${sectionId}, ${subjectKind}, ${title}, ${dek}, ${subject}, ${tags}, ${body}, ${documentOf(text)} from r
    ${replace
      ? sql`on conflict (row_id) do update set public_at = excluded.public_at, type = excluded.type, section_id = excluded.section_id,
      subject_kind = excluded.subject_kind, title = excluded.title, dek = excluded.dek, subject = excluded.subject,
      tags = excluded.tags, body = excluded.body, document = excluded.document`
      : sql``}`
}

/**
 * Puts a story in the index with `entry`, or takes it out when `entry` is null; runs in
 * the caller's transaction. One statement either way: the row keeps its id across
 * re-indexing (as SQLite's rowid does, so an edit does not make a story "newer" for the
 * rank window), and concurrent writers of the same story meet at the unique story_id.
 */
export async function indexStory (db: PgDb, storyId: string, entry: SearchEntry | null): Promise<void> {
  // Taking it out: story_search's row goes with its search_rows row (on delete cascade).
  await db.execute(entry === null ? sql`delete from search_rows where story_id = ${storyId}` : indexStatement(storyId, entry, true))
}

/** Indexes a story that is not in the index yet (the bulk loader's case): no conflict to look for. */
export async function addToIndex (db: PgDb, storyId: string, entry: SearchEntry): Promise<void> {
  await db.execute(indexStatement(storyId, entry, false))
}

/**
 * A page of hits, best first; `after` is the key of the last hit of the previous page.
 * Returns up to `limit` hits and whether more follow.
 */
export async function findStories (db: PgDb, q: SearchTerms, filter: SearchFilter, after: [number, number] | null, limit: number, now: number): Promise<{ hits: SearchHit[], more: boolean }> {
  const text = tsqueryText(q)
  if (text === null || limit <= 0) return { hits: [], more: false }
  const filters = [sql`s.public_at <= ${now}`]
  if (filter.type !== undefined) filters.push(sql`s.type = ${filter.type}`)
  if (filter.sectionId !== undefined && filter.sectionId !== null) filters.push(sql`s.section_id = ${filter.sectionId}`)
  if (filter.subjectKind !== undefined) filters.push(sql`s.subject_kind = ${filter.subjectKind}`)
  const afterClause = after === null
    ? sql``
    : sql`where rank > ${after[0]}::float8 or (rank = ${after[0]}::float8 and row > ${after[1]})`
  // The window: the newest matches passing the filters. to_tsquery() is written out
  // where it is used (no CTE), so the planner estimates how many rows match and picks the
  // GIN index (a rare word: all its matches, then the newest) or a walk down row_id
  // checking each document (a common word: the window fills within a few thousand rows).
  // OFFSET 0 keeps ts_rank from being computed twice (for the WHERE and the ORDER BY).
  const query = sql`to_tsquery(${CONFIG}, ${text})`
  // The story ids are read for the page alone.
  const ranked = await rowsOf<{ row: number, rank: number, story_id: string }>(db, sql`
    select p.row, p.rank, r.story_id from (
      select row, rank from (
        select w.row_id as row, (-ts_rank(${WEIGHTS}, w.document, ${query}, ${sql.raw(String(NORMALIZATION))}))::float8 as rank
        from (
          select s.row_id, s.document
          from search.story_search s
          where s.document @@ ${query} and ${sql.join(filters, sql` and `)}
          order by s.row_id desc
          limit ${sql.raw(String(RANK_WINDOW))}
        ) w
        offset 0
      ) ranked ${afterClause}
      order by rank, row
      limit ${limit + 1}
    ) p join search_rows r on r.id = p.row
    order by p.rank, p.row`)
  const page = ranked.slice(0, limit)
  if (page.length === 0) return { hits: [], more: false }
  const marked = await highlights(db, q, text, page.map((r) => r.row))
  const hits = page.map((r): SearchHit => {
    const m = marked.get(r.row)
    return { storyId: r.story_id, key: [r.rank, r.row], titleHtml: m?.titleHtml ?? '', snippetHtml: m?.snippetHtml ?? '' }
  })
  return { hits, more: ranked.length > limit }
}

/**
 * Title and snippet for each of `rows`. The snippet is taken from the column holding the
 * most of the query's words, the first such in column order (title, dek, subject, tags,
 * body) as SQLite's snippet(…, -1, …) prefers; the body's words are read from the stored
 * document (its D lexemes), the short columns are tokenized again.
 */
async function highlights (db: PgDb, q: SearchTerms, text: string, rows: number[]): Promise<Map<number, { titleHtml: string, snippetHtml: string }>> {
  const operands = q.terms.map((term, i) => tsqueryLexeme(term, q.prefixLast && i === q.terms.length - 1))
  const found = (vector: SQL) => sql`(select count(*) from unnest(${sql.param(operands)}::text[]) t(term) where ${vector} @@ to_tsquery(${CONFIG}, t.term))`
  const query = sql`to_tsquery(${CONFIG}, ${text})`
  // Each step is MATERIALIZED: an inlined step would copy its expressions (ts_headline
  // among them) into every place that uses their result, and run them that many times.
  const result = await rowsOf<{ row: number, title: string, snippet: string, lead: string | null, tail: string | null }>(db, sql`
    with scored as materialized (
      select s.row_id, s.title, s.dek, s.subject, s.tags, s.body,
        ${found(sql`ts_filter(s.document, '{a}')`)} as a,
        ${found(sql`to_tsvector(${CONFIG}, s.dek)`)} as b,
        ${found(sql`to_tsvector(${CONFIG}, s.subject)`)} as c,
        ${found(sql`ts_filter(s.document, '{c}')`)} as d,
        ${found(sql`ts_filter(s.document, '{d}')`)} as e
      from search.story_search s
      where s.row_id in ${rows}
    ),
    best as materialized (
      select row_id, title, case greatest(a, b, c, d, e) when 0 then body when a then title when b then dek when c then subject when d then tags else body end as source
      from scored
    ),
    marked as materialized (
      select row_id, source, ts_headline(${CONFIG}, title, ${query}, ${HIGHLIGHT_ALL}) as title,
        ts_headline(${CONFIG}, source, ${query}, case
          when length(source) < ${SNIPPET_WORDS * 16} and length(source) - length(replace(source, ' ', '')) < ${SNIPPET_WORDS} then ${HIGHLIGHT_ALL}
          else ${SNIPPET} end) as snippet
      from best
    ),
    placed as materialized (
      select row_id, source, title, snippet, strpos(source, p) as pos, length(p) as n from (
        select *, replace(replace(snippet, ${MARK_OPEN}, ''), ${MARK_CLOSE}, '') as p from marked) m
    )
    -- What the fragment leaves out at either end, when that holds no word (kept, as SQLite's snippet keeps it).
    select row_id as row, title, snippet,
      case when pos between 1 and 64 and length(to_tsvector(${CONFIG}, left(source, pos - 1))) = 0 then left(source, pos - 1) end as lead,
      case when pos > 0 and length(source) - (pos + n) < 64 and length(to_tsvector(${CONFIG}, substr(source, pos + n))) = 0 then substr(source, pos + n) end as tail
    from placed`)
  return new Map(result.map((r) => [r.row, {
    titleHtml: markedHtml(highlightText(r.title, '', '')),
    snippetHtml: markedHtml(highlightText(r.snippet, r.lead, r.tail))
  }]))
}
