/**
 * Keeps the full-text index in step with stories, inside the write's transaction:
 * a published or scheduled story is (re)indexed with its current text, anything else
 * is removed. Scheduled stories are indexed ahead and filtered by time when searched,
 * so they become findable at their time with no job.
 */
import { perDatabase, type Db } from '../db/client.js'
import type { StoryParts } from '../content/render.js'

const statements = perDatabase((db: Db) => {
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
})

/** What the index holds for a public or scheduled story: the filter columns and the text it is found by. */
export interface SearchEntry {
  filters: [publicAt: number, type: string, sectionId: string, subjectKind: string | null]
  text: [title: string, dek: string, subject: string, tags: string, body: string]
}

/** The entry for a story, or null when it must not be found (a draft, an archived story). */
export function searchEntry (parts: StoryParts, publicAt: number | null): SearchEntry | null {
  if (publicAt === null) return null
  const subject = parts.subject === null ? '' : [parts.subject.title, ...parts.subject.creators.map((c) => c.name)].join(' · ')
  return {
    filters: [publicAt, parts.type, parts.section.id, parts.subject?.kind ?? null],
    text: [parts.title, parts.dek, subject, parts.tags.map((t) => t.name).join(' · '), parts.bodyText]
  }
}

/** Puts a story in the index with `entry`, or takes it out when `entry` is null. */
export function indexStory (db: Db, storyId: string, entry: SearchEntry | null): void {
  const s = statements(db)
  const row = s.rowOf.get(storyId) as number | undefined
  if (row !== undefined) s.remove.run(row)
  if (entry === null) {
    if (row !== undefined) s.dropRow.run(row)
    return
  }
  if (row === undefined) return addToIndex(db, storyId, entry)
  s.filters.run(...entry.filters, row)
  s.add.run(row, ...entry.text)
}

/** Indexes a story that is not in the index yet (the bulk loader's case: no lookup first). */
export function addToIndex (db: Db, storyId: string, entry: SearchEntry): void {
  const s = statements(db)
  s.add.run(s.newRow.get(storyId, ...entry.filters), ...entry.text)
}
