import type { CursorValue } from '../content/cursor.js'

/**
 * A stored rendering of one resource, served as-is, with what a cache needs to know
 * about it: its content hash, when it last changed, and the keys of everything it
 * shows (so a purge of any of them reaches it).
 */
export interface Rendered {
  body: string
  etag: string | null // null: derive from the body
  lastModified: number
  surrogateKeys: string[]
  /** Defaults to JSON; feeds, sitemaps and JSON-LD say what they are. */
  contentType?: string
  /** When the rendering goes stale with no write at all (a news sitemap's oldest entry ageing out). */
  expiresAt?: number
}

/** One page of a keyset-paginated list of pre-rendered items. */
export interface Page {
  items: string[]
  /** Sort key of the last item when another page follows, else null. */
  nextKey: CursorValue[] | null
  lastModified: number
  surrogateKeys: string[]
  /** The stored content hashes of the items, when they have them: a cheap page validator. */
  itemEtags: string[] | null
}

export interface PageRow { json: string, key: CursorValue[], updatedAt: number, surrogateKeys: string[], etag?: string }

/**
 * `rows` holds up to limit + 1 rows: the extra one only says another page follows.
 * A list can change without any of its rows changing (a story drops out, or a
 * scheduled one goes live), so its Last-Modified is never older than `changedAt`,
 * the time the set of public content last changed.
 */
export function toPage (rows: PageRow[], limit: number, collectionKeys: string[], changedAt: number): Page {
  const more = rows.length > limit
  const shown = more ? rows.slice(0, limit) : rows
  return {
    items: shown.map((r) => r.json),
    nextKey: more ? shown[shown.length - 1]!.key : null,
    lastModified: shown.reduce((max, r) => Math.max(max, r.updatedAt), changedAt),
    surrogateKeys: [...new Set([...collectionKeys, ...shown.flatMap((r) => r.surrogateKeys)])],
    itemEtags: shown.every((r) => r.etag !== undefined) ? shown.map((r) => r.etag!) : null
  }
}
