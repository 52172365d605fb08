/**
 * GET /v1/reviews/{slug}/jsonld: the review as schema.org JSON-LD, for partners that
 * embed structured data in their pages. Built from the stored public rendering, so it
 * is visible exactly when the review is, and old slugs 308 like the review does.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { scriptSafeJson } from '../content/json.js'
import { reviewJsonLd } from '../content/jsonld.js'
import { ACCESS } from '../plugins/auth.js'
import type { Rendered } from '../repositories/types.js'
import { SlugParams } from '../schemas/common.js'
import { ReviewJsonLd } from '../schemas/jsonld.js'
import { ref } from '../schemas/ref.js'
import type { ReviewType } from '../schemas/story.js'
import { sendBySlug } from './moved.js'
import { documentResponses } from '../http/responses.js'

export const JSON_LD_TYPE = 'application/ld+json; charset=utf-8'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { stories, redirects } = app.repos
  const publication = { publicationName: app.config.publicationName, siteUrl: app.config.siteUrl }

  // Same validators as the review it comes from, except the ETag: the body differs.
  const asJsonLd = (review: Rendered): Rendered => ({
    // Pasted into pages' <script> tags: a title must not be able to close the tag.
    body: scriptSafeJson(reviewJsonLd(JSON.parse(review.body) as ReviewType, publication)),
    etag: null,
    lastModified: review.lastModified,
    surrogateKeys: review.surrogateKeys,
    contentType: JSON_LD_TYPE
  })

  app.get('/reviews/:slug/jsonld', {
    config: { access: ACCESS.public },
    schema: {
      operationId: 'getReviewJsonLd',
      summary: 'A review as schema.org Review JSON-LD (Google review snippet)',
      tags: ['reviews'],
      params: SlugParams,
      response: documentResponses({ 'application/ld+json': ref(ReviewJsonLd) }, 'The review as JSON-LD', [400, 404], { moved: true })
    }
  }, async (request, reply) => {
    const { slug } = request.params
    const now = Date.now()
    return sendBySlug(reply, redirects, { resource: 'story', slug, missing: `No published review has the slug "${slug}"` }, async (s) => {
      const review = await stories.getStory(s, now, 'review')
      return review === null ? null : asJsonLd(review)
    })
  })
}

export default routes
