/**
 * The shape of a dataset the seeder loads (src/cli/seed.ts). Entities refer to each
 * other by slug (and media by id) so datasets read like the publication they describe.
 */
import type { AwardType } from '../schemas/verdict.js'
import type { VerdictInputType } from '../schemas/editorial.js'
import type { OfferInputType } from '../schemas/offer.js'
import type { StoryStatus } from '../content/workflow.js'
import type { ExternalIdsType, SubjectKindType } from '../schemas/subject.js'

export type StoryKind = 'review' | 'feature' | 'news' | 'list' | 'podcast' | 'video' | 'guide'

export interface SeedMedia {
  id: string // e.g. 'med-her-2013-review-4'; referenced from Markdown as ![alt](media:ID)
  kind: 'image' | 'audio' | 'video'
  url: string // absolute
  mimeType: string
  alt: string
  caption: string
  credit: string
  width?: number
  height?: number
  durationSeconds?: number
  sizeBytes?: number
}

export interface SeedSection { slug: string, name: string, description: string, position: number }
export interface SeedTag { slug: string, name: string }
export interface SeedAuthor {
  slug: string
  name: string
  jobTitle: string
  bio: string
  avatar?: string // media id
  social?: Record<string, string>
}

export interface SeedSubject {
  slug: string
  kind: SubjectKindType
  title: string
  releaseDate?: string // YYYY-MM-DD
  releaseYear?: number
  description: string
  creators: Array<{ name: string, role: string }>
  cast: Array<{ name: string, role: string }>
  platforms: string[]
  genres: string[]
  externalIds: ExternalIdsType
  offers?: OfferInputType[]
}

/** A demo verdict is written as the write API takes one (state, platforms, sub-scores, pull-quote). */
export type SeedVerdict = VerdictInputType & { pros: string[], cons: string[], awards: AwardType[] }

export interface SeedStory {
  slug: string
  type: StoryKind
  status: StoryStatus
  title: string
  dek: string
  bodyMarkdown: string
  heroImage?: string // media id
  attachment?: string // media id (podcast audio, video file)
  section: string // section slug
  authors: string[] // author slugs, in byline order
  tags: string[] // tag slugs
  subject?: string // subject slug; required for reviews
  verdict?: SeedVerdict // required for reviews
  publishedAt: string | null // RFC 3339; null for drafts
  updatedAt?: string // RFC 3339; defaults to publishedAt
  language?: string
  /** Old permalinks from before the move to Byline (as `npm run import:wordpress` records them): each answers 308. */
  legacyPaths?: string[]
}

export interface SeedDataset {
  media: SeedMedia[]
  sections: SeedSection[]
  tags: SeedTag[]
  authors: SeedAuthor[]
  subjects: SeedSubject[]
  stories: SeedStory[]
}
