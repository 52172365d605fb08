import type { CursorValue } from '../content/cursor.js'

/** A stored rendering of one resource, served as-is. */
export interface Rendered {
  body: string
  etag: string | null // null: derive from the body
  lastModified: number
  surrogateKeys: string[]
}

/** One page of a keyset-paginated list of pre-rendered items. */
export interface Page {
  items: string[]
  /** Sort key of the last item when another page follows, else null. */
  nextKey: CursorValue[] | null
  lastModified: number
  surrogateKeys: string[]
}

export interface PageRow { json: string, key: CursorValue[], updatedAt: number, surrogateKey: string }

export function toPage (rows: PageRow[], limit: number, collectionKeys: string[]): Page {
  const more = rows.length > limit
  const shown = more ? rows.slice(0, limit) : rows
  return {
    items: shown.map((r) => r.json),
    nextKey: more ? shown[shown.length - 1]!.key : null,
    lastModified: shown.reduce((max, r) => Math.max(max, r.updatedAt), 0),
    surrogateKeys: [...collectionKeys, ...shown.map((r) => r.surrogateKey)]
  }
}
