/**
 * OpenAPI 3.1 from the route schemas. Named schemas are registered once and become
 * components named by their `$id`; /openapi.json serves the document and /docs
 * Swagger UI (src/plugins/docs-ui.ts). openapi.yaml at the repository root is this
 * document, committed.
 */
import swagger from '@fastify/swagger'
import fp from 'fastify-plugin'
import { ACCESS } from './auth.js'
import docsUi from './docs-ui.js'
import { namedSchemas } from '../schemas/index.js'
import { openApiWebhooks } from '../schemas/webhooks.js'
import { API_DESCRIPTION, API_SERVERS, API_TAGS } from './openapi-info.js'

export default fp(async (app) => {
  for (const schema of namedSchemas) app.addSchema(schema)

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Byline Content API', version: '1.0.0', description: API_DESCRIPTION },
      servers: API_SERVERS,
      tags: API_TAGS,
      webhooks: openApiWebhooks,
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
  await app.register(docsUi)

  let document: string | undefined
  const bootTime = Date.now()
  app.get('/openapi.json', { config: { access: ACCESS.public }, schema: { hide: true } }, async (_request, reply) => {
    document ??= JSON.stringify(app.swagger())
    return reply.sendRendered({ body: document, etag: null, lastModified: bootTime, surrogateKeys: ['openapi'] })
  })
}, { name: 'openapi', dependencies: ['http-cache', 'auth'] })
