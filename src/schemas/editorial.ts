/**
 * Request bodies of the write API and the editorial view of a story. Other resources
 * are created, patched and previewed in their public shapes (Author, Section, Tag,
 * Subject, Media). Every object rejects unknown fields: a typo is a 400, not a no-op.
 */
import { Type, type Static, type TSchema } from 'typebox'
import { MEDIA_KINDS, Slug, StringEnum, Timestamp } from './common.js'
import { ref } from './ref.js'
import { Story, StoryKind } from './story.js'
import { SUBJECT_KINDS } from './subject.js'
import { OfferInputList } from './offer.js'
import { AWARDS, ScoreFormat, VERDICT_STATES } from './verdict.js'

export const STORY_STATUSES = ['draft', 'scheduled', 'published', 'archived'] as const

/**
 * A nullable primitive as one multi-type schema, not anyOf: Fastify's Ajv coerces types
 * inside anyOf branches, which would turn null into 0 or "" (and 0 into null). With a
 * type list Ajv coerces nothing that already matches one of the types.
 */
function orNull<T extends TSchema> (schema: T, description?: string) {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [(schema as { type?: string }).type, 'null'], ...(description ? { description } : {}) })
}

const Text = (maxLength: number, description?: string) => Type.String({ maxLength, ...(description ? { description } : {}) })
const Name = (description: string) => Type.String({ minLength: 1, maxLength: 200, description })
const MediaId = Type.String({ pattern: '^[A-Za-z0-9_-]+$', minLength: 1, maxLength: 120, description: 'A media id from POST /v1/media' })
export const MediaIdParams = Type.Object({ id: MediaId }, { additionalProperties: false })
const SlugRefs = (description: string, maxItems: number) => Type.Array(Slug, { uniqueItems: true, maxItems, description })
const Credits = Type.Array(Type.Object({ name: Name('Person or company'), role: Name('director, developer, character played…') }, { additionalProperties: false }), { maxItems: 100 })
const Strings = (description: string) => Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50, description })

const subjectFields = {
  slug: Type.Optional(Slug),
  kind: StringEnum(SUBJECT_KINDS),
  title: Name('Title of the film, game, show or product'),
  releaseDate: Type.Optional(orNull(Type.String({ format: 'date' }))),
  releaseYear: Type.Optional(orNull(Type.Integer({ minimum: 1800, maximum: 3000 }), 'Defaults to the year of releaseDate')),
  description: Type.Optional(Text(5000)),
  creators: Type.Optional(Credits),
  cast: Type.Optional(Credits),
  platforms: Type.Optional(Strings('Platforms, e.g. "PS5"')),
  genres: Type.Optional(Strings('Genres')),
  externalIds: Type.Optional(Type.Object({
    imdb: Type.Optional(Text(100)),
    tmdb: Type.Optional(Text(100)),
    igdb: Type.Optional(Text(100)),
    steam: Type.Optional(Text(100)),
    opencritic: Type.Optional(Text(100)),
    gtin: Type.Optional(Text(100)),
    isbn: Type.Optional(Text(100)),
    musicbrainz: Type.Optional(Text(100))
  }, { additionalProperties: false })),
  offers: Type.Optional(OfferInputList)
}

export const SubjectCreate = Type.Object(subjectFields, {
  $id: 'SubjectCreate',
  additionalProperties: false,
  description: 'A new subject. `slug` defaults to one made from the title.',
  examples: [{ kind: 'film', title: 'Past Lives', releaseDate: '2023-06-02', creators: [{ name: 'Celine Song', role: 'director' }], genres: ['Drama'] }]
})
export type SubjectCreateType = Static<typeof SubjectCreate>
export const SubjectPatch = Type.Partial(Type.Object(subjectFields), {
  $id: 'SubjectPatch', additionalProperties: false, description: 'Fields to change; a new slug keeps the old one answering with 308', examples: [{ releaseYear: 2023 }]
})
export type SubjectPatchType = Static<typeof SubjectPatch>

// A type list for the same reason as orNull.
const ScoreInput = Type.Unsafe<number | string | null>({ type: ['number', 'string', 'null'], description: 'Raw score on `scoreFormat`: a number, a letter grade, or null when unscored' })

const SubScores = Type.Array(Type.Object({
  label: Name('What the part scores, e.g. "Story"'),
  score: ScoreInput
}, { additionalProperties: false }), { maxItems: 20, description: 'Labelled parts on the verdict\'s scale, in order; labels unique. Replaces the list on PATCH.' })

export const PlatformVerdictInput = Type.Object({
  platform: Name('e.g. "PS5"'),
  edition: Type.Optional(orNull(Name('Edition or version'))),
  primary: Type.Optional(Type.Boolean()),
  score: Type.Optional(ScoreInput),
  state: Type.Optional(StringEnum(VERDICT_STATES)),
  untested: Type.Optional(Strings('What is not tested yet on this platform')),
  subScores: Type.Optional(SubScores)
}, { $id: 'PlatformVerdictInput', additionalProperties: false, description: 'A non-primary entry needs a score (null when unscored)' })

const verdictFields = {
  scoreFormat: ref(ScoreFormat),
  score: ScoreInput,
  summary: Text(5000, 'The Final Thoughts text'),
  pros: Type.Optional(Strings('Pros, in order')),
  cons: Type.Optional(Strings('Cons, in order')),
  awards: Type.Optional(Type.Array(StringEnum(AWARDS), { uniqueItems: true, maxItems: AWARDS.length })),
  reviewedOn: Type.Optional(orNull(Text(200), 'Platform or edition reviewed, as free text')),
  state: Type.Optional(StringEnum(VERDICT_STATES, { description: 'in_progress publishes a provisional verdict (its score may be null); final (the default) is the finished one. A final verdict cannot go back in progress once public.' })),
  untested: Type.Optional(Strings('What a review in progress has not tested yet; only while in_progress')),
  platform: Type.Optional(orNull(Name('The platform of the primary verdict'))),
  edition: Type.Optional(orNull(Name('The edition of the primary verdict'))),
  subScores: Type.Optional(SubScores),
  pullQuote: Type.Optional(orNull(Type.String({ minLength: 1, maxLength: 200 }), 'An exact excerpt of the body or the verdict summary, at most 200 characters, not the title: quoted by aggregators and as JSON-LD description')),
  platforms: Type.Optional(Type.Array(ref(PlatformVerdictInput), {
    maxItems: 20,
    description: 'One verdict per platform or edition. Exactly one is primary (a single entry is); the primary takes its score, state and sub-scores from the verdict itself. Replaces the list on PATCH; [] removes them.'
  }))
}
export const VerdictInput = Type.Object(verdictFields, {
  $id: 'VerdictInput',
  additionalProperties: false,
  description: 'A review\'s verdict. On PATCH only the fields sent change; `score` must fit `scoreFormat`.',
  examples: [{ scoreFormat: { kind: 'numeric', min: 0, max: 10, step: 0.5 }, score: 9, summary: 'A tender, funny film about loneliness.', pros: ['Joaquin Phoenix'], cons: ['Slow middle act'], awards: ['editors-choice'] }]
})
export type VerdictInputType = Static<typeof VerdictInput>
export const VerdictPatch = Type.Partial(Type.Object({
  ...verdictFields,
  note: Type.String({ minLength: 1, maxLength: 500, description: 'Why the score or state changed ("Updated after patch 1.2"): shown in the score history, not kept in the verdict' })
}), { $id: 'VerdictPatch', additionalProperties: false, examples: [{ score: 8.5, note: 'Updated after patch 1.2' }, { state: 'final', score: 9 }] })
export type VerdictPatchType = Static<typeof VerdictPatch>

const storyFields = {
  slug: Type.Optional(Slug),
  type: ref(StoryKind),
  status: Type.Optional(StringEnum(STORY_STATUSES, {
    description: 'draft (default) → scheduled (public at publishedAt, which must be in the future) → published (publishedAt defaults to now) → archived. Only published and scheduled stories ever reach the public.'
  })),
  publishedAt: Type.Optional(orNull(Timestamp)),
  title: Type.String({ minLength: 1, maxLength: 300 }),
  dek: Type.Optional(Text(1000, 'Standfirst, plain text')),
  bodyMarkdown: Type.String({ maxLength: 200_000, description: 'Markdown. Raw HTML is escaped; `![alt](media:ID)` places a media item.' }),
  language: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35 })),
  section: Slug,
  authors: Type.Array(Slug, { minItems: 1, maxItems: 20, uniqueItems: true, description: 'Author slugs, in byline order' }),
  tags: Type.Optional(SlugRefs('Tag slugs', 50)),
  subject: Type.Optional(Type.Union([orNull(Slug), ref(SubjectCreate)], {
    description: 'What a review is about: an existing subject\'s slug, or a new subject created with the story'
  })),
  verdict: Type.Optional(Type.Union([Type.Null(), ref(VerdictInput)], { description: 'Required for reviews; absent for other types' })),
  heroImage: Type.Optional(orNull(MediaId)),
  attachment: Type.Optional(orNull(MediaId, 'Podcast audio or video file'))
}

export const StoryCreate = Type.Object(storyFields, {
  $id: 'StoryCreate',
  additionalProperties: false,
  examples: [{
    type: 'review',
    title: 'Past Lives review: the road not taken',
    dek: 'Celine Song\'s debut is quietly devastating.',
    bodyMarkdown: 'Nora and Hae Sung meet again after **24 years**.',
    section: 'movies',
    authors: ['rhys-calloway'],
    tags: ['drama'],
    subject: { kind: 'film', title: 'Past Lives', releaseDate: '2023-06-02' },
    verdict: { scoreFormat: { kind: 'numeric', min: 0, max: 10, step: 0.5 }, score: 9, summary: 'Tender and precise.' },
    status: 'draft'
  }]
})
export type StoryCreateType = Static<typeof StoryCreate>

export const StoryPatch = Type.Object({
  ...Type.Partial(Type.Object(storyFields)).properties,
  verdict: Type.Optional(Type.Union([Type.Null(), ref(VerdictPatch)], { description: 'Fields of the verdict to change; null removes it (not allowed on a review)' }))
}, {
  $id: 'StoryPatch',
  additionalProperties: false,
  description: 'Fields to change. `status` moves the story through the workflow; a new `slug` keeps the old one answering with 308.',
  examples: [{ status: 'scheduled', publishedAt: '2027-01-15T09:00:00Z' }, { verdict: { score: 8.5 } }]
})
export type StoryPatchType = Static<typeof StoryPatch>

export const ManagedStory = Type.Object({
  status: StringEnum(STORY_STATUSES, { description: 'Workflow status; a scheduled story whose time has passed reads "published"' }),
  live: Type.Boolean({ description: 'Whether the public sees it now' }),
  publishedAt: orNull(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  bodyMarkdown: Type.String(),
  story: ref(Story)
}, { $id: 'ManagedStory', additionalProperties: false, description: 'A story as editors see it: workflow state, Markdown source and the rendering the public will get' })

const authorFields = {
  slug: Type.Optional(Slug),
  name: Name('Display name'),
  jobTitle: Type.Optional(Text(200)),
  bio: Type.Optional(Text(5000)),
  avatar: Type.Optional(orNull(MediaId)),
  social: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z0-9-]{1,40}$' }), Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 }), { description: 'Profile URLs by network (http or https)' }))
}
export const AuthorCreate = Type.Object(authorFields, {
  $id: 'AuthorCreate', additionalProperties: false, examples: [{ name: 'Mina Okafor', jobTitle: 'Games Editor', social: { mastodon: 'https://mastodon.social/@mina' } }]
})
export const AuthorPatch = Type.Partial(Type.Object(authorFields), { $id: 'AuthorPatch', additionalProperties: false, examples: [{ jobTitle: 'Deputy Editor' }] })

const sectionFields = {
  slug: Type.Optional(Slug),
  name: Name('Navigation label'),
  description: Type.Optional(Text(1000)),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, description: 'Order in the site navigation' }))
}
export const SectionCreate = Type.Object(sectionFields, { $id: 'SectionCreate', additionalProperties: false, examples: [{ name: 'Podcasts', position: 7 }] })
export const SectionPatch = Type.Partial(Type.Object(sectionFields), { $id: 'SectionPatch', additionalProperties: false, examples: [{ description: 'Every episode' }] })

const tagFields = { slug: Type.Optional(Slug), name: Name('Display name') }
export const TagCreate = Type.Object(tagFields, { $id: 'TagCreate', additionalProperties: false, examples: [{ name: 'Open world' }] })
export const TagPatch = Type.Partial(Type.Object(tagFields), { $id: 'TagPatch', additionalProperties: false, examples: [{ name: 'Open-world' }] })

const mediaFields = {
  kind: StringEnum(MEDIA_KINDS),
  url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 }),
  mimeType: Type.String({ pattern: '^[a-z]+/[A-Za-z0-9.+-]+$', maxLength: 100 }),
  alt: Type.Optional(Text(1000, 'Alternative text; required in spirit for images')),
  caption: Type.Optional(Text(1000)),
  credit: Type.Optional(Text(300)),
  width: Type.Optional(orNull(Type.Integer({ minimum: 1, maximum: 100_000 }))),
  height: Type.Optional(orNull(Type.Integer({ minimum: 1, maximum: 100_000 }))),
  durationSeconds: Type.Optional(orNull(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Length of audio or video, seconds (up to about 11 days)' }))),
  sizeBytes: Type.Optional(orNull(Type.Integer({ minimum: 0, maximum: 1_099_511_627_776, description: 'File size in bytes (up to 1 TiB)' })))
}
export const MediaCreate = Type.Object({ id: Type.Optional(MediaId), ...mediaFields }, {
  $id: 'MediaCreate',
  additionalProperties: false,
  description: 'Metadata of a file hosted elsewhere (the CDN). `id` defaults to a new random one.',
  examples: [{ kind: 'image', url: 'https://cdn.byline.example/past-lives/hero.jpg', mimeType: 'image/jpeg', alt: 'Nora and Hae Sung on a bench', width: 1920, height: 1080 }]
})
export const MediaPatch = Type.Partial(Type.Object(mediaFields), { $id: 'MediaPatch', additionalProperties: false, examples: [{ caption: 'Photo: A24' }] })

export const editorialSchemas = [
  SubjectCreate, SubjectPatch, PlatformVerdictInput, VerdictInput, VerdictPatch, StoryCreate, StoryPatch, ManagedStory,
  AuthorCreate, AuthorPatch, SectionCreate, SectionPatch, TagCreate, TagPatch, MediaCreate, MediaPatch
]
