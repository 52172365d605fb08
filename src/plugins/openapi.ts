/**
 * OpenAPI 3.1 from the route schemas. Named schemas are registered once and become
 * components named by their `$id`; /openapi.json serves the document and /docs
 * Swagger UI. openapi.yaml at the repository root is this document, committed.
 */
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'
import { ACCESS } from './auth.js'
import { namedSchemas } from '../schemas/index.js'
import { API_DESCRIPTION, API_SERVERS, API_TAGS } from './openapi-info.js'

declare module 'fastify' {
  // @fastify/helmet reads a route's own settings from here (it copies a route's `helmet` option in).
  interface FastifyContextConfig { helmet?: { contentSecurityPolicy?: false } }
}

export default fp(async (app) => {
  for (const schema of namedSchemas) app.addSchema(schema)

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Byline Content API', version: '1.0.0', description: API_DESCRIPTION },
      servers: API_SERVERS,
      tags: API_TAGS,
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key from `npm run keys -- create`, sent as `Authorization: Bearer byl_…`' }
        }
      }
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => typeof json.$id === 'string' ? json.$id : `def-${i}`
    }
  })
  // Swagger UI is a page, not JSON: it is public and brings its own Content-Security-Policy.
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: ACCESS.public, helmet: { contentSecurityPolicy: false } }
    })
    await docs.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { deepLinking: true, docExpansion: 'list' } })
  })

  let document: string | undefined
  const bootTime = Date.now()
  app.get('/openapi.json', { config: { access: ACCESS.public }, schema: { hide: true } }, async (_request, reply) => {
    document ??= JSON.stringify(app.swagger())
    return reply.sendRendered({ body: document, etag: null, lastModified: bootTime, surrogateKeys: ['openapi'] })
  })
}, { name: 'openapi', dependencies: ['http-cache', 'auth'] })
