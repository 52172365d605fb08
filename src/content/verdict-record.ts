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

/** The keys of everything a record shows, so a purge of the review, a byline or the subject reaches the page. */
export function verdictRecordKeys (review: ReviewType): string[] {
  return [surrogateKey.story(review.id), ...review.authors.map((a) => surrogateKey.author(a.id)), surrogateKey.subject(review.subject.id)]
}
