/** The PostgreSQL twin of src/db/schema-imports.ts; part of ./schema.ts, which re-exports it. */
import { index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import { ms } from './columns.js'

/**
 * Each imported item, by the source's own id (a WordPress post id, an author's login, a
 * term's slug): a second run finds what it made, updates what changed at the source
 * (`fingerprint`) and leaves alone what an editor changed in Byline since (the story's
 * `updatedAt` is no longer `targetUpdatedAt`).
 */
export const importItems = pgTable('import_items', {
  /** `wordpress:` and the site's base URL. */
  source: text('source').notNull(),
  kind: text('kind', { enum: ['story', 'author', 'section', 'tag', 'subject', 'media'] }).notNull(),
  externalId: text('external_id').notNull(),
  targetId: text('target_id').notNull(),
  fingerprint: text('fingerprint').notNull(),
  targetUpdatedAt: ms('target_updated_at'),
  /** What Byline has no field for yet (sub-scores…), kept for later. */
  extraJson: text('extra_json').notNull().default('{}'),
  importedAt: ms('imported_at').notNull()
}, (t) => [
  primaryKey({ columns: [t.source, t.kind, t.externalId] }),
  index('import_items_target_idx').on(t.targetId)
])

/**
 * Old permalinks of imported stories (`/2013/12/18/her-review`, `/?p=101`), normalized by
 * src/content/legacy-path.ts. `rank` 0 is a path the source named (its `link`, `?p=`), 1 a
 * form guessed from common permalink structures: a named path wins over a guess.
 */
export const legacyPaths = pgTable('legacy_paths', {
  path: text('path').primaryKey(),
  storyId: text('story_id').notNull(),
  rank: integer('rank').notNull(),
  createdAt: ms('created_at').notNull()
}, (t) => [
  index('legacy_paths_story_idx').on(t.storyId)
])
