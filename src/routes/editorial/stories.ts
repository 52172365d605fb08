/**
 * Writing stories of every type (a review carries its subject and verdict), and the
 * preview: editors read any story, whatever its status, by slug.
 */
import { redirectRepository } from '../../repositories/redirects.js'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { notFound } from '../../http/problem.js'
import { ACCESS } from '../../plugins/auth.js'
import { SlugParams } from '../../schemas/common.js'
import { ManagedStory, StoryCreate, StoryPatch } from '../../schemas/editorial.js'
import { ref } from '../../schemas/ref.js'
import { createResponses, deleteResponses, IfMatchHeaders, NoQuery, previewResponses, sendEditorial, sendPreviewMoved, updateResponses, writeContext } from './respond.js'

const previewUrl = (slug: string) => `/v1/preview/stories/${slug}`

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { stories } = app.editors
  // Editors read the primary: they see their own writes at once.
  const redirects = redirectRepository(app.database.db)
  const config = { access: ACCESS.editors }

  app.post('/stories', {
    config,
    schema: {
      operationId: 'createStory',
      summary: 'Create a story of any type; a review with its verdict and an existing or new subject',
      tags: ['editorial'],
      querystring: NoQuery,
      body: ref(StoryCreate),
      response: createResponses(ref(ManagedStory), 'story')
    }
  }, async (request, reply) => {
    const created = await app.writes.run('createStory', request.body, writeContext(request))
    return sendEditorial(reply, created, 201, previewUrl(created.slug))
  })

  app.patch('/stories/:slug', {
    config,
    schema: {
      operationId: 'updateStory',
      summary: 'Change a story: any fields, its status (publish, schedule, unpublish, archive), its verdict',
      tags: ['editorial'],
      params: SlugParams,
      querystring: NoQuery,
      headers: IfMatchHeaders,
      body: ref(StoryPatch),
      response: updateResponses(ref(ManagedStory), 'story')
    }
  }, async (request, reply) => {
    const updated = await app.writes.run('updateStory', request.params.slug, request.body, request.headers['if-match'], writeContext(request))
    return sendEditorial(reply, updated)
  })

  app.delete('/stories/:slug', {
    config,
    schema: {
      operationId: 'deleteStory',
      summary: 'Delete a story; delta sync reports it as a tombstone',
      tags: ['editorial'],
      params: SlugParams,
      querystring: NoQuery,
      headers: IfMatchHeaders,
      response: deleteResponses('story')
    }
  }, async (request, reply) => {
    await app.writes.run('removeStory', request.params.slug, request.headers['if-match'], writeContext(request))
    return reply.code(204).header('Cache-Control', 'no-store').send(null)
  })

  app.get('/preview/stories/:slug', {
    config,
    schema: {
      operationId: 'previewStory',
      summary: 'Any story by slug, draft and scheduled included, as the public will see it, with its workflow state',
      tags: ['editorial'],
      params: SlugParams,
      response: previewResponses(ref(ManagedStory), 'story')
    }
  }, async (request, reply) => {
    const { slug } = request.params
    const now = Date.now()
    const story = await stories.get(slug, now)
    if (story !== null) return sendEditorial(reply, story)
    const current = await redirects.currentSlug('story', slug)
    if (current !== null) return sendPreviewMoved(reply, current)
    throw notFound(`No story has the slug "${slug}"`)
  })
}

export default routes
