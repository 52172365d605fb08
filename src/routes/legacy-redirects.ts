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
import { problem } from '../http/responses.js'
import { ACCESS } from '../plugins/auth.js'

const RedirectQuery = Type.Object({
  path: Type.String({ minLength: 1, maxLength: 2000, description: 'An old permalink: a path (`/2013/12/18/her-review/`, `/?p=101`) or a full URL', examples: ['/2013/12/18/her-review/'] })
}, { additionalProperties: false })

/** 308 to the story an old permalink (a path or URL) belongs to; false when it belongs to no public story. */
export async function sendLegacyRedirect (app: FastifyInstance, reply: FastifyReply, oldUrl: string): Promise<boolean> {
  const key = legacyPathKey(oldUrl)
  const found = key === null ? null : await app.repos.legacyPaths.find(key, Date.now())
  if (found === null) return false
  reply.sendMoved(storyUrl(app.config.siteUrl, found.slug), found.surrogateKeys)
  return true
}

/** Whether a request that matched no route may be an old permalink: a read outside the API's own paths. */
export function mayBeLegacy (request: FastifyRequest): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && !request.url.startsWith('/v1/')
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/redirects', {
    config: { access: ACCESS.public },
    schema: {
      operationId: 'resolveLegacyPermalink',
      summary: 'Where an old (imported) permalink lives now',
      description: 'A 308 whose `Location` is the story\'s URL, for a permalink of a story imported from WordPress. The same 308 answers on the old path itself when the old domain points at this server.',
      tags: ['stories'],
      querystring: RedirectQuery,
      response: {
        308: { description: '`Location` is the story\'s URL', type: 'null' as const },
        400: problem(400),
        404: problem(404),
        500: problem(500)
      }
    }
  }, async (request, reply) => {
    if (await sendLegacyRedirect(app, reply, request.query.path)) return reply
    throw notFound(`No published story had the permalink ${request.query.path}`)
  })
}

export default routes
