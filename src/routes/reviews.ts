import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { badRequest } from '../http/problem.js'
import { Cursor, Limit, slugParam, SlugParams, StringEnum } from '../schemas/common.js'
import { ref } from '../schemas/ref.js'
import { Review, ReviewVerdict, StoryList } from '../schemas/story.js'
import { SUBJECT_KINDS } from '../schemas/subject.js'
import { AWARDS, VERDICT_STATES } from '../schemas/verdict.js'
import { platformKey } from '../content/verdict-details.js'
import { RegionQuery } from '../schemas/offer.js'
import { inRegion } from '../content/offers.js'
import { checkRegion, listKind, resolveFilter } from './filters.js'
import { sendBySlug } from './moved.js'
import { readResponses } from '../http/responses.js'
import { ACCESS } from '../plugins/auth.js'

const Score = (description: string) => Type.Integer({ minimum: 0, maximum: 100, description })

const ReviewsQuery = Type.Object({
  subjectKind: Type.Optional(StringEnum(SUBJECT_KINDS, { description: 'Only reviews of this kind of subject' })),
  section: Type.Optional(slugParam('Only reviews in this section (slug)', 'games')),
  award: Type.Optional(StringEnum(AWARDS, { description: 'Only reviews carrying this award' })),
  platform: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Only reviews with a verdict for this platform, by name or key ("PS5", "ps5"); see verdict.platforms', examples: ['ps5'] })),
  state: Type.Optional(StringEnum(VERDICT_STATES, { description: 'Only final reviews, or only reviews in progress' })),
  minScore: Type.Optional(Score('Lowest normalizedScore (0–100) to include; unscored reviews are left out')),
  maxScore: Type.Optional(Score('Highest normalizedScore (0–100) to include; unscored reviews are left out')),
  sort: Type.Optional(StringEnum(['latest', 'score'], { default: 'latest', description: '`latest`: newest first. `score`: highest normalizedScore first, unscored last' })),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit)
}, { additionalProperties: false })

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { lists, stories, catalog, redirects } = app.repos

  app.get('/reviews', {
    config: { access: ACCESS.public },
    schema: {
      operationId: 'listReviews',
      summary: 'Reviews, newest or best first',
      tags: ['reviews'],
      querystring: ReviewsQuery,
      response: readResponses(ref(StoryList), 'A page of review cards')
    }
  }, async (request, reply) => {
    const q = request.query
    const limit = q.limit ?? 20
    const sort = q.sort ?? 'latest'
    if (q.minScore !== undefined && q.maxScore !== undefined && q.minScore > q.maxScore) {
      throw badRequest('validation_failed', 'minScore must not be greater than maxScore', [{ path: '/querystring/minScore', message: 'must be <= maxScore' }])
    }
    const platform = q.platform === undefined ? undefined : platformKey(q.platform)
    const kind = listKind('reviews', { sort, subjectKind: q.subjectKind, section: q.section, award: q.award, platform, state: q.state, minScore: q.minScore, maxScore: q.maxScore })
    const after = app.cursors.decode(kind, q.cursor, sort === 'score' ? ['number', 'number', 'string'] : ['number', 'string'])
    const sectionId = await resolveFilter(catalog, 'section', q.section)
    const filter = { subjectKind: q.subjectKind, sectionId, award: q.award, platform, state: q.state, minScore: q.minScore, maxScore: q.maxScore }
    const page = await lists.listReviews(filter, sort, after, limit, Date.now())
    return reply.sendPage(page, limit, app.cursors.encode(kind, page.nextKey))
  })

  app.get('/reviews/:slug', {
    config: { access: ACCESS.public },
    schema: {
      operationId: 'getReview',
      summary: 'One review with its subject and verdict',
      tags: ['reviews'],
      params: SlugParams,
      querystring: RegionQuery,
      response: readResponses(ref(Review), 'The review', [400, 404], { moved: true })
    }
  }, async (request, reply) => {
    const { slug } = request.params
    const { region } = request.query
    checkRegion(region)
    const now = Date.now()
    return sendBySlug(reply, redirects, { resource: 'story', slug, missing: `No published review has the slug "${slug}"` }, async (s) => {
      const review = await stories.getStory(s, now, 'review')
      // The review's schema.org rendering, for a page's <script type="application/ld+json">.
      if (review !== null) reply.header('Link', `</v1/reviews/${s}/jsonld>; rel="alternate"; type="application/ld+json"`)
      return review === null ? null : inRegion(review, region, 'subject')
    })
  })

  app.get('/reviews/:slug/verdict', {
    config: { access: ACCESS.public },
    schema: {
      operationId: 'getReviewVerdict',
      summary: 'The Final Thoughts verdict of a review, on its own',
      tags: ['reviews'],
      params: SlugParams,
      response: readResponses(ref(ReviewVerdict), 'The verdict', [400, 404], { moved: true })
    }
  }, async (request, reply) => {
    const { slug } = request.params
    const now = Date.now()
    return sendBySlug(reply, redirects, { resource: 'story', slug, missing: `No published review has the slug "${slug}"` }, (s) => stories.getVerdict(s, now))
  })
}

export default routes
