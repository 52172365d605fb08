/**
 * The public surface, as URLs to probe for leaks of hidden (draft, scheduled, archived)
 * content, search included (every marker and every hidden story's title words). Later surfaces (feeds, search, sync…) add their URLs here and the leak suite
 * checks them too.
 */
import type { FastifyInstance } from 'fastify'

export const HIDDEN_MARKERS = ['zanzibarquux', 'quetzalvorn', 'obsidianwisp']

export interface HiddenStory { id: string, slug: string, status: string, subjectSlug: string | null }

export function hiddenStories (app: FastifyInstance): HiddenStory[] {
  return app.database.sqlite.prepare(`
    SELECT s.id, s.slug, s.status, sub.slug AS subjectSlug FROM stories s LEFT JOIN subjects sub ON sub.id = s.subject_id
    WHERE s.status IN ('draft', 'archived') OR s.published_at > ?`).all(Date.now()) as HiddenStory[]
}

function slugs (app: FastifyInstance, sql: string): string[] {
  return (app.database.sqlite.prepare(sql).all() as Array<{ slug: string }>).map((r) => r.slug)
}

/** Every public URL worth probing, lists at their largest page size. */
export function publicProbeUrls (app: FastifyInstance): string[] {
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
  for (const s of slugs(app, 'SELECT slug FROM sections')) urls.push(`/v1/stories?section=${s}&limit=100`, `/v1/reviews?section=${s}&limit=100`)
  for (const s of slugs(app, 'SELECT slug FROM tags')) urls.push(`/v1/stories?tag=${s}&limit=100`)
  for (const s of slugs(app, 'SELECT slug FROM authors')) urls.push(`/v1/stories?author=${s}&limit=100`, `/v1/authors/${s}`)
  for (const s of slugs(app, 'SELECT slug FROM subjects')) urls.push(`/v1/subjects/${s}`)
  for (const q of ['review', 'the', 'game', 'film', 'a']) urls.push(`/v1/search?q=${q}&limit=100`)
  for (const s of slugs(app, "SELECT slug FROM stories WHERE public_at IS NULL OR public_at > CAST(strftime('%s','now') AS INTEGER) * 1000")) {
    urls.push(`/v1/search?q=${encodeURIComponent(s.replace(/-/g, ' '))}&limit=100`)
  }
  for (const s of slugs(app, 'SELECT slug FROM stories')) {
    urls.push(`/v1/stories/${s}`, `/v1/reviews/${s}`, `/v1/reviews/${s}/verdict`, `/v1/stories?exclude=${s}&limit=100`)
  }
  return urls
}

export interface ProbeResult { leaks: string[], errors: string[], withContent: number, total: number }

/** Requests every public URL without a key; reports any body that mentions a marker or a hidden id. */
export async function probeForLeaks (app: FastifyInstance, markers: string[], hiddenIds: string[]): Promise<ProbeResult> {
  const urls = [...publicProbeUrls(app), ...markers.map((m) => `/v1/search?q=${m}`)]
  const result: ProbeResult = { leaks: [], errors: [], withContent: 0, total: urls.length }
  for (const url of urls) {
    const res = await app.inject(url)
    if (res.statusCode >= 500) result.errors.push(`${url} answered ${res.statusCode}`)
    const text = res.body.toLowerCase()
    for (const marker of markers) if (text.includes(marker)) result.leaks.push(`${url} leaks "${marker}"`)
    for (const id of hiddenIds) if (res.body.includes(id)) result.leaks.push(`${url} leaks the id ${id}`)
    if (res.statusCode === 200) result.withContent++
  }
  return result
}
