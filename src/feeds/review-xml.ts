/**
 * Review data in RSS and Atom entries, in Byline's own namespace (readers ignore
 * elements they do not know): the same fields as JSON Feed's `_review`.
 */
import type { reviewData } from './item-content.js'
import type { XMLBuilder } from './xml.js'

export const REVIEW_NS = 'urn:byline:review:1'

export function reviewElement (parent: XMLBuilder, review: NonNullable<ReturnType<typeof reviewData>>): void {
  const el = parent.ele('review:review')
  const subject = el.ele('review:subject', { kind: review.subject.kind, slug: review.subject.slug, ...(review.subject.releaseYear === null ? {} : { releaseYear: String(review.subject.releaseYear) }) })
  subject.txt(review.subject.title)
  if (review.score !== null) {
    el.ele('review:score', { format: review.scoreFormat.kind, ...('max' in review.scoreFormat ? { max: String(review.scoreFormat.max) } : {}), ...('min' in review.scoreFormat ? { min: String(review.scoreFormat.min) } : {}) })
      .txt(String(review.score))
  }
  if (review.normalizedScore !== null) el.ele('review:normalizedScore').txt(String(review.normalizedScore))
  for (const award of review.awards) el.ele('review:award').txt(award)
  el.ele('review:summary').txt(review.summary)
}
