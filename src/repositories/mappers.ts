/** Database rows → API shapes. Pure; shared by every repository. */
import type { InferSelectModel } from 'drizzle-orm'
import { parseDetails, renderPlatforms, renderSubScores } from '../content/verdict-details.js'
import type { authors, media, sections, subjects, tags, verdicts } from '../db/schema.js'
import type { MediaType } from '../schemas/common.js'
import type { AuthorRefType, AuthorType } from '../schemas/author.js'
import type { ExternalIdsType, SubjectType } from '../schemas/subject.js'
import type { OfferType } from '../schemas/offer.js'
import type { SectionType, TagType } from '../schemas/taxonomy.js'
import type { AwardType, ScoreFormatType, VerdictType } from '../schemas/verdict.js'
import { displayScore } from '../content/score.js'

type MediaRow = InferSelectModel<typeof media>
type AuthorRow = InferSelectModel<typeof authors>
type SubjectRow = InferSelectModel<typeof subjects>
type VerdictRow = InferSelectModel<typeof verdicts>

export function toMedia (row: MediaRow): MediaType {
  return {
    id: row.id,
    kind: row.kind,
    url: row.url,
    mimeType: row.mimeType,
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
    width: row.width,
    height: row.height,
    durationSeconds: row.durationSeconds,
    sizeBytes: row.sizeBytes
  }
}

export function toAuthor (row: AuthorRow, avatar: MediaRow | null): AuthorType {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    jobTitle: row.jobTitle,
    bio: row.bio,
    avatar: avatar && toMedia(avatar),
    social: JSON.parse(row.socialJson) as Record<string, string>
  }
}

export function toAuthorRef (row: AuthorRow, avatar: MediaRow | null): AuthorRefType {
  return { id: row.id, slug: row.slug, name: row.name, jobTitle: row.jobTitle, avatar: avatar && toMedia(avatar) }
}

export function toSection (row: InferSelectModel<typeof sections>): SectionType {
  return { id: row.id, slug: row.slug, name: row.name, description: row.description }
}

export function toTag (row: InferSelectModel<typeof tags>): TagType {
  return { id: row.id, slug: row.slug, name: row.name }
}

export function toSubject (row: SubjectRow): SubjectType {
  return {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    title: row.title,
    releaseDate: row.releaseDate,
    releaseYear: row.releaseYear,
    description: row.description,
    creators: JSON.parse(row.creatorsJson) as SubjectType['creators'],
    cast: JSON.parse(row.castJson) as SubjectType['cast'],
    platforms: JSON.parse(row.platformsJson) as string[],
    genres: JSON.parse(row.genresJson) as string[],
    externalIds: JSON.parse(row.externalIdsJson) as ExternalIdsType,
    offers: JSON.parse(row.offersJson) as OfferType[]
  }
}

export function toVerdict (row: VerdictRow): VerdictType {
  const scoreFormat = JSON.parse(row.scoreFormatJson) as ScoreFormatType
  const score = row.scoreLabel ?? row.scoreValue
  const d = parseDetails(row.detailsJson)
  return {
    score,
    scoreFormat,
    scoreDisplay: score === null ? null : displayScore(scoreFormat, score),
    normalizedScore: row.normalizedScore,
    awards: JSON.parse(row.awardsJson) as AwardType[],
    state: row.state,
    summary: row.summary,
    pros: JSON.parse(row.prosJson) as string[],
    cons: JSON.parse(row.consJson) as string[],
    reviewedOn: row.reviewedOn,
    untested: d.untested,
    platform: d.platform,
    edition: d.edition,
    subScores: renderSubScores(scoreFormat, d.subScores),
    pullQuote: d.pullQuote,
    platforms: renderPlatforms(scoreFormat, { score, state: row.state, untested: d.untested, subScores: d.subScores }, d.platforms)
  }
}
