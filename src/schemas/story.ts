import { Type, type Static } from 'typebox'
import { ref, taggedUnion } from './ref.js'
import { ListMeta, Media, StringEnum, Timestamp } from './common.js'
import { AuthorRef } from './author.js'
import { Subject, SubjectRef } from './subject.js'
import { SectionRef, Tag } from './taxonomy.js'
import { Verdict, VerdictSummary } from './verdict.js'

export const STORY_TYPES = ['review', 'feature', 'news', 'list', 'podcast', 'video', 'guide'] as const
export const StoryKind = StringEnum(STORY_TYPES, { $id: 'StoryKind' })
export type StoryKindType = Static<typeof StoryKind>
const ARTICLE_TYPES = STORY_TYPES.filter((t): t is Exclude<typeof t, 'review'> => t !== 'review')

const storyBase = {
  id: Type.String({ description: 'Stable opaque id' }),
  slug: Type.String(),
  title: Type.String(),
  dek: Type.String({ description: 'Standfirst / excerpt, plain text' }),
  url: Type.String({ format: 'uri', description: 'Canonical URL on the publication site' }),
  language: Type.String({ description: 'RFC 5646 language tag' }),
  publishedAt: Timestamp,
  updatedAt: Timestamp,
  readingTimeMinutes: Type.Integer({ minimum: 1 }),
  authors: Type.Array(ref(AuthorRef)),
  section: ref(SectionRef),
  heroImage: Type.Union([ref(Media), Type.Null()])
}

/** A review as it appears in lists and rails: its subject and score badge. */
export const ReviewCard = Type.Object({
  ...storyBase,
  type: Type.Literal('review'),
  subject: ref(SubjectRef),
  verdict: ref(VerdictSummary)
}, { $id: 'ReviewCard', additionalProperties: false })

/** Any other story in a list: no verdict. */
export const ArticleCard = Type.Object({
  ...storyBase,
  type: StringEnum(ARTICLE_TYPES),
  subject: Type.Union([ref(SubjectRef), Type.Null()], { description: 'What the story is about, when it is about one thing' }),
  verdict: Type.Null({ description: 'Only reviews have a verdict' })
}, { $id: 'ArticleCard', additionalProperties: false, description: 'Any story that is not a review, in a list' })

/** A story as it appears in lists and rails, typed by `type`. */
export const StoryCard = taggedUnion('type', [ReviewCard, ArticleCard], { $id: 'StoryCard', description: 'A story card, typed by `type`: a review card has its subject and verdict' })
export type StoryCardType = Static<typeof StoryCard>

const fullStory = {
  ...storyBase,
  tags: Type.Array(ref(Tag)),
  body: Type.Object({
    html: Type.String({ description: 'Rendered from Markdown at write time; raw HTML in the source is escaped' }),
    text: Type.String({ description: 'Plain text of the body' })
  }, { additionalProperties: false }),
  media: Type.Array(ref(Media), { description: 'Inline media, in body order' }),
  attachment: Type.Union([ref(Media), Type.Null()], { description: 'Podcast audio or video file' })
}

export const Review = Type.Object({
  ...fullStory,
  type: Type.Literal('review'),
  subject: ref(Subject),
  verdict: ref(Verdict)
}, { $id: 'Review', additionalProperties: false })
export type ReviewType = Static<typeof Review>

export const Article = Type.Object({
  ...fullStory,
  type: StringEnum(ARTICLE_TYPES),
  subject: Type.Union([ref(Subject), Type.Null()])
}, { $id: 'Article', additionalProperties: false, description: 'Any story that is not a review' })
export type ArticleType = Static<typeof Article>

export const Story = taggedUnion('type', [Review, Article], { $id: 'Story', description: 'A story, typed by `type`' })
export type StoryType = Static<typeof Story>

export const StoryList = Type.Object({
  data: Type.Array(ref(StoryCard)),
  meta: ref(ListMeta)
}, { $id: 'StoryList', additionalProperties: false })

/** GET /v1/reviews/{slug}/verdict: the Final Thoughts block with what it is about. */
export const ReviewVerdict = Type.Object({
  ...Verdict.properties,
  review: Type.Object({
    id: Type.String(),
    slug: Type.String(),
    title: Type.String(),
    url: Type.String({ format: 'uri' }),
    publishedAt: Timestamp,
    updatedAt: Timestamp
  }, { additionalProperties: false }),
  subject: ref(SubjectRef)
}, { $id: 'ReviewVerdict', additionalProperties: false })
export type ReviewVerdictType = Static<typeof ReviewVerdict>

/** GET /v1/subjects/{slug}: the subject and its public reviews. */
export const SubjectDetail = Type.Object({
  ...Subject.properties,
  reviews: Type.Array(ref(StoryCard), { description: 'Published reviews of this subject, newest first' })
}, { $id: 'SubjectDetail', additionalProperties: false })
