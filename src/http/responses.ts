/** Response declarations shared by routes: the OpenAPI document lists each status. */
import type { TSchema } from 'typebox'
import { Problem } from '../schemas/common.js'
import { ref } from '../schemas/ref.js'

const PROBLEM_TEXT: Record<number, string> = {
  400: 'Invalid request: `errors` lists each bad field',
  401: 'No API key, or the key is malformed, unknown, revoked or expired',
  403: "The API key's role may not call this route",
  404: 'No such resource (or it is not published)',
  409: 'Conflicts with the current state, e.g. a slug already in use or a resource still referenced',
  412: 'If-Match does not match the current ETag: someone else changed the resource',
  413: 'Request body larger than the limit',
  415: 'Content-Type must be application/json',
  422: 'The body refers to something that does not exist or breaks a domain rule; `errors` names each field',
  429: 'Rate limit exceeded: retry after the `Retry-After` seconds',
  503: 'Unavailable for now (storage failing, shutting down, overloaded or not ready): retry after `Retry-After` seconds',
  500: 'Unexpected server error'
}

export function problem (status: keyof typeof PROBLEM_TEXT) {
  return { description: PROBLEM_TEXT[status]!, content: { 'application/problem+json': { schema: ref(Problem) } } }
}

const MOVED = { 308: { description: 'The slug changed: `Location` is the current URL', type: 'null' as const } }

/** 200 with `content`, 304 for conditional requests, 308 for a changed slug when `moved`, the given errors and 500. */
function withValidators<C> (content: C, description: string, errors: Array<400 | 401 | 403 | 404>, options: { moved?: boolean }) {
  return {
    200: { description, content },
    304: { description: 'Not Modified: the validators sent still match', type: 'null' as const },
    ...(options.moved ? MOVED : {}),
    ...Object.fromEntries(errors.map((s) => [s, problem(s)])),
    500: problem(500)
  }
}

/** A JSON 200 (typed by `schema`) and what every read may answer besides. */
export function readResponses<T extends TSchema> (schema: T, description: string, errors: Array<400 | 404> = [400], options: { moved?: boolean } = {}) {
  return withValidators({ 'application/json': { schema } }, description, errors, options)
}

/**
 * Like readResponses, for a 200 that is not plain JSON (feeds, sitemaps, JSON-LD):
 * `content` maps each media type to its schema (`{ type: 'string' }` for XML).
 */
export function documentResponses (content: Record<string, TSchema>, description: string, errors: Array<400 | 401 | 403 | 404> = [400], options: { moved?: boolean } = {}) {
  return withValidators(Object.fromEntries(Object.entries(content).map(([type, schema]) => [type, { schema }])), description, errors, options)
}
