/**
 * Review data in RSS and Atom entries, in Byline's own namespace (readers ignore
 * elements they do not know): the same fields as JSON Feed's `_review`.
 */
import type { reviewData } from './item-content.js'
import { child, type XMLBuilder } from './xml.js'

export const REVIEW_NS = 'urn:byline:review:1'

type Review = NonNullable<ReturnType<typeof reviewData>>

/** `state` says whether the score is provisional: a reader that knows only `score` still gets the number. */
function scoreElements (el: XMLBuilder, format: Review['scoreFormat'], s: { score: Review['score'], normalizedScore: number | null }): void {
  if (s.score !== null) child(el, 'review:score', { format: format.kind, min: 'min' in format ? format.min : null, max: 'max' in format ? format.max : null }, String(s.score))
  if (s.normalizedScore !== null) child(el, 'review:normalizedScore', {}, String(s.normalizedScore))
}

function subScoreElements (el: XMLBuilder, subScores: Review['subScores']): void {
  for (const s of subScores) child(el, 'review:subScore', { label: s.label, normalized: s.normalizedScore }, String(s.score))
}

export function reviewElement (parent: XMLBuilder, review: Review): void {
  const el = child(parent, 'review:review', { state: review.state })
  child(el, 'review:subject', { kind: review.subject.kind, slug: review.subject.slug, releaseYear: review.subject.releaseYear }, review.subject.title)
  scoreElements(el, review.scoreFormat, review)
  subScoreElements(el, review.subScores)
  for (const award of review.awards) child(el, 'review:award', {}, award)
  child(el, 'review:summary', {}, review.summary)
  if (review.pullQuote !== null) child(el, 'review:pullQuote', {}, review.pullQuote)
  for (const p of review.platforms) {
    const platform = child(el, 'review:platform', { name: p.platform, edition: p.edition, primary: String(p.primary), state: p.state })
    scoreElements(platform, review.scoreFormat, p)
    subScoreElements(platform, p.subScores)
  }
}
