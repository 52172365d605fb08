/**
 * After a copy (src/db/copy.ts): the real app on each side, asked the same public URLs,
 * must answer alike — status, body, ETag, Last-Modified, Content-Type.
 *
 * The URLs are those test/leak-probes.ts probes: every list's first page at its largest
 * size (and a few pages on by the source's own cursors), every author and subject, every
 * feed in every format, the sitemaps, search for a few words, and for each story its story,
 * review, verdict and JSON-LD URLs and its `exclude` list; past `maxStories` stories, every
 * Nth story only (the result says N), and subjects alike. The change log is read with a partner key,
 * to its end or for `maxSyncPages` pages of 1,000,
 * (a temporary key row put in both databases, expiring within the hour, removed after).
 *
 * Where the engines differ by design, the comparison says so rather than fails:
 * - search ranks by bm25 on SQLite and ts_rank on Postgres, so across engines a search page
 *   is compared by status and the set of stories found, not byte for byte;
 * - `/` is dated by its process's start (src/routes/root.ts): its Last-Modified is not compared;
 * - a sync page's cursor is sealed with a random IV, so `meta.nextCursor` (and with it the
 *   page's ETag and Link) differs on every request, even from one process: the body is
 *   compared without it, and the next page is read on both sides with the source's cursor,
 *   which is what a partner moving over does.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { asc, eq } from 'drizzle-orm'
import { buildApp } from '../app.js'
import { loadConfig, type EngineChoice } from '../config.js'
import { createApiKey } from '../repositories/api-keys.js'
import { RENDER_VERSION } from '../repositories/renderings.js'
import { getSetting } from '../repositories/settings.js'
import { monthName } from '../repositories/sitemaps.js'
import type { Db } from './client.js'
import { openEngine } from './engine.js'
import { tablesOf } from './tables.js'

export interface Difference { url: string, what: string, hint: string }

export interface VerifyResult {
  urls: number
  /** Sync events read through /v1/sync (to the end of the log, unless it took more than maxSyncPages pages). */
  syncEntries: number
  /** Whether /v1/sync was read to the end of the log (false: maxSyncPages pages were read and more followed). */
  syncComplete: boolean
  identical: number
  /** Search URLs compared by the stories found, not by bytes (the two sides are different engines). */
  comparedBySet: number
  differences: Difference[]
  stories: number
  /** Per-story URLs were asked for every Nth story (1: all). */
  sampleEvery: number
}

export interface VerifyOptions {
  /** Up to this many stories (and subjects) get their own URLs asked; past it, every Nth. Default 500. */
  maxStories?: number
  /** Sync pages read at most (1,000 entries each). Default 50. */
  maxSyncPages?: number
  onProgress?: (done: number, total: number) => void
}

// Every URL is asked once per side from one address: no limit applies, nor load shedding.
const UNLIMITED = { windowSeconds: 60, anonymous: 1_000_000_000, key: 1_000_000_000, partner: 1_000_000_000 }
const TYPES = ['review', 'feature', 'news', 'list', 'podcast', 'video', 'guide']
const KINDS = ['film', 'game', 'tv', 'hardware', 'book', 'music', 'other']
const AWARDS = ['editors-choice', 'must-play', 'must-watch', 'hidden-gem', 'best-of-year']
const SEARCH_WORDS = ['review', 'the', 'game', 'film', 'a', 'best', 'music']
const FOLLOWED = ['/v1/stories?limit=100', '/v1/reviews?limit=100', '/v1/reviews?sort=score&limit=100', '/v1/verdicts?limit=100', '/v1/authors?limit=100', '/v1/tags?limit=100']
const FOLLOW_PAGES = 5
const CONCURRENCY = 8

/** The site URL the source's stored renderings were made for (so neither app re-renders at start), or a reason it cannot be verified. */
export async function renderedSiteUrl (db: Db): Promise<string | null> {
  const fingerprint = await getSetting(db, 'render_fingerprint')
  if (fingerprint === null) return null
  const space = fingerprint.indexOf(' ')
  if (fingerprint.slice(0, space) !== String(RENDER_VERSION)) {
    throw new Error(`the source's stored renderings are version ${fingerprint.slice(0, space)}, this code renders version ${RENDER_VERSION}: start the app on the source once (it renders again), then copy`)
  }
  return fingerprint.slice(space + 1)
}

function configFor (choice: EngineChoice, siteUrl: string | null) {
  return loadConfig({}, {
    ...(choice.kind === 'sqlite' ? { databasePath: choice.path, databaseUrl: null } : { databaseUrl: choice.url }),
    ...(siteUrl === null ? {} : { siteUrl }),
    seedDemo: false,
    logLevel: 'silent',
    responseCacheMb: 0,
    rateLimit: UNLIMITED,
    pressure: { maxEventLoopDelayMs: 0 },
    writerThread: false,
    eventLoopNice: 0
  })
}

async function slugsOf (app: FastifyInstance, table: 'sections' | 'tags' | 'authors' | 'subjects'): Promise<string[]> {
  const db = app.database.db
  const t = tablesOf(db)[table]
  return (await db.select({ slug: t.slug }).from(t).orderBy(asc(t.slug))).map((r) => r.slug)
}

/** Every URL to compare, from the source's catalogue. */
async function publicUrls (app: FastifyInstance, maxStories: number): Promise<{ urls: string[], stories: number, sampleEvery: number }> {
  const db = app.database.db
  const { stories } = tablesOf(db)
  const urls = ['/', '/v1/stories?limit=100', '/v1/reviews?limit=100', '/v1/reviews?sort=score&limit=100',
    '/v1/authors?limit=100', '/v1/sections?limit=100', '/v1/tags?limit=100', '/v1/verdicts?limit=100', '/v1/sync',
    '/sitemaps/news.xml', '/sitemaps/index.xml']
  for (const type of TYPES) urls.push(`/v1/stories?type=${type}&limit=100`)
  for (const kind of KINDS) urls.push(`/v1/reviews?subjectKind=${kind}&limit=100`, `/v1/reviews?subjectKind=${kind}&sort=score&limit=100`, `/v1/verdicts?subjectKind=${kind}&limit=100`)
  for (const award of AWARDS) urls.push(`/v1/reviews?award=${award}&limit=100`, `/v1/reviews?award=${award}&sort=score&limit=100`)
  urls.push('/v1/reviews?minScore=0&limit=100', '/v1/reviews?maxScore=100&sort=score&limit=100')
  for (const s of await slugsOf(app, 'sections')) urls.push(`/v1/stories?section=${s}&limit=100`, `/v1/reviews?section=${s}&limit=100`)
  for (const s of await slugsOf(app, 'tags')) urls.push(`/v1/stories?tag=${s}&limit=100`)
  for (const s of await slugsOf(app, 'authors')) urls.push(`/v1/stories?author=${s}&limit=100`, `/v1/authors/${s}`)
  // Subjects grow with the archive (30,000 at 100k stories): sampled as stories are.
  const subjects = await slugsOf(app, 'subjects')
  for (let i = 0; i < subjects.length; i += Math.max(1, Math.ceil(subjects.length / maxStories))) urls.push(`/v1/subjects/${subjects[i]!}`)
  for (const q of SEARCH_WORDS) urls.push(`/v1/search?q=${q}&limit=100`, `/v1/search?q=${q}&type=review&limit=20`)
  urls.push(...await feedUrls(app))
  // Every month a story is dated in: its sitemap.
  const dated = await db.selectDistinct({ at: stories.publishedAt }).from(stories)
  const months = new Set(dated.filter((r) => r.at !== null).map((r) => monthName(Number(r.at))))
  for (const month of [...months].sort()) urls.push(`/sitemaps/stories-${month}.xml`)
  const slugs = (await db.select({ slug: stories.slug }).from(stories).orderBy(asc(stories.id))).map((r) => r.slug)
  const sampleEvery = Math.max(1, Math.ceil(slugs.length / maxStories))
  for (let i = 0; i < slugs.length; i += sampleEvery) {
    const s = slugs[i]!
    urls.push(`/v1/stories/${s}`, `/v1/reviews/${s}`, `/v1/reviews/${s}/verdict`, `/v1/reviews/${s}/jsonld`, `/v1/stories?exclude=${s}&limit=100`)
    if (i % (sampleEvery * 20) === 0) urls.push(`/v1/search?q=${encodeURIComponent(s.split('-').slice(0, 3).join(' '))}&limit=20`)
  }
  return { urls, stories: slugs.length, sampleEvery }
}

async function feedUrls (app: FastifyInstance): Promise<string[]> {
  const feeds = ['latest', 'reviews', ...TYPES.map((type) => `types/${type}`)]
  for (const table of ['sections', 'tags', 'authors'] as const) feeds.push(...(await slugsOf(app, table)).map((s) => `${table}/${s}`))
  return feeds.flatMap((feed) => ['rss', 'atom', 'json'].map((format) => `/v1/feeds/${feed}.${format}?limit=100`))
}

/** Where two texts first part, as a short hint. */
function diffHint (a: string, b: string): string {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  const around = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 40), i + 60))
  return `bodies part at character ${i} (of ${a.length} / ${b.length}): source …${around(a)}… target …${around(b)}…`
}

const HEADERS = ['etag', 'last-modified', 'content-type'] as const

function storiesFound (body: string): string {
  try {
    const parsed = JSON.parse(body) as { data?: Array<{ id?: string }> }
    return JSON.stringify((parsed.data ?? []).map((d) => d.id).sort())
  } catch {
    return body
  }
}

function withoutCursor (body: string): { text: string, next: string | null } {
  try {
    const parsed = JSON.parse(body) as { meta?: { nextCursor?: string | null } }
    const next = parsed.meta?.nextCursor ?? null
    if (parsed.meta !== undefined && next !== null) parsed.meta.nextCursor = '(sealed)'
    return { text: JSON.stringify(parsed), next }
  } catch {
    return { text: body, next: null }
  }
}

type Mode = 'bytes' | 'set' | 'sealed'

function compare (url: string, mode: Mode, a: LightMyRequestResponse, b: LightMyRequestResponse): Difference | null {
  if (a.statusCode !== b.statusCode) return { url, what: 'status', hint: `source ${a.statusCode}, target ${b.statusCode}: ${b.body.slice(0, 200)}` }
  for (const header of HEADERS) {
    if (mode !== 'bytes' && header === 'etag') continue
    // The index's Last-Modified is the process's start (src/routes/root.ts): per process by design.
    if (url === '/' && header === 'last-modified') continue
    if (a.headers[header] !== b.headers[header]) return { url, what: header, hint: `source ${String(a.headers[header])}, target ${String(b.headers[header])}` }
  }
  if (mode === 'set') {
    const [x, y] = [storiesFound(a.body), storiesFound(b.body)]
    return x === y ? null : { url, what: 'stories found', hint: diffHint(x, y) }
  }
  const [x, y] = mode === 'sealed' ? [withoutCursor(a.body).text, withoutCursor(b.body).text] : [a.body, b.body]
  return x === y ? null : { url, what: 'body', hint: diffHint(x, y) }
}

/** Builds the app on each side, compares them, closes them. */
export async function verifyCopy (from: EngineChoice, to: EngineChoice, options: VerifyOptions = {}): Promise<VerifyResult> {
  let source: FastifyInstance | null = null
  let target: FastifyInstance | null = null
  let keyId: string | null = null
  try {
    // The source's fingerprint is read before either app starts: an app started with
    // another site URL would render every story again, on the source too.
    const engine = await openEngine(from)
    let siteUrl: string | null
    try {
      siteUrl = await renderedSiteUrl(engine.db)
    } finally {
      await engine.close()
    }
    source = await buildApp(configFor(from, siteUrl), { logger: false })
    target = await buildApp(configFor(to, siteUrl), { logger: false })
    const { urls, stories, sampleEvery } = await publicUrls(source, options.maxStories ?? 500)
    const crossEngine = from.kind !== to.kind

    // A partner key on both sides, for the whole change log.
    const key = await createApiKey(source.database.db, { name: 'db:copy verification (temporary)', role: 'partner', expiresAt: Date.now() + 3_600_000 }, Date.now())
    keyId = key.id
    const { apiKeys } = tablesOf(source.database.db)
    const row = (await source.database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id)))[0]!
    await target.database.db.insert(tablesOf(target.database.db).apiKeys).values(row)
    const partner = { authorization: `Bearer ${key.token}` }

    const result: VerifyResult = { syncEntries: 0, syncComplete: false, urls: 0, identical: 0, comparedBySet: 0, differences: [], stories, sampleEvery }
    const ask = async (url: string, headers: Record<string, string> = {}) => {
      const mode: Mode = url.startsWith('/v1/sync') ? 'sealed' : crossEngine && url.startsWith('/v1/search') ? 'set' : 'bytes'
      const [a, b] = await Promise.all([source!.inject({ url, headers }), target!.inject({ url, headers })])
      result.urls++
      const difference = compare(url, mode, a, b)
      if (difference === null) {
        result.identical++
        if (mode === 'set') result.comparedBySet++
      } else {
        result.differences.push(difference)
      }
      return a
    }
    const total = urls.length
    // A few requests in flight per side: Postgres answers on its pool's connections meanwhile.
    let next = 0
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < urls.length) {
        await ask(urls[next++]!)
        options.onProgress?.(result.urls, total)
      }
    }))
    // The differences in the order of the list, whatever order the answers came in.
    result.differences.sort((a, b) => urls.indexOf(a.url) - urls.indexOf(b.url))
    // A few pages on, by the source's cursors (signed with the copied secret).
    for (const first of FOLLOWED) {
      let next = (await source.inject(first)).json<{ meta?: { nextCursor?: string | null } }>().meta?.nextCursor ?? null
      for (let page = 1; page < FOLLOW_PAGES && next !== null; page++) {
        const res = await ask(`${first}&cursor=${encodeURIComponent(next)}`)
        next = res.statusCode === 200 ? res.json<{ meta?: { nextCursor?: string | null } }>().meta?.nextCursor ?? null : null
      }
    }
    // The change log to its end, as a partner reads it: every page asked on both sides with the source's cursor.
    let cursor: string | null = null
    for (let page = 0; page < (options.maxSyncPages ?? 50); page++) {
      const res = await ask(`/v1/sync?limit=1000${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, partner)
      // The log's end still gives a cursor, to poll from: meta.hasMore says whether more follows.
      const body = res.statusCode === 200 ? res.json<{ data?: unknown[], meta?: { hasMore?: boolean } }>() : {}
      result.syncEntries += body.data?.length ?? 0
      cursor = body.meta?.hasMore === true ? withoutCursor(res.body).next : null
      if (cursor === null) {
        result.syncComplete = res.statusCode === 200
        break
      }
      options.onProgress?.(result.urls, total)
    }
    return result
  } finally {
    for (const app of [source, target]) {
      if (app === null) continue
      if (keyId !== null) {
        const { apiKeys } = tablesOf(app.database.db)
        await app.database.db.delete(apiKeys).where(eq(apiKeys.id, keyId)).catch(() => {})
      }
      await app.close()
    }
  }
}
