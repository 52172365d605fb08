/**
 * `--media fetch`: copies the files imported media point at from a base the user names
 * (the live site, or a local mirror of `wp-content/uploads`) into a directory, and points
 * the media at `--media-url` where that directory is served. Bounded: files larger than
 * `maxBytes` are refused mid-stream, at most `concurrency` copies run at once, and a file
 * already copied is not fetched again on a re-run. A file that cannot be copied keeps its
 * old URL and is reported.
 */
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { dirname, join, normalize, resolve, sep } from 'node:path'
import { createReadStream } from 'node:fs'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ImportedStory } from '../../writes/import-editor.js'

export interface MediaFetchOptions {
  /** Where files come from: an http(s) URL or a directory; a media URL's path is looked up under it. */
  from: string
  /** The directory the files go to, under the same paths. */
  to: string
  /** The URL `to` is served at; the media's URLs move there. Without it they keep their URLs. */
  publicUrl: string | null
  maxBytes: number
  concurrency: number
  timeoutMs?: number
}

export interface MediaFetcher {
  beforeWrite: (story: ImportedStory) => Promise<void>
  readonly copied: number
  readonly failures: Array<{ postId: number, message: string }>
}

class TooLarge extends Error {}

function limit (maxBytes: number): Transform {
  let seen = 0
  return new Transform({
    transform (chunk: Buffer, _encoding, callback) {
      seen += chunk.length
      callback(seen > maxBytes ? new TooLarge(`larger than ${maxBytes} bytes`) : null, chunk)
    }
  })
}

function hostOf (url: string): string | null {
  try {
    return new URL(url).host.toLowerCase()
  } catch {
    return null
  }
}

export function mediaFetcher (options: MediaFetchOptions): MediaFetcher {
  const fromUrl = /^https?:\/\//i.test(options.from)
  const root = resolve(options.to)
  const failures: Array<{ postId: number, message: string }> = []
  let copied = 0
  let running = 0
  const waiting: Array<() => void> = []
  const done = new Map<string, Promise<string | null>>()

  async function slot<T> (work: () => Promise<T>): Promise<T> {
    while (running >= options.concurrency) await new Promise<void>((resolve) => waiting.push(resolve))
    running++
    try {
      return await work()
    } finally {
      running--
      waiting.shift()?.()
    }
  }

  /** Copies one file, found by its URL's path (as sent: still percent-encoded) under `from`. */
  async function copy (rawPath: string): Promise<void> {
    const path = decodeURIComponent(rawPath)
    const target = normalize(join(root, path))
    // A path with `..` must not write outside the directory it was given.
    if (!target.startsWith(root + sep)) throw new Error('its path leaves the media directory')
    const size = await stat(target).then((s) => s.size, () => null)
    if (size !== null) return
    await mkdir(dirname(target), { recursive: true })
    const partial = `${target}.part`
    try {
      if (fromUrl) {
        const base = new URL(options.from.endsWith('/') ? options.from : `${options.from}/`)
        const source = new URL(rawPath.replace(/^\/+/, ''), base)
        if (source.origin !== base.origin || !source.pathname.startsWith(base.pathname)) throw new Error('its path leaves the media source')
        const response = await fetch(source, { signal: AbortSignal.timeout(options.timeoutMs ?? 30_000), redirect: 'follow' })
        if (!response.ok || response.body === null) throw new Error(`the source answered ${response.status}`)
        const declared = Number(response.headers.get('content-length') ?? '0')
        if (declared > options.maxBytes) throw new TooLarge(`larger than ${options.maxBytes} bytes`)
        await pipeline(Readable.fromWeb(response.body as never), limit(options.maxBytes), createWriteStream(partial))
      } else {
        const source = normalize(join(resolve(options.from), path))
        if (!source.startsWith(resolve(options.from) + sep)) throw new Error('its path leaves the source directory')
        await pipeline(createReadStream(source), limit(options.maxBytes), createWriteStream(partial))
      }
      await rename(partial, target)
      copied++
    } catch (error) {
      await rm(partial, { force: true })
      throw error
    }
  }

  /** The new URL of a file, or null when it could not be copied (said once per file). */
  function fetchOnce (url: string, postId: number): Promise<string | null> {
    let job = done.get(url)
    if (job === undefined) {
      const pathname = new URL(url).pathname
      job = slot(() => copy(pathname)).then(
        () => options.publicUrl === null ? url : `${options.publicUrl.replace(/\/+$/, '')}${pathname}`,
        (error: Error) => {
          failures.push({ postId, message: `media ${url} not copied: ${error instanceof URIError ? 'its path is not valid percent-encoding' : error.message}` })
          return null
        })
      done.set(url, job)
    }
    return job
  }

  return {
    async beforeWrite (story) {
      const postId = Number(story.externalId)
      // Only the site's own files: an image from another host stays where it is (its path under --media-from would be some other file).
      const site = hostOf(story.source.replace(/^wordpress:/, ''))
      await Promise.all(story.media.filter((media) => site !== null && hostOf(media.url) === site).map(async (media) => {
        const moved = await fetchOnce(media.url, postId)
        if (moved !== null) media.url = moved
      }))
    },
    get copied () { return copied },
    failures
  }
}
