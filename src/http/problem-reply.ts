/** Writing a problem+json reply; shared by the error handlers and Fastify's own framework errors. */
import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { ProblemType } from '../schemas/common.js'

type ProblemFields = Omit<ProblemType, 'type' | 'title' | 'instance'>

/** The RFC 9457 body; `instance` is the path alone (a query may hold a key or a token). */
export function problemBody (problem: ProblemFields, url?: string): ProblemType {
  return {
    type: 'about:blank',
    title: STATUS_CODES[problem.status] ?? 'Error',
    status: problem.status,
    detail: problem.detail,
    ...(url === undefined ? {} : { instance: url.split('?', 1)[0] }),
    code: problem.code,
    ...(problem.errors ? { errors: problem.errors } : {})
  }
}

export function sendProblem (reply: FastifyReply, request: FastifyRequest, problem: ProblemFields) {
  return reply.code(problem.status).type('application/problem+json; charset=utf-8').header('Cache-Control', 'no-store').send(problemBody(problem, request.url))
}

export function codeFor (status: number): string {
  const phrase = STATUS_CODES[status] ?? 'error'
  return phrase.toLowerCase().replace(/[^a-z]+/g, '_').replace(/^_|_$/g, '')
}

/**
 * Errors Fastify raises before routing (a malformed URL, an over-long parameter): they
 * bypass setErrorHandler, so buildApp hands this to the `frameworkErrors` option.
 */
export function frameworkErrorReply (error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  // An over-long parameter is a bad request like any other invalid one, not a 414 no operation declares.
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendProblem(reply, request, { status: 400, code: 'validation_failed', detail: 'A path parameter is too long' })
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400
  return sendProblem(reply, request, { status, code: codeFor(status), detail: error.message })
}
