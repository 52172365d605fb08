/**
 * What every response gets regardless of route: CORS for browser clients, security
 * headers suited to a JSON API (helmet's, worked out once: src/http/security-headers.ts),
 * and rate limits counted per API key or feed token (per client IP without one).
 * Registered after `auth`, whose onRequest hook names the key first.
 * In a cluster worker (WORKERS > 1) the primary counts, so a limit holds across the
 * workers (src/cluster/rate-limits.ts); otherwise the plugin's in-memory store does.
 */
import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import fp from 'fastify-plugin'
import { workerRateLimitStore } from '../cluster/rate-limits.js'
import { isClusterWorker } from '../cluster/worker.js'
import { HttpProblem } from '../http/problem.js'
import { problem } from '../http/responses.js'
import { securityHeadersFor } from '../http/security-headers.js'

export default fp(async (app) => {
  const { corsOrigins, rateLimit: limits } = app.config

  // The CORS preflight answers any path before auth is known: it is public by nature.
  app.addHook('onRoute', (route) => {
    if (route.method === 'OPTIONS' && route.url === '*') route.config = { ...route.config, access: 'public' }
  })
  await app.register(cors, {
    origin: corsOrigins,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'If-Modified-Since'],
    // Let browser clients read the validators, the pagination link and the limiter's state.
    exposedHeaders: ['ETag', 'Last-Modified', 'Link', 'Location', 'Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
    maxAge: 600
  })

  // The security headers (src/http/security-headers.ts), set on the raw response as
  // helmet did, in the order it wrote them; a route's own `helmet` option may drop the CSP.
  app.addHook('onRequest', function securityHeaders (request, reply, done) {
    const res = reply.raw
    for (const [name, value] of securityHeadersFor(request.routeOptions.config.helmet)) res.setHeader(name, value)
    done()
  })

  // Every route can answer 429, and 503 (storage failing, shutting down, overloaded):
  // say so in the OpenAPI document.
  app.addHook('onRoute', (route) => {
    if (route.schema?.response === undefined) return
    route.schema.response = { ...(route.schema.response as object), 429: problem(429), 503: problem(503) }
  })

  let store
  if (isClusterWorker()) {
    const shared = workerRateLimitStore(app.log)
    app.addHook('onClose', async () => shared.close())
    store = shared.Store
  }
  await app.register(rateLimit, {
    global: true,
    ...(store === undefined ? {} : { store }),
    timeWindow: limits.windowSeconds * 1000,
    // A feed token is a partner's (a hosted feed reader polls many feeds from one address).
    keyGenerator: (request) => request.principal !== null ? `key:${request.principal.id}` : request.feedToken !== null ? `feed:${request.feedToken.id}` : `ip:${request.ip}`,
    max: (request) => request.principal !== null
      ? request.principal.role === 'partner' ? limits.partner : limits.key
      : request.feedToken !== null ? limits.partner : limits.anonymous,
    errorResponseBuilder: (_request, context) => new HttpProblem(429, 'rate_limited',
      `Rate limit of ${context.max} requests per ${limits.windowSeconds} s exceeded; retry in ${context.after}`)
  })
  // Answers from the response cache are counted too (the same check, run before a hit is sent).
  const limit = app.rateLimit()
  app.responseCache.countHitsWith(async (request, reply) => { await limit.call(app, request, reply) })
}, { name: 'protection', dependencies: ['config', 'auth', 'response-cache'] })
