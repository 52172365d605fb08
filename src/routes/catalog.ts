import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { Cursor, Limit, SlugParams } from '../schemas/common.js'
import { AuthorDetail, AuthorList } from '../schemas/author.js'
import { SubjectDetail } from '../schemas/story.js'
import { SectionList, TagList } from '../schemas/taxonomy.js'
import { ref } from '../schemas/ref.js'
import { RegionQuery } from '../schemas/offer.js'
import { inRegion } from '../content/offers.js'
import { checkRegion } from './filters.js'
import { sendBySlug } from './moved.js'
import { readResponses } from '../http/responses.js'
import { ACCESS } from '../plugins/auth.js'

const PageQuery = Type.Object({ cursor: Type.Optional(Cursor), limit: Type.Optional(Limit) }, { additionalProperties: false })

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { catalog, stories, redirects } = app.repos

  // Sections, tags and authors are small keyset lists with the same contract.
  const lists = [
    { path: '/authors', operationId: 'listAuthors', summary: 'Authors, by name', tag: 'authors', schema: AuthorList, shape: ['string', 'string'], load: catalog.listAuthors },
    { path: '/sections', operationId: 'listSections', summary: 'Sections, in site navigation order', tag: 'taxonomy', schema: SectionList, shape: ['number', 'string'], load: catalog.listSections },
    { path: '/tags', operationId: 'listTags', summary: 'Tags, by name', tag: 'taxonomy', schema: TagList, shape: ['string', 'string'], load: catalog.listTags }
  ] as const
  for (const list of lists) {
    const kind = list.path.slice(1)
    app.get(list.path, {
      config: { access: ACCESS.public },
      schema: {
        operationId: list.operationId,
        summary: list.summary,
        tags: [list.tag],
        querystring: PageQuery,
        response: readResponses(ref(list.schema), `A page of ${kind}`)
      }
    }, async (request, reply) => {
      const limit = request.query.limit ?? 20
      const page = await list.load(app.cursors.decode(kind, request.query.cursor, [...list.shape]), limit, Date.now())
      return reply.sendPage(page, limit, app.cursors.encode(kind, page.nextKey))
    })
  }

  app.get('/subjects/:slug', {
    config: { access: ACCESS.public },
    schema: {
      operationId: 'getSubject',
      summary: 'A reviewed subject with its published reviews',
      tags: ['subjects'],
      params: SlugParams,
      querystring: RegionQuery,
      response: readResponses(ref(SubjectDetail), 'The subject', [400, 404], { moved: true })
    }
  }, async (request, reply) => {
    const { slug } = request.params
    const { region } = request.query
    checkRegion(region)
    const now = Date.now()
    return sendBySlug(reply, redirects, { resource: 'subject', slug, missing: `No subject has the slug "${slug}"` }, async (s) => {
      const subject = await stories.getSubject(s, now)
      return subject === null ? null : inRegion(subject, region, 'top')
    })
  })

  app.get('/authors/:slug', {
    config: { access: ACCESS.public },
    schema: {
      operationId: 'getAuthor',
      summary: 'One author, with a count of their published stories (list them with /v1/stories?author=)',
      tags: ['authors'],
      params: SlugParams,
      response: readResponses(ref(AuthorDetail), 'The author', [400, 404], { moved: true })
    }
  }, async (request, reply) => {
    const { slug } = request.params
    const now = Date.now()
    return sendBySlug(reply, redirects, { resource: 'author', slug, missing: `No author has the slug "${slug}"` }, (s) => catalog.getAuthor(s, now))
  })
}

export default routes
