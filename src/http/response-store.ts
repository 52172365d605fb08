/**
 * Rendered public responses kept in memory, by URL. Bounded by total bytes: the oldest
 * entries go first (insertion order; a hit does not reorder, which keeps hits cheap).
 * Each entry is indexed by its surrogate keys, so a write can drop just the responses
 * that show what it changed. Freshness is the caller's business.
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

export class ResponseStore {
  private readonly entries = new Map<string, StoredResponse>()
  private readonly urlsByKey = new Map<string, Set<string>>()
  private bytes = 0

  constructor (private readonly maxBytes: number, private readonly maxEntryBytes: number) {}

  get (url: string): StoredResponse | undefined {
    return this.entries.get(url)
  }

  set (url: string, response: StoredResponse): void {
    const size = response.body.length + url.length
    if (size > this.maxEntryBytes || this.maxBytes === 0) return
    this.delete(url)
    this.entries.set(url, response)
    this.bytes += size
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
  get totalBytes (): number { return this.bytes }

  private delete (url: string): void {
    const entry = this.entries.get(url)
    if (entry === undefined) return
    this.entries.delete(url)
    this.bytes -= entry.body.length + url.length
    for (const key of entry.keys) {
      const urls = this.urlsByKey.get(key)!
      urls.delete(url)
      if (urls.size === 0) this.urlsByKey.delete(key)
    }
  }
}
