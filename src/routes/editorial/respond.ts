/** What every editorial route shares: the write context, the reply, the documented answers. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type, type TSchema } from 'typebox'
import type { WriteContext } from '../../repositories/change-log.js'
import { movedUrl } from '../moved.js'
import { problem } from '../../http/responses.js'

export const writeContext = (request: FastifyRequest): WriteContext => ({ now: Date.now(), actor: request.principal?.id ?? null })

/** Editorial representations are per-key and change under editors' hands: never stored by a cache. */
export function sendEditorial (reply: FastifyReply, rendering: { body: string, etag: string }, status = 200, location?: string): FastifyReply {
  reply.code(status).header('ETag', rendering.etag).header('Cache-Control', 'private, no-store').header('Vary', 'Authorization').type('application/json; charset=utf-8')
  if (location !== undefined) reply.header('Location', location)
  return reply.send(rendering.body)
}

/** An old slug in a preview URL: editors follow it to the current one, whatever its status. */
export function sendPreviewMoved (reply: FastifyReply, to: string): FastifyReply {
  return reply.code(308).header('Location', movedUrl(reply.request, 'slug', to)).header('Cache-Control', 'private, no-store').header('Vary', 'Authorization').send()
}

/**
 * Writes take no query parameters: the record is named by the path alone, so
 * `?id=` or `?slug=` is refused rather than silently ignored.
 */
export const NoQuery = Type.Object({}, { additionalProperties: false, description: 'No query parameters' })

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({
    maxLength: 1000,
    description: 'The ETag from the preview or the last write: the change applies only if nobody changed the resource since (else 412)'
  }))
})

const json = (schema: TSchema, description: string) => ({ description, content: { 'application/json': { schema } } })
const WRITE_ERRORS = [400, 404, 409, 412, 413, 415, 422] as const

export function createResponses (schema: TSchema, what: string) {
  return { 201: json(schema, `The new ${what}; \`Location\` is where editors read it`), ...errors([400, 409, 413, 415, 422]) }
}
export function updateResponses (schema: TSchema, what: string) {
  return { 200: json(schema, `The ${what} as changed`), ...errors(WRITE_ERRORS) }
}
export function deleteResponses (what: string) {
  return { 204: { description: `The ${what} is gone`, type: 'null' as const }, ...errors([400, 404, 409, 412]) }
}
export function previewResponses (schema: TSchema, what: string) {
  return { 200: json(schema, `The ${what} as editors see it`), 308: { description: 'An old slug: `Location` is the current URL', type: 'null' as const }, ...errors([400, 404]) }
}

function errors (statuses: readonly number[]) {
  return { ...Object.fromEntries(statuses.map((s) => [s, problem(s as Parameters<typeof problem>[0])])), 500: problem(500) }
}
