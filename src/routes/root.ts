import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiIndex } from '../schemas/meta.js'
import { ref } from '../schemas/ref.js'
import { readResponses } from '../http/responses.js'
import { ACCESS } from '../plugins/auth.js'
import { legacyPathKey } from '../content/legacy-path.js'
import { notFound } from '../http/problem.js'
import { sendLegacyRedirect } from './legacy-redirects.js'

const INDEX = {
  name: 'Byline Content API',
  docs: '/docs',
  openapi: '/openapi.json',
  links: {
    stories: '/v1/stories',
    story: '/v1/stories/{slug}',
    reviews: '/v1/reviews',
    review: '/v1/reviews/{slug}',
    verdict: '/v1/reviews/{slug}/verdict',
    scoreHistory: '/v1/reviews/{slug}/history',
    subject: '/v1/subjects/{slug}',
    authors: '/v1/authors',
    author: '/v1/authors/{slug}',
    sections: '/v1/sections',
    tags: '/v1/tags',
    search: '/v1/search?q={query}',
    feedLatest: '/v1/feeds/latest.{format}',
    feedReviews: '/v1/feeds/reviews.{format}',
    feedType: '/v1/feeds/types/{type}.{format}',
    feedSection: '/v1/feeds/sections/{slug}.{format}',
    feedTag: '/v1/feeds/tags/{slug}.{format}',
    feedAuthor: '/v1/feeds/authors/{slug}.{format}',
    verdicts: '/v1/verdicts',
    reviewJsonLd: '/v1/reviews/{slug}/jsonld',
    sync: '/v1/sync',
    embargoes: '/v1/embargoes',
    newsSitemap: '/sitemaps/news.xml',
    sitemapIndex: '/sitemaps/index.xml'
  }
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const body = JSON.stringify(INDEX)
  const bootTime = Date.now()
  app.get('/', {
    config: { access: ACCESS.public },
    schema: { operationId: 'apiIndex', summary: 'Where to start: links to every list and the docs', tags: ['meta'], response: { ...readResponses(ref(ApiIndex), 'The API index', [404]), 308: { description: 'A WordPress plain permalink (`?p=`, `?page_id=`) of an imported story: `Location` is its URL', type: 'null' as const } } }
  }, async (request, reply) => {
    // WordPress's plain links (`/?p=101`) of imported stories. One of no public story is a
    // 404, not the index: a CDN keeping the index there would outlive the story's going live.
    if (request.url.includes('?') && legacyPathKey(request.url) !== null) {
      if (await sendLegacyRedirect(app, reply, request.url)) return reply
      throw notFound(`No published story had the permalink ${request.url}`)
    }
    return reply.sendRendered({ body, etag: null, lastModified: bootTime, surrogateKeys: ['index'] })
  })
}

export default routes
