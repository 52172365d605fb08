/**
 * The PostgreSQL twin of src/db/schema.ts: the same tables, column names, keys and
 * indexes, typed so that every table's select and insert row types are identical to
 * SQLite's (src/db/schemas-agree.ts fails to compile when they drift). Read the SQLite
 * file for what each column means; this one says only where the engines differ.
 *
 * - Millisecond times are `bigint` (mode number): they overflow a 4-byte integer.
 *   Counts and small numbers stay `integer`, except `size_bytes` (a video passes 2 GiB).
 * - JSON stays `text`: the rows carry rendered JSON that is served byte for byte, and
 *   `jsonb` would reorder keys and change the row type.
 * - Enums stay `text` with a TypeScript enum, as on SQLite: a Postgres enum type would
 *   need a migration for every new value and SQLite enforces none either.
 * - Descending index columns are `DESC NULLS FIRST`, Postgres's own order for `DESC`,
 *   so drizzle's `desc(col)` walks them. SQLite sorts NULLs last in `DESC`; every query
 *   on these indexes filters `public_at <= now`, which keeps NULLs out of the order.
 * - Integer primary keys that SQLite fills in (rowid) are identity columns BY DEFAULT,
 *   so they stay optional on insert and `db:copy` can still write the old values.
 *
 * Hand-written SQL (the append-only trigger on `changes`) is in migrations-postgres/.
 */
import { sql } from 'drizzle-orm'
import { bigint, boolean, doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { ms } from './columns.js'

export const sections = pgTable('sections', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  position: integer('position').notNull().default(0),
  updatedAt: ms('updated_at').notNull()
}, (t) => [index('sections_position_idx').on(t.position, t.id)])

export const authors = pgTable('authors', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  jobTitle: text('job_title').notNull().default(''),
  bio: text('bio').notNull().default(''),
  avatarMediaId: text('avatar_media_id').references(() => media.id),
  socialJson: text('social_json').notNull().default('{}'),
  updatedAt: ms('updated_at').notNull()
}, (t) => [index('authors_name_idx').on(t.name, t.id)])

export const tags = pgTable('tags', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  updatedAt: ms('updated_at').notNull()
}, (t) => [index('tags_name_idx').on(t.name, t.id)])

export const media = pgTable('media', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: ['image', 'audio', 'video'] }).notNull(),
  url: text('url').notNull(),
  mimeType: text('mime_type').notNull(),
  alt: text('alt').notNull().default(''),
  caption: text('caption').notNull().default(''),
  credit: text('credit').notNull().default(''),
  width: integer('width'),
  height: integer('height'),
  durationSeconds: integer('duration_seconds'),
  sizeBytes: bigint('size_bytes', { mode: 'number' }),
  updatedAt: ms('updated_at').notNull()
})

export const subjects = pgTable('subjects', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  kind: text('kind', { enum: ['film', 'game', 'tv', 'hardware', 'book', 'music', 'other'] }).notNull(),
  title: text('title').notNull(),
  releaseDate: text('release_date'),
  releaseYear: integer('release_year'),
  description: text('description').notNull().default(''),
  creatorsJson: text('creators_json').notNull().default('[]'),
  castJson: text('cast_json').notNull().default('[]'),
  platformsJson: text('platforms_json').notNull().default('[]'),
  genresJson: text('genres_json').notNull().default('[]'),
  externalIdsJson: text('external_ids_json').notNull().default('{}'),
  updatedAt: ms('updated_at').notNull(),
  // Last: Postgres adds a column at the end, and the migrated tables must match this order.
  offersJson: text('offers_json').notNull().default('[]')
})

export const stories = pgTable('stories', {
  // Same order as SQLite's. Postgres moves large values out of line (TOAST) by itself,
  // so the order matters less here; keeping it makes the two files easy to compare.
  id: text('id').primaryKey(),
  slug: text('slug').notNull(),
  type: text('type', { enum: ['review', 'feature', 'news', 'list', 'podcast', 'video', 'guide'] }).notNull(),
  status: text('status', { enum: ['draft', 'scheduled', 'published', 'archived'] }).notNull(),
  sectionId: text('section_id').notNull().references(() => sections.id),
  subjectId: text('subject_id').references(() => subjects.id),
  subjectKind: text('subject_kind'),
  publishedAt: ms('published_at'),
  publicAt: ms('public_at'),
  createdAt: ms('created_at').notNull(),
  updatedAt: ms('updated_at').notNull(),
  language: text('language').notNull().default('en'),
  readingTimeMinutes: integer('reading_time_minutes').notNull().default(1),
  heroMediaId: text('hero_media_id').references(() => media.id),
  attachmentMediaId: text('attachment_media_id').references(() => media.id),
  title: text('title').notNull(),
  dek: text('dek').notNull().default(''),
  etag: text('etag').notNull().default(''),
  surrogateKeys: text('surrogate_keys').notNull().default(''),
  renderedAt: ms('rendered_at').notNull().default(0),
  cardJson: text('card_json').notNull().default('{}'),
  docJson: text('doc_json').notNull().default('{}'),
  bodyMarkdown: text('body_markdown').notNull().default(''),
  bodyHtml: text('body_html').notNull().default(''),
  bodyText: text('body_text').notNull().default('')
}, (t) => [
  uniqueIndex('stories_slug_idx').on(t.slug),
  index('stories_public_idx').on(t.publicAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  index('stories_type_public_idx').on(t.type, t.publicAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  index('stories_section_public_idx').on(t.sectionId, t.publicAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  index('stories_subject_kind_public_idx').on(t.subjectKind, t.publicAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  index('stories_subject_idx').on(t.subjectId, t.publicAt.desc().nullsFirst()),
  // Which stories show a media item (a media write re-renders them): without these, every new media record scanned every story.
  index('stories_hero_media_idx').on(t.heroMediaId).where(sql`${t.heroMediaId} is not null`),
  index('stories_attachment_media_idx').on(t.attachmentMediaId).where(sql`${t.attachmentMediaId} is not null`)
])

export const storyAuthors = pgTable('story_authors', {
  storyId: text('story_id').notNull().references(() => stories.id, { onDelete: 'cascade' }),
  authorId: text('author_id').notNull().references(() => authors.id),
  position: integer('position').notNull(),
  publicAt: ms('public_at')
}, (t) => [
  primaryKey({ columns: [t.storyId, t.authorId] }),
  index('story_authors_author_public_idx').on(t.authorId, t.publicAt.desc().nullsFirst(), t.storyId.desc().nullsFirst())
])

export const storyTags = pgTable('story_tags', {
  storyId: text('story_id').notNull().references(() => stories.id, { onDelete: 'cascade' }),
  tagId: text('tag_id').notNull().references(() => tags.id),
  position: integer('position').notNull(),
  publicAt: ms('public_at')
}, (t) => [
  primaryKey({ columns: [t.storyId, t.tagId] }),
  index('story_tags_tag_public_idx').on(t.tagId, t.publicAt.desc().nullsFirst(), t.storyId.desc().nullsFirst())
])

export const storyMedia = pgTable('story_media', {
  storyId: text('story_id').notNull().references(() => stories.id, { onDelete: 'cascade' }),
  mediaId: text('media_id').notNull().references(() => media.id),
  position: integer('position').notNull()
}, (t) => [
  primaryKey({ columns: [t.storyId, t.mediaId] }),
  index('story_media_media_idx').on(t.mediaId)
])

export const verdicts = pgTable('verdicts', {
  storyId: text('story_id').primaryKey().references(() => stories.id, { onDelete: 'cascade' }),
  scoreFormatJson: text('score_format_json').notNull(),
  scoreValue: doublePrecision('score_value'),
  scoreLabel: text('score_label'),
  normalizedScore: integer('normalized_score'),
  scoreRank: integer('score_rank').notNull(),
  summary: text('summary').notNull().default(''),
  prosJson: text('pros_json').notNull().default('[]'),
  consJson: text('cons_json').notNull().default('[]'),
  awardsJson: text('awards_json').notNull().default('[]'),
  reviewedOn: text('reviewed_on'),
  sectionId: text('section_id').notNull(),
  subjectKind: text('subject_kind'),
  publicAt: ms('public_at'),
  etag: text('etag').notNull().default(''),
  verdictJson: text('verdict_json').notNull().default('{}'),
  changedAt: ms('changed_at').notNull().default(0),
  state: text('state', { enum: ['in_progress', 'final'] }).notNull().default('final'),
  detailsJson: text('details_json').notNull().default('{}')
}, (t) => [
  index('verdicts_rank_idx').on(t.scoreRank.desc().nullsFirst(), t.publicAt.desc().nullsFirst(), t.storyId.desc().nullsFirst()),
  index('verdicts_section_rank_idx').on(t.sectionId, t.scoreRank.desc().nullsFirst(), t.publicAt.desc().nullsFirst(), t.storyId.desc().nullsFirst()),
  index('verdicts_kind_rank_idx').on(t.subjectKind, t.scoreRank.desc().nullsFirst(), t.publicAt.desc().nullsFirst(), t.storyId.desc().nullsFirst()),
  index('verdicts_public_idx').on(t.publicAt.desc().nullsFirst(), t.storyId.desc().nullsFirst()),
  index('verdicts_changed_idx').on(t.changedAt, t.storyId),
  index('verdicts_kind_changed_idx').on(t.subjectKind, t.changedAt, t.storyId)
])

export const reviewAwards = pgTable('review_awards', {
  storyId: text('story_id').notNull().references(() => stories.id, { onDelete: 'cascade' }),
  award: text('award').notNull(),
  publicAt: ms('public_at')
}, (t) => [
  primaryKey({ columns: [t.award, t.storyId] }),
  index('review_awards_award_public_idx').on(t.award, t.publicAt.desc().nullsFirst(), t.storyId.desc().nullsFirst())
])

export const reviewPlatforms = pgTable('review_platforms', {
  storyId: text('story_id').notNull().references(() => stories.id, { onDelete: 'cascade' }),
  platform: text('platform').notNull(),
  publicAt: ms('public_at')
}, (t) => [
  primaryKey({ columns: [t.platform, t.storyId] }),
  index('review_platforms_platform_public_idx').on(t.platform, t.publicAt.desc().nullsFirst(), t.storyId.desc().nullsFirst())
])

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull()
})

export const apiKeys = pgTable('api_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role', { enum: ['admin', 'editor', 'partner'] }).notNull(),
  secretHash: text('secret_hash').notNull(),
  createdAt: ms('created_at').notNull(),
  expiresAt: ms('expires_at'),
  revokedAt: ms('revoked_at')
})

export const feedTokens = pgTable('feed_tokens', {
  id: text('id').primaryKey(),
  partner: text('partner').notNull(),
  secretHash: text('secret_hash').notNull().unique(),
  createdAt: ms('created_at').notNull(),
  expiresAt: ms('expires_at'),
  revokedAt: ms('revoked_at')
})

export const slugRedirects = pgTable('slug_redirects', {
  resource: text('resource', { enum: ['story', 'author', 'section', 'tag', 'subject'] }).notNull(),
  oldSlug: text('old_slug').notNull(),
  targetId: text('target_id').notNull(),
  createdAt: ms('created_at').notNull()
}, (t) => [
  primaryKey({ columns: [t.resource, t.oldSlug] }),
  index('slug_redirects_target_idx').on(t.targetId)
])

/**
 * Append-only: a trigger in migrations-postgres/ refuses UPDATE and DELETE. `seq` comes
 * from a sequence, which never hands a value out twice but, unlike SQLite's single
 * writer, can commit out of order under concurrent writers: whoever reads the log by
 * `seq` must see the writes serialized (the write side's job, not the schema's).
 */
export const changes = pgTable('changes', {
  seq: bigint('seq', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  resource: text('resource', { enum: ['story', 'author', 'section', 'tag', 'subject', 'media'] }).notNull(),
  resourceId: text('resource_id').notNull(),
  slug: text('slug'),
  kind: text('kind', { enum: ['created', 'updated', 'published', 'scheduled', 'unscheduled', 'unpublished', 'deleted', 'score_changed', 'finalized'] }).notNull(),
  at: ms('at').notNull(),
  effectiveAt: ms('effective_at').notNull(),
  previousScore: integer('previous_score'),
  currentScore: integer('current_score'),
  detailJson: text('detail_json').notNull().default('{}'),
  actor: text('actor'),
  visible: boolean('visible').notNull().default(true)
}, (t) => [
  index('changes_resource_idx').on(t.resource, t.resourceId, t.seq),
  index('changes_effective_idx').on(t.effectiveAt, t.seq),
  index('changes_deferred_idx').on(t.effectiveAt, t.seq).where(sql`${t.effectiveAt} > ${t.at}`)
])

/**
 * On SQLite these rows give each indexed story its FTS5 rowid; on Postgres their id keys
 * the search index's own tables (search.story_documents and search.story_texts,
 * migrations-postgres/0004, written by src/db/postgres/search.ts). The id is filled in by
 * the database as SQLite's rowid is.
 */
export const searchRows = pgTable('search_rows', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  storyId: text('story_id').notNull().unique(),
  publicAt: ms('public_at'),
  type: text('type'),
  sectionId: text('section_id'),
  subjectKind: text('subject_kind')
})

export * from './schema-webhooks.js'
export * from './schema-imports.js'
