/**
 * GET /v1/embargoes: upcoming embargo lifts for partners, so they can plan around a
 * review's lift without seeing it. The list is read on the primary: a withdrawn or moved
 * schedule must not linger on a lagging replica.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { problem } from '../http/responses.js'
import { encodeCursorLink } from '../http/links.js'
import { ACCESS } from '../plugins/auth.js'
import { embargoRepository } from '../repositories/embargoes.js'
import { Cursor, Limit, StringEnum } from '../schemas/common.js'
import { EmbargoList } from '../schemas/embargo.js'
import { ref } from '../schemas/ref.js'
import { STORY_TYPES } from '../schemas/story.js'
import { SUBJECT_KINDS } from '../schemas/subject.js'
import { listKind } from './filters.js'

const EmbargoesQuery = Type.Object({
  type: Type.Optional(StringEnum(STORY_TYPES, { description: 'Only stories of this type', examples: ['review'] })),
  subjectKind: Type.Optional(StringEnum(SUBJECT_KINDS, { description: 'Only stories about a subject of this kind', examples: ['game'] })),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit)
}, { additionalProperties: false })

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const embargoes = embargoRepository(app.database.db)

  app.get('/embargoes', {
    config: { access: ACCESS.embargoes },
    schema: {
      operationId: 'listEmbargoes',
      summary: 'Upcoming embargo lifts: when each scheduled story goes public, and what it is about',
      description: 'Scheduled stories whose time is still ahead, soonest first: the time, the story type, its subject and section, and the story id its sync and webhook events will carry. Never the title, slug, standfirst, body, authors, verdict or score. A story leaves the list when it lifts (it is then public, and delta sync and webhooks announce it), when it is moved back to draft, or when it is deleted; a rescheduled one shows its new time. Answers are `Cache-Control: private, no-store`.',
      tags: ['partners'],
      querystring: EmbargoesQuery,
      response: {
        200: { description: 'A page of upcoming lifts', content: { 'application/json': { schema: ref(EmbargoList) } } },
        400: problem(400),
        500: problem(500)
      }
    }
  }, async (request, reply) => {
    const { type, subjectKind, cursor, limit = 20 } = request.query
    const kind = listKind('embargoes', { type, subjectKind })
    const after = app.cursors.decode(kind, cursor, ['number', 'string'])
    const page = await embargoes.list({ type, subjectKind }, after, limit, Date.now())
    const nextCursor = app.cursors.encode(kind, page.nextKey)
    if (nextCursor !== null) reply.header('Link', `<${encodeCursorLink(request.url, nextCursor)}>; rel="next"`)
    // Per key, and changed by the clock alone: no cache may keep it.
    reply.header('Cache-Control', 'private, no-store').header('Vary', 'Authorization')
    return { data: page.items, meta: { limit, nextCursor } }
  })
}

export default routes
