/**
 * The public surface, as URLs to probe for leaks of hidden (draft, scheduled, archived)
 * content: lists, search (every marker and every hidden story's title words), feeds,
 * the aggregator export, JSON-LD, sitemaps and sync — anonymously, and the partner
 * surface (full-text feeds, sync) again with a partner key.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { monthName } from '../src/repositories/sitemaps.js'
import { keyFor, rows } from './helper.js'

export const HIDDEN_MARKERS = ['zanzibarquux', 'quetzalvorn', 'obsidianwisp']

export interface HiddenStory { id: string, slug: string, status: string, subjectSlug: string | null }

export async function hiddenStories (app: FastifyInstance): Promise<HiddenStory[]> {
  return await rows<HiddenStory>(app, sql`
    SELECT s.id, s.slug, s.status, sub.slug AS "subjectSlug" FROM stories s LEFT JOIN subjects sub ON sub.id = s.subject_id
    WHERE s.status IN ('draft', 'archived') OR s.published_at > ${Date.now()}`)
}

async function slugs (app: FastifyInstance, query: SQL): Promise<string[]> {
  return (await rows<{ slug: string }>(app, query)).map((r) => r.slug)
}

/** Every public URL worth probing, lists at their largest page size. */
export async function publicProbeUrls (app: FastifyInstance): Promise<string[]> {
  const urls = ['/', '/v1/stories?limit=100', '/v1/reviews?limit=100', '/v1/reviews?sort=score&limit=100',
    '/v1/authors?limit=100', '/v1/sections?limit=100', '/v1/tags?limit=100']
  for (const type of ['review', 'feature', 'news', 'list', 'podcast', 'video', 'guide']) urls.push(`/v1/stories?type=${type}&limit=100`)
  for (const kind of ['film', 'game', 'tv', 'hardware', 'book', 'music', 'other']) {
    urls.push(`/v1/reviews?subjectKind=${kind}&limit=100`, `/v1/reviews?subjectKind=${kind}&sort=score&limit=100`)
  }
  for (const award of ['editors-choice', 'must-play', 'must-watch', 'hidden-gem', 'best-of-year']) {
    urls.push(`/v1/reviews?award=${award}&limit=100`, `/v1/reviews?award=${award}&sort=score&limit=100`)
  }
  urls.push('/v1/reviews?minScore=0&limit=100', '/v1/reviews?maxScore=100&sort=score&limit=100')
  for (const s of await slugs(app, sql`SELECT slug FROM sections`)) urls.push(`/v1/stories?section=${s}&limit=100`, `/v1/reviews?section=${s}&limit=100`)
  for (const s of await slugs(app, sql`SELECT slug FROM tags`)) urls.push(`/v1/stories?tag=${s}&limit=100`)
  for (const s of await slugs(app, sql`SELECT slug FROM authors`)) urls.push(`/v1/stories?author=${s}&limit=100`, `/v1/authors/${s}`)
  for (const s of await slugs(app, sql`SELECT slug FROM subjects`)) urls.push(`/v1/subjects/${s}`)
  for (const q of ['review', 'the', 'game', 'film', 'a']) urls.push(`/v1/search?q=${q}&limit=100`)
  for (const s of await slugs(app, sql`SELECT slug FROM stories WHERE public_at IS NULL OR public_at > ${Date.now()}`)) {
    urls.push(`/v1/search?q=${encodeURIComponent(s.replace(/-/g, ' '))}&limit=100`)
  }
  for (const s of await slugs(app, sql`SELECT slug FROM stories`)) {
    urls.push(`/v1/stories/${s}`, `/v1/reviews/${s}`, `/v1/reviews/${s}/verdict`, `/v1/reviews/${s}/jsonld`, `/v1/stories?exclude=${s}&limit=100`)
  }
  urls.push(...await feedUrls(app), '/v1/verdicts?limit=100', '/v1/sync', '/sitemaps/news.xml', '/sitemaps/index.xml')
  for (const kind of ['film', 'game', 'tv', 'hardware', 'book', 'music', 'other']) urls.push(`/v1/verdicts?subjectKind=${kind}&limit=100`)
  // Every month any story was dated in, hidden ones included: their sitemaps must not list them.
  const dated = await rows<{ at: number }>(app, sql`SELECT DISTINCT published_at AS at FROM stories WHERE published_at IS NOT NULL`)
  for (const month of new Set(dated.map((r) => monthName(Number(r.at))))) urls.push(`/sitemaps/stories-${month}.xml`)
  return urls
}

/** Every feed in every format, at its largest page. */
async function feedUrls (app: FastifyInstance): Promise<string[]> {
  const feeds = ['latest', 'reviews', ...['review', 'feature', 'news', 'list', 'podcast', 'video', 'guide'].map((type) => `types/${type}`)]
  for (const table of ['sections', 'tags', 'authors']) feeds.push(...(await slugs(app, sql`SELECT slug FROM ${sql.identifier(table)}`)).map((s) => `${table}/${s}`))
  return feeds.flatMap((feed) => ['rss', 'atom', 'json'].map((format) => `/v1/feeds/${feed}.${format}?limit=100`))
}

/** What a partner key sees beyond the public: full-text feeds and the whole change log. */
async function partnerProbeUrls (app: FastifyInstance): Promise<string[]> {
  return [...await feedUrls(app), '/v1/sync?limit=1000']
}

export interface ProbeResult { leaks: string[], errors: string[], withContent: number, total: number }

/** Requests every public URL without a key, and the partner surface with one; reports any body that mentions a marker or a hidden id. */
export async function probeForLeaks (app: FastifyInstance, markers: string[], hiddenIds: string[]): Promise<ProbeResult> {
  const partner = { authorization: (await keyFor(app, 'partner')).authorization }
  const probes = [
    ...[...await publicProbeUrls(app), ...markers.map((m) => `/v1/search?q=${m}`)].map((url) => ({ url, headers: {} })),
    ...(await partnerProbeUrls(app)).map((url) => ({ url, headers: partner }))
  ]
  const result: ProbeResult = { leaks: [], errors: [], withContent: 0, total: probes.length }
  for (const { url, headers } of probes) {
    const res = await app.inject({ url, headers })
    if (res.statusCode >= 500) result.errors.push(`${url} answered ${res.statusCode}`)
    const text = res.body.toLowerCase()
    for (const marker of markers) if (text.includes(marker)) result.leaks.push(`${url} leaks "${marker}"`)
    // A tombstone names a story that was public once (an archived one): that is its job.
    // test/routes/sync.test.ts checks that never-public stories get none.
    const shown = url.startsWith('/v1/sync') && res.statusCode === 200
      ? JSON.stringify((res.json() as { data: Array<{ op: string }> }).data.filter((e) => e.op !== 'delete'))
      : res.body
    for (const id of hiddenIds) if (shown.includes(id)) result.leaks.push(`${url} leaks the id ${id}`)
    if (res.statusCode === 200) result.withContent++
  }
  return result
}
