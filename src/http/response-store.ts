/**
 * Rendered public responses kept in memory, by URL. Bounded by what the entries cost, not
 * only their bodies (`responseCost`): the oldest entries go first (insertion order; a hit
 * does not reorder, which keeps hits cheap). Each entry is indexed by its surrogate keys,
 * so a write can drop just the responses that show what it changed. Freshness is the
 * caller's business.
 */
import type { OutgoingHttpHeaders } from 'node:http'

export interface StoredResponse {
  status: number
  headers: OutgoingHttpHeaders
  /** The headers a 304 repeats, worked out once when the response is stored. */
  notModifiedHeaders: OutgoingHttpHeaders
  body: Buffer
  /** What a conditional request is compared with (src/http/conditional.ts), without the body. */
  validators: { etag: string, 'last-modified': string }
  /** Not served from memory from this time on. */
  expiresAt: number
  /** The surrogate keys of the response: what it shows. */
  keys: readonly string[]
}

// What an entry holds besides its strings and body bytes: its Map slot, the response, its two
// header objects (a slot per header), the validators, the keys array, the Buffer object
// and its backing store's bookkeeping and allocator header. Over-counted rather than under.
export const ENTRY_OVERHEAD = 512
// A surrogate key: its string's header, its slot in the entry's keys and in the key's Set
// of URLs (or a new Set and its Map slot when the key is new).
export const KEY_OVERHEAD = 96
// A header property: its slot and, for a value made per response, the string's header.
const HEADER_OVERHEAD = 24

function headerBytes (headers: OutgoingHttpHeaders): number {
  let bytes = 0
  for (const [name, value] of Object.entries(headers)) {
    bytes += HEADER_OVERHEAD + name.length
    if (Array.isArray(value)) for (const item of value) bytes += HEADER_OVERHEAD + item.length
    else if (value !== undefined) bytes += String(value).length
  }
  return bytes
}

/**
 * The memory an entry takes, estimated: body bytes, the URL (the Sets of the key index
 * hold the same string), the headers (the 304's are the same strings: only their slots
 * count), the surrogate keys and their index slots, and a fixed overhead per entry.
 * Measured over HTTP on a mix of pages, verdicts, lists and feeds, a story page of ~2.9 KB
 * really costs ~4.9 KB and a list or feed page ~6.7 KB more than its body: counting the
 * body alone let the budget hold far more than it said.
 */
export function responseCost (url: string, response: StoredResponse): number {
  let bytes = ENTRY_OVERHEAD + response.body.length + url.length +
    headerBytes(response.headers) + HEADER_OVERHEAD * Object.keys(response.notModifiedHeaders).length
  for (const key of response.keys) bytes += KEY_OVERHEAD + key.length
  return bytes
}

interface Held { response: StoredResponse, cost: number }

export class ResponseStore {
  private readonly entries = new Map<string, Held>()
  private readonly urlsByKey = new Map<string, Set<string>>()
  private bytes = 0

  constructor (private readonly maxBytes: number, private readonly maxEntryBytes: number) {}

  get (url: string): StoredResponse | undefined {
    return this.entries.get(url)?.response
  }

  set (url: string, response: StoredResponse): void {
    const cost = responseCost(url, response)
    if (cost > this.maxEntryBytes || this.maxBytes === 0) return
    this.delete(url)
    this.entries.set(url, { response, cost })
    this.bytes += cost
    for (const key of response.keys) {
      const urls = this.urlsByKey.get(key)
      if (urls === undefined) this.urlsByKey.set(key, new Set([url]))
      else urls.add(url)
    }
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.maxBytes) break
      this.delete(oldest)
    }
  }

  /** Drops every response tagged with one of `keys`. */
  purge (keys: Iterable<string>): void {
    for (const key of keys) {
      for (const url of this.urlsByKey.get(key) ?? []) this.delete(url)
    }
  }

  clear (): void {
    this.entries.clear()
    this.urlsByKey.clear()
    this.bytes = 0
  }

  get size (): number { return this.entries.size }
  /** What the entries cost, as `responseCost` counts it. */
  get totalBytes (): number { return this.bytes }

  private delete (url: string): void {
    const held = this.entries.get(url)
    if (held === undefined) return
    this.entries.delete(url)
    this.bytes -= held.cost
    for (const key of held.response.keys) {
      const urls = this.urlsByKey.get(key)!
      urls.delete(url)
      if (urls.size === 0) this.urlsByKey.delete(key)
    }
  }
}
