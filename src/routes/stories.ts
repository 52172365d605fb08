import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { notFound, unknownReference } from '../http/problem.js'
import { Cursor, Limit, slugParam, SlugParams } from '../schemas/common.js'
import { ref } from '../schemas/ref.js'
import { STORY_TYPES, Story, StoryList } from '../schemas/story.js'
import { readResponses } from './responses.js'

const StoriesQuery = Type.Object({
  type: Type.Optional(Type.Enum(STORY_TYPES, { description: 'Only stories of this type' })),
  section: Type.Optional(slugParam('Only stories in this section (slug)', 'movies')),
  tag: Type.Optional(slugParam('Only stories with this tag (slug)', 'sci-fi')),
  author: Type.Optional(slugParam('Only stories bylined by this author (slug)', 'rhys-calloway')),
  exclude: Type.Optional(slugParam('Leave out this story (slug), e.g. the one being read in a "more stories" rail', 'her-2013-review')),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit)
}, { additionalProperties: false })

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { lists, stories, catalog } = app.repos

  app.get('/stories', {
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
    const after = app.cursors.decode('stories', q.cursor, ['number', 'string'])
    const resolve = async (param: 'section' | 'tag' | 'author', slug: string | undefined) => {
      if (slug === undefined) return undefined
      const id = await catalog[`${param}Id`](slug)
      if (id === null) throw unknownReference(param, slug)
      return id
    }
    const filter = {
      type: q.type,
      sectionId: await resolve('section', q.section),
      tagId: await resolve('tag', q.tag),
      authorId: await resolve('author', q.author),
      exclude: q.exclude
    }
    const page = await lists.listStories(filter, after, limit, Date.now())
    return reply.sendPage(page, limit, app.cursors.encode('stories', page.nextKey))
  })

  app.get('/stories/:slug', {
    schema: {
      operationId: 'getStory',
      summary: 'One story of any type; a review includes its subject and verdict',
      tags: ['stories'],
      params: SlugParams,
      response: readResponses(ref(Story), 'The story', [400, 404])
    }
  }, async (request, reply) => {
    const story = await stories.getStory(request.params.slug, Date.now())
    if (story === null) throw notFound(`No published story has the slug "${request.params.slug}"`)
    return reply.sendRendered(story)
  })
}

export default routes
