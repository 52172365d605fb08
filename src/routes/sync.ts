/**
 * GET /v1/sync: every change since a stored cursor, for partners mirroring the public
 * catalogue. Cursors are sealed (encrypted and authenticated) with the database's own
 * secret, so they outlive restarts and say nothing of the log behind them; a client
 * that stores `nextCursor` after each page never misses a change.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ACCESS } from '../plugins/auth.js'
import { SYNC_RESOURCES, SYNC_START, type SyncResource } from '../repositories/sync.js'
import { Cursor } from '../schemas/common.js'
import { ref } from '../schemas/ref.js'
import { SyncPage } from '../schemas/sync.js'
import { problem } from '../http/responses.js'

const TYPES_PATTERN = `^(${SYNC_RESOURCES.join('|')})(,(${SYNC_RESOURCES.join('|')}))*$`

const SyncQuery = Type.Object({
  cursor: Type.Optional(Cursor),
  types: Type.Optional(Type.String({ pattern: TYPES_PATTERN, maxLength: 100, description: 'Only these kinds of resource, comma-separated (default: all). A cursor continues only the `types` it was issued for: keep one cursor per filter.', examples: ['story', 'story,author'] })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'Events per page, 1–1000' }))
}, { additionalProperties: false })

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { sync } = app.repos

  app.get('/sync', {
    config: { access: ACCESS.partners },
    schema: {
      operationId: 'sync',
      summary: 'Changes since a cursor: upserts, tombstones and score changes, in order',
      description: 'Start without a cursor to replay everything, then pass `meta.nextCursor` each time. Entries are resolved to the current public state, so replaying them in order leaves a mirror equal to the public catalogue. A scheduled story arrives about a second after it goes live.',
      tags: ['partners'],
      querystring: SyncQuery,
      response: {
        200: { description: 'A page of events', content: { 'application/json': { schema: ref(SyncPage) } } },
        400: problem(400),
        500: problem(500)
      }
    }
  }, async (request, reply) => {
    const { cursor, limit = 100 } = request.query
    const types = [...new Set((request.query.types?.split(',') ?? SYNC_RESOURCES) as SyncResource[])].sort()
    // A position skips what its filter left out, so a cursor continues only the same `types`.
    const kind = `sync?types=${types.join(',')}`
    const key = app.cursors.decode(kind, cursor, ['number', 'number', 'number'], { sealed: true })
    const from = key === null ? SYNC_START : { seq: key[0] as number, deferredAt: key[1] as number, deferredSeq: key[2] as number }
    const page = await sync.read(from, types, limit, Date.now())
    const nextCursor = app.cursors.encode(kind, [page.position.seq, page.position.deferredAt, page.position.deferredSeq], { sealed: true })
    // Per key and always moving: no cache may keep it.
    reply.header('Cache-Control', 'private, no-store').header('Vary', 'Authorization').type('application/json; charset=utf-8')
    // Events hold stored renderings already serialized: sent as they are, not re-serialized.
    const body = `{"data":[${page.events.join(',')}],"meta":${JSON.stringify({ nextCursor, hasMore: page.hasMore })}}`
    return reply.send(body as never)
  })
}

export default routes
