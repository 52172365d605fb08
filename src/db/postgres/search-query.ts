/**
 * Pure functions for PostgreSQL's full-text search (src/db/postgres/search.ts): the
 * reader's words (searchTerms() in src/content/search-query.ts) as a tsquery, and the
 * text both sides of the index are tokenized from.
 *
 * The reader's words reach Postgres only as quoted tsquery lexemes passed to
 * to_tsquery() as a bound parameter, so `'`, `\`, `:*`, `&|!()<->` in the input are text,
 * never operators.
 */
import { MARK_CLOSE, MARK_OPEN, RANK_WINDOW, type SearchTerms } from '../../content/search-query.js'

export type { SearchTerms }

/** One term as a tsquery operand: a quoted lexeme (quotes doubled, backslashes escaped), `:*` for a prefix. */
export function tsqueryLexeme (term: string, prefix: boolean): string {
  // eslint-disable-next-line no-control-regex -- control characters are never part of a word
  const text = term.replace(/[\u0000-\u001f]/g, '').replaceAll('\\', '\\\\').replaceAll("'", "''")
  return `'${text}'${prefix ? ':*' : ''}`
}

/**
 * The text handed to to_tsquery(): every term a quoted lexeme, ANDed. Terms that are
 * empty once control characters are taken out are dropped; null when none is left.
 * to_tsquery() still runs each lexeme through the search configuration (unaccent, lower
 * case), the same normalization the stored documents had.
 */
export function tsqueryText (q: SearchTerms): string | null {
  const operands = q.terms.flatMap((term, i) => {
    // eslint-disable-next-line no-control-regex -- control characters are never part of a word
    const clean = term.replace(/[\u0000-\u001f]/g, '')
    return clean === '' ? [] : [tsqueryLexeme(clean, q.prefixLast && i === q.terms.length - 1)]
  })
  return operands.length === 0 ? null : operands.join(' & ')
}

/** Placed after each punctuation mark in indexed text; never in stored story text (see indexedText). */
export const SEPARATOR = '\u0001'

/**
 * Story text as it is stored and tokenized on Postgres. Postgres's default parser reads
 * `example.com`, `3.14`, `/path`, `a@b.c`, `-5` and `<b>` as single tokens (a host, a
 * number, a file, an email, an HTML tag dropped from headlines), where SQLite's unicode61
 * splits at every character that is not a letter or digit. A separator after each such
 * character breaks those tokens apart, so both engines find the same words; headlines
 * are built from the same text, so their marks fall on the same tokens, and the
 * separators are taken out again (highlightText). Control characters up to the marks are
 * removed (NUL cannot be stored in Postgres text; the marks must come only from
 * ts_headline).
 */
export function indexedText (text: string): string {
  // eslint-disable-next-line no-control-regex -- NUL, the separator and the marks are taken out
  return text.replace(/[\u0000-\u0003]/g, '').replace(/[^\p{L}\p{N}\p{M}\s]/gu, `$&${SEPARATOR}`)
}

/**
 * A headline from ts_headline (marks MARK_OPEN/MARK_CLOSE) back to the story's text:
 * `lead` and `tail` are what the column holds before and after it when that is only
 * spaces and punctuation (ts_headline leaves those out; SQLite's snippet keeps them),
 * null when words were cut there, shown as `…`. Separators are taken out.
 */
export function highlightText (headline: string, lead: string | null, tail: string | null): string {
  return `${lead ?? '…'}${headline}${tail ?? '…'}`.replaceAll(SEPARATOR, '')
}

/** The ts_headline options: the whole text with every match marked (titles). */
export const HIGHLIGHT_ALL = `StartSel=${MARK_OPEN}, StopSel=${MARK_CLOSE}, HighlightAll=true`

/**
 * The ts_headline options for a snippet: the best fragment of about 24 words, as SQLite's
 * snippet(…, 24). A column of fewer words is highlighted whole (SNIPPET_WORDS): a fragment
 * never starts or ends on a number or punctuation, and would drop them from a short text.
 */
export const SNIPPET_WORDS = 24
export const SNIPPET = `StartSel=${MARK_OPEN}, StopSel=${MARK_CLOSE}, MaxFragments=1, MaxWords=${SNIPPET_WORDS}, MinWords=12, ShortWord=0`

/**
 * Cost of checking one row in a walk down the primary key (rows read in order), relative
 * to fetching one heap row at random (a bitmap's match, or a walk down a filter's index):
 * ~0.6 µs against ~1.5 µs, measured at 1M stories.
 */
const IN_ORDER = 0.4

/**
 * Whether the window is read by walking the newest rows (true) or from the GIN bitmap of
 * every match (false), for `matches` (the planner's estimate of the stories the words
 * match, before filters) among `rows`. The bitmap fetches every match, filtered or not. A
 * walk reads about RANK_WINDOW × rows / matches rows before the window is full: in order
 * down the primary key with no filter, at random down the filter's index with one (its
 * rows are the filter's share of the archive, and so are the matches it meets). They
 * cost the same at √(RANK_WINDOW × rows × 0.4) matches unfiltered (20,000 at a million
 * stories), √(RANK_WINDOW × rows) filtered (~32,000); either costs at most that many reads.
 */
export function walks (matches: number, rows: number, filtered: boolean): boolean {
  return matches * matches > RANK_WINDOW * rows * (filtered ? 1 : IN_ORDER)
}
