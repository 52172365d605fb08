/**
 * Keyset-paginated story and review lists. Each combination of filters compiles to one
 * prepared statement, built on first use and reused: no per-request query building and
 * no OFFSET. Every statement is driven by an index whose order is the list's sort
 * (checked by test/repositories/query-plans.test.ts).
 */
import { and, desc, eq, exists, gte, lte, ne, sql, type SQL } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { prepare, type Db } from '../db/client.js'
import { tablesOf } from '../db/tables.js'
import type { CursorValue } from '../content/cursor.js'
import { surrogateKey } from '../content/render.js'
import { changedAtOf, freshnessColumns, freshnessRepository, type FreshnessInputs } from './freshness.js'
import { toPage, type Page, type PageRow } from './types.js'

const ph = sql.placeholder

export interface StoryListFilter {
  type?: string
  sectionId?: string
  tagId?: string
  authorId?: string
  exclude?: string
}

export interface ReviewListFilter {
  subjectKind?: string
  sectionId?: string
  award?: string
  /** A platform key (src/content/verdict-details.ts platformKey): reviews with a verdict for it. */
  platform?: string
  state?: string
  minScore?: number
  maxScore?: number
}

export type ReviewSort = 'latest' | 'score'

interface ListRow extends FreshnessInputs { json: string, keys: string, etag: string, updatedAt: number, [key: `k${number}`]: CursorValue }
interface Prepared { execute (params: Record<string, unknown>): PromiseLike<ListRow[]> }

function hasTag (db: Db): SQL {
  const { stories, storyTags } = tablesOf(db)
  return exists(db.select({ one: sql`1` }).from(storyTags).where(and(eq(storyTags.storyId, stories.id), eq(storyTags.tagId, ph('tag')))))
}

function hasAward (db: Db): SQL {
  const { stories, reviewAwards } = tablesOf(db)
  return exists(db.select({ one: sql`1` }).from(reviewAwards).where(and(eq(reviewAwards.storyId, stories.id), eq(reviewAwards.award, ph('award')))))
}

function hasPlatform (db: Db): SQL {
  const { stories, reviewPlatforms } = tablesOf(db)
  return exists(db.select({ one: sql`1` }).from(reviewPlatforms).where(and(eq(reviewPlatforms.storyId, stories.id), eq(reviewPlatforms.platform, ph('platform')))))
}

const descending = (columns: SQLiteColumn[]): SQL[] => columns.map((c) => desc(c))

/** Rows strictly after the cursor's key in a descending sort over `columns`. */
function below (columns: SQLiteColumn[]): SQL {
  return sql`(${sql.join(columns, sql`, `)}) < (${sql.join(columns.map((_, i) => ph(`k${i}`)), sql`, `)})`
}

/**
 * Visibility plus position for lists sorted by (publicAt, id) descending. The first
 * page starts at now. A later page starts strictly below its cursor's key, which was
 * the key of a public row when it was issued (cursors are signed), so every row below
 * it is public too — and the seek is a single index range at any depth.
 */
function visibleBefore ([at, id]: SQLiteColumn[], after: boolean): SQL {
  return after ? below([at!, id!]) : lte(at!, ph('now'))
}

/** Cards for lists; whole documents for feeds, which carry each story in full. */
export type ListShape = 'cards' | 'documents'

function selection (db: Db, keyColumns: SQLiteColumn[], shape: ListShape) {
  const { stories } = tablesOf(db)
  return {
    json: shape === 'cards' ? stories.cardJson : stories.docJson,
    keys: stories.surrogateKeys,
    etag: stories.etag,
    updatedAt: stories.updatedAt,
    // Every row carries the list's freshness: rows and Last-Modified in one round trip.
    ...freshnessColumns(db),
    ...Object.fromEntries(keyColumns.map((c, i) => [`k${i}`, c]))
  }
}

function buildStoryList (db: Db, f: StoryListFilter, after: boolean, shape: ListShape): Prepared {
  const { stories, storyAuthors, storyTags } = tablesOf(db)
  const conds: Array<SQL | undefined> = []
  if (f.type !== undefined) conds.push(eq(stories.type, ph('type')))
  if (f.sectionId !== undefined) conds.push(eq(stories.sectionId, ph('section')))
  if (f.exclude !== undefined) conds.push(ne(stories.slug, ph('exclude')))
  if (f.authorId !== undefined) {
    if (f.tagId !== undefined) conds.push(hasTag(db))
    const keyCols = [storyAuthors.publicAt, storyAuthors.storyId]
    return prepare(db.select(selection(db, keyCols, shape)).from(storyAuthors).innerJoin(stories, eq(stories.id, storyAuthors.storyId))
      .where(and(eq(storyAuthors.authorId, ph('author')), visibleBefore(keyCols, after), ...conds))
      .orderBy(...descending(keyCols)).limit(ph('limit')))
  }
  if (f.tagId !== undefined) {
    const keyCols = [storyTags.publicAt, storyTags.storyId]
    return prepare(db.select(selection(db, keyCols, shape)).from(storyTags).innerJoin(stories, eq(stories.id, storyTags.storyId))
      .where(and(eq(storyTags.tagId, ph('tag')), visibleBefore(keyCols, after), ...conds))
      .orderBy(...descending(keyCols)).limit(ph('limit')))
  }
  const keyCols = [stories.publicAt, stories.id]
  return prepare(db.select(selection(db, keyCols, shape)).from(stories)
    .where(and(visibleBefore(keyCols, after), ...conds))
    .orderBy(...descending(keyCols)).limit(ph('limit')))
}

function buildReviewList (db: Db, f: ReviewListFilter, sort: ReviewSort, after: boolean, shape: ListShape): Prepared {
  const { reviewAwards, reviewPlatforms, stories, verdicts } = tablesOf(db)
  const scoreRange = f.minScore !== undefined || f.maxScore !== undefined
    ? [gte(verdicts.scoreRank, ph('minScore')), lte(verdicts.scoreRank, ph('maxScore'))]
    : []
  if (f.state !== undefined) scoreRange.push(eq(verdicts.state, ph('state')))
  if (sort === 'score') {
    // Filters on the verdict's own denormalized columns: one of the rank indexes drives.
    const conds = [...scoreRange]
    if (f.subjectKind !== undefined) conds.push(eq(verdicts.subjectKind, ph('subjectKind')))
    if (f.sectionId !== undefined) conds.push(eq(verdicts.sectionId, ph('section')))
    if (f.award !== undefined) conds.push(hasAward(db))
    if (f.platform !== undefined) conds.push(hasPlatform(db))
    const keyCols = [verdicts.scoreRank, verdicts.publicAt, verdicts.storyId]
    return prepare(db.select(selection(db, keyCols, shape)).from(verdicts).innerJoin(stories, eq(stories.id, verdicts.storyId))
      .where(and(lte(verdicts.publicAt, ph('now')), after ? below(keyCols) : undefined, ...conds))
      .orderBy(...descending(keyCols)).limit(ph('limit')))
  }
  const conds = [...scoreRange]
  if (f.subjectKind !== undefined) conds.push(eq(stories.subjectKind, ph('subjectKind')))
  if (f.sectionId !== undefined) conds.push(eq(stories.sectionId, ph('section')))
  if (f.award !== undefined) {
    if (f.platform !== undefined) conds.push(hasPlatform(db))
    const keyCols = [reviewAwards.publicAt, reviewAwards.storyId]
    return prepare(db.select(selection(db, keyCols, shape)).from(reviewAwards)
      .innerJoin(stories, eq(stories.id, reviewAwards.storyId))
      .innerJoin(verdicts, eq(verdicts.storyId, reviewAwards.storyId))
      .where(and(eq(reviewAwards.award, ph('award')), visibleBefore(keyCols, after), ...conds))
      .orderBy(...descending(keyCols)).limit(ph('limit')))
  }
  if (f.platform !== undefined) {
    // Like an award: the platform's own (platform, publicAt, storyId) index drives.
    const keyCols = [reviewPlatforms.publicAt, reviewPlatforms.storyId]
    return prepare(db.select(selection(db, keyCols, shape)).from(reviewPlatforms)
      .innerJoin(stories, eq(stories.id, reviewPlatforms.storyId))
      .innerJoin(verdicts, eq(verdicts.storyId, reviewPlatforms.storyId))
      .where(and(eq(reviewPlatforms.platform, ph('platform')), visibleBefore(keyCols, after), ...conds))
      .orderBy(...descending(keyCols)).limit(ph('limit')))
  }
  const keyCols = [stories.publicAt, stories.id]
  return prepare(db.select(selection(db, keyCols, shape)).from(stories).innerJoin(verdicts, eq(verdicts.storyId, stories.id))
    .where(and(eq(stories.type, 'review'), visibleBefore(keyCols, after), ...conds))
    .orderBy(...descending(keyCols)).limit(ph('limit')))
}

function comboKey (filter: object, extra: string, after: boolean): string {
  const present = Object.entries(filter).filter(([, v]) => v !== undefined).map(([k]) => k).sort()
  return `${present.join(',')}|${extra}|${after ? 'after' : 'first'}`
}

function keyParams (after: CursorValue[] | null): Record<string, CursorValue> {
  return Object.fromEntries((after ?? []).map((v, i) => [`k${i}`, v]))
}

function keyOf (row: ListRow): CursorValue[] {
  const key: CursorValue[] = []
  for (let i = 0; row[`k${i}`] !== undefined; i++) key.push(row[`k${i}`]!)
  return key
}

function rowsToPage (rows: ListRow[], limit: number, collectionKeys: string[], changedAt: number): Page {
  const pageRows: PageRow[] = rows.map((r) => ({ json: r.json, key: keyOf(r), updatedAt: r.updatedAt, surrogateKeys: r.keys.split(' '), etag: r.etag }))
  return toPage(pageRows, limit, collectionKeys, changedAt)
}

export function storyListRepository (db: Db) {
  const freshness = freshnessRepository(db)
  const statements = new Map<string, Prepared>()
  const statement = (key: string, build: () => Prepared) => {
    let s = statements.get(key)
    if (s === undefined) { s = build(); statements.set(key, s) }
    return s
  }
  // An empty page has no row to carry the freshness: asked on its own then.
  const changedAt = async (rows: ListRow[], now: number): Promise<number> => rows[0] === undefined ? await freshness.changedAt(now) : changedAtOf(rows[0])
  return {
    async listStories (f: StoryListFilter, after: CursorValue[] | null, limit: number, now: number, shape: ListShape = 'cards'): Promise<Page> {
      const s = statement(comboKey(f, `stories:${shape}`, after !== null), () => buildStoryList(db, f, after !== null, shape))
      const rows = (await s.execute({ ...keyParams(after), type: f.type, section: f.sectionId, tag: f.tagId, author: f.authorId, exclude: f.exclude, now, limit: limit + 1 }))
      const keys = ['stories', f.sectionId && surrogateKey.section(f.sectionId), f.tagId && surrogateKey.tag(f.tagId), f.authorId && surrogateKey.author(f.authorId)]
      return rowsToPage(rows, limit, keys.filter((k): k is string => Boolean(k)), await changedAt(rows, now))
    },
    async listReviews (f: ReviewListFilter, sort: ReviewSort, after: CursorValue[] | null, limit: number, now: number, shape: ListShape = 'cards'): Promise<Page> {
      const s = statement(comboKey(f, `reviews:${sort}:${shape}`, after !== null), () => buildReviewList(db, f, sort, after !== null, shape))
      const rows = (await s.execute({
        ...keyParams(after),
        subjectKind: f.subjectKind,
        section: f.sectionId,
        award: f.award,
        platform: f.platform,
        state: f.state,
        minScore: f.minScore ?? 0,
        maxScore: f.maxScore ?? 100,
        now,
        limit: limit + 1
      }))
      const keys = ['reviews', f.sectionId && surrogateKey.section(f.sectionId)]
      return rowsToPage(rows, limit, keys.filter((k): k is string => Boolean(k)), await changedAt(rows, now))
    }
  }
}
export type StoryListRepository = ReturnType<typeof storyListRepository>
