/** Webhook endpoints (admin API), their delivery log, and the payload of every event type. */
import { Type, type Static, type TSchema } from 'typebox'
import { CATALOG_EVENT_TYPES, EVENT_TYPES, STORY_EVENT_TYPES } from '../webhooks/events.js'
import { Author } from './author.js'
import { Slug, StringEnum, Timestamp } from './common.js'
import { ref } from './ref.js'
import { STORY_TYPES, Story } from './story.js'
import { Section, Tag } from './taxonomy.js'
import { ScoreFormat, Score, VerdictState } from './verdict.js'

export const WEBHOOK_KINDS = ['webhook', 'fastly', 'varnish', 'websub'] as const
/** What an editor may create; WebSub hubs come from WEBSUB_HUBS. */
const CREATABLE_KINDS = ['webhook', 'fastly', 'varnish'] as const

const EventTypeName = StringEnum([...STORY_EVENT_TYPES, ...CATALOG_EVENT_TYPES], { description: 'An event type' })
const Url = Type.String({ minLength: 1, maxLength: 2000, description: 'http(s) URL; no credentials in it' })

export const WebhookFilters = Type.Object({
  storyTypes: Type.Optional(Type.Array(StringEnum(STORY_TYPES), { uniqueItems: true, maxItems: STORY_TYPES.length, description: 'Only story events of these types' })),
  sections: Type.Optional(Type.Array(Slug, { uniqueItems: true, maxItems: 100, description: 'Only story events of stories in these sections (slugs)' }))
}, { additionalProperties: false, description: 'Narrow the story events delivered; author, section and tag events are not filtered' })

const editable = {
  url: Url,
  description: Type.String({ maxLength: 500 }),
  events: Type.Array(EventTypeName, { minItems: 1, uniqueItems: true, maxItems: EVENT_TYPES.length, description: 'Event types delivered (default: all). CDN purges purge on every public change whatever this says' }),
  filters: WebhookFilters,
  active: Type.Boolean({ description: 'false pauses delivery; events wait, in order, until it is true again' }),
  purgeToken: Type.String({ minLength: 1, maxLength: 500, description: '`fastly` only: the API token sent as `Fastly-Key` (never shown again)' })
}

export const WebhookCreate = Type.Object({
  kind: Type.Optional(StringEnum(CREATABLE_KINDS, { description: '`webhook` (signed POSTs, the default), `fastly` (POST …/purge with `Surrogate-Key`) or `varnish` (`PURGE` with `xkey`)' })),
  url: editable.url,
  description: Type.Optional(editable.description),
  events: Type.Optional(editable.events),
  filters: Type.Optional(editable.filters),
  active: Type.Optional(editable.active),
  purgeToken: Type.Optional(editable.purgeToken)
}, { $id: 'WebhookCreate', additionalProperties: false })
export type WebhookCreateType = Static<typeof WebhookCreate>

export const WebhookPatch = Type.Object({
  url: Type.Optional(editable.url),
  description: Type.Optional(editable.description),
  events: Type.Optional(editable.events),
  filters: Type.Optional(editable.filters),
  active: Type.Optional(editable.active),
  purgeToken: Type.Optional(editable.purgeToken)
}, { $id: 'WebhookPatch', additionalProperties: false })
export type WebhookPatchType = Static<typeof WebhookPatch>

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const WebhookHealth = Type.Object({
  state: StringEnum(['healthy', 'failing', 'disabled'], { description: '`failing`: the oldest pending message has failed at least once and is being retried' }),
  pending: Type.Integer({ minimum: 0, description: 'Messages waiting, in order' }),
  oldestPendingAt: Nullable(Timestamp),
  failedAttempts: Type.Integer({ minimum: 0, description: 'Failed attempts of the oldest pending message' }),
  nextAttemptAt: Nullable(Timestamp),
  lastSuccessAt: Nullable(Timestamp),
  lastFailureAt: Nullable(Timestamp),
  lastError: Nullable(Type.String())
}, { $id: 'WebhookHealth', additionalProperties: false })

export const WebhookEndpoint = Type.Object({
  id: Type.String(),
  kind: StringEnum(WEBHOOK_KINDS),
  url: Type.String(),
  description: Type.String(),
  events: Type.Array(EventTypeName),
  filters: WebhookFilters,
  active: Type.Boolean(),
  disabledReason: Nullable(Type.String({ description: 'Why Byline switched it off (a 410, retries exhausted)' })),
  secretHint: Type.String({ description: 'The end of the signing secret, to tell secrets apart' }),
  previousSecretExpiresAt: Nullable(Timestamp),
  position: Type.Object({
    afterChange: Type.Integer({ minimum: 0, description: 'Change-log entries up to this one have been made into messages' })
  }, { additionalProperties: false }),
  health: ref(WebhookHealth),
  createdAt: Timestamp,
  updatedAt: Timestamp
}, { $id: 'WebhookEndpoint', additionalProperties: false })

export const WebhookSecret = Type.Object({
  secret: Type.String({ pattern: '^whsec_', description: 'The signing secret, shown this once: store it with the receiver' }),
  previousSecretExpiresAt: Nullable(Timestamp)
}, { $id: 'WebhookSecret', additionalProperties: false })

export const WebhookCreated = Type.Object({
  endpoint: ref(WebhookEndpoint),
  secret: Type.String({ pattern: '^whsec_', description: 'The signing secret, shown this once' })
}, { $id: 'WebhookCreated', additionalProperties: false })

export const WebhookList = Type.Object({ data: Type.Array(ref(WebhookEndpoint)) }, { $id: 'WebhookList', additionalProperties: false })

export const WebhookMessage = Type.Object({
  seq: Type.Integer({ description: 'Its place in the endpoint\'s order' }),
  id: Type.String({ description: '`webhook-id`: the same on every attempt and redelivery' }),
  type: Type.String(),
  state: StringEnum(['pending', 'delivered']),
  attempts: Type.Integer({ minimum: 0 }),
  changeSeq: Nullable(Type.Integer({ description: 'The change-log entry it came from' })),
  createdAt: Timestamp,
  nextAttemptAt: Nullable(Timestamp),
  deliveredAt: Nullable(Timestamp),
  payload: Type.Unsafe<Record<string, unknown>>({ $ref: 'WebhookMessagePayload#' })
}, { $id: 'WebhookMessage', additionalProperties: false })

export const WebhookAttempt = Type.Object({
  messageSeq: Type.Integer(),
  messageId: Type.String(),
  attempt: Type.Integer({ minimum: 1 }),
  at: Timestamp,
  durationMs: Type.Integer({ minimum: 0 }),
  status: Nullable(Type.Integer({ description: 'The receiver\'s HTTP status; null when none came' })),
  ok: Type.Boolean(),
  error: Nullable(Type.String()),
  responseBody: Type.String({ description: 'The first KiB of the answer' }),
  nextAttemptAt: Nullable(Timestamp)
}, { $id: 'WebhookAttempt', additionalProperties: false })

const page = <T extends TSchema>(item: T, $id: string) => Type.Object({
  data: Type.Array(item),
  meta: Type.Object({ nextCursor: Nullable(Type.String()) }, { additionalProperties: false })
}, { $id, additionalProperties: false })
export const WebhookMessageList = page(ref(WebhookMessage), 'WebhookMessageList')
export const WebhookAttemptList = page(ref(WebhookAttempt), 'WebhookAttemptList')

export const WebhookReplay = Type.Union([
  Type.Object({ since: Type.String({ format: 'date-time', description: 'Every event that reached the public at or after this time' }) }, { additionalProperties: false }),
  Type.Object({ afterChange: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Every event after this change-log entry (a message\'s `changeSeq`); 0 replays the whole log' }) }, { additionalProperties: false })
], { $id: 'WebhookReplay', description: 'Where the replay starts: a time, or a change-log entry' })

export const WebhookQueued = Type.Object({
  messageId: Type.String(),
  seq: Type.Integer()
}, { $id: 'WebhookQueued', additionalProperties: false })

// ---- Payloads, one per event type (OpenAPI `webhooks`). ----

const identity = {
  id: Type.String(),
  slug: Type.String(),
  type: Nullable(StringEnum(STORY_TYPES)),
  url: Type.String({ format: 'uri', description: 'Canonical URL on the publication site' })
}
const StoryGone = Type.Object(identity, { $id: 'WebhookStoryGone', additionalProperties: false, description: 'The story the public can no longer see' })
const ScoreNow = Nullable(Type.Object({
  scoreFormat: ref(ScoreFormat),
  score: Score,
  normalized: Nullable(Type.Integer({ minimum: 0, maximum: 100 })),
  state: ref(VerdictState)
}, { additionalProperties: false, description: 'state in_progress: a provisional score' }))
const ScoreChange = Type.Object({
  ...identity,
  previous: ScoreNow,
  current: ScoreNow,
  note: Nullable(Type.String({ description: 'The editor\'s note on the change, e.g. "Updated after patch 1.2"' }))
}, { $id: 'WebhookScoreChange', additionalProperties: false, description: 'A score change, or (review.finalized) a review in progress made final: its score is no longer provisional' })
const Renamed = Type.Object({
  id: Type.String(),
  previousSlug: Type.String(),
  slug: Type.String(),
  previousUrl: Type.String({ format: 'uri' }),
  url: Type.String({ format: 'uri' })
}, { $id: 'WebhookRenamed', additionalProperties: false, description: 'The old URL answers a 308 to the new one' })
const CatalogGone = Type.Object({ id: Type.String(), slug: Nullable(Type.String()) }, { $id: 'WebhookCatalogGone', additionalProperties: false })
const Ping = Type.Object({ endpointId: Type.String(), message: Type.String() }, { $id: 'WebhookPing', additionalProperties: false })

const DATA: Record<typeof EVENT_TYPES[number], TSchema> = {
  'story.published': ref(Story),
  'story.updated': ref(Story),
  'story.unpublished': ref(StoryGone),
  'story.deleted': ref(StoryGone),
  'story.renamed': ref(Renamed),
  'review.score_changed': ref(ScoreChange),
  'review.finalized': ref(ScoreChange),
  'author.created': ref(Author),
  'author.updated': ref(Author),
  'author.deleted': ref(CatalogGone),
  'section.created': ref(Section),
  'section.updated': ref(Section),
  'section.deleted': ref(CatalogGone),
  'tag.created': ref(Tag),
  'tag.updated': ref(Tag),
  'tag.deleted': ref(CatalogGone),
  ping: ref(Ping)
}

const componentName = (type: string) => `WebhookEvent_${type.replace('.', '_')}`

/** The payload of each event type, named for the OpenAPI components. */
export const eventPayloadSchemas = EVENT_TYPES.map((type) => Type.Object({
  type: Type.Literal(type),
  timestamp: Type.String({ format: 'date-time', description: 'When the change reached the public' }),
  data: DATA[type]
}, { $id: componentName(type), additionalProperties: false }))

/** OpenAPI 3.1 `webhooks`: what Byline POSTs to an endpoint, per event type. */
export const openApiWebhooks = Object.fromEntries(EVENT_TYPES.map((type) => [type, {
  post: {
    operationId: `webhook${type.split(/[._]/).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`,
    // Byline calls the receiver; the request is authenticated by its signature, not by a scheme of this document.
    security: [],
    tags: ['webhooks'],
    summary: type === 'ping' ? 'Sent on request, to check an endpoint' : `Sent when ${type.replace('.', ' is ').replace('_', ' ')}`,
    description: 'Signed per Standard Webhooks: `webhook-id` (the same on every retry), `webhook-timestamp` (seconds) and `webhook-signature` (`v1,` base64 HMAC-SHA256 of `id.timestamp.body` with the endpoint\'s secret). Answer 2xx within the timeout; 410 disables the endpoint.',
    requestBody: { content: { 'application/json': { schema: { $ref: `#/components/schemas/${componentName(type)}` } } } },
    responses: { 200: { description: 'Received (any 2xx)' }, 410: { description: 'Gone: Byline disables the endpoint' } }
  }
}]))

const PurgePayload = Type.Object({
  type: Type.Literal('cdn.purge'),
  timestamp: Timestamp,
  data: Type.Object({
    surrogateKeys: Type.Array(Type.String(), { description: 'Purged by key (`Surrogate-Key` to Fastly, `xkey` to Varnish), up to 256 per request' }),
    urls: Type.Array(Type.String(), { description: 'The pages and API URLs of what changed' }),
    events: Type.Array(Type.String(), { description: 'The event types that caused it' })
  }, { additionalProperties: false })
}, { $id: 'WebhookPurgePayload', additionalProperties: false, description: 'What a CDN endpoint is sent' })

const HubPayload = Type.Object({
  type: Type.Literal('websub.publish'),
  timestamp: Timestamp,
  data: Type.Object({ topics: Type.Array(Type.String(), { description: 'Feed URLs whose content changed, each sent to the hub as `hub.url`' }) }, { additionalProperties: false })
}, { $id: 'WebhookHubPayload', additionalProperties: false, description: 'What a WebSub hub is told' })

const MessagePayload = Type.Union([...eventPayloadSchemas.map((p) => ref(p)), ref(PurgePayload), ref(HubPayload)], { $id: 'WebhookMessagePayload', description: 'The body sent' })

export const webhookSchemas = [
  WebhookHealth, WebhookEndpoint, WebhookCreate, WebhookPatch, WebhookSecret, WebhookCreated, WebhookList,
  WebhookMessage, WebhookAttempt, WebhookMessageList, WebhookAttemptList, WebhookReplay, WebhookQueued,
  StoryGone, ScoreChange, Renamed, CatalogGone, Ping, ...eventPayloadSchemas, PurgePayload, HubPayload, MessagePayload
]
