/**
 * Every error leaves as RFC 9457 application/problem+json. Validation failures list
 * each bad field; unexpected errors are logged and answered without internals (no
 * driver messages, SQL or stack traces reach a client). A request no route answers is a
 * 404 when no route has its path, and a 405 with `Allow` when some route has the path
 * under another method.
 */
import type { FastifyError } from 'fastify'
import fp from 'fastify-plugin'
import { HttpProblem, type ProblemField } from '../http/problem.js'
import { EditorialError, type EditorialErrorKind } from '../content/editorial-errors.js'
import { codeFor, sendProblem as send } from '../http/problem-reply.js'
import { isStorageFailure } from '../db/client.js'
import { mayBeLegacy, sendLegacyRedirect } from '../routes/legacy-redirects.js'

interface AjvError {
  instancePath: string
  keyword: string
  message?: string
  params: Record<string, unknown>
}

function fieldOf (context: string | undefined, e: AjvError): ProblemField {
  let path = `/${context ?? 'request'}${e.instancePath}`
  if (e.keyword === 'required') path += `/${String(e.params.missingProperty)}`
  if (e.keyword === 'additionalProperties') {
    return { path: `${path}/${String(e.params.additionalProperty)}`, message: 'is not a known field' }
  }
  if (e.keyword === 'enum' && Array.isArray(e.params.allowedValues)) {
    return { path, message: `must be one of: ${e.params.allowedValues.join(', ')}` }
  }
  return { path, message: e.message ?? 'is invalid' }
}

/** The methods the routes use (HEAD comes with every GET); OPTIONS is the CORS preflight's, on every path. */
const ROUTED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

/** The HTTP status of each kind of editorial refusal: the domain names why, this says how it answers. */
const EDITORIAL_STATUS: Record<EditorialErrorKind, number> = {
  not_found: 404,
  unknown_reference: 422,
  invalid: 422,
  slug_taken: 409,
  id_taken: 409,
  in_use: 409,
  stale: 412
}

export default fp(async (app) => {
  app.setErrorHandler((error: FastifyError | HttpProblem | EditorialError, request, reply) => {
    if (error instanceof HttpProblem) {
      return send(reply, request, { status: error.status, code: error.code, detail: error.detail, errors: error.errors })
    }
    if (error instanceof EditorialError) {
      const fields = error.fields.length > 0 ? error.fields : undefined
      return send(reply, request, { status: EDITORIAL_STATUS[error.kind], code: error.kind === 'stale' ? 'precondition_failed' : error.kind, detail: error.message, errors: fields })
    }
    if (error.validation) {
      const errors = error.validation.map((e) => fieldOf(error.validationContext, e as AjvError))
      const detail = errors.map((e) => `${e.path} ${e.message}`).join('; ')
      return send(reply, request, { status: 400, code: 'validation_failed', detail: `Invalid request: ${detail}`, errors })
    }
    if (isStorageFailure(error)) {
      // The transaction was rolled back; the driver's text (SQLITE_IOERR_WRITE…) stays in the log.
      request.log.error({ err: error }, 'storage failure')
      reply.header('Retry-After', '1')
      return send(reply, request, { status: 503, code: 'storage_unavailable', detail: 'The database could not complete the request; retry shortly. A write may not have been saved: check before repeating it.' })
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed')
      return send(reply, request, { status, code: 'internal_error', detail: 'The server could not complete the request. It has been logged.' })
    }
    // Fastify's own 4xx errors (bad JSON, body too large, bad content type): their
    // messages describe the request, not the server, so they are safe to pass on.
    return send(reply, request, { status, code: codeFor(status), detail: error.message })
  })

  /** The methods some route answers at `path`, in the order Allow lists them; empty for an unknown path. */
  function allowedAt (path: string): string[] {
    const allowed = ROUTED_METHODS.filter((method) => {
      try {
        return app.findRoute({ method, url: path }) !== null
      } catch {
        return false
      }
    })
    // The CORS preflight answers OPTIONS on every path, so it only counts next to another method.
    return allowed.length === 0 ? [] : [...allowed, 'OPTIONS']
  }

  // Rate-limited like every route, or unknown URLs would be an unmetered way in.
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, async (request, reply) => {
    // An old permalink of an imported story, on a domain pointed at this server.
    if (mayBeLegacy(request) && await sendLegacyRedirect(app, reply, request.url)) return reply
    const path = request.url.split('?', 1)[0]!
    const allowed = allowedAt(path)
    if (allowed.length > 0) {
      reply.header('Allow', allowed.join(', '))
      return send(reply, request, {
        status: 405,
        code: 'method_not_allowed',
        detail: `${request.method} is not allowed on ${path}; it allows ${allowed.join(', ')}`
      })
    }
    return send(reply, request, { status: 404, code: 'not_found', detail: `No resource at ${request.method} ${path}` })
  })
}, { name: 'errors', dependencies: ['protection'] })
