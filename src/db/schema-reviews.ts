/** Verdicts and the rows review lists filter and sort on: part of src/db/schema.ts, which re-exports it. */
import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { stories } from './schema.js'

export const verdicts = sqliteTable('verdicts', {
  storyId: text('story_id').primaryKey().references(() => stories.id, { onDelete: 'cascade' }),
  scoreFormatJson: text('score_format_json').notNull(),
  scoreValue: real('score_value'),
  scoreLabel: text('score_label'),
  normalizedScore: integer('normalized_score'),
  // normalizedScore, or -1 when unscored, so sort=score is one keyset index.
  scoreRank: integer('score_rank').notNull(),
  summary: text('summary').notNull().default(''),
  prosJson: text('pros_json').notNull().default('[]'),
  consJson: text('cons_json').notNull().default('[]'),
  awardsJson: text('awards_json').notNull().default('[]'),
  reviewedOn: text('reviewed_on'),
  // Denormalized from the story so score-sorted lists filter and sort on one index.
  sectionId: text('section_id').notNull(),
  subjectKind: text('subject_kind'),
  publicAt: integer('public_at'),
  etag: text('etag').notNull().default(''),
  verdictJson: text('verdict_json').notNull().default('{}'),
  // When the review last changed as the public sees it: the latest of its edit, its
  // re-rendering and its publication time, so the aggregator export's `updatedSince`
  // also picks up a scheduled review when it goes live. Set by renderStoryRow.
  changedAt: integer('changed_at').notNull().default(0),
  // in_progress | final: a provisional score is marked as such everywhere it shows.
  state: text('state', { enum: ['in_progress', 'final'] }).notNull().default('final'),
  // What the verdict holds that nothing filters or sorts on: untested notes, pull-quote,
  // sub-scores, the primary's platform and edition, the other platforms' verdicts.
  detailsJson: text('details_json').notNull().default('{}')
}, (t) => [
  index('verdicts_rank_idx').on(sql`${t.scoreRank} desc`, sql`${t.publicAt} desc`, sql`${t.storyId} desc`),
  index('verdicts_section_rank_idx').on(t.sectionId, sql`${t.scoreRank} desc`, sql`${t.publicAt} desc`, sql`${t.storyId} desc`),
  index('verdicts_kind_rank_idx').on(t.subjectKind, sql`${t.scoreRank} desc`, sql`${t.publicAt} desc`, sql`${t.storyId} desc`),
  index('verdicts_public_idx').on(sql`${t.publicAt} desc`, sql`${t.storyId} desc`),
  index('verdicts_changed_idx').on(t.changedAt, t.storyId),
  index('verdicts_kind_changed_idx').on(t.subjectKind, t.changedAt, t.storyId)
])

export const reviewAwards = sqliteTable('review_awards', {
  storyId: text('story_id').notNull().references(() => stories.id, { onDelete: 'cascade' }),
  award: text('award').notNull(),
  publicAt: integer('public_at')
}, (t) => [
  primaryKey({ columns: [t.award, t.storyId] }),
  index('review_awards_award_public_idx').on(t.award, sql`${t.publicAt} desc`, sql`${t.storyId} desc`)
])

/** The platforms or editions a review has a verdict for, so review lists filter by platform. */
export const reviewPlatforms = sqliteTable('review_platforms', {
  storyId: text('story_id').notNull().references(() => stories.id, { onDelete: 'cascade' }),
  platform: text('platform').notNull(),
  publicAt: integer('public_at')
}, (t) => [
  primaryKey({ columns: [t.platform, t.storyId] }),
  index('review_platforms_platform_public_idx').on(t.platform, sql`${t.publicAt} desc`, sql`${t.storyId} desc`)
])
