import { Type, type Static } from 'typebox'
import { ref } from './ref.js'
import { ListMeta, Media } from './common.js'
import { StoryCard } from './story.js'
import { Subject } from './subject.js'

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

export const AuthorDetail = Type.Object({
  ...Author.properties,
  storyCount: Type.Integer({ minimum: 0, description: 'Published stories bylined by this author' })
}, { $id: 'AuthorDetail', additionalProperties: false })

export const AuthorList = Type.Object({ data: Type.Array(ref(Author)), meta: ref(ListMeta) }, { $id: 'AuthorList', additionalProperties: false })

export const Section = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String()
}, { $id: 'Section', additionalProperties: false })
export type SectionType = Static<typeof Section>
export const SectionList = Type.Object({ data: Type.Array(ref(Section)), meta: ref(ListMeta) }, { $id: 'SectionList', additionalProperties: false })

export const Tag = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String()
}, { $id: 'Tag', additionalProperties: false })
export type TagType = Static<typeof Tag>
export const TagList = Type.Object({ data: Type.Array(ref(Tag)), meta: ref(ListMeta) }, { $id: 'TagList', additionalProperties: false })

export const SubjectDetail = Type.Object({
  ...Subject.properties,
  reviews: Type.Array(ref(StoryCard), { description: 'Published reviews of this subject, newest first' })
}, { $id: 'SubjectDetail', additionalProperties: false })
