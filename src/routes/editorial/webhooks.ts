/**
 * The admin API of webhooks: endpoints (the secret shown once, at creation or rotation),
 * their delivery log, pings, redelivery and replay. Destinations are checked here, where
 * the allowed networks are known; the deliverer checks them again after DNS resolution.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { EditorialError } from '../../content/editorial-errors.js'
import { notFound } from '../../http/problem.js'
import { ACCESS } from '../../plugins/auth.js'
import { problem } from '../../http/responses.js'
import { webhookRepository } from '../../repositories/webhooks.js'
import { Cursor } from '../../schemas/common.js'
import { ref } from '../../schemas/ref.js'
import {
  WebhookAttemptList, WebhookCreate, WebhookCreated, WebhookEndpoint, WebhookList, WebhookMessageList, WebhookPatch, WebhookQueued, WebhookReplay, WebhookSecret,
  type WebhookCreateType, type WebhookPatchType
} from '../../schemas/webhooks.js'
import { addressAllowed, checkUrl, literalAddress } from '../../webhooks/destination.js'
import { createResponses, deleteResponses, IfMatchHeaders, NoQuery, sendEditorial, updateResponses, writeContext } from './respond.js'

const IdParams = Type.Object({ id: Type.String({ pattern: '^whe_[0-9a-z]{16}$', description: 'The endpoint\'s id' }) }, { additionalProperties: false })
const MessageParams = Type.Object({ id: IdParams.properties.id, messageId: Type.String({ pattern: '^msg_[0-9a-z]{16}$', description: 'The message\'s `webhook-id`' }) }, { additionalProperties: false })
const LogQuery = Type.Object({ cursor: Type.Optional(Cursor), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })) }, { additionalProperties: false })
const Rotation = Type.Object({
  keepPreviousSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 24 * 3600, default: 86400, description: 'How long the old secret keeps signing beside the new one (default a day; 0 drops it now)' }))
}, { additionalProperties: false })

const json = (schema: ReturnType<typeof ref>, description: string) => ({ description, content: { 'application/json': { schema } } })
const errors = (...statuses: Array<Parameters<typeof problem>[0]>) => Object.fromEntries(statuses.map((s) => [s, problem(s)]))

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { config } = app
  const repo = webhookRepository(app.database.db)
  const access = { access: ACCESS.admins }
  const tags = ['webhooks']

  /** No NUL in what is stored (a PostgreSQL text cannot hold it): a 422 naming the field. */
  function checkText (body: { url?: string, description?: string, purgeToken?: string }): void {
    for (const field of ['url', 'description', 'purgeToken'] as const) {
      if (body[field]?.includes('\u0000') === true) throw new EditorialError('invalid', `${field} contains a NUL character`, [{ path: `/body/${field}`, message: 'contains a NUL character' }])
    }
  }

  /** A URL Byline may call, or a 422 naming the field. */
  function checkDestination (url: string | undefined): void {
    if (url === undefined) return
    const checked = checkUrl(url)
    const fail = (message: string) => { throw new EditorialError('invalid', `url ${message}`, [{ path: '/body/url', message }]) }
    if (!checked.ok) return fail(checked.reason)
    const host = checked.url.hostname
    // Names are checked again once resolved; these are known before.
    const literal = literalAddress(host) ?? (host === 'localhost' || host.endsWith('.localhost') ? '127.0.0.1' : null)
    if (literal !== null && !addressAllowed(literal, config.webhooks.allowedNetworks)) {
      fail('is a private, loopback or link-local address: allow its network with WEBHOOK_ALLOWED_NETWORKS to call it')
    }
  }

  const queued = (reply: FastifyReply, value: unknown) => {
    app.webhooks?.wake()
    return reply.code(202).header('Cache-Control', 'no-store').send(value)
  }
  const logPage = (reply: FastifyReply, page: { items: unknown[], next: number | null }, kind: string) =>
    reply.header('Cache-Control', 'private, no-store').send({ data: page.items, meta: { nextCursor: app.cursors.encode(kind, page.next === null ? null : [page.next]) } })

  async function existing (id: string): Promise<void> {
    if (await repo.row(id) === null) throw notFound(`No webhook endpoint has the id "${id}"`)
  }

  app.get('/webhooks', {
    config: access,
    schema: { operationId: 'listWebhooks', summary: 'Every endpoint, with its health', tags, querystring: NoQuery, response: { 200: json(ref(WebhookList), 'The endpoints'), ...errors(400, 500) } }
  }, async (_request, reply) => reply.header('Cache-Control', 'private, no-store').type('application/json; charset=utf-8').send(await repo.list()))

  app.post('/webhooks', {
    config: access,
    schema: {
      operationId: 'createWebhook',
      summary: 'Add an endpoint: a receiver of signed events, or a CDN to purge',
      description: 'Events from now on are delivered (replay sends earlier ones). The answer holds the signing secret, shown this once.',
      tags,
      querystring: NoQuery,
      body: ref(WebhookCreate),
      response: createResponses(ref(WebhookCreated), 'endpoint')
    }
  }, async (request, reply) => {
    const body = request.body as WebhookCreateType
    checkText(body)
    checkDestination(body.url)
    const created = await app.writes.run('createWebhook', body, writeContext(request))
    return sendEditorial(reply, { body: `{"endpoint":${created.body},"secret":${JSON.stringify(created.secret)}}`, etag: created.etag }, 201, `/v1/webhooks/${created.id}`)
  })

  app.get('/webhooks/:id', {
    config: access,
    schema: { operationId: 'getWebhook', summary: 'An endpoint, its health, and the ETag for If-Match', tags, params: IdParams, querystring: NoQuery, response: { 200: json(ref(WebhookEndpoint), 'The endpoint'), ...errors(400, 404, 500) } }
  }, async (request, reply) => {
    const found = await repo.get(request.params.id)
    if (found === null) throw notFound(`No webhook endpoint has the id "${request.params.id}"`)
    return sendEditorial(reply, found)
  })

  app.patch('/webhooks/:id', {
    config: access,
    schema: {
      operationId: 'updateWebhook',
      summary: 'Change an endpoint; `active: true` resumes one Byline switched off, from the message that stopped it',
      tags,
      params: IdParams,
      querystring: NoQuery,
      headers: IfMatchHeaders,
      body: ref(WebhookPatch),
      response: updateResponses(ref(WebhookEndpoint), 'endpoint')
    }
  }, async (request, reply) => {
    const patch = request.body as WebhookPatchType
    checkText(patch)
    checkDestination(patch.url)
    const updated = await app.writes.run('updateWebhook', request.params.id, patch, request.headers['if-match'], writeContext(request))
    app.webhooks?.wake()
    return sendEditorial(reply, updated)
  })

  app.delete('/webhooks/:id', {
    config: access,
    schema: { operationId: 'deleteWebhook', summary: 'Remove an endpoint and its delivery log (a WebSub hub\'s follows WEBSUB_HUBS)', tags, params: IdParams, querystring: NoQuery, headers: IfMatchHeaders, response: { ...deleteResponses('endpoint'), ...errors(422) } }
  }, async (request, reply) => {
    await app.writes.run('removeWebhook', request.params.id, request.headers['if-match'], writeContext(request))
    return reply.code(204).header('Cache-Control', 'no-store').send(null)
  })

  app.post('/webhooks/:id/secret', {
    config: access,
    schema: {
      operationId: 'rotateWebhookSecret',
      summary: 'A new signing secret; the old one keeps signing beside it for a while',
      tags,
      params: IdParams,
      querystring: NoQuery,
      body: Type.Optional(Rotation),
      response: { 200: json(ref(WebhookSecret), 'The new secret, shown this once'), ...errors(400, 404, 413, 415, 422, 500) }
    }
  }, async (request, reply) => {
    const keep = (request.body as { keepPreviousSeconds?: number } | undefined)?.keepPreviousSeconds ?? 86400
    const rotated = await app.writes.run('rotateWebhookSecret', request.params.id, keep * 1000, writeContext(request))
    return reply.header('Cache-Control', 'no-store').send(rotated)
  })

  app.post('/webhooks/:id/ping', {
    config: access,
    schema: { operationId: 'pingWebhook', summary: 'Send a `ping` event now, after the messages already waiting', tags, params: IdParams, querystring: NoQuery, response: { 202: json(ref(WebhookQueued), 'Queued'), ...errors(400, 404, 413, 415, 422, 500) } }
  }, async (request, reply) => queued(reply, await app.writes.run('pingWebhook', request.params.id, writeContext(request))))

  app.post('/webhooks/:id/messages/:messageId/redeliver', {
    config: access,
    schema: {
      operationId: 'redeliverWebhookMessage',
      summary: 'Send a message again: the same `webhook-id` and body, after the messages already waiting',
      tags,
      params: MessageParams,
      querystring: NoQuery,
      response: { 202: json(ref(WebhookQueued), 'Queued'), ...errors(400, 404, 413, 415, 500) }
    }
  }, async (request, reply) => queued(reply, await app.writes.run('redeliverWebhookMessage', request.params.id, request.params.messageId, writeContext(request))))

  app.post('/webhooks/:id/replay', {
    config: access,
    schema: {
      operationId: 'replayWebhook',
      summary: 'Send again every event since a time or a change-log entry (to rebuild a consumer)',
      description: 'Moves the endpoint back in the change log: the events are resolved again against what the public sees now, as new messages with new ids, after those already waiting.',
      tags,
      params: IdParams,
      querystring: NoQuery,
      body: ref(WebhookReplay),
      response: { 202: json(ref(WebhookEndpoint), 'The endpoint, moved back'), ...errors(400, 404, 413, 415, 422, 500) }
    }
  }, async (request, reply) => {
    const moved = await app.writes.run('replayWebhook', request.params.id, request.body as { since?: string, afterChange?: number }, writeContext(request))
    app.webhooks?.wake()
    return reply.code(202).header('Cache-Control', 'no-store').header('ETag', moved.etag).type('application/json; charset=utf-8').send(moved.body)
  })

  app.get('/webhooks/:id/messages', {
    config: access,
    schema: { operationId: 'listWebhookMessages', summary: 'The endpoint\'s messages, newest first, with their state', tags, params: IdParams, querystring: LogQuery, response: { 200: json(ref(WebhookMessageList), 'Messages'), ...errors(400, 404, 500) } }
  }, async (request, reply) => {
    await existing(request.params.id)
    const before = app.cursors.decode('webhook-messages', request.query.cursor, ['number'])
    return logPage(reply, await repo.messages(request.params.id, before === null ? null : before[0] as number, request.query.limit ?? 50), 'webhook-messages')
  })

  app.get('/webhooks/:id/attempts', {
    config: access,
    schema: { operationId: 'listWebhookAttempts', summary: 'The delivery log: every attempt, newest first, with status, duration, the start of the answer and the next attempt', tags, params: IdParams, querystring: LogQuery, response: { 200: json(ref(WebhookAttemptList), 'Attempts'), ...errors(400, 404, 500) } }
  }, async (request, reply) => {
    await existing(request.params.id)
    const before = app.cursors.decode('webhook-attempts', request.query.cursor, ['number'])
    return logPage(reply, await repo.attempts(request.params.id, before === null ? null : before[0] as number, request.query.limit ?? 50), 'webhook-attempts')
  })
}

export default routes
