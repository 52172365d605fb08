/**
 * The shape of the demo's review notes: a subject and the review(s) written from it.
 * The plans themselves are in generated-subjects.ts (films, games) and
 * generated-subjects-more.ts (TV, hardware, books, music, other).
 */
import type { AwardType } from '../schemas/verdict.js'
import type { SubjectKindType } from '../schemas/subject.js'
import type { SeedSubject } from './types.js'

export type FormatKey = 'ten' | 'hundred' | 'stars' | 'letter' | 'none'

export interface ReviewOfPlan {
  score: number | string | null
  on: string // reviewedOn: platform or edition
  authors: string[]
  days: number // publication offset from the subject's release date
  awards?: AwardType[]
  port?: string // for a second review of the same subject: what differs on this platform
  summary?: string // overrides the plan summary
}

export interface ReviewPlan {
  subject: SeedSubject
  section: string
  tags: string[]
  format: FormatKey
  hook: string
  praise: string
  gripe: string
  pros: string[]
  cons: string[]
  summary: string
  more?: Array<[string, string]> // extra [heading, paragraph] sections for a few longer reviews
  reviews: ReviewOfPlan[]
}

export function subject (
  kind: SubjectKindType, slug: string, title: string, releaseDate: string, description: string,
  creators: Array<[string, string]>, genres: string[], platforms: string[] = [], cast: Array<[string, string]> = []
): SeedSubject {
  return {
    slug,
    kind,
    title,
    releaseDate,
    releaseYear: Number(releaseDate.slice(0, 4)),
    description,
    creators: creators.map(([name, role]) => ({ name, role })),
    cast: cast.map(([name, role]) => ({ name, role })),
    platforms,
    genres,
    externalIds: {}
  }
}
