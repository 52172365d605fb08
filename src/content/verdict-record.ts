/**
 * A public review → its aggregator record (GET /v1/verdicts). Pure: built from the
 * stored public document, so the record can never show more than the review page does.
 */
import type { ReviewType } from '../schemas/story.js'
import type { VerdictRecordType } from '../schemas/verdict-export.js'
import { iso, surrogateKey } from './render.js'

/**
 * `changedAt` rather than the document's own updatedAt: a re-rendering (an author
 * renamed) or a scheduled review going live changes the record with no edit to the story.
 */
export function toVerdictRecord (review: ReviewType, outlet: string, changedAt: number): VerdictRecordType {
  const { verdict: v, subject: s } = review
  const primary = v.platforms.find((p) => p.primary)
  return {
    id: review.id,
    outlet,
    title: review.title,
    url: review.url,
    language: review.language,
    authors: review.authors.map((a) => ({ name: a.name, slug: a.slug })),
    publishedAt: review.publishedAt,
    updatedAt: iso(changedAt),
    score: v.score,
    scoreFormat: v.scoreFormat,
    scoreDisplay: v.scoreDisplay,
    normalizedScore: v.normalizedScore,
    summary: v.summary,
    pros: v.pros,
    cons: v.cons,
    awards: v.awards,
    state: v.state,
    untested: v.untested,
    subScores: v.subScores,
    pullQuote: v.pullQuote,
    platform: primary?.platform ?? v.platform,
    edition: primary?.edition ?? v.edition,
    primary: true,
    reviewedOn: v.reviewedOn,
    subject: {
      id: s.id,
      slug: s.slug,
      kind: s.kind,
      title: s.title,
      releaseDate: s.releaseDate,
      releaseYear: s.releaseYear,
      externalIds: s.externalIds,
      platforms: s.platforms
    }
  }
}

/**
 * The records of one review, the way aggregators ingest per-platform scores (one page per
 * platform): the review's own record, then one per other platform with that platform's
 * score, state and sub-scores.
 */
export function toVerdictRecords (review: ReviewType, outlet: string, changedAt: number): VerdictRecordType[] {
  const own = toVerdictRecord(review, outlet, changedAt)
  return [own, ...review.verdict.platforms.filter((p) => !p.primary).map((p) => ({
    ...own,
    score: p.score,
    scoreDisplay: p.scoreDisplay,
    normalizedScore: p.normalizedScore,
    state: p.state,
    untested: p.untested,
    subScores: p.subScores,
    platform: p.platform,
    edition: p.edition,
    primary: false
  }))]
}

/** The keys of everything a record shows, so a purge of the review, a byline or the subject reaches the page. */
export function verdictRecordKeys (review: ReviewType): string[] {
  return [surrogateKey.story(review.id), ...review.authors.map((a) => surrogateKey.author(a.id)), surrogateKey.subject(review.subject.id)]
}
