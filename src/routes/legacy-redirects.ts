/**
 * Old permalinks of imported stories answer 308 to the story's URL, so links from search
 * engines, aggregators and social posts survive a move (`npm run import:wordpress`).
 * Two ways in: `GET /v1/redirects?path=` for a frontend that owns the old domain, and the
 * old path itself (`/2013/12/18/her-review/`, `/?p=101`) for a deployment that points the
 * old domain at Byline. A story the public cannot see has no old permalink either.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { legacyPathKey } from '../content/legacy-path.js'
import { storyUrl } from '../content/render.js'
import { notFound } from '../http/problem.js'
import { readResponses } from '../http/responses.js'
import { LegacyRedirect } from '../schemas/meta.js'
import { ref } from '../schemas/ref.js'
import { ACCESS } from '../plugins/auth.js'

const RedirectQuery = Type.Object({
  path: Type.String({ minLength: 1, maxLength: 2000, description: 'An old permalink: a path (`/2013/12/18/her-review/`, `/?p=101`) or a full URL', examples: ['/2013/12/18/her-review/'] })
}, { additionalProperties: false })

/** The public story an old permalink (a path or URL) belongs to, with its URL; null when it belongs to none. */
async function findLegacy (app: FastifyInstance, oldUrl: string) {
  const key = legacyPathKey(oldUrl)
  const found = key === null ? null : await app.repos.legacyPaths.find(key, Date.now())
  return found === null ? null : { key: key!, location: storyUrl(app.config.siteUrl, found.slug), ...found }
}

/** 308 to the story an old permalink belongs to; false when it belongs to no public story. */
export async function sendLegacyRedirect (app: FastifyInstance, reply: FastifyReply, oldUrl: string): Promise<boolean> {
  const found = await findLegacy(app, oldUrl)
  if (found === null) return false
  reply.sendMoved(found.location, found.surrogateKeys)
  return true
}

/** Whether a request that matched no route may be an old permalink: a read outside the API's own paths. */
export function mayBeLegacy (request: FastifyRequest): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && !request.url.startsWith('/v1/')
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  // JSON, not a 308: fetch() follows redirects, and the frontend asking wants the answer, not the page.
  app.get('/redirects', {
    config: { access: ACCESS.public },
    schema: {
      operationId: 'resolveLegacyPermalink',
      summary: 'Where an old (imported) permalink lives now',
      description: 'For a frontend that owns the old domain: the URL to answer an imported story\'s old permalink with (a 308). ' +
        'The old path itself answers that 308 when the old domain points at this server. Only published stories have old permalinks.',
      tags: ['stories'],
      querystring: RedirectQuery,
      response: readResponses(ref(LegacyRedirect), 'The story the old permalink belongs to', [400, 404])
    }
  }, async (request, reply) => {
    const found = await findLegacy(app, request.query.path)
    if (found === null) throw notFound(`No published story had the permalink ${request.query.path}`)
    return reply.sendRendered({ body: JSON.stringify({ path: found.key, location: found.location, slug: found.slug }), etag: null, lastModified: found.updatedAt, surrogateKeys: found.surrogateKeys })
  })
}

export default routes
