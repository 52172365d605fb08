/** Response declarations shared by routes: the OpenAPI document lists each status. */
import type { TSchema } from 'typebox'
import { Problem } from '../schemas/common.js'
import { ref } from '../schemas/ref.js'

const PROBLEM_TEXT: Record<number, string> = {
  400: 'Invalid request: `errors` lists each bad field',
  404: 'No such resource (or it is not published)',
  503: 'Not ready to serve',
  500: 'Unexpected server error'
}

export function problem (status: keyof typeof PROBLEM_TEXT) {
  return { description: PROBLEM_TEXT[status]!, content: { 'application/problem+json': { schema: ref(Problem) } } }
}

/** 200 with `schema`, 304 for conditional requests, and the given error statuses. */
export function readResponses<T extends TSchema> (schema: T, description: string, errors: Array<400 | 404> = [400]) {
  return {
    200: { description, content: { 'application/json': { schema } } },
    304: { description: 'Not Modified: the validators sent still match', type: 'null' as const },
    ...Object.fromEntries(errors.map((s) => [s, problem(s)])),
    500: problem(500)
  }
}
