/**
 * Keeps the full-text index in step with stories, inside the write's transaction:
 * a published or scheduled story is (re)indexed with its current text, anything else
 * is removed. Scheduled stories are indexed ahead and filtered by time when searched,
 * so they become findable at their time with no job. The index itself is the engine's
 * (src/db/sqlite/search.ts: FTS5; src/db/postgres/search.ts: weighted tsvector and GIN).
 */
import type { StoryParts } from '../content/render.js'
import type { SearchTerms } from '../content/search-query.js'
import type { Db } from '../db/client.js'
import * as postgres from '../db/postgres/search.js'
import * as sqlite from '../db/sqlite/search.js'
import { onPostgres } from '../db/tables.js'

/** What the index holds for a public or scheduled story: the filter columns and the text it is found by. */
export interface SearchEntry {
  filters: [publicAt: number, type: string, sectionId: string, subjectKind: string | null]
  text: [title: string, dek: string, subject: string, tags: string, body: string]
}

export interface SearchFilter { type?: string, sectionId?: string | null, subjectKind?: string }

/** One hit: its highlights as safe HTML, and its key (rank, row) for the next page's cursor. */
export interface SearchHit { storyId: string, key: [number, number], titleHtml: string, snippetHtml: string }
export interface SearchHits { hits: SearchHit[], more: boolean }

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
export async function indexStory (db: Db, storyId: string, entry: SearchEntry | null): Promise<void> {
  if (onPostgres(db)) await postgres.indexStory(db as unknown as postgres.PgDb, storyId, entry)
  else sqlite.searchIndexOf(db).indexStory(storyId, entry)
}

/** A page of hits, best first, on whichever engine `db` is. */
export async function findStories (db: Db, terms: SearchTerms, filter: SearchFilter, after: [number, number] | null, limit: number, now: number): Promise<SearchHits> {
  if (onPostgres(db)) return await postgres.findStories(db as unknown as postgres.PgDb, terms, filter, after, limit, now)
  return sqlite.findStories(db, terms, filter, after, limit, now)
}
