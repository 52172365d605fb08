/** JSON Feed 1.1 as Byline serves it: the spec's fields plus the `_review` extension. */
import { Type } from 'typebox'
import { ref } from './ref.js'
import { Award, PlatformVerdict, ScoreFormat, Score, SubScore, VerdictState } from './verdict.js'
import { SubjectKind } from './subject.js'

const Uri = Type.String({ format: 'uri' })

export const JsonFeedReview = Type.Object({
  subject: Type.Object({
    title: Type.String(),
    kind: ref(SubjectKind),
    slug: Type.String(),
    releaseYear: Type.Union([Type.Integer(), Type.Null()])
  }, { additionalProperties: false }),
  score: Score,
  scoreFormat: ref(ScoreFormat),
  scoreDisplay: Type.Union([Type.String(), Type.Null()]),
  normalizedScore: Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()]),
  awards: Type.Array(ref(Award)),
  summary: Type.String(),
  state: ref(VerdictState),
  subScores: Type.Array(ref(SubScore)),
  pullQuote: Type.Union([Type.String(), Type.Null()]),
  platforms: Type.Array(ref(PlatformVerdict))
}, { $id: 'JsonFeedReview', additionalProperties: false, description: 'Review data of an item (`_review` extension)' })

const JsonFeedItem = Type.Object({
  id: Type.String({ description: 'Durable tag: URI naming the story by id; never reused' }),
  url: Uri,
  title: Type.String(),
  summary: Type.String(),
  content_html: Type.String({ description: 'Full body for partner keys (or everyone, by configuration); otherwise the summary' }),
  image: Type.Optional(Uri),
  date_published: Type.String({ format: 'date-time' }),
  date_modified: Type.String({ format: 'date-time' }),
  authors: Type.Array(Type.Object({ name: Type.String(), avatar: Type.Optional(Uri) }, { additionalProperties: false })),
  tags: Type.Array(Type.String()),
  language: Type.String(),
  attachments: Type.Optional(Type.Array(Type.Object({
    url: Uri,
    mime_type: Type.String(),
    title: Type.String(),
    size_in_bytes: Type.Optional(Type.Integer({ minimum: 0 })),
    duration_in_seconds: Type.Optional(Type.Integer({ minimum: 0 }))
  }, { additionalProperties: false }))),
  _review: Type.Optional(ref(JsonFeedReview))
}, { additionalProperties: false })

export const JsonFeed = Type.Object({
  version: Type.Literal('https://jsonfeed.org/version/1.1'),
  title: Type.String(),
  home_page_url: Uri,
  feed_url: Uri,
  description: Type.String(),
  language: Type.String(),
  icon: Type.Optional(Type.String({ format: 'uri', description: "The podcast feed's show artwork (square)" })),
  authors: Type.Array(Type.Object({ name: Type.String(), url: Uri }, { additionalProperties: false })),
  next_url: Type.Optional(Uri),
  hubs: Type.Optional(Type.Array(Type.Object({
    type: Type.Literal('WebSub'),
    url: Uri
  }, { additionalProperties: false }), { minItems: 1, description: 'WebSub hubs (`WEBSUB_HUBS`) a reader can subscribe at instead of polling; absent when none is configured' })),
  items: Type.Array(JsonFeedItem)
}, { $id: 'JsonFeed', additionalProperties: false, description: 'JSON Feed 1.1 (application/feed+json)' })
