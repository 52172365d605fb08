/**
 * GET /v1/embargoes: when a scheduled story lifts and what it is about, for partners who
 * plan coverage around embargoes. Deliberately without the story's title, slug, standfirst,
 * body, authors, verdict or score: those reach partners when the story is public, through
 * its own endpoint, delta sync and webhooks.
 */
import { Type, type Static } from 'typebox'
import { ListMeta } from './common.js'
import { ref } from './ref.js'
import { StoryKind } from './story.js'
import { SubjectRef } from './subject.js'
import { SectionRef } from './taxonomy.js'

export const Embargo = Type.Object({
  id: Type.String({ description: "The story's stable id: the key its `story` upsert in /v1/sync and its webhook events carry once it lifts. It stays the same when the story is rescheduled" }),
  liftsAt: Type.String({ format: 'date-time', description: 'When the story becomes public (RFC 3339, UTC); it may still be moved or withdrawn before then' }),
  type: ref(StoryKind),
  subject: Type.Union([ref(SubjectRef), Type.Null()], { description: 'What the story is about (a review always has one); null for a story about no one thing' }),
  section: ref(SectionRef)
}, { $id: 'Embargo', additionalProperties: false, description: 'An upcoming embargo lift: a scheduled story, without its content' })
export type EmbargoType = Static<typeof Embargo>

export const EmbargoList = Type.Object({
  data: Type.Array(ref(Embargo)),
  meta: ref(ListMeta)
}, { $id: 'EmbargoList', additionalProperties: false })
