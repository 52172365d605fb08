/** GET /v1/verdicts: the aggregator export (OpenCritic, Metacritic), one record per public review. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ACCESS } from '../plugins/auth.js'
import { Cursor, Limit, StringEnum } from '../schemas/common.js'
import { ref } from '../schemas/ref.js'
import { SUBJECT_KINDS } from '../schemas/subject.js'
import { VerdictRecordList } from '../schemas/verdict-export.js'
import { listKind } from './filters.js'
import { readResponses } from '../http/responses.js'

const VerdictsQuery = Type.Object({
  updatedSince: Type.Optional(Type.String({
    format: 'date-time',
    description: 'Only records whose `updatedAt` is strictly later (RFC 3339, with a time zone)',
    examples: ['2024-05-01T00:00:00Z']
  })),
  subjectKind: Type.Optional(StringEnum(SUBJECT_KINDS, { description: 'Only reviews of this kind of subject' })),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional({ ...Limit, description: 'Reviews per page, 1–100: a review scored per platform brings one record per platform' })
}, { additionalProperties: false })

/**
 * Epoch ms of a timestamp the schema has already accepted. Date.parse takes every
 * RFC 3339 form but a leap second, which is the instant after hh:mm:59.999 — and
 * dropping digits below the millisecond keeps "strictly after" exact on ms columns.
 */
function epochMs (timestamp: string): number {
  const leap = /(\d\d:\d\d):60/
  return leap.test(timestamp) ? Date.parse(timestamp.replace(leap, '$1:59')) + 1000 : Date.parse(timestamp)
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { verdictExport } = app.repos

  app.get('/verdicts', {
    config: { access: ACCESS.public },
    schema: {
      operationId: 'listVerdicts',
      summary: 'Aggregator export: every public review\'s verdict, least recently changed first',
      description: 'One record per public review with its raw score and scale, the 0–100 mapping, authors, subject ids and canonical URL. ' +
        'Ordered by `updatedAt`, then `id`: walk the pages from the start once, then ask again with `updatedSince` set to the last ' +
        '`updatedAt` seen for what changed since. An edited review moves to the end; a review that stops being public leaves the export.',
      tags: ['partners'],
      querystring: VerdictsQuery,
      response: readResponses(ref(VerdictRecordList), 'A page of verdict records')
    }
  }, async (request, reply) => {
    const q = request.query
    const limit = q.limit! // Ajv fills in the schema's default
    const filter = { subjectKind: q.subjectKind, updatedSince: q.updatedSince === undefined ? undefined : epochMs(q.updatedSince) }
    // The instant, not its spelling: equal times in other offsets continue the same list.
    const kind = listKind('verdicts', filter)
    const after = app.cursors.decode(kind, q.cursor, ['number', 'string'])
    const page = await verdictExport.listVerdicts(filter, after, limit, Date.now())
    return reply.sendPage(page, limit, app.cursors.encode(kind, page.nextKey))
  })
}

export default routes
