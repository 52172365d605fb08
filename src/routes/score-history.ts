/** GET /v1/reviews/{slug}/history: a public review's scores and states over time (src/content/score-history.ts). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SlugParams } from '../schemas/common.js'
import { ref } from '../schemas/ref.js'
import { ScoreHistory } from '../schemas/history.js'
import { sendBySlug } from './moved.js'
import { readResponses } from '../http/responses.js'
import { ACCESS } from '../plugins/auth.js'

/** GET /v1/reviews/{slug}/history: what aggregators need to show a re-review or a finalized score. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { scoreHistory, redirects } = app.repos

  app.get('/reviews/:slug/history', {
    config: { access: ACCESS.public },
    schema: {
      operationId: 'getReviewScoreHistory',
      summary: 'Every score and state of a review the public has seen, oldest first',
      description: 'Built from the change log: the scoring the review was published with, each score change and finalization since, with the editor\'s note. Changes made while the review was not public (a draft, under embargo) never show: the review enters the history with the score it went live with.',
      tags: ['reviews'],
      params: SlugParams,
      response: readResponses(ref(ScoreHistory), 'The score history', [400, 404], { moved: true })
    }
  }, async (request, reply) => {
    const { slug } = request.params
    const now = Date.now()
    return sendBySlug(reply, redirects, { resource: 'story', slug, missing: `No published review has the slug "${slug}"` }, (s) => scoreHistory.getHistory(s, now))
  })
}

export default routes
