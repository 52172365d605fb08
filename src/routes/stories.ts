import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { Cursor, Limit, slugParam, SlugParams, StringEnum } from '../schemas/common.js'
import { ref } from '../schemas/ref.js'
import { STORY_TYPES, Story, StoryList } from '../schemas/story.js'
import { checkRegion, listKind, resolveFilter } from './filters.js'
import { RegionQuery } from '../schemas/offer.js'
import { inRegion } from '../content/offers.js'
import { sendBySlug } from './moved.js'
import { readResponses } from '../http/responses.js'
import { ACCESS } from '../plugins/auth.js'

const StoriesQuery = Type.Object({
  type: Type.Optional(StringEnum(STORY_TYPES, { description: 'Only stories of this type' })),
  section: Type.Optional(slugParam('Only stories in this section (slug)', 'movies')),
  tag: Type.Optional(slugParam('Only stories with this tag (slug)', 'sci-fi')),
  author: Type.Optional(slugParam('Only stories bylined by this author (slug)', 'rhys-calloway')),
  exclude: Type.Optional(slugParam('Leave out this story (slug), e.g. the one being read in a "more stories" rail', 'her-2013-review')),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit)
}, { additionalProperties: false })

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { lists, stories, catalog, redirects } = app.repos

  app.get('/stories', {
    config: { access: ACCESS.public },
    schema: {
      operationId: 'listStories',
      summary: 'Latest Stories: every type, newest first',
      tags: ['stories'],
      querystring: StoriesQuery,
      response: readResponses(ref(StoryList), 'A page of story cards')
    }
  }, async (request, reply) => {
    const q = request.query
    const limit = q.limit ?? 20
    const kind = listKind('stories', { type: q.type, section: q.section, tag: q.tag, author: q.author, exclude: q.exclude })
    const after = app.cursors.decode(kind, q.cursor, ['number', 'string'])
    const filter = {
      type: q.type,
      sectionId: await resolveFilter(catalog, 'section', q.section),
      tagId: await resolveFilter(catalog, 'tag', q.tag),
      authorId: await resolveFilter(catalog, 'author', q.author),
      exclude: q.exclude
    }
    const page = await lists.listStories(filter, after, limit, Date.now())
    return reply.sendPage(page, limit, app.cursors.encode(kind, page.nextKey))
  })

  app.get('/stories/:slug', {
    config: { access: ACCESS.public },
    schema: {
      operationId: 'getStory',
      summary: 'One story of any type; a review includes its subject and verdict',
      tags: ['stories'],
      params: SlugParams,
      querystring: RegionQuery,
      response: readResponses(ref(Story), 'The story', [400, 404], { moved: true })
    }
  }, async (request, reply) => {
    const { slug } = request.params
    const { region } = request.query
    checkRegion(region)
    const now = Date.now()
    return sendBySlug(reply, redirects, { resource: 'story', slug, missing: `No published story has the slug "${slug}"` }, async (s) => {
      const story = await stories.getStory(s, now)
      // An article has no subject (null), so nothing to narrow.
      return story === null ? null : inRegion(story, region, 'subject')
    })
  })
}

export default routes
