import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { notFound } from '../http/problem.js'
import { Cursor, Limit, SlugParams } from '../schemas/common.js'
import { AuthorDetail, AuthorList, SectionList, SubjectDetail, TagList } from '../schemas/people.js'
import { ref } from '../schemas/ref.js'
import { readResponses } from './responses.js'

const PageQuery = Type.Object({ cursor: Type.Optional(Cursor), limit: Type.Optional(Limit) }, { additionalProperties: false })

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { catalog, stories } = app.repos

  app.get('/subjects/:slug', {
    schema: {
      operationId: 'getSubject',
      summary: 'A reviewed subject with its published reviews',
      tags: ['subjects'],
      params: SlugParams,
      response: readResponses(ref(SubjectDetail), 'The subject', [400, 404])
    }
  }, async (request, reply) => {
    const subject = await stories.getSubject(request.params.slug, Date.now())
    if (subject === null) throw notFound(`No subject has the slug "${request.params.slug}"`)
    return reply.sendRendered(subject)
  })

  app.get('/authors', {
    schema: {
      operationId: 'listAuthors',
      summary: 'Authors, by name',
      tags: ['authors'],
      querystring: PageQuery,
      response: readResponses(ref(AuthorList), 'A page of authors')
    }
  }, async (request, reply) => {
    const limit = request.query.limit ?? 20
    const page = await catalog.listAuthors(app.cursors.decode('authors', request.query.cursor, ['string', 'string']), limit)
    return reply.sendPage(page, limit, app.cursors.encode('authors', page.nextKey))
  })

  app.get('/authors/:slug', {
    schema: {
      operationId: 'getAuthor',
      summary: 'One author, with a count of their published stories (list them with /v1/stories?author=)',
      tags: ['authors'],
      params: SlugParams,
      response: readResponses(ref(AuthorDetail), 'The author', [400, 404])
    }
  }, async (request, reply) => {
    const author = await catalog.getAuthor(request.params.slug, Date.now())
    if (author === null) throw notFound(`No author has the slug "${request.params.slug}"`)
    return reply.sendRendered(author)
  })

  app.get('/sections', {
    schema: {
      operationId: 'listSections',
      summary: 'Sections, in site navigation order',
      tags: ['taxonomy'],
      querystring: PageQuery,
      response: readResponses(ref(SectionList), 'A page of sections')
    }
  }, async (request, reply) => {
    const limit = request.query.limit ?? 20
    const page = await catalog.listSections(app.cursors.decode('sections', request.query.cursor, ['number', 'string']), limit)
    return reply.sendPage(page, limit, app.cursors.encode('sections', page.nextKey))
  })

  app.get('/tags', {
    schema: {
      operationId: 'listTags',
      summary: 'Tags, by name',
      tags: ['taxonomy'],
      querystring: PageQuery,
      response: readResponses(ref(TagList), 'A page of tags')
    }
  }, async (request, reply) => {
    const limit = request.query.limit ?? 20
    const page = await catalog.listTags(app.cursors.decode('tags', request.query.cursor, ['string', 'string']), limit)
    return reply.sendPage(page, limit, app.cursors.encode('tags', page.nextKey))
  })
}

export default routes
