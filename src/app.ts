/**
 * buildApp(config): the one Fastify application used by the server, the tests and the
 * scripts. Cross-cutting plugins first, then the encapsulated route plugins.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { Config } from './config.js'
import { REDACT_PATHS, errorSerializer, logHooks, requestSerializer } from './http/log-redaction.js'
import { answerClientError, watchAnswers } from './http/client-errors.js'
import { badRequest } from './http/problem.js'
import { frameworkErrorReply } from './http/problem-reply.js'
import { buildSerializer, buildValidator } from './http/compilers.js'
import authPlugin from './plugins/auth.js'
import configPlugin from './plugins/config.js'
import cursorsPlugin from './plugins/cursors.js'
import databasePlugin from './plugins/database.js'
import errorsPlugin from './plugins/errors.js'
import httpCachePlugin from './plugins/http-cache.js'
import openapiPlugin from './plugins/openapi.js'
import pressurePlugin from './plugins/pressure.js'
import protectionPlugin from './plugins/protection.js'
import responseCachePlugin from './plugins/response-cache.js'
import writesPlugin from './plugins/writes.js'
import webhooksPlugin, { type WebhooksOptions } from './plugins/webhooks.js'
import catalogRoutes from './routes/catalog.js'
import editorialCatalogRoutes from './routes/editorial/catalog.js'
import editorialStoryRoutes from './routes/editorial/stories.js'
import webhookRoutes from './routes/editorial/webhooks.js'
import feedRoutes from './routes/feeds.js'
import healthRoutes from './routes/health.js'
import jsonLdRoutes from './routes/jsonld.js'
import reviewRoutes from './routes/reviews.js'
import scoreHistoryRoutes from './routes/score-history.js'
import rootRoutes from './routes/root.js'
import legacyRedirectRoutes from './routes/legacy-redirects.js'
import searchRoutes from './routes/search.js'
import sitemapRoutes from './routes/sitemaps.js'
import storyRoutes from './routes/stories.js'
import syncRoutes from './routes/sync.js'
import embargoRoutes from './routes/embargoes.js'
import verdictExportRoutes from './routes/verdicts.js'

export interface BuildOptions {
  logger?: FastifyServerOptions['logger']
  /** Shorter bounds on slow clients, for tests; by default REQUEST_TIMEOUTS. */
  timeouts?: { headersMs: number, requestMs: number }
  /** Start from this serialized database, in memory, instead of `databasePath` (tests: a seeded image copied per app). */
  databaseImage?: Buffer
  /** The webhook deliverer's clock and timer (tests drive it: src/plugins/webhooks.ts). */
  webhooks?: WebhooksOptions
}

/**
 * A client must send its headers within 10 s and its whole request within 30 s, or it
 * gets a 408 and the connection is closed (src/http/client-errors.ts). Node checks the
 * bounds on a timer, every 30 s by default, which let a slow body run to 84 s: checking
 * every second cuts a client within about a second of its bound.
 */
export const REQUEST_TIMEOUTS = { headersMs: 10_000, requestMs: 30_000 }
const TIMEOUT_CHECK_EVERY_MS = 1_000

/** Believe the last `hops` proxies in X-Forwarded-For. */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops

export async function buildApp (config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // Redaction applies to every logger the app is given, not only the default one.
    logger: options.logger === false
      ? false
      : { level: config.logLevel, ...(typeof options.logger === 'object' ? options.logger : {}), redact: { paths: REDACT_PATHS, censor: '[redacted]' }, serializers: { req: requestSerializer, err: errorSerializer }, hooks: logHooks },
    // Slugs are validated by schema (≤ 160 chars); longer params must reach validation, not 404.
    routerOptions: { maxParamLength: 2048 },
    requestTimeout: (options.timeouts ?? REQUEST_TIMEOUTS).requestMs,
    http: { headersTimeout: (options.timeouts ?? REQUEST_TIMEOUTS).headersMs, connectionsCheckingInterval: TIMEOUT_CHECK_EVERY_MS },
    // Requests the HTTP parser refuses or that arrive too slowly: problem+json too.
    clientErrorHandler: answerClientError,
    // Behind a CDN or load balancer the client address (rate limits) comes from X-Forwarded-For.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    bodyLimit: 1024 * 1024,
    // allowUnionTypes: nullable body fields are `type: [T, 'null']` (see src/schemas/editorial.ts).
    ajv: { customOptions: { removeAdditional: false, allErrors: true, allowUnionTypes: true } },
    frameworkErrors: frameworkErrorReply,
    // Booting migrates, re-renders stored JSON when the renderer changed and may seed: on a
    // large archive or a remote database that takes longer than Fastify's 10 s default.
    pluginTimeout: 10 * 60_000,
    schemaController: { compilersFactory: { buildValidator, buildSerializer } }
  }).withTypeProvider<TypeBoxTypeProvider>()
  watchAnswers(app.server)

  // Bodies are JSON only: anything else is a 415, not a string handed to validation.
  app.removeContentTypeParser('text/plain')
  // JSON is UTF-8 (RFC 8259): bytes that are not are a 400, not text quietly stored with
  // U+FFFD in their place. Parsing is then Fastify's own (empty body, prototype keys).
  const parseJson = app.getDefaultJsonParser(app.initialConfig.onProtoPoisoning ?? 'error', app.initialConfig.onConstructorPoisoning ?? 'error')
  const utf8 = new TextDecoder('utf-8', { fatal: true })
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string
    try {
      text = utf8.decode(body as Buffer)
    } catch {
      done(badRequest('invalid_utf8', 'The request body is not valid UTF-8; JSON must be sent as UTF-8'), undefined)
      return
    }
    parseJson(request, text, done)
  })
  await app.register(configPlugin, { config })
  await app.register(databasePlugin, options.databaseImage === undefined ? {} : { image: options.databaseImage })
  await app.register(writesPlugin)
  await app.register(webhooksPlugin, options.webhooks ?? {})
  await app.register(httpCachePlugin)
  // The first onRequest hook but the writer thread's: a cached public response is sent before any other work.
  await app.register(responseCachePlugin)
  await app.register(authPlugin)
  await app.register(protectionPlugin)
  await app.register(pressurePlugin)
  await app.register(errorsPlugin)
  await app.register(cursorsPlugin)
  await app.register(openapiPlugin)

  await app.register(rootRoutes)
  await app.register(healthRoutes)
  await app.register(storyRoutes, { prefix: '/v1' })
  await app.register(reviewRoutes, { prefix: '/v1' })
  await app.register(scoreHistoryRoutes, { prefix: '/v1' })
  await app.register(catalogRoutes, { prefix: '/v1' })
  await app.register(searchRoutes, { prefix: '/v1' })
  await app.register(jsonLdRoutes, { prefix: '/v1' })
  await app.register(verdictExportRoutes, { prefix: '/v1' })
  await app.register(feedRoutes, { prefix: '/v1' })
  await app.register(syncRoutes, { prefix: '/v1' })
  await app.register(embargoRoutes, { prefix: '/v1' })
  await app.register(legacyRedirectRoutes, { prefix: '/v1' })
  await app.register(sitemapRoutes)
  await app.register(editorialStoryRoutes, { prefix: '/v1' })
  await app.register(editorialCatalogRoutes, { prefix: '/v1' })
  await app.register(webhookRoutes, { prefix: '/v1' })
  await app.ready()
  return app
}
