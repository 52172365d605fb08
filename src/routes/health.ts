import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HttpProblem } from '../http/problem.js'
import { Health } from '../schemas/meta.js'
import { ref } from '../schemas/ref.js'
import { problem } from '../http/responses.js'
import { ACCESS } from '../plugins/auth.js'

/**
 * Probes for orchestrators: never cached, no validators, never rate limited (a load
 * balancer shares its address with nobody's budget: a limited probe would mark the
 * instance dead).
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', {
    config: { access: ACCESS.public, rateLimit: false },
    schema: { operationId: 'health', summary: 'The process is up', tags: ['meta'], response: { 200: { description: 'Up', content: { 'application/json': { schema: ref(Health) } } }, 500: problem(500) } }
  }, async (_request, reply) => {
    reply.header('Cache-Control', 'no-store')
    return { status: 'ok' as const }
  })

  app.get('/readyz', {
    config: { access: ACCESS.public, rateLimit: false },
    schema: { operationId: 'ready', summary: 'The database answers', tags: ['meta'], response: { 200: { description: 'Ready', content: { 'application/json': { schema: ref(Health) } } }, 503: problem(503) } }
  }, async (request, reply) => {
    reply.header('Cache-Control', 'no-store')
    if (!await app.database.answers()) {
      request.log.error('readiness check failed: the database does not answer')
      throw new HttpProblem(503, 'not_ready', 'The database is not answering')
    }
    return { status: 'ok' as const }
  })
}

export default routes
