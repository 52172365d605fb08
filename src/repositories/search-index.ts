/**
 * Keeps the full-text index in step with stories, inside the write's transaction:
 * a published or scheduled story is (re)indexed with its current text, anything else
 * is removed. Scheduled stories are indexed ahead and filtered by time when searched,
 * so they become findable at their time with no job.
 */
import type { Db } from '../db/client.js'
import type { StoryParts } from '../content/render.js'

type Statements = ReturnType<typeof prepare>
const cache = new WeakMap<Db, Statements>()

function prepare (db: Db) {
  const sqlite = db.$client
  return {
    rowOf: sqlite.prepare('SELECT id FROM search_rows WHERE story_id = ?').pluck(),
    newRow: sqlite.prepare('INSERT INTO search_rows (story_id, public_at, type, section_id, subject_kind) VALUES (?, ?, ?, ?, ?) RETURNING id').pluck(),
    filters: sqlite.prepare('UPDATE search_rows SET public_at = ?, type = ?, section_id = ?, subject_kind = ? WHERE id = ?'),
    dropRow: sqlite.prepare('DELETE FROM search_rows WHERE id = ?'),
    // CAST: JavaScript numbers bind as REAL, and FTS5 ignores a REAL rowid constraint.
    remove: sqlite.prepare('DELETE FROM story_search WHERE rowid = CAST(? AS INTEGER)'),
    add: sqlite.prepare('INSERT INTO story_search (rowid, title, dek, subject, tags, body) VALUES (CAST(? AS INTEGER), ?, ?, ?, ?, ?)')
  }
}

const statements = (db: Db) => cache.get(db) ?? cache.set(db, prepare(db)).get(db)!

/** The text a story is found by: its own words, its subject and creators, its tags. */
export function searchText (parts: StoryParts): [string, string, string, string, string] {
  const subject = parts.subject === null ? '' : [parts.subject.title, ...parts.subject.creators.map((c) => c.name)].join(' · ')
  return [parts.title, parts.dek, subject, parts.tags.map((t) => t.name).join(' · '), parts.bodyText]
}

export function indexStory (db: Db, parts: StoryParts, publicAt: number | null): void {
  const s = statements(db)
  const row = s.rowOf.get(parts.id) as number | undefined
  if (publicAt === null) {
    if (row !== undefined) { s.remove.run(row); s.dropRow.run(row) }
    return
  }
  const filters = [publicAt, parts.type, parts.section.id, parts.subject?.kind ?? null]
  if (row !== undefined) {
    s.remove.run(row)
    s.filters.run(...filters, row)
  }
  s.add.run(row ?? s.newRow.get(parts.id, ...filters), ...searchText(parts))
}

export function unindexStory (db: Db, storyId: string): void {
  const s = statements(db)
  const row = s.rowOf.get(storyId) as number | undefined
  if (row !== undefined) { s.remove.run(row); s.dropRow.run(row) }
}
