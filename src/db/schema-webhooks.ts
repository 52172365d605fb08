/** The webhook tables (src/webhooks/) and the leases of background work; part of src/db/schema.ts, which re-exports them. */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * Where webhooks, CDN purges and WebSub pings go (src/webhooks/). Each endpoint keeps its
 * own place in the change log, as a delta sync client would: the deliverer turns what
 * lies past it into messages and moves it on in one transaction, so a replay is a move
 * back and nothing is lost while an endpoint is switched off.
 */
export const webhookEndpoints = sqliteTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: ['webhook', 'fastly', 'varnish', 'websub'] }).notNull(),
  url: text('url').notNull(),
  description: text('description').notNull().default(''),
  eventsJson: text('events_json').notNull(),
  filtersJson: text('filters_json').notNull().default('{}'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  // Why the deliverer switched it off (a 410, retries exhausted); null when an editor did or nobody did.
  disabledReason: text('disabled_reason'),
  secret: text('secret').notNull(),
  // After a rotation the old secret signs too, until then.
  previousSecret: text('previous_secret'),
  previousSecretExpiresAt: integer('previous_secret_expires_at'),
  // A CDN's API token (Fastly-Key); never shown again.
  purgeToken: text('purge_token'),
  positionSeq: integer('position_seq').notNull(),
  positionDeferredAt: integer('position_deferred_at').notNull(),
  positionDeferredSeq: integer('position_deferred_seq').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull()
})

/**
 * What messages send, written once per event whatever the number of endpoints it goes to;
 * a payload no message refers to any more is pruned.
 */
export const webhookPayloads = sqliteTable('webhook_payloads', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  body: text('body').notNull(),
  createdAt: integer('created_at').notNull()
}, (t) => [
  index('webhook_payloads_created_idx').on(t.createdAt)
])

/**
 * Messages per endpoint, delivered in `seq` order: the lowest pending one holds back the
 * rest of its endpoint. The payload is fixed when the message is made, so every retry sends
 * the same bytes under the same `id` (a redelivery is a new row with the old id and payload).
 */
export const webhookMessages = sqliteTable('webhook_messages', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  id: text('id').notNull(),
  endpointId: text('endpoint_id').notNull().references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
  type: text('type').notNull(),
  payloadSeq: integer('payload_seq').notNull().references(() => webhookPayloads.seq),
  // The change-log entry it was made from (null for a ping).
  changeSeq: integer('change_seq'),
  createdAt: integer('created_at').notNull(),
  state: text('state', { enum: ['pending', 'delivered'] }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: integer('next_attempt_at').notNull(),
  deliveredAt: integer('delivered_at')
}, (t) => [
  index('webhook_messages_queue_idx').on(t.endpointId, t.state, t.seq),
  index('webhook_messages_id_idx').on(t.id),
  // Pruning the delivered ones past the retention.
  index('webhook_messages_delivered_idx').on(t.state, t.deliveredAt),
  index('webhook_messages_payload_idx').on(t.payloadSeq)
])

/** Every delivery attempt, for the endpoint's log. */
export const webhookAttempts = sqliteTable('webhook_attempts', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  endpointId: text('endpoint_id').notNull().references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
  messageSeq: integer('message_seq').notNull(),
  messageId: text('message_id').notNull(),
  attempt: integer('attempt').notNull(),
  at: integer('at').notNull(),
  durationMs: integer('duration_ms').notNull(),
  status: integer('status'),
  ok: integer('ok', { mode: 'boolean' }).notNull(),
  error: text('error'),
  responseBody: text('response_body').notNull().default(''),
  nextAttemptAt: integer('next_attempt_at')
}, (t) => [
  index('webhook_attempts_endpoint_idx').on(t.endpointId, t.seq),
  index('webhook_attempts_at_idx').on(t.at)
])

/** Background work one process at a time does, whatever the number of processes or hosts: who holds it, until when. */
export const leases = sqliteTable('leases', {
  id: text('id').primaryKey(),
  owner: text('owner').notNull(),
  expiresAt: integer('expires_at').notNull()
})
