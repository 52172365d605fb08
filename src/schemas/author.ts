import { Type, type Static } from 'typebox'
import { ListMeta, Media } from './common.js'
import { ref } from './ref.js'

export const Author = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  jobTitle: Type.String(),
  bio: Type.String(),
  avatar: Type.Union([ref(Media), Type.Null()]),
  social: Type.Record(Type.String(), Type.String(), { description: 'Profile links by network, e.g. { "mastodon": "https://…" }' })
}, { $id: 'Author', additionalProperties: false })
export type AuthorType = Static<typeof Author>

/** An author as bylined on a story. */
export const AuthorRef = Type.Pick(Author, ['id', 'slug', 'name', 'jobTitle', 'avatar'], { $id: 'AuthorRef', additionalProperties: false })
export type AuthorRefType = Static<typeof AuthorRef>

export const AuthorDetail = Type.Object({
  ...Author.properties,
  storyCount: Type.Integer({ minimum: 0, description: 'Published stories bylined by this author' })
}, { $id: 'AuthorDetail', additionalProperties: false })

export const AuthorList = Type.Object({ data: Type.Array(ref(Author)), meta: ref(ListMeta) }, { $id: 'AuthorList', additionalProperties: false })
