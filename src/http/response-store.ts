/**
 * Rendered public responses kept in memory, by URL. Bounded by total bytes: the oldest
 * entries go first (insertion order; a hit does not reorder, which keeps hits cheap).
 * Freshness is the caller's business: it clears the store when the data changes.
 */
import type { OutgoingHttpHeaders } from 'node:http'

export interface StoredResponse {
  status: number
  headers: OutgoingHttpHeaders
  /** The headers a 304 repeats, worked out once when the response is stored. */
  notModifiedHeaders: OutgoingHttpHeaders
  body: Buffer
  /** What `fresh` needs to answer a conditional request without the body. */
  validators: { etag: string, 'last-modified': string }
  /** Not served from memory from this time on. */
  expiresAt: number
}

export class ResponseStore {
  private readonly entries = new Map<string, StoredResponse>()
  private bytes = 0

  constructor (private readonly maxBytes: number, private readonly maxEntryBytes: number) {}

  get (key: string): StoredResponse | undefined {
    return this.entries.get(key)
  }

  set (key: string, response: StoredResponse): void {
    const size = response.body.length + key.length
    if (size > this.maxEntryBytes || this.maxBytes === 0) return
    this.delete(key)
    this.entries.set(key, response)
    this.bytes += size
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.entries.delete(oldest)
      this.bytes -= entry.body.length + oldest.length
    }
  }

  clear (): void {
    this.entries.clear()
    this.bytes = 0
  }

  get size (): number { return this.entries.size }
  get totalBytes (): number { return this.bytes }

  private delete (key: string): void {
    const entry = this.entries.get(key)
    if (entry === undefined) return
    this.entries.delete(key)
    this.bytes -= entry.body.length + key.length
  }
}
