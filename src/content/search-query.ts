/**
 * What a reader types, turned into an FTS5 query that cannot be anything else: every
 * word becomes a quoted string, so quotes, operators (AND, OR, NOT, NEAR), column
 * filters, `*`, `^` and parentheses in the input are just text. The last word is a
 * prefix, for type-ahead, unless the input ends with a space.
 */
const MAX_TERMS = 8
const MAX_TERM_LENGTH = 64

/** The FTS5 MATCH expression for `input`, or null when it holds no letter or digit. */
export function ftsQuery (input: string): string | null {
  const words = input.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []
  const terms = words.slice(0, MAX_TERMS).map((w) => w.slice(0, MAX_TERM_LENGTH))
  if (terms.length === 0) return null
  const typingLastWord = !/\s$/.test(input) && words.length <= MAX_TERMS
  return terms.map((term, i) => i === terms.length - 1 && typingLastWord ? `"${term}"*` : `"${term}"`).join(' ')
}

// FTS5 marks matches with these in snippet() and highlight(); no text in the index has them.
export const MARK_OPEN = '\u0002'
export const MARK_CLOSE = '\u0003'

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Marked plain text → HTML: everything escaped, matches in <mark>. */
export function markedHtml (marked: string): string {
  return marked.replace(/[&<>"']/g, (c) => ESCAPES[c]!).replaceAll(MARK_OPEN, '<mark>').replaceAll(MARK_CLOSE, '</mark>')
}
