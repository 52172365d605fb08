/** RFC 9457 problem details, thrown by routes and rendered by src/plugins/errors.ts. */
export interface ProblemField { path: string, message: string }

export class HttpProblem extends Error {
  constructor (
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors?: ProblemField[]
  ) {
    super(detail)
  }
}

export const badRequest = (code: string, detail: string, errors?: ProblemField[]) => new HttpProblem(400, code, detail, errors)
export const notFound = (detail: string) => new HttpProblem(404, 'not_found', detail)

/** An unknown value for a filter that names a resource (`?section=nope`). */
export const unknownReference = (param: string, value: string) =>
  badRequest('unknown_reference', `No ${param} has the slug "${value}"`, [{ path: `/querystring/${param}`, message: `unknown ${param} "${value}"` }])

export const unauthorized = (detail: string) => new HttpProblem(401, 'unauthorized', detail)
export const forbidden = (detail: string) => new HttpProblem(403, 'forbidden', detail)
