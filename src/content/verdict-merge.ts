/** Applying a verdict patch: field by field onto the stored verdict, or a whole new one. */
import type { VerdictPatchType } from '../schemas/editorial.js'
import type { AwardType, ScoreFormatType, ScoreType } from '../schemas/verdict.js'
import { FieldErrors } from './editorial-errors.js'

export interface VerdictInput {
  scoreFormat: ScoreFormatType
  score: ScoreType
  summary: string
  pros: string[]
  cons: string[]
  awards: AwardType[]
  reviewedOn: string | null
}

/** `undefined` keeps the verdict, `null` removes it; a story without one needs every required field. */
export function mergeVerdict (before: VerdictInput | null, patch: VerdictPatchType | null | undefined): VerdictInput | null {
  if (patch === undefined) return before
  if (patch === null) return null
  if (before === null) {
    const errors = new FieldErrors()
    if (patch.scoreFormat === undefined) errors.add('/body/verdict/scoreFormat', 'is required for a new verdict')
    if (patch.score === undefined) errors.add('/body/verdict/score', 'is required for a new verdict')
    if (patch.summary === undefined) errors.add('/body/verdict/summary', 'is required for a new verdict')
    errors.throwIfAny('invalid')
  }
  const base = before ?? { scoreFormat: patch.scoreFormat!, score: null, summary: '', pros: [], cons: [], awards: [], reviewedOn: null }
  return {
    scoreFormat: patch.scoreFormat ?? base.scoreFormat,
    score: patch.score !== undefined ? patch.score : base.score,
    summary: patch.summary ?? base.summary,
    pros: patch.pros ?? base.pros,
    cons: patch.cons ?? base.cons,
    awards: patch.awards ?? base.awards,
    reviewedOn: patch.reviewedOn !== undefined ? patch.reviewedOn : base.reviewedOn
  }
}
