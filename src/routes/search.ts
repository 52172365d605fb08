import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { searchTerms } from '../content/search-query.js'
import { ACCESS } from '../plugins/auth.js'
import { Cursor, Limit, slugParam, StringEnum } from '../schemas/common.js'
import { ref } from '../schemas/ref.js'
import { SearchResults } from '../schemas/search.js'
import { STORY_TYPES } from '../schemas/story.js'
import { SUBJECT_KINDS } from '../schemas/subject.js'
import { listKind, resolveFilter } from './filters.js'
import { readResponses } from '../http/responses.js'

const SearchQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 200, description: 'Words to find. The last word also matches as a prefix (type-ahead) unless followed by a space; punctuation and operators are plain text.', examples: ['her phoenix', 'zelda tears', 'shoo'] }),
  type: Type.Optional(StringEnum(STORY_TYPES, { description: 'Only stories of this type' })),
  section: Type.Optional(slugParam('Only stories in this section (slug)', 'games')),
  subjectKind: Type.Optional(StringEnum(SUBJECT_KINDS, { description: 'Only stories about a subject of this kind' })),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit)
}, { additionalProperties: false })

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { search, catalog } = app.repos

  app.get('/search', {
    config: { access: ACCESS.public },
    schema: {
      operationId: 'search',
      summary: 'Full-text search over published stories: best match first (a title hit above a body hit), with highlights',
      tags: ['stories'],
      querystring: SearchQuery,
      response: readResponses(ref(SearchResults), 'A page of hits')
    }
  }, async (request, reply) => {
    const q = request.query
    const limit = q.limit ?? 20
    const kind = listKind('search', { q: q.q, type: q.type, section: q.section, subjectKind: q.subjectKind })
    const after = app.cursors.decode(kind, q.cursor, ['number', 'number'])
    const sectionId = await resolveFilter(catalog, 'section', q.section)
    const match = searchTerms(q.q)
    const page = match === null
      ? { items: [], nextKey: null, lastModified: 0, surrogateKeys: ['stories'], itemEtags: null }
      : await search.search(match, { type: q.type, sectionId, subjectKind: q.subjectKind }, after, limit, Date.now())
    return reply.sendPage(page, limit, app.cursors.encode(kind, page.nextKey))
  })
}

export default routes
