/**
 * Loading a synthetic archive fast (`npm run seed:large`). Stories are rendered by the
 * same pure functions as editorial writes (Markdown, renderStory, scores, search text)
 * but written with prepared statements in large transactions, skipping the per-story
 * reads an editorial write makes. Every table a story write touches is filled, the
 * change log and the search index included, so the archive behaves like real content.
 *
 * SQLite only: a large archive for PostgreSQL is loaded here and copied over (`npm run db:copy`).
 */
import { asc, eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import type { SqliteDatabase } from '../db/sqlite/open.js'
import { sqliteSearchIndex } from '../db/sqlite/search.js'
import { countWords } from '../db/sqlite/search-vocabulary.js'
import { tablesOf } from '../db/tables.js'
import { etagOf, stableId } from '../content/ids.js'
import { renderMarkdown } from '../content/markdown.js'
import { renderStory, type StoryParts } from '../content/render.js'
import { displayScore, normalizeScore } from '../content/score.js'
import { publicAtOf } from '../content/workflow.js'
import type { SyntheticStory } from '../demo/synthetic.js'
import type { MediaType } from '../schemas/common.js'
import type { AuthorRefType } from '../schemas/author.js'
import type { SectionRefType, TagType } from '../schemas/taxonomy.js'
import type { SubjectType } from '../schemas/subject.js'
import { toAuthorRef, toMedia } from './mappers.js'
import { searchEntry, type SearchEntry } from './search-index.js'
import { getSetting } from './settings.js'

export interface Pools { sections: SectionRefType[], authors: AuthorRefType[], tags: TagType[], heroes: MediaType[] }

const PROGRESS = 'synthetic_stories'
const NO_MEDIA = new Map<string, MediaType>()

/** The catalogue synthetic stories draw on: what the demo seed created. */
export async function loadPools (db: Db): Promise<Pools> {
  const { authors, media, sections, tags } = tablesOf(db)
  const avatars = new Map((await db.select().from(media)).map((m) => [m.id, m]))
  return {
    sections: (await db.select().from(sections).orderBy(asc(sections.position))).map((s) => ({ id: s.id, slug: s.slug, name: s.name })),
    authors: (await db.select().from(authors).orderBy(asc(authors.id))).map((a) => toAuthorRef(a, a.avatarMediaId === null ? null : avatars.get(a.avatarMediaId) ?? null)),
    tags: (await db.select().from(tags).orderBy(asc(tags.id))).map((t) => ({ id: t.id, slug: t.slug, name: t.name })),
    heroes: (await db.select().from(media).where(eq(media.kind, 'image')).orderBy(asc(media.id)).limit(1000)).map(toMedia)
  }
}

/** How many synthetic stories the database already holds: a run resumes there. */
export async function syntheticCount (db: Db): Promise<number> {
  return Number(await getSetting(db, PROGRESS) ?? 0)
}

/** Everything one synthetic story writes, as statement parameters: built off the main thread. */
export interface BulkRow {
  story: unknown[]
  subject: unknown[] | null
  authors: unknown[][]
  tags: unknown[][]
  verdict: unknown[] | null
  awards: unknown[][]
  search: SearchEntry | null
  changes: unknown[][]
}

/** Renders a synthetic story with the same pure functions an editorial write uses. */
export function renderRow (s: SyntheticStory, pools: Pools, siteUrl: string, now: number): BulkRow {
  const id = stableId('syn', String(s.n))
  const publicAt = publicAtOf(s.status, s.publishedAt)
  const subject: SubjectType | null = s.subject === null
    ? null
    : {
        id: stableId('syn-sub', String(s.subject.key)),
        slug: `${s.subject.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${s.subject.key}`,
        kind: s.subject.kind,
        title: s.subject.title,
        releaseDate: null,
        releaseYear: s.subject.releaseYear,
        description: '',
        creators: s.subject.creators,
        cast: [],
        platforms: s.subject.platforms,
        genres: s.subject.genres,
        externalIds: {},
        offers: []
      }
  const normalizedScore = s.verdict === null ? null : normalizeScore(s.verdict.scoreFormat, s.verdict.score)
  const body = renderMarkdown(s.bodyMarkdown, NO_MEDIA)
  const parts: StoryParts = {
    id,
    slug: s.slug,
    type: s.type,
    title: s.title,
    dek: s.dek,
    language: 'en',
    bodyHtml: body.html,
    bodyText: body.text,
    readingTimeMinutes: body.readingTimeMinutes,
    publishedAt: s.publishedAt,
    updatedAt: s.publishedAt ?? now,
    section: pools.sections[s.section]!,
    authors: s.authors.map((i) => pools.authors[i]!),
    tags: s.tags.map((i) => pools.tags[i]!),
    hero: pools.heroes[s.hero] ?? null,
    attachment: null,
    media: [],
    subject,
    verdict: s.verdict === null
      ? null
      : { ...s.verdict, scoreDisplay: displayScore(s.verdict.scoreFormat, s.verdict.score), normalizedScore, reviewedOn: null, state: 'final', untested: [], platform: null, edition: null, subScores: [], pullQuote: null, platforms: [] }
  }
  const rendered = renderStory(parts, siteUrl)
  const docJson = JSON.stringify(rendered.doc)
  const updatedAt = parts.updatedAt
  const verdictJson = rendered.verdict === null ? null : JSON.stringify(rendered.verdict)
  const v = s.verdict
  const visible = publicAt === null ? 0 : 1
  return {
    story: [id, s.slug, s.type, s.status, parts.section.id, subject?.id ?? null, subject?.kind ?? null, s.publishedAt, publicAt,
      Math.min(updatedAt, now), updatedAt, body.readingTimeMinutes, parts.hero?.id ?? null, s.title, s.dek, etagOf(docJson),
      rendered.surrogateKeys.join(' '), now, JSON.stringify(rendered.card), docJson, s.bodyMarkdown, body.html, body.text],
    subject: subject === null
      ? null
      : [subject.id, subject.slug, subject.kind, subject.title, subject.releaseYear, JSON.stringify(subject.creators), JSON.stringify(subject.platforms), JSON.stringify(subject.genres), now],
    authors: parts.authors.map((a, i) => [id, a.id, i, publicAt]),
    tags: parts.tags.map((t, i) => [id, t.id, i, publicAt]),
    verdict: v === null || verdictJson === null
      ? null
      : [id, JSON.stringify(v.scoreFormat), typeof v.score === 'number' ? v.score : null, typeof v.score === 'string' ? v.score : null,
          normalizedScore, normalizedScore ?? -1, v.summary, JSON.stringify(v.pros), JSON.stringify(v.cons), JSON.stringify(v.awards),
          parts.section.id, subject!.kind, publicAt, etagOf(verdictJson), verdictJson, Math.max(updatedAt, now, publicAt ?? 0)],
    awards: (v?.awards ?? []).map((award) => [id, award, publicAt]),
    search: searchEntry(parts, publicAt),
    changes: [
      ['story', id, s.slug, 'created', now, now, visible],
      ...(publicAt === null ? [] : [['story', id, s.slug, publicAt > now ? 'scheduled' : 'published', now, Math.max(now, publicAt), 1]])
    ]
  }
}

/** How many of `rows` hold each word, for the type-ahead vocabulary: counted where the batch is rendered, off the writing thread. */
export function batchWords (rows: readonly BulkRow[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const row of rows) if (row.search !== null) countWords(row.search.text, counts)
  return counts
}

export function bulkLoader (database: Pick<SqliteDatabase, 'sqlite'>) {
  const sqlite = database.sqlite
  const search = sqliteSearchIndex(sqlite)
  const setting = sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
  const insertStory = sqlite.prepare(`INSERT INTO stories (id, slug, type, status, section_id, subject_id, subject_kind, published_at, public_at,
    created_at, updated_at, language, reading_time_minutes, hero_media_id, attachment_media_id, title, dek, etag, surrogate_keys, rendered_at,
    card_json, doc_json, body_markdown, body_html, body_text)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'en', ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const insertSubject = sqlite.prepare(`INSERT OR IGNORE INTO subjects (id, slug, kind, title, release_year, description, creators_json, cast_json, platforms_json, genres_json, external_ids_json, updated_at)
    VALUES (?, ?, ?, ?, ?, '', ?, '[]', ?, ?, '{}', ?)`)
  const insertAuthor = sqlite.prepare('INSERT INTO story_authors (story_id, author_id, position, public_at) VALUES (?, ?, ?, ?)')
  const insertTag = sqlite.prepare('INSERT INTO story_tags (story_id, tag_id, position, public_at) VALUES (?, ?, ?, ?)')
  const insertVerdict = sqlite.prepare(`INSERT INTO verdicts (story_id, score_format_json, score_value, score_label, normalized_score, score_rank, summary, pros_json, cons_json, awards_json,
    reviewed_on, section_id, subject_kind, public_at, etag, verdict_json, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)`)
  const insertAward = sqlite.prepare('INSERT INTO review_awards (story_id, award, public_at) VALUES (?, ?, ?)')
  const insertChange = sqlite.prepare(`INSERT INTO changes (resource, resource_id, slug, kind, at, effective_at, detail_json, actor, visible)
    VALUES (?, ?, ?, ?, ?, ?, '{}', NULL, ?)`)

  function write (row: BulkRow): void {
    if (row.subject !== null) insertSubject.run(row.subject)
    insertStory.run(row.story)
    for (const a of row.authors) insertAuthor.run(a)
    for (const t of row.tags) insertTag.run(t)
    if (row.verdict !== null) insertVerdict.run(row.verdict)
    for (const a of row.awards) insertAward.run(a)
    if (row.search !== null) search.addToIndex(row.story[0] as string, row.search)
    for (const c of row.changes) insertChange.run(c)
  }

  return {
    /** Writes a batch and its words (batchWords) in one transaction, and records how far the archive has got. */
    insert (rows: BulkRow[], words: ReadonlyMap<string, number>, next: number, now: number): void {
      sqlite.transaction(() => {
        for (const row of rows) write(row)
        search.vocabulary.addCounts(words)
        setting.run(PROGRESS, String(next))
        // As markContentChanged (src/repositories/freshness.ts) would, in this synchronous transaction.
        setting.run('content_changed_at', String(now))
      }).immediate()
    }
  }
}
