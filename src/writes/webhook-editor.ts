/**
 * The admin API's webhook writes (endpoints, secrets, pings, redelivery, replay), run like
 * every editorial write (src/writes/editorial-writes.ts); the deliverer's own are in
 * src/writes/delivery-writes.ts.
 */
import { and, desc, eq, lt, lte, max } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { lockRow } from '../db/dialect.js'
import { tablesOf } from '../db/tables.js'
import { checkIfMatch, EditorialError, FieldErrors } from '../content/editorial-errors.js'
import { randomId } from '../content/ids.js'
import { iso } from '../content/render.js'
import { INVALIDATES_NOTHING, type Written } from '../content/invalidation.js'
import type { WriteContext } from '../repositories/change-log.js'
import { SETTLE_MS } from '../repositories/sync.js'
import { endpointEtag, webhookRepository, type EndpointFilters, type EndpointRow } from '../repositories/webhooks.js'
import type { WebhookCreateType, WebhookPatchType } from '../schemas/webhooks.js'
import { EVENT_TYPES } from '../webhooks/events.js'
import { newSecret } from '../webhooks/signature.js'

export interface WebhookRendering { id: string, body: string, etag: string }

/** Webhook writes change nothing the public is served. */
export const nothing = <T>(value: T): Written<T> => ({ value, invalidation: INVALIDATES_NOTHING })
const DEFAULT_EVENTS = EVENT_TYPES.filter((t) => t !== 'ping')

export function webhookEditor (db: Db) {
  const { webhookEndpoints: endpoints, webhookMessages: messages, webhookPayloads: payloads, sections, changes } = tablesOf(db)
  const repo = webhookRepository(db)

  async function rendering (id: string): Promise<WebhookRendering> {
    const found = (await repo.get(id))!
    return { id, ...found }
  }

  /** The endpoint, locked for the rest of the transaction. */
  async function locked (id: string, ifMatch?: string): Promise<EndpointRow> {
    const row = await lockRow(db, 'webhook_endpoints', id) ? await repo.row(id) : null
    if (row === null) throw new EditorialError('not_found', `No webhook endpoint has the id "${id}"`)
    checkIfMatch(ifMatch, endpointEtag(row))
    return row
  }

  /** Refuses what does not fit the kind; returns the filters as stored (sections by id). */
  async function checkShape (kind: EndpointRow['kind'], body: { purgeToken?: string | undefined, filters?: WebhookCreateType['filters'] }, hadToken: boolean): Promise<EndpointFilters | undefined> {
    const errors = new FieldErrors()
    if (kind === 'websub') errors.add('/body', 'a WebSub hub\'s endpoint follows WEBSUB_HUBS: only `active` can be changed here')
    if (kind === 'fastly' && body.purgeToken === undefined && !hadToken) errors.add('/body/purgeToken', 'a fastly endpoint needs the API token it purges with')
    if (kind !== 'fastly' && body.purgeToken !== undefined) errors.add('/body/purgeToken', `a ${kind} endpoint takes no purge token`)
    errors.throwIfAny('invalid')
    if (body.filters === undefined) return undefined
    const sectionIds: string[] = []
    for (const slug of body.filters.sections ?? []) {
      const [found] = await db.select({ id: sections.id }).from(sections).where(eq(sections.slug, slug))
      if (found === undefined) errors.add('/body/filters/sections', `no section has the slug "${slug}"`)
      else sectionIds.push(found.id)
    }
    errors.throwIfAny('unknown_reference')
    return { ...(body.filters.storyTypes !== undefined ? { storyTypes: body.filters.storyTypes } : {}), ...(body.filters.sections !== undefined ? { sectionIds } : {}) }
  }

  /**
   * Where a replay starts: after every entry that reached the public before `since`, or
   * after the entry `afterChange` did. Refused when it lies beyond what the log holds.
   */
  async function positionFrom (from: { since?: string, afterChange?: number }, now: number): Promise<{ seq: number, deferredAt: number, deferredSeq: number }> {
    const refuse = (path: string, message: string) => { throw new EditorialError('invalid', `${path.slice(6)} ${message}`, [{ path, message }]) }
    if (from.since !== undefined) {
      const at = Date.parse(from.since)
      if (!Number.isFinite(at)) refuse('/body/since', 'is not a representable time')
      if (at > now) refuse('/body/since', 'is in the future: nothing has reached the public since then')
      const [before] = await db.select({ seq: max(changes.seq) }).from(changes).where(lt(changes.at, at))
      return { seq: Number(before?.seq ?? 0), deferredAt: at, deferredSeq: 0 }
    }
    const seq = from.afterChange ?? 0
    if (seq === 0) return { seq: 0, deferredAt: 0, deferredSeq: 0 }
    const [entry] = await db.select({ at: changes.at, effectiveAt: changes.effectiveAt }).from(changes).where(eq(changes.seq, seq))
    if (entry === undefined) return refuse('/body/afterChange', `names no change-log entry (the log holds 1 to ${await repo.logHead()})`)
    if (entry.effectiveAt <= entry.at) return { seq, deferredAt: entry.effectiveAt, deferredSeq: seq }
    // A scheduled entry reached the public at its time: what was written up to then had reached it before.
    const [before] = await db.select({ seq: max(changes.seq) }).from(changes).where(lte(changes.at, entry.effectiveAt))
    return { seq: Number(before?.seq ?? 0), deferredAt: entry.effectiveAt, deferredSeq: seq }
  }

  return {
    get: async (id: string): Promise<WebhookRendering | null> => (await repo.row(id)) === null ? null : await rendering(id),

    async create (body: WebhookCreateType, ctx: WriteContext): Promise<Written<WebhookRendering & { secret: string }>> {
      const kind = body.kind ?? 'webhook'
      const filters = await checkShape(kind, body, false)
      const id = randomId('whe')
      const secret = newSecret()
      const head = await repo.logHead()
      await db.insert(endpoints).values({
        id,
        kind,
        url: body.url,
        description: body.description ?? '',
        eventsJson: JSON.stringify(body.events ?? DEFAULT_EVENTS),
        filtersJson: JSON.stringify(filters ?? {}),
        active: body.active ?? true,
        secret,
        purgeToken: body.purgeToken ?? null,
        // From now on: what the log held before is not news to a new endpoint (replay asks for it).
        positionSeq: head,
        positionDeferredAt: ctx.now - SETTLE_MS,
        positionDeferredSeq: head,
        createdAt: ctx.now,
        updatedAt: ctx.now
      })
      return nothing({ ...await rendering(id), secret })
    },

    async update (id: string, patch: WebhookPatchType, ifMatch: string | undefined, ctx: WriteContext): Promise<Written<WebhookRendering>> {
      const row = await locked(id, ifMatch)
      const { active, ...settings } = patch
      // A hub's endpoint may be paused and resumed; the rest of it follows WEBSUB_HUBS.
      const filters = row.kind === 'websub' && Object.keys(settings).length === 0 ? undefined : await checkShape(row.kind, patch, row.purgeToken !== null)
      const resuming = active === true && !row.active
      await db.update(endpoints).set({
        ...(patch.url !== undefined ? { url: patch.url } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.events !== undefined ? { eventsJson: JSON.stringify(patch.events) } : {}),
        ...(filters !== undefined ? { filtersJson: JSON.stringify(filters) } : {}),
        ...(patch.purgeToken !== undefined ? { purgeToken: patch.purgeToken } : {}),
        ...(active !== undefined ? { active, disabledReason: null } : {}),
        updatedAt: Math.max(ctx.now, row.updatedAt + 1)
      }).where(eq(endpoints.id, id))
      // Switched back on: the message that held it back gets a fresh series of attempts, now.
      if (resuming) await db.update(messages).set({ attempts: 0, nextAttemptAt: ctx.now }).where(and(eq(messages.endpointId, id), eq(messages.state, 'pending')))
      return nothing(await rendering(id))
    },

    async remove (id: string, ifMatch: string | undefined, _ctx: WriteContext): Promise<Written<null>> {
      const row = await locked(id, ifMatch)
      if (row.kind === 'websub') throw new EditorialError('invalid', 'a WebSub hub\'s endpoint follows WEBSUB_HUBS: take the hub out of it, or pause the endpoint with active false')
      await db.delete(endpoints).where(eq(endpoints.id, id))
      return nothing(null)
    },

    async rotateSecret (id: string, keepPreviousMs: number, ctx: WriteContext): Promise<Written<{ secret: string, previousSecretExpiresAt: string | null }>> {
      const row = await locked(id)
      if (row.kind !== 'webhook') throw new EditorialError('invalid', `a ${row.kind} endpoint signs nothing: it has no secret to rotate`)
      const secret = newSecret()
      const until = keepPreviousMs > 0 ? ctx.now + keepPreviousMs : null
      await db.update(endpoints).set({ secret, previousSecret: until === null ? null : row.secret, previousSecretExpiresAt: until, updatedAt: Math.max(ctx.now, row.updatedAt + 1) })
        .where(eq(endpoints.id, id))
      return nothing({ secret, previousSecretExpiresAt: until === null ? null : iso(until) })
    },

    async ping (id: string, ctx: WriteContext): Promise<Written<{ messageId: string, seq: number }>> {
      const row = await locked(id)
      if (row.kind !== 'webhook') throw new EditorialError('invalid', `a ${row.kind} endpoint takes no ping: it is sent purges or hub notifications only`)
      const messageId = randomId('msg')
      const body = JSON.stringify({ type: 'ping', timestamp: iso(ctx.now), data: { endpointId: id, message: 'ping from Byline' } })
      const [payload] = await db.insert(payloads).values({ body, createdAt: ctx.now }).returning({ seq: payloads.seq })
      const [made] = await db.insert(messages).values({ id: messageId, endpointId: id, type: 'ping', payloadSeq: payload!.seq, changeSeq: null, createdAt: ctx.now, state: 'pending', attempts: 0, nextAttemptAt: ctx.now }).returning({ seq: messages.seq })
      return nothing({ messageId, seq: made!.seq })
    },

    /** The message again, same id and body, after those already waiting. */
    async redeliver (id: string, messageId: string, ctx: WriteContext): Promise<Written<{ messageId: string, seq: number }>> {
      await locked(id)
      const [original] = await db.select().from(messages).where(and(eq(messages.endpointId, id), eq(messages.id, messageId))).orderBy(desc(messages.seq)).limit(1)
      if (original === undefined) throw new EditorialError('not_found', `Endpoint ${id} has no message "${messageId}"`)
      const [made] = await db.insert(messages).values({ id: original.id, endpointId: id, type: original.type, payloadSeq: original.payloadSeq, changeSeq: original.changeSeq, createdAt: ctx.now, state: 'pending', attempts: 0, nextAttemptAt: ctx.now })
        .returning({ seq: messages.seq })
      return nothing({ messageId, seq: made!.seq })
    },

    /** Moves the endpoint back in the log: what reached the public since is sent again, as new messages resolved now. */
    async replay (id: string, from: { since?: string, afterChange?: number }, ctx: WriteContext): Promise<Written<WebhookRendering>> {
      const row = await locked(id)
      const position = await positionFrom(from, ctx.now)
      await db.update(endpoints).set({ positionSeq: position.seq, positionDeferredAt: position.deferredAt, positionDeferredSeq: position.deferredSeq, updatedAt: Math.max(ctx.now, row.updatedAt + 1) })
        .where(eq(endpoints.id, id))
      return nothing(await rendering(id))
    },

    /** Endpoints for the WebSub hubs configured, one per hub; those of hubs no longer configured are switched off. */
    async syncWebSubHubs (hubs: readonly string[], ctx: WriteContext): Promise<Written<null>> {
      const existing = await db.select().from(endpoints).where(eq(endpoints.kind, 'websub'))
      for (const row of existing) {
        const wanted = hubs.includes(row.url)
        if (row.active !== wanted) await db.update(endpoints).set({ active: wanted, disabledReason: wanted ? null : 'no longer in WEBSUB_HUBS', updatedAt: ctx.now }).where(eq(endpoints.id, row.id))
      }
      const head = await repo.logHead()
      for (const hub of hubs.filter((h) => !existing.some((row) => row.url === h))) {
        await db.insert(endpoints).values({
          id: randomId('whe'),
          kind: 'websub',
          url: hub,
          description: 'WebSub hub (WEBSUB_HUBS)',
          eventsJson: JSON.stringify(DEFAULT_EVENTS),
          secret: newSecret(),
          positionSeq: head,
          positionDeferredAt: ctx.now - SETTLE_MS,
          positionDeferredSeq: head,
          createdAt: ctx.now,
          updatedAt: ctx.now
        })
      }
      return nothing(null)
    }
  }
}
export type WebhookEditor = ReturnType<typeof webhookEditor>
