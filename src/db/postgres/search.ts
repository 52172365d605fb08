/**
 * Full-text search on PostgreSQL, with the contract of SQLite's FTS5 search
 * (src/repositories/search.ts, src/repositories/search-index.ts): the same stories found
 * for the same words, a title hit above a body hit, keyset pages over (rank, row), and
 * highlights as the same `<mark>`-marked, escaped HTML.
 *
 * - search_rows (shared with SQLite) holds the filters; search.story_documents
 *   (migrations-postgres/0004) a copy of them and the weighted tsvector, computed here
 *   because unaccent() is not IMMUTABLE (title A, dek and subject B, tags C, body D), so a
 *   search reads one narrow table for every candidate; search.story_texts the texts,
 *   read for the page's rows alone. All three are written in one statement.
 * - The window is read one of two ways, chosen by walks() from the planner's estimates:
 *   walking the newest rows down an index (a common word) or from the GIN bitmap of the
 *   word's matches (a rare one), each written so the planner cannot swap it for the other.
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
import { MARK_CLOSE, MARK_OPEN, markedHtml, RANK_WINDOW } from '../../content/search-query.js'
import type { SearchEntry } from '../../repositories/search-index.js'
import { literalFloat as float, literalInteger as integer, literalText as text } from './literals.js'
import { HIGHLIGHT_ALL, highlightText, indexedText, SNIPPET, SNIPPET_WORDS, tsqueryLexeme, tsqueryText, walks, type SearchTerms } from './search-query.js'

export type { SearchTerms } from './search-query.js'
export { walks } from './search-query.js'

/** drizzle's node-postgres database or a transaction of it, whatever its schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- both NodePgDatabase<S> and its transactions fit
export type PgDb = PgDatabase<any, any, any>

export interface SearchFilter { type?: string, sectionId?: string | null, subjectKind?: string }
export interface SearchHit { storyId: string, key: [number, number], titleHtml: string, snippetHtml: string }

const CONFIG = sql.raw("'search.byline_search'::regconfig")
/**
 * The configuration by its oid: `'name'::regconfig` is a catalog lookup the planner does
 * not fold, so to_tsquery(`'name'::regconfig`, …) in a filter ran once per row checked
 * (~3 µs of a 4 µs check); with an oid constant it is folded into one tsquery at planning.
 */
const configById = (oid: number) => sql.raw(`${Math.trunc(oid)}::oid::regconfig`)

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

/** One statement: the search_rows row, then its document and its texts. */
function indexStatement (storyId: string, entry: SearchEntry, replace: boolean): SQL {
  const [publicAt, type, sectionId, subjectKind] = entry.filters
  const text = entry.text.map(indexedText)
  const [title, dek, subject, tags, body] = text
  const onConflict = (set: SQL) => replace ? sql`on conflict (row_id) do update set ${set}` : sql``
  return sql`with r as (
      insert into search_rows (story_id, public_at, type, section_id, subject_kind)
      values (${storyId}, ${publicAt}, ${type}, ${sectionId}, ${subjectKind})
      ${replace
        ? sql`on conflict (story_id) do update set public_at = excluded.public_at, type = excluded.type,
        section_id = excluded.section_id, subject_kind = excluded.subject_kind`
        : sql``}
      returning id
    ), d as (
      insert into search.story_documents (row_id, public_at, type, section_id, subject_kind, document)
      select r.id, ${publicAt}, ${type}, ${sectionId}, ${subjectKind}, ${documentOf(text)} from r
      ${onConflict(sql`public_at = excluded.public_at, type = excluded.type, section_id = excluded.section_id,
        subject_kind = excluded.subject_kind, document = excluded.document`)}
    )
    insert into search.story_texts (row_id, title, dek, subject, tags, body)
    select r.id, ${title}, ${dek}, ${subject}, ${tags}, ${body} from r
    ${onConflict(sql`title = excluded.title, dek = excluded.dek, subject = excluded.subject, tags = excluded.tags, body = excluded.body`)}`
}

/**
 * Puts a story in the index with `entry`, or takes it out when `entry` is null; runs in
 * the caller's transaction. One statement either way: the row keeps its id across
 * re-indexing (as SQLite's rowid does, so an edit does not make a story "newer" for the
 * rank window), and concurrent writers of the same story meet at the unique story_id.
 */
export async function indexStory (db: PgDb, storyId: string, entry: SearchEntry | null): Promise<void> {
  // Taking it out: the document and texts go with their search_rows row (on delete cascade).
  await db.execute(entry === null ? sql`delete from search_rows where story_id = ${storyId}` : indexStatement(storyId, entry, true))
}

/** Indexes a story that is not in the index yet (the bulk loader's case): no conflict to look for. */
export async function addToIndex (db: PgDb, storyId: string, entry: SearchEntry): Promise<void> {
  await db.execute(indexStatement(storyId, entry, false))
}

interface Filter { column: string, value: SQL }

/**
 * The window: the RANK_WINDOW newest matches that pass the filters, read the way
 * walks() chose. The choice is ours, not the planner's: left to itself, it ANDed a rare
 * word's few GIN matches with a btree bitmap of every row of a type or of a row range
 * (hundreds of thousands of entries, 10–60 ms for 19 matches). For the bitmap, the
 * filters and the order are written so no btree can serve them (`+ 0`, `|| ''`): only
 * the GIN index is left. For the walk they stay indexable, so the planner may walk the
 * primary key or, with a filter, that filter's (column, row_id) index.
 */
function windowQuery (query: SQL, publicAt: SQL, filters: Filter[], walk: boolean): SQL {
  const window = sql.raw(String(RANK_WINDOW))
  const where = walk
    ? [sql`s.public_at <= ${publicAt}`, ...filters.map((f) => sql`${sql.raw(`s.${f.column}`)} = ${f.value}`)]
    : [sql`s.public_at + 0 <= ${publicAt}`, ...filters.map((f) => sql`${sql.raw(`s.${f.column}`)} || '' = ${f.value}`)]
  // coalesce() hides the match from the GIN index: a walk must not become a bitmap. With
  // a filter, the walk is down that filter's (column, row_id) index (the order names its
  // column, equal in every row, so no other index gives it): the planner, counting random
  // reads at 4× sequential ones, preferred walking every row of the primary key past the
  // other types' (151,000 rows, 130 ms, for a word in 7% of the stories and news).
  const match = walk ? sql`coalesce(s.document @@ ${query}, false)` : sql`s.document @@ ${query}`
  const order = !walk ? sql`s.row_id + 0 desc` : filters[0] === undefined ? sql`s.row_id desc` : sql`${sql.raw(`s.${filters[0].column}`)} desc, s.row_id desc`
  // Only row ids are carried through the walk or the sort; documents are read for the window.
  return sql`select s.row_id
    from search.story_documents s
    where ${match} and ${sql.join(where, sql` and `)}
    order by ${order}
    limit ${window}`
}

interface IndexFacts { config: number, rows: number, at: number }
const facts = new WeakMap<PgDb, IndexFacts>()
/** How long the configuration's oid and the archive's size are kept: the size only weighs walks(). */
const FACTS_MS = 60_000

/**
 * The search configuration's oid and the number of indexed stories (the planner's, from
 * the last ANALYZE; the newest row id before there is one: ids are not a count, since
 * every re-indexing upsert takes one), read once a minute per database handle.
 */
async function indexFacts (db: PgDb): Promise<IndexFacts> {
  const known = facts.get(db)
  if (known !== undefined && Date.now() - known.at < FACTS_MS) return known
  const [row] = await rowsOf<{ config: number, rows: number }>(db, sql`
    select ${CONFIG}::oid::int8 as config, coalesce(nullif(greatest(c.reltuples, 0), 0)::int8,
      (select max(row_id) from search.story_documents), 0) as rows
    from pg_class c where c.oid = 'search.story_documents'::regclass`)
  const found = { config: row!.config, rows: row!.rows, at: Date.now() }
  facts.set(db, found)
  return found
}

/** The planner's estimate of the stories the words match: a planning only, nothing is read. */
async function estimate (db: PgDb, query: SQL): Promise<number> {
  const [row] = await rowsOf<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows'?: number } }> }>(db, sql`
    explain (format json) select 1 from search.story_documents s where s.document @@ ${query}`)
  return row?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0
}

/**
 * A page of hits, best first; `after` is the key of the last hit of the previous page.
 * Returns up to `limit` hits and whether more follow. `read` forces how the window is
 * read (tests); by default walks() chooses from the planner's estimates.
 */
export async function findStories (db: PgDb, q: SearchTerms, filter: SearchFilter, after: [number, number] | null, limit: number, now: number,
  read?: 'walk' | 'bitmap'): Promise<{ hits: SearchHit[], more: boolean }> {
  const tsquery = tsqueryText(q)
  if (tsquery === null || limit <= 0) return { hits: [], more: false }
  const publicAt = integer(Math.floor(now))
  // The narrowest kind of filter first: a walk goes down the first one's index.
  const filters: Filter[] = []
  if (filter.sectionId !== undefined && filter.sectionId !== null) filters.push({ column: 'section_id', value: text(filter.sectionId) })
  if (filter.subjectKind !== undefined) filters.push({ column: 'subject_kind', value: text(filter.subjectKind) })
  if (filter.type !== undefined) filters.push({ column: 'type', value: text(filter.type) })
  const afterClause = after === null
    ? sql``
    : sql`where rank > ${float(after[0])} or (rank = ${float(after[0])} and row > ${float(after[1])})`
  // to_tsquery() is written out where it is used (no CTE), so the planner estimates how
  // many rows match. OFFSET 0 keeps ts_rank from being computed twice (for the WHERE and
  // the ORDER BY). The story ids are read for the page alone.
  const { config: configOid, rows } = await indexFacts(db)
  const config = configById(configOid)
  const query = sql`to_tsquery(${config}, ${text(tsquery)})`
  const choose = async () => walks(await estimate(db, query), rows, filters.length > 0)
  // `read` is for tests, which check that both ways give the same window.
  const walk = read === undefined ? await choose() : read === 'walk'
  const ranked = await rowsOf<{ row: number, rank: number, story_id: string }>(db, sql`
    select p.row, p.rank, r.story_id from (
      select row, rank from (
        select w.row_id as row, (-ts_rank(${WEIGHTS}, w.document, ${query}, ${sql.raw(String(NORMALIZATION))}))::float8 as rank
        from (${windowQuery(query, publicAt, filters, walk)}) win join search.story_documents w on w.row_id = win.row_id
        offset 0
      ) ranked ${afterClause}
      order by rank, row
      limit ${integer(limit + 1)}
    ) p join search_rows r on r.id = p.row
    order by p.rank, p.row`)
  const page = ranked.slice(0, limit)
  if (page.length === 0) return { hits: [], more: false }
  const marked = await highlights(db, config, q, tsquery, page.map((r) => r.row))
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
async function highlights (db: PgDb, config: SQL, q: SearchTerms, text: string, rows: number[]): Promise<Map<number, { titleHtml: string, snippetHtml: string }>> {
  const operands = q.terms.map((term, i) => tsqueryLexeme(term, q.prefixLast && i === q.terms.length - 1))
  const found = (vector: SQL) => sql`(select count(*) from unnest(${sql.param(operands)}::text[]) t(term) where ${vector} @@ to_tsquery(${config}, t.term))`
  const query = sql`to_tsquery(${config}, ${text})`
  // Each step is MATERIALIZED: an inlined step would copy its expressions (ts_headline
  // among them) into every place that uses their result, and run them that many times.
  const result = await rowsOf<{ row: number, title: string, snippet: string, lead: string | null, tail: string | null }>(db, sql`
    with scored as materialized (
      select s.row_id, s.title, s.dek, s.subject, s.tags, s.body,
        ${found(sql`ts_filter(doc.document, '{a}')`)} as a,
        ${found(sql`to_tsvector(${config}, s.dek)`)} as b,
        ${found(sql`to_tsvector(${config}, s.subject)`)} as c,
        ${found(sql`ts_filter(doc.document, '{c}')`)} as d,
        ${found(sql`ts_filter(doc.document, '{d}')`)} as e
      from search.story_texts s join search.story_documents doc on doc.row_id = s.row_id
      where s.row_id in ${rows}
    ),
    best as materialized (
      select row_id, title, case greatest(a, b, c, d, e) when 0 then body when a then title when b then dek when c then subject when d then tags else body end as source
      from scored
    ),
    marked as materialized (
      select row_id, source, ts_headline(${config}, title, ${query}, ${HIGHLIGHT_ALL}) as title,
        ts_headline(${config}, source, ${query}, case
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
      case when pos between 1 and 64 and length(to_tsvector(${config}, left(source, pos - 1))) = 0 then left(source, pos - 1) end as lead,
      case when pos > 0 and length(source) - (pos + n) < 64 and length(to_tsvector(${config}, substr(source, pos + n))) = 0 then substr(source, pos + n) end as tail
    from placed`)
  return new Map(result.map((r) => [r.row, {
    titleHtml: markedHtml(highlightText(r.title, '', '')),
    snippetHtml: markedHtml(highlightText(r.snippet, r.lead, r.tail))
  }]))
}
