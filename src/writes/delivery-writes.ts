/**
 * The deliverer's writes (src/webhooks/deliverer.ts): its lease, making messages from the
 * change log, recording attempts, pruning. Each checks the lease in its own transaction,
 * so only the process holding it writes.
 */
import { and, eq, inArray, lt, sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { lockRow } from '../db/dialect.js'
import { tablesOf } from '../db/tables.js'
import { iso } from '../content/render.js'
import type { Written } from '../content/invalidation.js'
import { claimLease, holdsLease, releaseLease } from '../repositories/leases.js'
import { fanOut, type Urls } from '../webhooks/fan-out.js'
import { nothing } from './webhook-editor.js'

export const DELIVERY_LEASE = 'webhooks'

/** Rows of each kind one prune removes: each is a transaction of its own, short. */
export const PRUNE_BATCH = 5_000

/** What the deliverer learnt from one attempt. */
export interface AttemptRecord {
  endpointId: string
  messageSeq: number
  /** The attempt's number: the message had failed `attempt - 1` times. */
  attempt: number
  at: number
  status: number | null
  durationMs: number
  responseBody: string
  error: string | null
  /** When to try again; null when that was the last try. */
  retryInMs: number | null
}

export function deliveryWrites (db: Db) {
  const { webhookEndpoints: endpoints, webhookMessages: messages, webhookAttempts: attempts, webhookPayloads: payloads } = tablesOf(db)

  async function recordOne (record: AttemptRecord, now: number): Promise<boolean> {
    // Held against an admin resuming the endpoint meanwhile (which starts its attempts again).
    await lockRow(db, 'webhook_messages', record.messageSeq, 'seq')
    const [message] = await db.select().from(messages).where(eq(messages.seq, record.messageSeq))
    if (message === undefined || message.state !== 'pending' || message.attempts !== record.attempt - 1) return false
    const ok = record.status !== null && record.status >= 200 && record.status < 300
    const gone = record.status === 410
    const nextAttemptAt = ok || gone || record.retryInMs === null ? null : now + record.retryInMs
    await db.update(messages).set(ok
      ? { state: 'delivered', attempts: record.attempt, deliveredAt: now }
      : { attempts: record.attempt, nextAttemptAt: nextAttemptAt ?? now }).where(eq(messages.seq, record.messageSeq))
    await db.insert(attempts).values({
      endpointId: record.endpointId,
      messageSeq: record.messageSeq,
      messageId: message.id,
      attempt: record.attempt,
      at: record.at,
      durationMs: record.durationMs,
      status: record.status,
      ok,
      error: record.error,
      responseBody: record.responseBody,
      nextAttemptAt
    })
    if (!ok && nextAttemptAt === null) {
      const last = record.error ?? `HTTP ${record.status}`
      const reason = gone
        ? `the receiver answered 410 Gone at ${iso(record.at)}`
        : `message ${message.id} failed ${record.attempt} attempts from ${iso(message.createdAt)} to ${iso(record.at)}; the last: ${last}`
      await db.update(endpoints).set({ active: false, disabledReason: reason, updatedAt: now }).where(eq(endpoints.id, record.endpointId))
    }
    return true
  }

  return {
    claimDelivery: async (owner: string, now: number, ttlMs: number): Promise<Written<boolean>> => nothing(await claimLease(db, DELIVERY_LEASE, owner, now, ttlMs)),

    releaseDelivery: async (owner: string): Promise<Written<null>> => { await releaseLease(db, DELIVERY_LEASE, owner); return nothing(null) },

    async fanOut (owner: string, urls: Urls, now: number, limit: number): Promise<Written<{ made: number, more: boolean }>> {
      if (!await holdsLease(db, DELIVERY_LEASE, owner, now)) return nothing({ made: 0, more: false })
      return nothing(await fanOut(db, urls, now, limit))
    },

    /**
     * The outcomes of attempts, in the order they were made (an endpoint's successes, then
     * perhaps one failure); how many were recorded: it stops at the first that is not the
     * message's next attempt any more (recorded already, or its endpoint gone).
     */
    async recordAttempts (owner: string, records: AttemptRecord[], now: number): Promise<Written<number>> {
      if (!await holdsLease(db, DELIVERY_LEASE, owner, now)) return nothing(0)
      let recorded = 0
      for (const record of records) {
        if (!await recordOne(record, now)) break
        recorded++
      }
      return nothing(recorded)
    },

    /** Delivered messages and attempts older than the retention go, up to `PRUNE_BATCH` of each per call; how many went. */
    async prune (owner: string, now: number, retentionMs: number): Promise<Written<number>> {
      if (!await holdsLease(db, DELIVERY_LEASE, owner, now)) return nothing(0)
      const before = now - retentionMs
      const oldAttempts = await db.delete(attempts)
        .where(inArray(attempts.seq, db.select({ seq: attempts.seq }).from(attempts).where(lt(attempts.at, before)).limit(PRUNE_BATCH)))
        .returning({ seq: attempts.seq })
      const oldMessages = await db.delete(messages)
        .where(inArray(messages.seq, db.select({ seq: messages.seq }).from(messages).where(and(eq(messages.state, 'delivered'), lt(messages.deliveredAt, before))).limit(PRUNE_BATCH)))
        .returning({ seq: messages.seq })
      const unused = sql`not exists (select 1 from ${messages} m where m.payload_seq = ${payloads.seq})`
      const oldPayloads = await db.delete(payloads)
        .where(inArray(payloads.seq, db.select({ seq: payloads.seq }).from(payloads).where(and(lt(payloads.createdAt, before), unused)).limit(PRUNE_BATCH)))
        .returning({ seq: payloads.seq })
      return nothing(Math.max(oldAttempts.length, oldMessages.length, oldPayloads.length))
    }
  }
}
export type DeliveryWrites = ReturnType<typeof deliveryWrites>
