/**
 * GET /v1/verdicts: one record per public review, in the shape review aggregators
 * (OpenCritic, Metacritic) ingest — raw score with its scale, the 0–100 mapping, who
 * wrote it, where it is, and what it is about with the ids they match subjects on.
 */
import { Type, type Static } from 'typebox'
import { ref } from './ref.js'
import { ListMeta, Timestamp } from './common.js'
import { Subject } from './subject.js'
import { Verdict } from './verdict.js'

const { score, scoreFormat, scoreDisplay, normalizedScore, summary, pros, cons, awards, state, untested, subScores, pullQuote } = Verdict.properties

const subject = Subject.properties

const VerdictRecordSubject = Type.Object({
  id: subject.id,
  slug: subject.slug,
  kind: subject.kind,
  title: subject.title,
  releaseDate: subject.releaseDate,
  releaseYear: subject.releaseYear,
  externalIds: subject.externalIds,
  platforms: Type.Array(Type.String(), { description: 'Every platform the subject is released on (games, hardware); see `reviewedOn` for the one reviewed' })
}, { additionalProperties: false })

export const VerdictRecord = Type.Object({
  id: Type.String({ description: 'The review\'s id: stable, never reused. A review with a verdict per platform gives one record per platform, all with this id: (id, platform, edition) names a record' }),
  outlet: Type.String({ description: 'The publication' }),
  title: Type.String(),
  url: Type.String({ format: 'uri', description: 'Canonical URL of the review' }),
  language: Type.String({ description: 'RFC 5646 language tag' }),
  authors: Type.Array(Type.Object({ name: Type.String(), slug: Type.String() }, { additionalProperties: false })),
  publishedAt: Timestamp,
  updatedAt: Type.String({
    format: 'date-time',
    description: 'RFC 3339, UTC. When the record last changed as the public sees it: an edit, a re-rendering (an author or subject renamed) or publication. Pass the last one seen as `updatedSince`'
  }),
  score,
  scoreFormat,
  scoreDisplay,
  normalizedScore,
  summary,
  pros,
  cons,
  awards,
  state: { ...state, description: 'in_progress: the score is provisional (or absent) and may change; count only final ones as final' },
  untested,
  subScores,
  pullQuote,
  platform: Type.Union([Type.String(), Type.Null()], { description: 'The platform this record\'s score is for; null when the review names none' }),
  edition: Type.Union([Type.String(), Type.Null()]),
  primary: Type.Boolean({ description: 'Whether this is the review\'s own score (its headline verdict)' }),
  reviewedOn: Type.Union([Type.String(), Type.Null()], {
    description: 'Platform or edition the critic reviewed, as printed (free text, e.g. "PS5" or "Theatrical release"); the subject\'s `platforms` lists every platform it is on'
  }),
  subject: VerdictRecordSubject
}, { $id: 'VerdictRecord', additionalProperties: false })
export type VerdictRecordType = Static<typeof VerdictRecord>

export const VerdictRecordList = Type.Object({
  data: Type.Array(ref(VerdictRecord)),
  meta: ref(ListMeta)
}, { $id: 'VerdictRecordList', additionalProperties: false })
