/**
 * What the fuzzer knows about the app it is fuzzing: API keys of every role and broken
 * ones, the slugs and ids that exist (read from the app's database, so valid requests
 * find something), what the fuzzer itself created, and ETags and cursors seen in
 * earlier answers (for If-Match, If-None-Match and second pages).
 */
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { createApiKey, revokeApiKey } from '../../src/repositories/api-keys.js'
import { createFeedToken, revokeFeedToken } from '../../src/repositories/feed-tokens.js'
import { monthName } from '../../src/repositories/sitemaps.js'
import { keyFor, rows } from '../../test/helper.js'
import type { Rng } from './prng.js'
import { ROLES, type Role } from './spec.js'

export type Kind = 'story' | 'author' | 'section' | 'tag' | 'subject' | 'media' | 'webhook'

export interface StoryRow { id: string, slug: string, type: string, status: string, publicAt: number | null }
export interface Row { id: string, slug: string }
export interface MediaRow { id: string, kind: string }

export interface QueryPart { name: string, value: string, /** value is already percent-encoded */ raw?: boolean }
export interface Page { pathParams: Record<string, string>, query: QueryPart[], cursor: string }

/** A broken Authorization header: how it is shown in a reproduction, and its value. */
export interface BadKey { label: string, header: string }

const PLURALS: Record<string, Kind> = { stories: 'story', reviews: 'story', authors: 'author', sections: 'section', tags: 'tag', subjects: 'subject', media: 'media', webhooks: 'webhook' }

/** The resource a path's `{slug}` / `{id}` names: the collection segment just before it. */
export function kindOfPath (path: string): Kind | null {
  const segments = path.split('/')
  // The segment with {slug} or {id}: a token feed's path has {token} first.
  const named = segments.findIndex((s) => /^\{(slug|id)\}/.test(s))
  const at = named !== -1 ? named : segments.findIndex((s) => s.includes('{'))
  if (at <= 0) return null
  return PLURALS[segments[at - 1]!] ?? null
}

export class FuzzState {
  readonly keys: Record<Role, string>
  readonly badKeys: BadKey[]
  /** A partner's feed token, and tokens that open nothing (revoked, expired, tampered, malformed). */
  readonly feedToken: string
  readonly badFeedTokens: string[]
  stories: StoryRow[] = []
  authors: Row[] = []
  sections: Row[] = []
  tags: Row[] = []
  subjects: Row[] = []
  publicSubjects: string[] = []
  media: MediaRow[] = []
  /** Webhook endpoints (by id, as their slug) and their messages' ids. */
  webhooks: Row[] = []
  webhookMessages: Array<{ endpointId: string, id: string }> = []
  months: string[] = []
  redirects: Record<string, string[]> = {}
  /** Old permalinks (imported, or the demo's) of stories public now. */
  legacyPaths: string[] = []
  titleWords: string[] = []
  /** Ids of what the fuzzer created through POST, per kind, oldest first. */
  readonly created: Record<Kind, string[]> = { story: [], author: [], section: [], tag: [], subject: [], media: [], webhook: [] }
  /** Editorial ETags by `kind:slug-or-id`. */
  readonly editorialEtags = new Map<string, string>()
  /** Validators of GET answers by URL. */
  readonly validators = new Map<string, { etag?: string, lastModified?: string }>()
  /** Later pages seen, by operation. */
  readonly pages = new Map<string, Page[]>()
  private dirty = true
  private counter = 0

  /** The state of `app`, with API keys and feed tokens of every kind made for the fuzzer. */
  static async create (app: FastifyInstance, rng: Rng): Promise<FuzzState> {
    const keys: Record<string, string> = {}
    for (const role of ROLES) keys[role] = (await keyFor(app, role)).authorization
    const db = app.database.db
    const expired = await createApiKey(db, { name: 'fuzz expired', role: 'admin', expiresAt: Date.now() - 60_000 }, Date.now() - 120_000)
    const revoked = await createApiKey(db, { name: 'fuzz revoked', role: 'admin', expiresAt: null }, Date.now())
    await revokeApiKey(db, revoked.id, Date.now())
    const feedToken = (await createFeedToken(db, { partner: 'fuzz partner', expiresAt: null }, Date.now())).token
    const revokedFeed = await createFeedToken(db, { partner: 'fuzz revoked', expiresAt: null }, Date.now())
    await revokeFeedToken(db, revokedFeed.id, Date.now())
    const expiredFeed = (await createFeedToken(db, { partner: 'fuzz expired', expiresAt: Date.now() - 60_000 }, Date.now() - 120_000)).token
    // Webhook endpoints with a message each, so their operations have something to act on.
    for (let i = 0; i < 3; i++) {
      const made = await app.inject({ method: 'POST', url: '/v1/webhooks', headers: { authorization: keys.admin! }, payload: { url: `https://hooks.fuzz.example/seed-${i}` } })
      if (made.statusCode !== 201) throw new Error(`fuzz setup: creating a webhook endpoint answered ${made.statusCode}: ${made.body}`)
      await app.inject({ method: 'POST', url: `/v1/webhooks/${made.json().endpoint.id as string}/ping`, headers: { authorization: keys.admin! } })
    }
    return new FuzzState(app, rng, { keys: keys as Record<Role, string>, expired: expired.token, revoked: revoked.token, feedToken, revokedFeed: revokedFeed.token, expiredFeed })
  }

  private constructor (private readonly app: FastifyInstance, rng: Rng, made: { keys: Record<Role, string>, expired: string, revoked: string, feedToken: string, revokedFeed: string, expiredFeed: string }) {
    this.keys = made.keys
    const admin = this.keys.admin.slice('Bearer '.length)
    this.feedToken = made.feedToken
    this.badFeedTokens = [
      made.revokedFeed,
      made.expiredFeed,
      `${this.feedToken.slice(0, -1)}${this.feedToken.endsWith('A') ? 'B' : 'A'}`,
      'garbage', admin
    ]
    const expired = { token: made.expired }
    const revoked = { token: made.revoked }
    this.badKeys = [
      { label: 'Bearer <expired admin key>', header: `Bearer ${expired.token}` },
      { label: 'Bearer <revoked admin key>', header: `Bearer ${revoked.token}` },
      { label: 'Bearer <unknown well-formed key>', header: `Bearer byl_0123456789abcdef_${rng.string(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-')}` },
      { label: 'Bearer <admin key with a changed secret>', header: `Bearer ${admin.slice(0, -1)}${admin.endsWith('A') ? 'B' : 'A'}` },
      { label: 'Bearer garbage', header: 'Bearer garbage' },
      { label: 'Bearer', header: 'Bearer' },
      { label: 'Bearer (empty)', header: 'Bearer ' },
      { label: 'Basic dXNlcjpwYXNz', header: 'Basic dXNlcjpwYXNz' },
      { label: 'Bearer <admin key> extra', header: `Bearer ${admin} extra` },
      { label: "Bearer ' OR 1=1 --", header: "Bearer ' OR 1=1 --" },
      { label: 'Bearer byl_%_*', header: 'Bearer byl_%_*' },
      { label: 'Bearer <5000 characters>', header: `Bearer ${'A'.repeat(5000)}` },
      { label: 'Token <admin key>', header: `Token ${admin}` },
      { label: '<admin key without scheme>', header: admin }
    ]
  }

  /** A name nobody has used yet: slugs and ids of new resources. */
  unique (prefix = 'fz'): string {
    this.counter++
    return `${prefix}-${this.counter}`
  }

  markDirty (): void { this.dirty = true }

  /**
   * Re-reads slugs and ids from the database after writes, on either engine. Each list is in
   * creation order, so a seed replays the same picks: the first change-log entry of the
   * resource (the log is append-only and every create, seeded or not, is logged), then id.
   */
  async refresh (): Promise<void> {
    if (!this.dirty) return
    this.dirty = false
    const app = this.app
    const now = Date.now()
    const created = (resource: Kind, table: string) => sql`(SELECT MIN(c.seq) FROM changes c WHERE c.resource = ${resource} AND c.resource_id = ${sql.identifier(table)}.id), ${sql.identifier(table)}.id`
    this.stories = (await rows<StoryRow>(app, sql`SELECT id, slug, type, status, public_at AS "publicAt" FROM stories ORDER BY ${created('story', 'stories')}`))
      .map((r) => ({ ...r, publicAt: r.publicAt === null ? null : Number(r.publicAt) }))
    this.authors = await rows<Row>(app, sql`SELECT id, slug FROM authors ORDER BY ${created('author', 'authors')}`)
    this.sections = await rows<Row>(app, sql`SELECT id, slug FROM sections ORDER BY ${created('section', 'sections')}`)
    this.tags = await rows<Row>(app, sql`SELECT id, slug FROM tags ORDER BY ${created('tag', 'tags')}`)
    this.subjects = await rows<Row>(app, sql`SELECT id, slug FROM subjects ORDER BY ${created('subject', 'subjects')}`)
    this.publicSubjects = (await rows<{ slug: string }>(app, sql`SELECT slug FROM subjects
      WHERE EXISTS (SELECT 1 FROM stories s WHERE s.subject_id = subjects.id AND s.public_at <= ${now}) ORDER BY ${created('subject', 'subjects')}`)).map((r) => r.slug)
    this.media = await rows<MediaRow>(app, sql`SELECT id, kind FROM media ORDER BY ${created('media', 'media')}`)
    this.webhooks = await rows<Row>(app, sql`SELECT id, id AS slug FROM webhook_endpoints ORDER BY created_at, url, id`)
    this.webhookMessages = await rows<{ endpointId: string, id: string }>(app, sql`SELECT endpoint_id AS "endpointId", id FROM webhook_messages ORDER BY seq`)
    const published = await rows<{ at: number }>(app, sql`SELECT DISTINCT public_at AS at FROM stories WHERE public_at <= ${now}`)
    this.months = [...new Set(published.map((r) => monthName(Number(r.at))))].sort()
    this.redirects = {}
    for (const r of await rows<{ resource: string, slug: string }>(app, sql`SELECT resource, old_slug AS slug FROM slug_redirects ORDER BY resource, old_slug`)) (this.redirects[r.resource] ??= []).push(r.slug)
    this.legacyPaths = (await rows<{ path: string }>(app, sql`SELECT l.path FROM legacy_paths l JOIN stories s ON s.id = l.story_id WHERE s.public_at <= ${now} ORDER BY l.path`)).map((r) => r.path)
    if (this.titleWords.length === 0) {
      const words = new Set<string>()
      for (const s of await rows<{ title: string }>(app, sql`SELECT title FROM stories ORDER BY ${created('story', 'stories')}`)) for (const w of s.title.split(/[^\p{L}\p{N}]+/u)) if (w.length > 2) words.add(w.toLowerCase())
      this.titleWords = [...words]
    }
  }

  rows (kind: Kind): Array<{ id: string, slug: string }> {
    switch (kind) {
      case 'story': return this.stories
      case 'author': return this.authors
      case 'section': return this.sections
      case 'tag': return this.tags
      case 'subject': return this.subjects
      case 'media': return this.media.map((m) => ({ id: m.id, slug: m.id }))
      case 'webhook': return this.webhooks
    }
  }

  /** The current slug (or id, for media) of something the fuzzer created that still exists, newest first. */
  createdKeys (kind: Kind): string[] {
    const byId = new Map(this.rows(kind).map((r) => [r.id, r.slug]))
    return this.created[kind].map((id) => byId.get(id)).filter((s): s is string => s !== undefined).reverse()
  }

  addPage (operation: string, page: Page): void {
    const list = this.pages.get(operation) ?? []
    if (list.some((p) => p.cursor === page.cursor)) return
    list.push(page)
    if (list.length > 20) list.shift()
    this.pages.set(operation, list)
  }
}
