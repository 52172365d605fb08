/**
 * The words of the SQLite full-text index (`search_terms`, migration 0015), so that a
 * typed prefix longer than the FTS5 prefix indexes becomes an OR of its most common
 * completions. FTS5 walks an OR lazily, newest row first, and stops at the rank window;
 * `word*` instead merges the doclists of every completion before returning a row.
 *
 * Words are cut and folded as story_search's tokenizer (unicode61, remove_diacritics 2)
 * does for Latin text: letters and digits, lower case, accents removed. Only prefixes of
 * ASCII letters and digits are expanded; any other prefix, and one no stored word
 * completes, is left to FTS5, so a word this folding gets wrong is still found.
 */
import type Sqlite from 'better-sqlite3'

/** story_search's prefix indexes answer prefixes up to this length themselves. */
const INDEXED_PREFIX = 3
/** An OR of this many terms is still a handful of lazy cursors for FTS5. */
export const MAX_COMPLETIONS = 64

const EXPANDABLE = /^[a-z0-9]+$/

/** A word as unicode61 with remove_diacritics 2 stores it (for Latin script). */
export function foldWord (word: string): string {
  return word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')
}

/** The distinct words of `texts` worth keeping: longer than any prefix FTS5 answers itself. */
export function vocabularyOf (texts: readonly string[]): Set<string> {
  const words = new Set<string>()
  for (const text of texts) {
    for (const word of foldWord(text).match(/[\p{L}\p{N}]+/gu) ?? []) {
      if (word.length > INDEXED_PREFIX) words.add(word)
    }
  }
  return words
}

/** The vocabulary's statements on one connection, prepared once. */
export function sqliteSearchVocabulary (sqlite: Sqlite.Database) {
  const counted = sqlite.prepare('INSERT INTO search_terms (term, docs) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET docs = docs + excluded.docs')
  const known = sqlite.prepare('INSERT OR IGNORE INTO search_terms (term, docs) VALUES (?, 1)')
  const completions = sqlite.prepare(`SELECT term FROM search_terms WHERE term >= :prefix AND term < :prefix || char(1114111)
    ORDER BY docs DESC, term LIMIT ${MAX_COMPLETIONS}`).pluck()
  return {
    /** Counts a story newly in the index. */
    added (texts: readonly string[]): void {
      for (const word of vocabularyOf(texts)) counted.run(word, 1)
    },
    /** A story indexed again: its new words join, the counts stay (an edit is no new story). */
    reindexed (texts: readonly string[]): void {
      for (const word of vocabularyOf(texts)) known.run(word)
    },
    /** Adds counts gathered elsewhere (the bulk loader's batch). */
    addCounts (counts: ReadonlyMap<string, number>): void {
      for (const [word, n] of counts) counted.run(word, n)
    },
    /**
     * The most common stored words starting with `prefix`, or null when FTS5 should
     * expand it itself (short, not plain ASCII, or completed by no stored word).
     */
    complete (prefix: string): string[] | null {
      const folded = foldWord(prefix)
      if (folded.length <= INDEXED_PREFIX || !EXPANDABLE.test(folded)) return null
      const terms = completions.all({ prefix: folded }) as string[]
      return terms.length === 0 ? null : terms
    }
  }
}
export type SqliteSearchVocabulary = ReturnType<typeof sqliteSearchVocabulary>

/** Adds 1 to `counts` for each word of `texts` (one story's): a batch's counts, for one write of the vocabulary. */
export function countWords (texts: readonly string[], counts: Map<string, number>): void {
  for (const word of vocabularyOf(texts)) counts.set(word, (counts.get(word) ?? 0) + 1)
}
