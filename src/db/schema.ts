/**
 * Tables. Times are integer milliseconds since the epoch (UTC).
 *
 * Reads never join across these tables on the hot path: each story carries its
 * rendered public JSON (`docJson`, `cardJson`) and ETag, rebuilt at write time by
 * `renderStoryRow` in src/repositories/story-writer.ts. The normalized tables are the source of truth.
 *
 * Visibility is one column: `publicAt` is the publication time of a story that is
 * published or scheduled, and NULL for drafts and archived ones. A story is public
 * when `publicAt <= now`, so a scheduled story appears at its time with no job to run,
 * and every list is a range scan on an index that starts with `publicAt` (or with a
 * filter column followed by `publicAt`).
 */
import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

export const sections = sqliteTable('sections', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  position: integer('position').notNull().default(0),
  updatedAt: integer('updated_at').notNull()
}, (t) => [index('sections_position_idx').on(t.position, t.id)])

export const authors = sqliteTable('authors', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  jobTitle: text('job_title').notNull().default(''),
  bio: text('bio').notNull().default(''),
  avatarMediaId: text('avatar_media_id').references(() => media.id),
  socialJson: text('social_json').notNull().default('{}'),
  updatedAt: integer('updated_at').notNull()
}, (t) => [index('authors_name_idx').on(t.name, t.id)])

export const tags = sqliteTable('tags', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  updatedAt: integer('updated_at').notNull()
}, (t) => [index('tags_name_idx').on(t.name, t.id)])

export const media = sqliteTable('media', {
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
  sizeBytes: integer('size_bytes'),
  updatedAt: integer('updated_at').notNull()
})

export const subjects = sqliteTable('subjects', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  kind: text('kind', { enum: ['film', 'game', 'tv', 'hardware', 'book', 'music', 'other'] }).notNull(),
  title: text('title').notNull(),
  releaseDate: text('release_date'),
  releaseYear: integer('release_year'),
  description: text('description').notNull().default(''),
  // Small ordered lists owned by the subject: stored as JSON, never filtered on.
  creatorsJson: text('creators_json').notNull().default('[]'),
  castJson: text('cast_json').notNull().default('[]'),
  platformsJson: text('platforms_json').notNull().default('[]'),
  genresJson: text('genres_json').notNull().default('[]'),
  externalIdsJson: text('external_ids_json').notNull().default('{}'),
  updatedAt: integer('updated_at').notNull(),
  // Where to watch or buy, each with its region; `?region=` filters them on read. Added
  // columns come last, where ALTER TABLE puts them (both engines' tables must agree).
  offersJson: text('offers_json').notNull().default('[]')
})

export const stories = sqliteTable('stories', {
  // Column order matters for reads: SQLite reaches a column by walking the record, and
  // large values spill into overflow pages. Small, hot columns come first, then the
  // card (lists), then the document (single reads), then the sources (writes only).
  id: text('id').primaryKey(),
  slug: text('slug').notNull(),
  type: text('type', { enum: ['review', 'feature', 'news', 'list', 'podcast', 'video', 'guide'] }).notNull(),
  status: text('status', { enum: ['draft', 'scheduled', 'published', 'archived'] }).notNull(),
  sectionId: text('section_id').notNull().references(() => sections.id),
  subjectId: text('subject_id').references(() => subjects.id),
  // Denormalized from the subject so review lists filter by kind on an index.
  subjectKind: text('subject_kind'),
  publishedAt: integer('published_at'),
  publicAt: integer('public_at'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  language: text('language').notNull().default('en'),
  readingTimeMinutes: integer('reading_time_minutes').notNull().default(1),
  heroMediaId: text('hero_media_id').references(() => media.id),
  attachmentMediaId: text('attachment_media_id').references(() => media.id),
  title: text('title').notNull(),
  dek: text('dek').notNull().default(''),
  // Rendered at write time; served as-is.
  etag: text('etag').notNull().default(''),
  surrogateKeys: text('surrogate_keys').notNull().default(''),
  // When the stored rendering last changed; later than updatedAt after an edit to
  // something the story shows (its author, section, subject, media).
  renderedAt: integer('rendered_at').notNull().default(0),
  cardJson: text('card_json').notNull().default('{}'),
  docJson: text('doc_json').notNull().default('{}'),
  bodyMarkdown: text('body_markdown').notNull().default(''),
  bodyHtml: text('body_html').notNull().default(''),
  bodyText: text('body_text').notNull().default('')
}, (t) => [
  uniqueIndex('stories_slug_idx').on(t.slug),
  index('stories_public_idx').on(sql`${t.publicAt} desc`, sql`${t.id} desc`),
  index('stories_type_public_idx').on(t.type, sql`${t.publicAt} desc`, sql`${t.id} desc`),
  index('stories_section_public_idx').on(t.sectionId, sql`${t.publicAt} desc`, sql`${t.id} desc`),
  index('stories_subject_kind_public_idx').on(t.subjectKind, sql`${t.publicAt} desc`, sql`${t.id} desc`),
  index('stories_subject_idx').on(t.subjectId, sql`${t.publicAt} desc`),
  // Which stories show a media item (a media write re-renders them): without these, every new media record scanned every story.
  index('stories_hero_media_idx').on(t.heroMediaId).where(sql`${t.heroMediaId} is not null`),
  index('stories_attachment_media_idx').on(t.attachmentMediaId).where(sql`${t.attachmentMediaId} is not null`)
])

export const storyAuthors = sqliteTable('story_authors', {
  storyId: text('story_id').notNull().references(() => stories.id, { onDelete: 'cascade' }),
  authorId: text('author_id').notNull().references(() => authors.id),
  position: integer('position').notNull(),
  publicAt: integer('public_at')
}, (t) => [
  primaryKey({ columns: [t.storyId, t.authorId] }),
  index('story_authors_author_public_idx').on(t.authorId, sql`${t.publicAt} desc`, sql`${t.storyId} desc`)
])

export const storyTags = sqliteTable('story_tags', {
  storyId: text('story_id').notNull().references(() => stories.id, { onDelete: 'cascade' }),
  tagId: text('tag_id').notNull().references(() => tags.id),
  position: integer('position').notNull(),
  publicAt: integer('public_at')
}, (t) => [
  primaryKey({ columns: [t.storyId, t.tagId] }),
  index('story_tags_tag_public_idx').on(t.tagId, sql`${t.publicAt} desc`, sql`${t.storyId} desc`)
])

export const storyMedia = sqliteTable('story_media', {
  storyId: text('story_id').notNull().references(() => stories.id, { onDelete: 'cascade' }),
  mediaId: text('media_id').notNull().references(() => media.id),
  position: integer('position').notNull()
}, (t) => [
  primaryKey({ columns: [t.storyId, t.mediaId] }),
  index('story_media_media_idx').on(t.mediaId)
])

/** Server-owned settings, e.g. the secret that signs pagination cursors. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull()
})

/**
 * API keys. A key reads `byl_<id>_<secret>`: the id finds the row, and only a SHA-256
 * of the secret is stored, compared in constant time. Keys expire and are revoked by
 * setting a time, never deleted, so `keys list` keeps the history.
 */
export const apiKeys = sqliteTable('api_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role', { enum: ['admin', 'editor', 'partner'] }).notNull(),
  secretHash: text('secret_hash').notNull(),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at'),
  revokedAt: integer('revoked_at')
})

/**
 * Feed tokens: a partner's full-text feed URL for readers that cannot send headers
 * (`/v1/feeds/t/byf_<secret>/…`). A token grants feeds and nothing else. The token is
 * found by the SHA-256 of its secret, the only form stored; `id` names it in the CLI.
 * Revoked or expired by setting a time, never deleted, like API keys.
 */
export const feedTokens = sqliteTable('feed_tokens', {
  id: text('id').primaryKey(),
  partner: text('partner').notNull(),
  secretHash: text('secret_hash').notNull().unique(),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at'),
  revokedAt: integer('revoked_at')
})

/** A changed slug keeps answering: the old slug points at the resource's id, whose current slug is the target. */
export const slugRedirects = sqliteTable('slug_redirects', {
  resource: text('resource', { enum: ['story', 'author', 'section', 'tag', 'subject'] }).notNull(),
  oldSlug: text('old_slug').notNull(),
  targetId: text('target_id').notNull(),
  createdAt: integer('created_at').notNull()
}, (t) => [
  primaryKey({ columns: [t.resource, t.oldSlug] }),
  index('slug_redirects_target_idx').on(t.targetId)
])

/**
 * Append-only log of every change to the catalogue (triggers in the migration refuse
 * UPDATE and DELETE). `seq` is monotonic and never reused (AUTOINCREMENT). `effectiveAt`
 * is when the change reaches the public: later than `at` only for a scheduled story.
 * `unscheduled` withdraws an earlier `scheduled` entry (its time is in `detailJson`).
 */
export const changes = sqliteTable('changes', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  resource: text('resource', { enum: ['story', 'author', 'section', 'tag', 'subject', 'media'] }).notNull(),
  resourceId: text('resource_id').notNull(),
  slug: text('slug'),
  kind: text('kind', { enum: ['created', 'updated', 'published', 'scheduled', 'unscheduled', 'unpublished', 'deleted', 'score_changed', 'finalized'] }).notNull(),
  at: integer('at').notNull(),
  effectiveAt: integer('effective_at').notNull(),
  // Normalized 0–100 scores for score_changed; the scores as given are in detailJson.
  previousScore: integer('previous_score'),
  currentScore: integer('current_score'),
  detailJson: text('detail_json').notNull().default('{}'),
  // The API key id that made the change; null for the seeder and other CLI writes.
  actor: text('actor'),
  // 1 when the public could see the resource before or after the change (a scheduled
  // story counts from its time): feeds built on the log skip the rest, so a draft's
  // edits and its deletion never surface.
  visible: integer('visible', { mode: 'boolean' }).notNull().default(true)
}, (t) => [
  index('changes_resource_idx').on(t.resource, t.resourceId, t.seq),
  index('changes_effective_idx').on(t.effectiveAt, t.seq),
  // Entries that reach the public later than they were written (scheduled stories):
  // delta sync reads them by time, apart from the rest, which it reads by seq.
  index('changes_deferred_idx').on(t.effectiveAt, t.seq).where(sql`${t.effectiveAt} > ${t.at}`)
])

/**
 * Rows of the full-text index (`story_search`, an FTS5 table created in migration 0006,
 * which drizzle-kit does not model). The index holds published and scheduled stories
 * only; this table gives each one a stable integer rowid there, and finds it again to
 * update or remove it.
 */
export const searchRows = sqliteTable('search_rows', {
  id: integer('id').primaryKey(),
  storyId: text('story_id').notNull().unique(),
  // What search filters on, copied from the story: a match is checked against these
  // small rows, and the large story row is read only for the hits on the page.
  publicAt: integer('public_at'),
  type: text('type'),
  sectionId: text('section_id'),
  subjectKind: text('subject_kind')
})

// Webhooks, their messages and the leases of background work: src/db/schema-webhooks.ts.
export * from './schema-webhooks.js'
// What imports brought in: src/db/schema-imports.ts.
export * from './schema-imports.js'
// Verdicts and what review lists filter on: src/db/schema-reviews.ts.
export * from './schema-reviews.js'
