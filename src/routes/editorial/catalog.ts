/**
 * Writing authors, sections, tags, subjects and media metadata. One contract for all
 * five (src/writes/catalog-editor.ts), so the routes are one loop over them.
 */
import { redirectRepository } from '../../repositories/redirects.js'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { TSchema } from 'typebox'
import { notFound } from '../../http/problem.js'
import { ACCESS } from '../../plugins/auth.js'
import type { CatalogResource } from '../../repositories/catalog-specs.js'
import { Author } from '../../schemas/author.js'
import { Media, SlugParams } from '../../schemas/common.js'
import { AuthorCreate, AuthorPatch, MediaCreate, MediaIdParams, MediaPatch, SectionCreate, SectionPatch, SubjectCreate, SubjectPatch, TagCreate, TagPatch } from '../../schemas/editorial.js'
import { ref } from '../../schemas/ref.js'
import { Subject } from '../../schemas/subject.js'
import { Section, Tag } from '../../schemas/taxonomy.js'
import { createResponses, deleteResponses, IfMatchHeaders, NoQuery, previewResponses, sendEditorial, sendPreviewMoved, updateResponses, writeContext } from './respond.js'

interface Resource { resource: CatalogResource, path: string, name: string, key: 'slug' | 'id', create: TSchema, patch: TSchema, shape: TSchema }

const RESOURCES: Resource[] = [
  { resource: 'author', path: 'authors', name: 'Author', key: 'slug', create: AuthorCreate, patch: AuthorPatch, shape: Author },
  { resource: 'section', path: 'sections', name: 'Section', key: 'slug', create: SectionCreate, patch: SectionPatch, shape: Section },
  { resource: 'tag', path: 'tags', name: 'Tag', key: 'slug', create: TagCreate, patch: TagPatch, shape: Tag },
  { resource: 'subject', path: 'subjects', name: 'Subject', key: 'slug', create: SubjectCreate, patch: SubjectPatch, shape: Subject },
  { resource: 'media', path: 'media', name: 'Media', key: 'id', create: MediaCreate, patch: MediaPatch, shape: Media }
]

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { catalog } = app.editors
  // Editors read the primary: they see their own writes at once.
  const redirects = redirectRepository(app.database.db)
  const config = { access: ACCESS.editors }

  for (const r of RESOURCES) {
    const what = r.resource
    const params = r.key === 'slug' ? SlugParams : MediaIdParams
    const item = `/${r.path}/:${r.key}`
    const keyOf = (p: unknown) => (p as Record<string, string>)[r.key]!
    const previewUrl = (key: string) => `/v1/preview/${r.path}/${key}`
    const body = (b: unknown) => b as Record<string, unknown>

    app.post(`/${r.path}`, {
      config,
      schema: { operationId: `create${r.name}`, summary: `Create ${what === 'media' ? 'a media item (metadata of a hosted file)' : `a ${what}`}`, tags: ['editorial'], querystring: NoQuery, body: ref(r.create), response: createResponses(ref(r.shape), what) }
    }, async (request, reply) => {
      const created = await app.writes.run('createCatalog', what, body(request.body), writeContext(request))
      return sendEditorial(reply, created, 201, previewUrl(created.key))
    })

    app.patch(item, {
      config,
      schema: {
        operationId: `update${r.name}`,
        summary: `Change a ${what}; stories that show it are re-rendered`,
        tags: ['editorial'],
        params,
        querystring: NoQuery,
        headers: IfMatchHeaders,
        body: ref(r.patch),
        response: updateResponses(ref(r.shape), what)
      }
    }, async (request, reply) => {
      const headers = request.headers as { 'if-match'?: string }
      return sendEditorial(reply, await app.writes.run('updateCatalog', what, keyOf(request.params), body(request.body), headers['if-match'], writeContext(request)))
    })

    app.delete(item, {
      config,
      schema: { operationId: `delete${r.name}`, summary: `Delete a ${what} that no story uses`, tags: ['editorial'], params, querystring: NoQuery, headers: IfMatchHeaders, response: deleteResponses(what) }
    }, async (request, reply) => {
      const headers = request.headers as { 'if-match'?: string }
      await app.writes.run('removeCatalog', what, keyOf(request.params), headers['if-match'], writeContext(request))
      return reply.code(204).header('Cache-Control', 'no-store').send(null)
    })

    app.get(`/preview/${r.path}/:${r.key}`, {
      config,
      schema: { operationId: `preview${r.name}`, summary: `A ${what} as editors edit it, with the ETag for If-Match`, tags: ['editorial'], params, response: previewResponses(ref(r.shape), what) }
    }, async (request, reply) => {
      const key = keyOf(request.params)
      const found = await catalog.get(what, key)
      if (found !== null) return sendEditorial(reply, found)
      const current = what === 'media' ? null : await redirects.currentSlug(what, key)
      if (current !== null) return sendPreviewMoved(reply, current)
      throw notFound(`No ${what} has the ${r.key} "${key}"`)
    })
  }
}

export default routes
