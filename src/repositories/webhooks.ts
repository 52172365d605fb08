/**
 * Webhook endpoints, their messages and attempts, as the admin API and the deliverer read
 * them. Secrets never leave this module but through `signingSecrets` (the deliverer) and
 * the writes that create or rotate them.
 */
import { and, asc, count, desc, eq, gte, inArray, lt, min, sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import type { webhookAttempts, webhookEndpoints, webhookMessages } from '../db/schema.js'
import { tablesOf } from '../db/tables.js'
import { etagOf } from '../content/ids.js'
import { iso } from '../content/render.js'
import { secretHint } from '../webhooks/signature.js'
import type { EventType } from '../webhooks/events.js'

export type EndpointRow = typeof webhookEndpoints.$inferSelect
export type MessageRow = typeof webhookMessages.$inferSelect
export type AttemptRow = typeof webhookAttempts.$inferSelect

/** As stored: sections by id, so a renamed section keeps its subscribers. */
export interface EndpointFilters { storyTypes?: string[], sectionIds?: string[] }

/** What the deliverer needs of an endpoint. */
export interface Destination {
  id: string
  kind: EndpointRow['kind']
  url: string
  events: ReadonlySet<EventType>
  filters: EndpointFilters
  purgeToken: string | null
  /** Secrets that sign now: the current one, and the previous one until it expires. */
  secrets: string[]
}

const isoOrNull = (ms: number | null | undefined) => ms == null ? null : iso(ms)

export function destinationOf (row: EndpointRow, now: number): Destination {
  return {
    id: row.id,
    kind: row.kind,
    url: row.url,
    events: new Set(JSON.parse(row.eventsJson) as EventType[]),
    filters: JSON.parse(row.filtersJson) as EndpointFilters,
    purgeToken: row.purgeToken,
    secrets: row.previousSecret !== null && (row.previousSecretExpiresAt ?? 0) > now ? [row.secret, row.previousSecret] : [row.secret]
  }
}

/** The ETag an admin sends back in If-Match: it moves with every change of the endpoint's settings. */
export const endpointEtag = (row: EndpointRow) => etagOf(`${row.id}:${row.updatedAt}:${row.active ? 1 : 0}:${row.disabledReason ?? ''}`)

export function webhookRepository (db: Db) {
  const { webhookEndpoints: endpoints, webhookMessages: messages, webhookAttempts: attempts, webhookPayloads: payloads } = tablesOf(db)

  async function health (row: EndpointRow) {
    const [queue] = await db.select({ pending: count(), oldest: min(messages.createdAt) }).from(messages)
      .where(and(eq(messages.endpointId, row.id), eq(messages.state, 'pending')))
    const [head] = await db.select({ attempts: messages.attempts, nextAttemptAt: messages.nextAttemptAt }).from(messages)
      .where(and(eq(messages.endpointId, row.id), eq(messages.state, 'pending'))).orderBy(asc(messages.seq)).limit(1)
    const [success] = await db.select({ at: attempts.at }).from(attempts).where(and(eq(attempts.endpointId, row.id), eq(attempts.ok, true))).orderBy(desc(attempts.seq)).limit(1)
    const [failure] = await db.select({ at: attempts.at, error: attempts.error, status: attempts.status }).from(attempts)
      .where(and(eq(attempts.endpointId, row.id), eq(attempts.ok, false))).orderBy(desc(attempts.seq)).limit(1)
    const failedAttempts = head?.attempts ?? 0
    return {
      state: !row.active ? 'disabled' as const : failedAttempts > 0 ? 'failing' as const : 'healthy' as const,
      pending: Number(queue?.pending ?? 0),
      oldestPendingAt: isoOrNull(queue?.oldest === null || queue?.oldest === undefined ? null : Number(queue.oldest)),
      failedAttempts,
      nextAttemptAt: isoOrNull(head?.nextAttemptAt),
      lastSuccessAt: isoOrNull(success?.at),
      lastFailureAt: isoOrNull(failure?.at),
      lastError: failure === undefined ? null : failure.error ?? `HTTP ${failure.status}`
    }
  }

  /** Filters as the API takes them: sections by their slugs now. */
  async function filtersShown ({ storyTypes, sectionIds }: EndpointFilters) {
    const { sections } = tablesOf(db)
    const slugs = sectionIds === undefined || sectionIds.length === 0 ? [] : await db.select({ id: sections.id, slug: sections.slug }).from(sections).where(inArray(sections.id, sectionIds))
    return {
      ...(storyTypes !== undefined ? { storyTypes } : {}),
      ...(sectionIds !== undefined ? { sections: sectionIds.flatMap((id) => slugs.find((s) => s.id === id)?.slug ?? []) } : {})
    }
  }

  async function toJson (row: EndpointRow) {
    return {
      id: row.id,
      kind: row.kind,
      url: row.url,
      description: row.description,
      events: JSON.parse(row.eventsJson) as string[],
      filters: await filtersShown(JSON.parse(row.filtersJson) as EndpointFilters),
      active: row.active,
      disabledReason: row.disabledReason,
      secretHint: secretHint(row.secret),
      previousSecretExpiresAt: row.previousSecret === null ? null : isoOrNull(row.previousSecretExpiresAt),
      position: { afterChange: row.positionSeq },
      health: await health(row),
      createdAt: iso(row.createdAt),
      updatedAt: iso(row.updatedAt)
    }
  }

  const row = async (id: string): Promise<EndpointRow | null> => (await db.select().from(endpoints).where(eq(endpoints.id, id)))[0] ?? null

  return {
    row,
    /** The endpoint as the admin API shows it, with its ETag; null when there is none. */
    async get (id: string): Promise<{ body: string, etag: string } | null> {
      const found = await row(id)
      return found === null ? null : { body: JSON.stringify(await toJson(found)), etag: endpointEtag(found) }
    },
    async list (): Promise<string> {
      const rows = await db.select().from(endpoints).orderBy(asc(endpoints.createdAt), asc(endpoints.id))
      const data = []
      for (const r of rows) data.push(await toJson(r))
      return JSON.stringify({ data })
    },
    /** Newest first, `before` a message seq. */
    async messages (endpointId: string, before: number | null, limit: number) {
      const rows = (await db.select({ m: messages, body: payloads.body }).from(messages).innerJoin(payloads, eq(payloads.seq, messages.payloadSeq))
        .where(and(eq(messages.endpointId, endpointId), before === null ? undefined : lt(messages.seq, before)))
        .orderBy(desc(messages.seq)).limit(limit + 1)).map((r) => ({ ...r.m, body: r.body }))
      return {
        items: rows.slice(0, limit).map((m) => ({
          seq: m.seq,
          id: m.id,
          type: m.type,
          state: m.state,
          attempts: m.attempts,
          changeSeq: m.changeSeq,
          createdAt: iso(m.createdAt),
          nextAttemptAt: m.state === 'pending' ? iso(m.nextAttemptAt) : null,
          deliveredAt: isoOrNull(m.deliveredAt),
          payload: JSON.parse(m.body) as unknown
        })),
        next: rows.length > limit ? rows[limit - 1]!.seq : null
      }
    },
    async attempts (endpointId: string, before: number | null, limit: number) {
      const rows = await db.select().from(attempts)
        .where(and(eq(attempts.endpointId, endpointId), before === null ? undefined : lt(attempts.seq, before)))
        .orderBy(desc(attempts.seq)).limit(limit + 1)
      return {
        items: rows.slice(0, limit).map((a) => ({
          messageSeq: a.messageSeq,
          messageId: a.messageId,
          attempt: a.attempt,
          at: iso(a.at),
          durationMs: a.durationMs,
          status: a.status,
          ok: a.ok,
          error: a.error,
          responseBody: a.responseBody,
          nextAttemptAt: isoOrNull(a.nextAttemptAt)
        })),
        next: rows.length > limit ? rows[limit - 1]!.seq : null
      }
    },
    /** Active endpoints and the oldest pending message of each, for the deliverer: one statement, an index seek per endpoint. */
    async heads (): Promise<Array<{ endpoint: EndpointRow, head: MessageRow | null }>> {
      const oldest = sql`(select min(m.seq) from ${messages} m where m.endpoint_id = ${endpoints.id} and m.state = 'pending')`
      const rows = await db.select({ endpoint: endpoints, head: messages }).from(endpoints)
        .leftJoin(messages, eq(messages.seq, oldest))
        .where(eq(endpoints.active, true))
      return rows.map((r) => ({ endpoint: r.endpoint, head: r.head }))
    },
    /** An endpoint's pending messages from `fromSeq` on, in order, with what they send. */
    async queue (endpointId: string, fromSeq: number, limit: number): Promise<Array<MessageRow & { body: string }>> {
      return (await db.select({ m: messages, body: payloads.body }).from(messages).innerJoin(payloads, eq(payloads.seq, messages.payloadSeq))
        .where(and(eq(messages.endpointId, endpointId), eq(messages.state, 'pending'), gte(messages.seq, fromSeq)))
        .orderBy(asc(messages.seq)).limit(limit)).map((r) => ({ ...r.m, body: r.body }))
    },
    hasKind: async (kind: EndpointRow['kind']): Promise<boolean> => (await db.select({ id: endpoints.id }).from(endpoints).where(eq(endpoints.kind, kind)).limit(1)).length > 0,
    /** The change-log seq the newest entry has (0 for an empty log). */
    async logHead (): Promise<number> {
      const { changes } = tablesOf(db)
      const [found] = await db.select({ seq: sql<number>`coalesce(max(${changes.seq}), 0)` }).from(changes)
      return Number(found?.seq ?? 0)
    }
  }
}
export type WebhookRepository = ReturnType<typeof webhookRepository>
