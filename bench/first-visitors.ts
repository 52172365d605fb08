/**
 * What first visitors ask, drawn from the archive itself: story and review slugs, list
 * and feed cursors at random depths (signed as the server signs them), search words and
 * prefixes from the index's vocabulary, and a Zipf-like draw weighted to recent stories.
 */
import { randomBytes } from 'node:crypto'
import Sqlite from 'better-sqlite3'
import { cursorCodec } from '../src/content/cursor.js'
import { REVISED } from './writes.js'

/** A deterministic random sequence in [0, 1) (the same draws in every run over the same archive). */
function random (seed: number): () => number {
  let s = seed
  return () => { s = (s * 1103515245 + 12345) % 2 ** 31; return s / 2 ** 31 }
}

/** A deterministic shuffle. */
export function shuffled<T> (items: T[], seed = 1): T[] {
  const out = [...items]
  const next = random(seed)
  for (let i = out.length - 1; i > 0; i--) { const j = Math.floor(next() * (i + 1)); [out[i], out[j]] = [out[j]!, out[i]!] }
  return out
}

/**
 * The `index`-th (0–2) of three disjoint runs of up to `size` items: on a small archive
 * each is a third of the list, so rows drawing different blocks never ask the same URL.
 */
export function block<T> (items: T[], index: number, size: number): T[] {
  const span = Math.min(size, Math.max(1, Math.floor(items.length / 3)))
  return items.slice(index * span, (index + 1) * span)
}

export interface Queries { common: string[], rare: string[], prefix: string[] }

export interface FirstVisitors {
  /** public stories' slugs, shuffled */
  slugs: string[]
  /** public reviews' slugs, shuffled */
  reviews: string[]
  /** Latest Stories cursors at random depths, and the latest-stories feed's, one per public story drawn */
  listCursors: string[]
  feedCursors: string[]
  /** `draws` slugs, most of them recent stories: rank r (newest first) drawn with weight ~1/r */
  zipf: string[]
  queries: Queries
  /** the story 90 % of the way down Latest Stories (the hot row "cursor at 90% depth") */
  deepCursor: string
  /** the oldest public stories, for the write rows to change (never the demo's) */
  writable: Array<{ slug: string, title: string }>
}

const SAMPLE = 50_000

/**
 * Up to 50,000 of each; search words from the index's vocabulary (common: in ≥ 5 % of
 * stories; rare: in 2–20 stories; prefixes: three, four or five letters that start words
 * in ≥ 1 % of stories).
 */
export function firstVisitors (path: string, writers: number): FirstVisitors {
  // The cursor secret is the server's, made at its first start; a fresh archive has none yet.
  const writable = new Sqlite(path)
  writable.prepare("INSERT INTO settings (key, value) VALUES ('cursor_secret', ?) ON CONFLICT DO NOTHING").run(randomBytes(32).toString('base64url'))
  writable.close()
  const db = new Sqlite(path, { readonly: true })
  const codec = cursorCodec((db.prepare("SELECT value FROM settings WHERE key = 'cursor_secret'").get() as { value: string }).value)
  const now = Date.now()
  // Newest first, as Latest Stories and the feeds order them (their keys: public_at, id).
  const stories = db.prepare('SELECT slug, id, type, public_at AS at FROM stories WHERE public_at IS NOT NULL AND public_at <= ? ORDER BY public_at DESC, id DESC')
    .raw().all(now) as Array<[string, string, string, number]>
  const drawn = shuffled(stories).slice(0, SAMPLE)
  const slugs = drawn.map(([slug]) => slug)
  const reviews = shuffled(stories.filter(([, , type]) => type === 'review'), 2).slice(0, SAMPLE).map(([slug]) => slug)
  const listCursors = drawn.map(([, id, , at]) => codec.encode('stories', [at, id]))
  const feedCursors = shuffled(drawn, 3).map(([, id, , at]) => codec.encode('feed:latest', [at, id]))
  const deep = stories[Math.floor(stories.length * 0.9)]!
  const next = random(4)
  // P(rank ≤ r) = ln(1 + r) / ln(1 + n): Zipf's law with exponent 1, in its continuous form.
  const zipf = Array.from({ length: SAMPLE }, () => stories[Math.min(stories.length - 1, Math.floor(Math.expm1(next() * Math.log1p(stories.length))))]![0])
  const demo = new Set(['her-2013-review'])
  const oldest = db.prepare('SELECT slug, title FROM stories WHERE public_at IS NOT NULL AND public_at <= ? ORDER BY public_at, id LIMIT ?').all(now, writers + demo.size) as Array<{ slug: string, title: string }>

  db.exec("CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, 'story_search', 'row')")
  const { n } = db.prepare('SELECT COUNT(*) AS n FROM search_rows').get() as { n: number }
  const terms = (sql: string, ...params: number[]) => (db.prepare(sql).all(...params) as Array<{ term: string }>).map((r) => r.term)
  const alphabetic = "term GLOB '[a-z][a-z][a-z]*' AND term NOT GLOB '*[^a-z]*'"
  const prefixes = [3, 4, 5].map((k) => `SELECT DISTINCT substr(term, 1, ${k}) AS term FROM temp.vocabulary WHERE doc >= ? AND length(term) >= ${k + 2} AND ${alphabetic}`).join(' UNION ')
  const often = Math.ceil(n * 0.01)
  const queries = {
    common: shuffled(terms(`SELECT term FROM temp.vocabulary WHERE doc >= ? AND length(term) >= 4 AND ${alphabetic} ORDER BY term`, Math.ceil(n * 0.05))),
    rare: shuffled(terms(`SELECT term FROM temp.vocabulary WHERE doc BETWEEN 2 AND 20 AND length(term) >= 5 AND ${alphabetic} ORDER BY term`)),
    prefix: shuffled(terms(`${prefixes} ORDER BY 1`, often, often, often))
  }
  db.close()
  return {
    slugs,
    reviews,
    listCursors,
    feedCursors,
    zipf,
    queries,
    deepCursor: codec.encode('stories', [deep[3], deep[1]]),
    writable: oldest.filter((s) => !demo.has(s.slug)).slice(0, writers).map((s) => ({ slug: s.slug, title: s.title.endsWith(REVISED) ? s.title.slice(0, -REVISED.length) : s.title }))
  }
}

export const TYPES = ['', '&type=review', '&type=news', '&type=feature']
/** Each word with no type and each of three types; `limit` keeps two rows' URLs apart (each its own first visit). */
export const searchPaths = (words: string[], limit = 20) => TYPES.flatMap((type) => words.map((w) => `/v1/search?q=${encodeURIComponent(w)}&limit=${limit}${type}`))
export const FEED_FORMATS = ['rss', 'atom', 'json']
export const feedPaths = (cursors: string[]) => cursors.map((c, i) => `/v1/feeds/latest.${FEED_FORMATS[i % FEED_FORMATS.length]}?cursor=${c}`)
