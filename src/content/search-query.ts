/**
 * What a reader types, cut to the words a search is made of: letters and digits only
 * (NFKC), at most 8 words of at most 64 characters, so quotes, operators, column
 * filters, `*`, `^` and parentheses in the input are just text to every engine. The last
 * word is a prefix, for type-ahead, unless the input ends with a space.
 */
const MAX_TERMS = 8
const MAX_TERM_LENGTH = 64

/**
 * Search ranks the newest RANK_WINDOW matches of a query (on either engine): a word found
 * in half the archive would otherwise be scored hundreds of thousands of times per query.
 */
export const RANK_WINDOW = 1000

export interface SearchTerms { terms: string[], prefixLast: boolean }

/** The words of `input`, or null when it holds no letter or digit. */
export function searchTerms (input: string): SearchTerms | null {
  const words = input.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []
  const terms = words.slice(0, MAX_TERMS).map((w) => w.slice(0, MAX_TERM_LENGTH))
  if (terms.length === 0) return null
  return { terms, prefixLast: !/\s$/.test(input) && words.length <= MAX_TERMS }
}

// Both engines mark matches with these in their highlights; no text in the index has them.
export const MARK_OPEN = '\u0002'
export const MARK_CLOSE = '\u0003'

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Marked plain text → HTML: everything escaped, matches in <mark>. */
export function markedHtml (marked: string): string {
  return marked.replace(/[&<>"']/g, (c) => ESCAPES[c]!).replaceAll(MARK_OPEN, '<mark>').replaceAll(MARK_CLOSE, '</mark>')
}
