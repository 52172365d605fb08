/** The PostgreSQL twin of src/db/schema-webhooks.ts; part of ./schema.ts, which re-exports it. */
import { bigint, boolean, index, integer, pgTable, text } from 'drizzle-orm/pg-core'
import { ms } from './columns.js'

export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: ['webhook', 'fastly', 'varnish', 'websub'] }).notNull(),
  url: text('url').notNull(),
  description: text('description').notNull().default(''),
  eventsJson: text('events_json').notNull(),
  filtersJson: text('filters_json').notNull().default('{}'),
  active: boolean('active').notNull().default(true),
  disabledReason: text('disabled_reason'),
  secret: text('secret').notNull(),
  previousSecret: text('previous_secret'),
  previousSecretExpiresAt: ms('previous_secret_expires_at'),
  purgeToken: text('purge_token'),
  positionSeq: bigint('position_seq', { mode: 'number' }).notNull(),
  positionDeferredAt: ms('position_deferred_at').notNull(),
  positionDeferredSeq: bigint('position_deferred_seq', { mode: 'number' }).notNull(),
  createdAt: ms('created_at').notNull(),
  updatedAt: ms('updated_at').notNull()
})

export const webhookPayloads = pgTable('webhook_payloads', {
  seq: bigint('seq', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  body: text('body').notNull(),
  createdAt: ms('created_at').notNull()
}, (t) => [
  index('webhook_payloads_created_idx').on(t.createdAt)
])

export const webhookMessages = pgTable('webhook_messages', {
  seq: bigint('seq', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  id: text('id').notNull(),
  endpointId: text('endpoint_id').notNull().references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
  type: text('type').notNull(),
  payloadSeq: bigint('payload_seq', { mode: 'number' }).notNull().references(() => webhookPayloads.seq),
  changeSeq: bigint('change_seq', { mode: 'number' }),
  createdAt: ms('created_at').notNull(),
  state: text('state', { enum: ['pending', 'delivered'] }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: ms('next_attempt_at').notNull(),
  deliveredAt: ms('delivered_at')
}, (t) => [
  index('webhook_messages_queue_idx').on(t.endpointId, t.state, t.seq),
  index('webhook_messages_id_idx').on(t.id),
  index('webhook_messages_delivered_idx').on(t.state, t.deliveredAt),
  index('webhook_messages_payload_idx').on(t.payloadSeq)
])

export const webhookAttempts = pgTable('webhook_attempts', {
  seq: bigint('seq', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  endpointId: text('endpoint_id').notNull().references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
  messageSeq: bigint('message_seq', { mode: 'number' }).notNull(),
  messageId: text('message_id').notNull(),
  attempt: integer('attempt').notNull(),
  at: ms('at').notNull(),
  durationMs: integer('duration_ms').notNull(),
  status: integer('status'),
  ok: boolean('ok').notNull(),
  error: text('error'),
  responseBody: text('response_body').notNull().default(''),
  nextAttemptAt: ms('next_attempt_at')
}, (t) => [
  index('webhook_attempts_endpoint_idx').on(t.endpointId, t.seq),
  index('webhook_attempts_at_idx').on(t.at)
])

export const leases = pgTable('leases', {
  id: text('id').primaryKey(),
  owner: text('owner').notNull(),
  expiresAt: ms('expires_at').notNull()
})
