/**
 * Load shedding. better-sqlite3 answers synchronously, so a slow query or a burst of
 * writes blocks the event loop for everyone; past a configured delay, new requests get
 * a quick 503 problem+json with Retry-After instead of queueing behind it. Answers from
 * the in-process response cache (an earlier onRequest hook) are still served.
 */
import underPressure from '@fastify/under-pressure'
import fp from 'fastify-plugin'
import { sendProblem } from '../http/problem-reply.js'

const RETRY_AFTER_SECONDS = 5

export default fp(async (app) => {
  const { maxEventLoopDelayMs } = app.config.pressure
  if (maxEventLoopDelayMs === 0) return
  await app.register(underPressure, {
    maxEventLoopDelay: maxEventLoopDelayMs,
    retryAfter: RETRY_AFTER_SECONDS,
    pressureHandler: (request, reply, type, value) => {
      request.log.warn({ type, value }, 'under pressure: shedding load')
      reply.header('Retry-After', String(RETRY_AFTER_SECONDS))
      sendProblem(reply, request, { status: 503, code: 'overloaded', detail: 'The server is overloaded; retry shortly' })
    }
  })
}, { name: 'pressure', dependencies: ['config'] })
