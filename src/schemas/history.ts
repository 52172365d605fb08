/** GET /v1/reviews/{slug}/history: every score and state the public has seen, oldest first. */
import { Type, type Static } from 'typebox'
import { StringEnum, Timestamp } from './common.js'
import { ref } from './ref.js'
import { ScoreFormat, scored, VerdictState } from './verdict.js'

export const HistoryEntry = Type.Object({
  at: Timestamp,
  event: StringEnum(['published', 'score_changed', 'finalized'] as const, {
    description: 'published: the review reached the public (again) with this scoring; score_changed: a score changed while public; finalized: a review in progress became final'
  }),
  state: ref(VerdictState),
  scoreFormat: ref(ScoreFormat),
  ...scored,
  platforms: Type.Array(Type.Object({
    platform: Type.String(),
    edition: Type.Union([Type.String(), Type.Null()]),
    primary: Type.Boolean(),
    state: ref(VerdictState),
    ...scored
  }, { additionalProperties: false }), { description: 'Each platform\'s verdict at that time; empty for a single verdict' }),
  note: Type.Union([Type.String(), Type.Null()], { description: 'The editor\'s note on the change, e.g. "Updated after patch 1.2"' })
}, { $id: 'ScoreHistoryEntry', additionalProperties: false })
export type HistoryEntryType = Static<typeof HistoryEntry>

export const ScoreHistory = Type.Object({
  review: Type.Object({
    id: Type.String(),
    slug: Type.String(),
    title: Type.String(),
    url: Type.String({ format: 'uri' })
  }, { additionalProperties: false }),
  data: Type.Array(ref(HistoryEntry), { description: 'Oldest first' })
}, { $id: 'ScoreHistory', additionalProperties: false })
export type ScoreHistoryType = Static<typeof ScoreHistory>
