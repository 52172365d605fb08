import { Type, type Static } from 'typebox'
import { ListMeta } from './common.js'
import { ref } from './ref.js'

export const Section = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String()
}, { $id: 'Section', additionalProperties: false })
export type SectionType = Static<typeof Section>

/** A section as named on a story. */
export const SectionRef = Type.Pick(Section, ['id', 'slug', 'name'], { $id: 'SectionRef', additionalProperties: false })
export type SectionRefType = Static<typeof SectionRef>

export const SectionList = Type.Object({ data: Type.Array(ref(Section)), meta: ref(ListMeta) }, { $id: 'SectionList', additionalProperties: false })

export const Tag = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String()
}, { $id: 'Tag', additionalProperties: false })
export type TagType = Static<typeof Tag>

export const TagList = Type.Object({ data: Type.Array(ref(Tag)), meta: ref(ListMeta) }, { $id: 'TagList', additionalProperties: false })
