import { Type } from 'typebox'
import { ListMeta } from './common.js'
import { ref } from './ref.js'
import { StoryCard } from './story.js'

export const SearchHit = Type.Object({
  story: ref(StoryCard),
  highlights: Type.Object({
    title: Type.String({ description: 'The title as HTML, matching words in <mark>; everything else escaped' }),
    snippet: Type.String({ description: 'The best passage (title, dek, subject, tags or body) as HTML, matches in <mark>' })
  }, { additionalProperties: false })
}, { $id: 'SearchHit', additionalProperties: false })

export const SearchResults = Type.Object({ data: Type.Array(ref(SearchHit)), meta: ref(ListMeta) }, { $id: 'SearchResults', additionalProperties: false })
