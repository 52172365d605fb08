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
export const conflict = (code: string, detail: string, errors?: ProblemField[]) => new HttpProblem(409, code, detail, errors)
export const preconditionFailed = (detail: string) => new HttpProblem(412, 'precondition_failed', detail)

/** A well-formed body that cannot be applied: an unknown author, media id, subject… */
export const unprocessable = (code: string, errors: ProblemField[]) =>
  new HttpProblem(422, code, errors.map((e) => `${e.path} ${e.message}`).join('; '), errors)
