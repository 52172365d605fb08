/**
 * Streams a WordPress export (WXR) through saxes: each item is handed out as its </item>
 * is read, so a 1 GB export is read holding one item and one 64 KiB chunk at a time.
 * Elements are matched by namespace URI, never by prefix (WordPress.com binds `wp:` to
 * https://, a self-hosted site to http://). Every refusal is a WxrError naming its line.
 */
import { createReadStream } from 'node:fs'
import type { WxrChannel, WxrItem } from './types.js'
import { WxrError } from './wxr-fields.js'
import { WxrParser } from './wxr-parser.js'

export { WxrError }

const CHUNK = 64 * 1024

export interface ReadOptions {
  /** Called as bytes are consumed (for a progress bar): bytes read so far. */
  onProgress?: (bytesRead: number) => void
  /** Largest single text value, attribute or run of markup between two parser events, in bytes (default 64 MiB). Beyond it: WxrError naming the line. */
  maxValueBytes?: number
}

/** A file path, or the export's bytes from elsewhere (a Readable, an upload): strings are taken as text. */
export type WxrSource = string | NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>

/** Streams a WXR file: yields each <item> as it is closed, then returns the channel (authors, terms, version…). */
export async function * readWxr (source: WxrSource, options: ReadOptions = {}): AsyncGenerator<WxrItem, WxrChannel, void> {
  const reader = new WxrParser(options.maxValueBytes ?? 64 * 1024 * 1024)
  const stream = typeof source === 'string' ? createReadStream(source, { highWaterMark: CHUNK }) : source
  // for await pulls the next chunk only once the items of this one are taken: the
  // consumer's pace is the reader's, and leaving the loop early closes the stream.
  for await (const chunk of stream as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    // A source handing over one enormous chunk is still fed in bounded pieces, so an
    // endless attribute is caught within a chunk of the limit.
    for (let at = 0; at < bytes.length; at += CHUNK) {
      try {
        reader.feed(bytes.subarray(at, at + CHUNK))
      } catch (err) {
        // The items whole before the fault go out first, however the file was chunked.
        yield * reader.take()
        throw withChannel(err, reader)
      }
      options.onProgress?.(reader.bytesRead)
      yield * reader.take()
    }
  }
  try {
    reader.end()
  } catch (err) {
    throw withChannel(err, reader)
  }
  return reader.channel()
}

function withChannel (err: unknown, reader: WxrParser): unknown {
  if (err instanceof WxrError) err.channel = reader.channel()
  return err
}
