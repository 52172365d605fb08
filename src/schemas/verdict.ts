import { Type, type Static } from 'typebox'
import { ref } from './ref.js'
import { Media, StringEnum } from './common.js'

export const AWARDS = ['editors-choice', 'must-play', 'must-watch', 'hidden-gem', 'best-of-year'] as const
export const Award = StringEnum(AWARDS, { $id: 'Award', description: 'Badges a review can carry' })
export type AwardType = Static<typeof Award>

export const NumericScoreFormat = Type.Object({
  kind: Type.Literal('numeric'),
  min: Type.Number(),
  max: Type.Number(),
  step: Type.Number({ exclusiveMinimum: 0 })
}, { additionalProperties: false })
export const StarsScoreFormat = Type.Object({
  kind: Type.Literal('stars'),
  max: Type.Integer({ minimum: 1, maximum: 10 }),
  step: Type.Number({ exclusiveMinimum: 0, maximum: 1 })
}, { additionalProperties: false })
export const LetterScoreFormat = Type.Object({ kind: Type.Literal('letter') }, { additionalProperties: false })
export const NoScoreFormat = Type.Object({ kind: Type.Literal('none') }, { additionalProperties: false })

export const ScoreFormat = Type.Union([NumericScoreFormat, StarsScoreFormat, LetterScoreFormat, NoScoreFormat], {
  $id: 'ScoreFormat',
  description: 'The scale a raw score is given on. Stars run from 0 to max; letter grades A+ … F.'
})
export type ScoreFormatType = Static<typeof ScoreFormat>

export const Score = Type.Union([Type.Number(), Type.String(), Type.Null()], {
  description: 'Raw score on `scoreFormat`: a number, a letter grade, or null when unscored'
})
export type ScoreType = Static<typeof Score>

const verdictFields = {
  score: Score,
  scoreFormat: ref(ScoreFormat),
  scoreDisplay: Type.Union([Type.String(), Type.Null()], { description: 'Score as printed, e.g. "9/10"' }),
  normalizedScore: Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()], {
    description: 'Score mapped to 0–100 (see README: score normalization); null when unscored'
  }),
  awards: Type.Array(ref(Award))
}

/** The verdict as shown on a story card: enough for a score badge. */
export const VerdictSummary = Type.Object(verdictFields, { $id: 'VerdictSummary', additionalProperties: false })
export type VerdictSummaryType = Static<typeof VerdictSummary>

/** The full "Final Thoughts" block. */
export const Verdict = Type.Object({
  ...verdictFields,
  summary: Type.String({ description: 'The Final Thoughts text' }),
  pros: Type.Array(Type.String()),
  cons: Type.Array(Type.String()),
  reviewedOn: Type.Union([Type.String(), Type.Null()], { description: 'Platform or edition reviewed' })
}, { $id: 'Verdict', additionalProperties: false })
export type VerdictType = Static<typeof Verdict>

export { Media }
