/**
 * Review data in RSS and Atom entries, in Byline's own namespace (readers ignore
 * elements they do not know): the same fields as JSON Feed's `_review`.
 */
import type { reviewData } from './item-content.js'
import { child, type XMLBuilder } from './xml.js'

export const REVIEW_NS = 'urn:byline:review:1'

export function reviewElement (parent: XMLBuilder, review: NonNullable<ReturnType<typeof reviewData>>): void {
  const el = child(parent, 'review:review')
  child(el, 'review:subject', { kind: review.subject.kind, slug: review.subject.slug, releaseYear: review.subject.releaseYear }, review.subject.title)
  if (review.score !== null) {
    const format = review.scoreFormat
    child(el, 'review:score', { format: format.kind, min: 'min' in format ? format.min : null, max: 'max' in format ? format.max : null }, String(review.score))
  }
  if (review.normalizedScore !== null) child(el, 'review:normalizedScore', {}, String(review.normalizedScore))
  for (const award of review.awards) child(el, 'review:award', {}, award)
  child(el, 'review:summary', {}, review.summary)
}
