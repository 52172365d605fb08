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

export const VERDICT_STATES = ['in_progress', 'final'] as const
export const VerdictState = StringEnum(VERDICT_STATES, {
  $id: 'VerdictState',
  description: 'final, or in_progress: published before the review is finished (online modes, the late game untested); its score, if any, is provisional'
})
export type VerdictStateType = Static<typeof VerdictState>

/** A score with its printed form and 0–100 mapping, as every scored part of a verdict gives it. */
export const scored = {
  score: Score,
  scoreDisplay: Type.Union([Type.String(), Type.Null()], { description: 'Score as printed, e.g. "9/10"' }),
  normalizedScore: Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()], { description: 'Score mapped to 0–100; null when unscored' })
}

/** One labelled part of a verdict (WP Review's ratings, a review block's parts): information, not a formula. */
export const SubScore = Type.Object({
  label: Type.String(),
  ...scored
}, { $id: 'SubScore', additionalProperties: false, description: 'A labelled score on the review\'s own scale' })
export type SubScoreType = Static<typeof SubScore>

/** The verdict for one platform or edition of the subject. */
export const PlatformVerdict = Type.Object({
  platform: Type.String({ description: 'e.g. "PS5", "Xbox Series X", "Director\'s cut"' }),
  edition: Type.Union([Type.String(), Type.Null()], { description: 'Edition or version reviewed on that platform' }),
  primary: Type.Boolean({ description: 'The one the review\'s own score is: its values are the verdict\'s' }),
  state: ref(VerdictState),
  untested: Type.Array(Type.String()),
  ...scored,
  subScores: Type.Array(ref(SubScore))
}, { $id: 'PlatformVerdict', additionalProperties: false })
export type PlatformVerdictType = Static<typeof PlatformVerdict>

const verdictFields = {
  score: Score,
  scoreFormat: ref(ScoreFormat),
  scoreDisplay: Type.Union([Type.String(), Type.Null()], { description: 'Score as printed, e.g. "9/10"' }),
  normalizedScore: Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()], {
    description: 'Score mapped to 0–100 (see README: score normalization); null when unscored'
  }),
  awards: Type.Array(ref(Award)),
  state: ref(VerdictState)
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
  reviewedOn: Type.Union([Type.String(), Type.Null()], { description: 'Platform or edition reviewed, as free text' }),
  untested: Type.Array(Type.String(), { description: 'What a review in progress has not tested yet; empty once final' }),
  platform: Type.Union([Type.String(), Type.Null()], { description: 'The platform of the primary verdict, when the review has one per platform' }),
  edition: Type.Union([Type.String(), Type.Null()]),
  subScores: Type.Array(ref(SubScore), { description: 'Labelled parts, in order, on the review\'s scale' }),
  pullQuote: Type.Union([Type.String(), Type.Null()], { description: 'One or two sentences quoted from the review (≤ 200 characters), for aggregators' }),
  platforms: Type.Array(ref(PlatformVerdict), { description: 'One verdict per platform or edition, the primary first; empty when the review has a single verdict' })
}, { $id: 'Verdict', additionalProperties: false })
export type VerdictType = Static<typeof Verdict>

export { Media }
