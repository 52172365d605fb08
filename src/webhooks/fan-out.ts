/**
 * From the change log to each endpoint's messages, inside one write transaction: every
 * active endpoint's entries past its position are resolved (src/webhooks/events.ts),
 * filtered by what it subscribed to, fixed as messages, and its position moved past
 * them. Endpoints at the same position share the reading and the resolving.
 */
import { and, count, eq, gt, sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { tablesOf } from '../db/tables.js'
import { randomId } from '../content/ids.js'
import { SYNC_RESOURCES, syncRepository, type Entry, type SyncPosition } from '../repositories/sync.js'
import { destinationOf, type Destination, type EndpointRow } from '../repositories/webhooks.js'
import { feedUrlsOf } from '../feeds/feed-urls.js'
import { catalogEvent, payload, storyEvents, type FeedPlace, type ResolvedEvent, type StoryNow } from './events.js'

export interface Urls { siteUrl: string, publicUrl: string }

/** Keys per purge request: Fastly takes up to 256 in one. */
const KEYS_PER_PURGE = 256

interface DocParts { section?: { slug?: string }, tags?: Array<{ slug?: string }>, authors?: Array<{ slug?: string }> }

function storyResolver (db: Db, now: number) {
  const { stories } = tablesOf(db)
  return async (id: string): Promise<StoryNow | null> => {
    const [row] = await db.select({ doc: stories.docJson, publicAt: stories.publicAt, type: stories.type, slug: stories.slug, sectionId: stories.sectionId, keys: stories.surrogateKeys })
      .from(stories).where(eq(stories.id, id))
    if (row === undefined) return null
    const parts = JSON.parse(row.doc) as DocParts
    return {
      doc: row.publicAt !== null && row.publicAt <= now ? row.doc : null,
      publicAt: row.publicAt,
      type: row.type,
      slug: row.slug,
      sectionId: row.sectionId,
      sectionSlug: parts.section?.slug ?? null,
      tagSlugs: (parts.tags ?? []).flatMap((t) => t.slug ?? []),
      authorSlugs: (parts.authors ?? []).flatMap((a) => a.slug ?? []),
      surrogateKeys: row.keys === '' ? [] : row.keys.split(' ')
    }
  }
}

/** One write says one thing of a story: published (or gone) carries its edit, not an `updated` beside it. */
function collapse (events: ResolvedEvent[], entries: Map<number, Entry>): ResolvedEvent[] {
  const strong = new Set<string>()
  for (const e of events) {
    const entry = entries.get(e.changeSeq)!
    if (e.type === 'story.published' || e.type === 'story.unpublished' || e.type === 'story.deleted') strong.add(`${entry.resourceId}@${entry.at}`)
  }
  return events.filter((e) => {
    if (e.type !== 'story.updated') return true
    const entry = entries.get(e.changeSeq)!
    return !strong.has(`${entry.resourceId}@${entry.at}`)
  })
}

function wants (destination: Destination, event: ResolvedEvent): boolean {
  if (!destination.events.has(event.type)) return false
  // Filters narrow story events only; a story that moved matches where it was and where it went.
  if (!event.type.startsWith('story.') && !event.type.startsWith('review.')) return true
  const { storyTypes, sectionIds } = destination.filters
  if (storyTypes !== undefined && !event.places.some((p) => storyTypes.includes(p.type))) return false
  if (sectionIds !== undefined && !event.places.some((p) => sectionIds.includes(p.sectionId))) return false
  return true
}

interface NewMessage { type: string, body: string, changeSeq: number | null }

/** The messages one endpoint gets for a run of events. */
/** An event with the feeds it touches. */
export type Routed = ResolvedEvent & { feedPlaces: FeedPlace[] }

export function messagesFor (destination: Destination, events: Routed[], urls: Urls, now: number): NewMessage[] {
  if (events.length === 0) return []
  const last = events[events.length - 1]!.changeSeq
  switch (destination.kind) {
    case 'webhook':
      return events.filter((e) => wants(destination, e)).map((e) => ({ type: e.type, body: payload(e.type, e.at, e.data), changeSeq: e.changeSeq }))
    case 'fastly':
    case 'varnish': {
      const keys = [...new Set(events.flatMap((e) => e.surrogateKeys))]
      const eventUrls = [...new Set(events.flatMap((e) => e.urls))]
      const out: NewMessage[] = []
      for (let i = 0; i < keys.length; i += KEYS_PER_PURGE) {
        const data = { surrogateKeys: keys.slice(i, i + KEYS_PER_PURGE), urls: i === 0 ? eventUrls : [], events: i === 0 ? events.map((e) => e.type) : [] }
        out.push({ type: 'cdn.purge', body: JSON.stringify({ type: 'cdn.purge', timestamp: new Date(now).toISOString(), data }), changeSeq: last })
      }
      return out
    }
    case 'websub': {
      const topics = [...new Set(events.flatMap((e) => e.feedPlaces.flatMap((place) => feedUrlsOf(urls.publicUrl, place))))]
      return topics.length === 0 ? [] : [{ type: 'websub.publish', body: JSON.stringify({ type: 'websub.publish', timestamp: new Date(now).toISOString(), data: { topics } }), changeSeq: last }]
    }
  }
}

const positionOf = (row: EndpointRow): SyncPosition => ({ seq: row.positionSeq, deferredAt: row.positionDeferredAt, deferredSeq: row.positionDeferredSeq })
const keyOf = (p: SyncPosition) => `${p.seq}:${p.deferredAt}:${p.deferredSeq}`

/**
 * Messages waiting past which an endpoint is not fanned out to: it catches up from its
 * position once it has drained, so a replay of a large archive, or a receiver down for
 * days, never fills the database.
 */
export const PENDING_LIMIT = 10_000

/** A `scheduled` entry whose time a later entry withdrew (src/content/workflow.ts `visibilityChanges`). */
function withdrawals (db: Db) {
  const { changes } = tablesOf(db)
  return async (entry: Entry): Promise<boolean> => {
    const later = await db.select({ detail: changes.detailJson }).from(changes)
      .where(and(eq(changes.resource, 'story'), eq(changes.resourceId, entry.resourceId), eq(changes.kind, 'unscheduled'), gt(changes.seq, entry.seq)))
    const time = new Date(entry.effectiveAt).toISOString()
    return later.some((row) => (JSON.parse(row.detail) as { withdrawn?: string }).withdrawn === time)
  }
}

/** The feeds an event's story sits in now, and those of where it was (a move, a deletion): WebSub pings both. */
function feedPlacesOf (db: Db) {
  const { sections } = tablesOf(db)
  const slugs = new Map<string, string | null>()
  const slugOf = async (id: string) => {
    if (!slugs.has(id)) slugs.set(id, (await db.select({ slug: sections.slug }).from(sections).where(eq(sections.id, id)))[0]?.slug ?? null)
    return slugs.get(id)!
  }
  return async (event: ResolvedEvent): Promise<FeedPlace[]> => {
    if (!event.type.startsWith('story.') && !event.type.startsWith('review.')) return []
    const out = event.feeds === null ? [] : [event.feeds]
    for (const place of event.places) {
      const sectionSlug = await slugOf(place.sectionId)
      if (!out.some((p) => p.type === place.type && p.sectionSlug === sectionSlug)) out.push({ type: place.type, sectionSlug, tagSlugs: [], authorSlugs: [] })
    }
    return out
  }
}

/**
 * Moves every active endpoint up to `limit` entries on; returns how many messages were
 * made and whether more entries are waiting.
 */
export async function fanOut (db: Db, urls: Urls, now: number, limit: number): Promise<{ made: number, more: boolean }> {
  const { webhookEndpoints: endpoints, webhookMessages: messages, webhookPayloads: payloads } = tablesOf(db)
  const sync = syncRepository(db)
  const story = storyResolver(db, now)
  const withdrawn = withdrawals(db)
  const feedPlaces = feedPlacesOf(db)
  // Counted up to the limit only, on the endpoint's own queue index: a cost that does not grow with the log.
  const full = async (id: string) => Number((await db.select({ n: count() }).from(
    db.select({ one: sql`1` }).from(messages).where(and(eq(messages.endpointId, id), eq(messages.state, 'pending'))).limit(PENDING_LIMIT).as('queued')))[0]?.n ?? 0) >= PENDING_LIMIT
  const active: EndpointRow[] = []
  for (const row of await db.select().from(endpoints).where(eq(endpoints.active, true))) if (!await full(row.id)) active.push(row)
  const groups = new Map<string, EndpointRow[]>()
  for (const row of active) groups.set(keyOf(positionOf(row)), [...(groups.get(keyOf(positionOf(row))) ?? []), row])

  let made = 0
  let more = false
  for (const rows of groups.values()) {
    const from = positionOf(rows[0]!)
    const page = await sync.entries(from, SYNC_RESOURCES, limit, now)
    more ||= page.hasMore
    if (page.entries.length === 0) continue
    const resolved: ResolvedEvent[] = []
    for (const entry of page.entries) {
      if (entry.resource === 'story') {
        resolved.push(...storyEvents(entry, await story(entry.resourceId), urls.siteUrl, urls.publicUrl, entry.kind === 'scheduled' && await withdrawn(entry)))
      } else {
        const event = catalogEvent(entry, entry.kind === 'deleted' ? null : await sync.current(entry.resource, entry.resourceId, now), urls.publicUrl)
        if (event !== null) resolved.push(event)
      }
    }
    const events: Routed[] = []
    for (const event of collapse(resolved, new Map(page.entries.map((e) => [e.seq, e])))) events.push({ ...event, feedPlaces: await feedPlaces(event) })
    // One payload per distinct body, however many endpoints it goes to.
    const payloadSeqs = new Map<string, number>()
    const payloadOf = async (body: string): Promise<number> => {
      let seq = payloadSeqs.get(body)
      if (seq === undefined) payloadSeqs.set(body, seq = (await db.insert(payloads).values({ body, createdAt: now }).returning({ seq: payloads.seq }))[0]!.seq)
      return seq
    }
    for (const row of rows) {
      const out = messagesFor(destinationOf(row, now), events, urls, now)
      if (out.length > 0) {
        const values = []
        for (const m of out) values.push({ id: randomId('msg'), endpointId: row.id, type: m.type, payloadSeq: await payloadOf(m.body), changeSeq: m.changeSeq, createdAt: now, state: 'pending' as const, attempts: 0, nextAttemptAt: now })
        await db.insert(messages).values(values)
        made += out.length
      }
      await db.update(endpoints).set({ positionSeq: page.position.seq, positionDeferredAt: page.position.deferredAt, positionDeferredSeq: page.position.deferredSeq })
        .where(eq(endpoints.id, row.id))
    }
  }
  return { made, more }
}
