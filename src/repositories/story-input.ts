/**
 * What a story is written from (`StoryInput`), and rebuilding it from the normalized
 * tables so a patch can be applied to it.
 */
import type { Db } from '../db/client.js'
import type { StoryStatus } from '../content/workflow.js'
import type { StoryKindType } from '../schemas/story.js'
import type { AwardType, ScoreFormatType } from '../schemas/verdict.js'
import type { VerdictInput } from '../content/verdict-merge.js'
import { statements } from './story-statements.js'
import { parseDetails } from '../content/verdict-details.js'

export type { VerdictInput }

export interface StoryInput {
  id: string
  slug: string
  type: StoryKindType
  status: StoryStatus
  title: string
  dek: string
  bodyMarkdown: string
  language: string
  heroMediaId: string | null
  attachmentMediaId: string | null
  sectionId: string
  authorIds: string[]
  tagIds: string[]
  subjectId: string | null
  verdict: VerdictInput | null
  publishedAt: number | null
  createdAt: number
  updatedAt: number
}

/** Rebuilds the input a story was saved from, so a patch can be applied to it. */
export async function loadStoryInput (db: Db, id: string): Promise<StoryInput | null> {
  const q = statements(db)
  const s = (await q.source.execute({ id }))[0]
  if (s === undefined) return null
  const v = (await q.verdict.execute({ id }))[0]
  return {
    id: s.id,
    slug: s.slug,
    type: s.type,
    status: s.status,
    title: s.title,
    dek: s.dek,
    bodyMarkdown: s.bodyMarkdown,
    language: s.language,
    heroMediaId: s.heroMediaId,
    attachmentMediaId: s.attachmentMediaId,
    sectionId: s.sectionId,
    authorIds: (await q.authorIds.execute({ id })).map((r) => r.id),
    tagIds: (await q.tagIds.execute({ id })).map((r) => r.id),
    subjectId: s.subjectId,
    verdict: v === undefined
      ? null
      : {
          scoreFormat: JSON.parse(v.scoreFormatJson) as ScoreFormatType,
          score: v.scoreValue ?? v.scoreLabel,
          summary: v.summary,
          pros: JSON.parse(v.prosJson) as string[],
          cons: JSON.parse(v.consJson) as string[],
          awards: JSON.parse(v.awardsJson) as AwardType[],
          reviewedOn: v.reviewedOn,
          state: v.state,
          ...parseDetails(v.detailsJson)
        },
    publishedAt: s.publishedAt,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt
  }
}
