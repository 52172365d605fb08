/** GET /v1/sync: the change log as events a partner replays to mirror the public catalogue. */
import { Type } from 'typebox'
import { ref } from './ref.js'
import { StringEnum } from './common.js'
import { Author } from './author.js'
import { Story } from './story.js'
import { Section, Tag } from './taxonomy.js'
import { ScoreFormat, Score, VerdictState } from './verdict.js'

export const SyncResourceKind = StringEnum(['story', 'author', 'section', 'tag'], { $id: 'SyncResource', description: 'Kind of resource an event is about' })

const head = {
  resource: ref(SyncResourceKind),
  id: Type.String({ description: 'Stable id of the resource: the key of a mirror' }),
  at: Type.String({ format: 'date-time', description: 'When the change reached the public' })
}

const RawScore = Type.Union([Type.Object({
  scoreFormat: ref(ScoreFormat),
  score: Score,
  state: ref(VerdictState)
}, { additionalProperties: false, description: 'in_progress: the score is provisional' }), Type.Null()])

const scoreChange = {
  ...head,
  previousScore: Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()], { description: 'Normalized 0–100 before' }),
  currentScore: Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()], { description: 'Normalized 0–100 after' }),
  previous: RawScore,
  current: RawScore,
  note: Type.Union([Type.String(), Type.Null()], { description: 'The editor\'s note on the change' })
}

export const SyncEvent = Type.Union([
  Type.Object({
    op: Type.Literal('upsert'),
    ...head,
    data: Type.Union([ref(Story), ref(Author), ref(Section), ref(Tag)], { description: 'The resource as the public sees it now, as its own endpoint serves it' })
  }, { additionalProperties: false, description: 'Store or replace the resource' }),
  Type.Object({ op: Type.Literal('delete'), ...head }, { additionalProperties: false, description: 'Tombstone: the resource was unpublished or deleted; drop it' }),
  Type.Object({
    op: Type.Literal('score'),
    ...scoreChange
  }, { additionalProperties: false, description: "A review's score changed (the review's upsert carries the new verdict)" }),
  Type.Object({
    op: Type.Literal('finalized'),
    ...scoreChange
  }, { additionalProperties: false, description: 'A review in progress became final: its score is no longer provisional' })
], { $id: 'SyncEvent' })

export const SyncPage = Type.Object({
  data: Type.Array(ref(SyncEvent)),
  meta: Type.Object({
    nextCursor: Type.String({ description: 'Store it and pass it as `cursor` next time, whether or not hasMore' }),
    hasMore: Type.Boolean({ description: 'More events are ready now: ask again with nextCursor at once' })
  }, { additionalProperties: false })
}, { $id: 'SyncPage', additionalProperties: false })
