/**
 * Copies a whole publication from one database to another, either engine to either
 * (npm run db:copy, src/cli/db-copy.ts): every table of src/db/schema.ts with its keys as
 * they are (change log seqs and search row ids included, so sealed sync cursors and search
 * cursors stay valid), then the target's own full-text index for every indexed story.
 *
 * - The source is read in one snapshot (SQLite: a read transaction; Postgres: REPEATABLE
 *   READ, READ ONLY), table by table in foreign-key order, by key, in batches.
 * - The target is written in ONE transaction: on any failure nothing of the copy is left
 *   (a target that was empty stays empty; with `replace`, its old content stays). Before
 *   it, the target is migrated (its own engine's migrations), which an empty database needs
 *   anyway and which is idempotent.
 * - A target with rows in any table is refused unless `replace`: then, inside the same
 *   transaction, every table is emptied first (Postgres: TRUNCATE … RESTART IDENTITY with the
 *   change log's no-TRUNCATE trigger disabled for that statement alone; SQLite: DELETE with
 *   the no-DELETE trigger dropped and re-created), so a re-run gives the same target or,
 *   failing, leaves the old one.
 * - Identity columns are copied as values; Postgres's sequences are then set past the
 *   largest (`setval`), SQLite's AUTOINCREMENT counter follows the inserted seqs itself.
 */
import { and, asc, eq, getTableColumns, gt, or, sql, type SQL } from 'drizzle-orm'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { Db } from './client.js'
import type { Engine } from './engine.js'
import { tablesOf, type Tables } from './tables.js'
import { indexStory, searchEntry, type SearchEntry } from '../repositories/search-index.js'
import { ensureSecret } from '../repositories/settings.js'
import { loadStoryParts } from '../repositories/story-parts.js'

type TableName = keyof Tables

/** Every table, parents before children, with the columns of its primary key (its read order). */
export const COPY_ORDER: ReadonlyArray<{ table: TableName, name: string, key: string[] }> = [
  { table: 'media', name: 'media', key: ['id'] },
  { table: 'sections', name: 'sections', key: ['id'] },
  { table: 'authors', name: 'authors', key: ['id'] },
  { table: 'tags', name: 'tags', key: ['id'] },
  { table: 'subjects', name: 'subjects', key: ['id'] },
  { table: 'stories', name: 'stories', key: ['id'] },
  { table: 'storyAuthors', name: 'story_authors', key: ['storyId', 'authorId'] },
  { table: 'storyTags', name: 'story_tags', key: ['storyId', 'tagId'] },
  { table: 'storyMedia', name: 'story_media', key: ['storyId', 'mediaId'] },
  { table: 'verdicts', name: 'verdicts', key: ['storyId'] },
  { table: 'reviewAwards', name: 'review_awards', key: ['award', 'storyId'] },
  { table: 'reviewPlatforms', name: 'review_platforms', key: ['platform', 'storyId'] },
  { table: 'settings', name: 'settings', key: ['key'] },
  { table: 'apiKeys', name: 'api_keys', key: ['id'] },
  { table: 'feedTokens', name: 'feed_tokens', key: ['id'] },
  { table: 'slugRedirects', name: 'slug_redirects', key: ['resource', 'oldSlug'] },
  { table: 'changes', name: 'changes', key: ['seq'] },
  { table: 'searchRows', name: 'search_rows', key: ['id'] },
  // Endpoints keep their secrets and their place in the copied change log; their messages and log come along.
  { table: 'webhookEndpoints', name: 'webhook_endpoints', key: ['id'] },
  { table: 'webhookPayloads', name: 'webhook_payloads', key: ['seq'] },
  { table: 'webhookMessages', name: 'webhook_messages', key: ['seq'] },
  { table: 'webhookAttempts', name: 'webhook_attempts', key: ['seq'] },
  // What an import made, so a re-run against the copy still finds it; old permalinks keep redirecting.
  { table: 'importItems', name: 'import_items', key: ['source', 'kind', 'externalId'] },
  { table: 'legacyPaths', name: 'legacy_paths', key: ['path'] }
]

/** The search index step, as progress names it. */
export const SEARCH_STEP = 'search index'

export interface CopyProgress { table: string, done: number, total: number, rowsPerSecond: number }

export interface CopyOptions {
  /** Empty a target that has rows (in the copy's transaction) instead of refusing it. */
  replace?: boolean
  /** Rows read from the source per query (each insert also stays under ~30,000 bound values). */
  batchSize?: number
  onProgress?: (progress: CopyProgress) => void
}

export interface CopyResult {
  /** Rows copied per table (SQL names), and the stories indexed for search on the target. */
  rows: Record<string, number>
  indexed: number
  seconds: number
  replaced: boolean
}

/** The target has rows and `replace` was not given: nothing was written. */
export class TargetNotEmpty extends Error {
  override name = 'TargetNotEmpty'
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows move between the engines' tables of one shape
type AnyRow = Record<string, any>
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same property names on either engine's table
type AnyTable = any

const MAX_BOUND_VALUES = 30_000

function keysetAfter (table: AnyTable, key: string[], last: AnyRow | null): SQL | undefined {
  if (last === null) return undefined
  const columns = key.map((k) => table[k] as SQLiteColumn)
  if (columns.length === 1) return gt(columns[0]!, last[key[0]!])
  // (a, b) > (x, y), written out: a > x or (a = x and b > y).
  return or(gt(columns[0]!, last[key[0]!]), and(eq(columns[0]!, last[key[0]!]), gt(columns[1]!, last[key[1]!])))
}

/** Whether any of the copied tables holds a row. */
export async function hasRows (db: Db): Promise<string | null> {
  const tables = tablesOf(db)
  for (const { table, name } of COPY_ORDER) {
    const t = tables[table] as AnyTable
    if ((await db.select({ one: sql`1` }).from(t).limit(1)).length > 0) return name
  }
  return null
}

async function count (db: Db, table: TableName): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(tablesOf(db)[table] as AnyTable)
  return Number(row?.n ?? 0)
}

/** Runs fn over one consistent snapshot of the source. */
async function inSnapshot<T> (source: Engine, fn: (db: Db) => Promise<T>): Promise<T> {
  if (source.kind === 'postgres') {
    return await (source.db as unknown as NodePgDatabase).transaction(async (tx) => await fn(tx as unknown as Db),
      { isolationLevel: 'repeatable read', accessMode: 'read only' })
  }
  // A deferred read transaction: its snapshot is taken at the first read, and writers (WAL) are not held up.
  source.sqlite.prepare('BEGIN').run()
  try {
    return await fn(source.db)
  } finally {
    if (source.sqlite.inTransaction) source.sqlite.prepare('COMMIT').run()
  }
}

/** Empties every copied table of the target, inside the copy's transaction. */
async function emptyTarget (target: Engine, db: Db): Promise<void> {
  if (target.kind === 'postgres') {
    const pg = db as unknown as NodePgDatabase
    const names = [...COPY_ORDER.map((t) => `public."${t.name}"`), 'search.story_documents', 'search.story_texts'].join(', ')
    // The change log refuses TRUNCATE (migrations-postgres/0001); this statement alone is let through.
    await pg.execute(sql.raw('ALTER TABLE public.changes DISABLE TRIGGER changes_no_truncate'))
    await pg.execute(sql.raw(`TRUNCATE ${names} RESTART IDENTITY`))
    await pg.execute(sql.raw('ALTER TABLE public.changes ENABLE TRIGGER changes_no_truncate'))
    return
  }
  const sqlite = target.sqlite
  const trigger = sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'changes_no_delete'").pluck().get() as string | undefined
  if (trigger !== undefined) sqlite.prepare('DROP TRIGGER changes_no_delete').run()
  for (const { name } of [...COPY_ORDER].reverse()) sqlite.prepare(`DELETE FROM "${name}"`).run()
  sqlite.prepare("INSERT INTO story_search (story_search) VALUES ('delete-all')").run()
  sqlite.prepare('DELETE FROM search_terms').run()
  sqlite.prepare("DELETE FROM sqlite_sequence WHERE name IN ('changes', 'webhook_payloads', 'webhook_messages', 'webhook_attempts')").run()
  if (trigger !== undefined) sqlite.prepare(trigger).run()
}

/** Postgres: identity sequences past the largest copied value, so the next write continues after it. */
async function advanceSequences (target: Engine, db: Db): Promise<void> {
  if (target.kind !== 'postgres') return
  const pg = db as unknown as NodePgDatabase
  for (const [table, column] of [['changes', 'seq'], ['search_rows', 'id'], ['webhook_payloads', 'seq'], ['webhook_messages', 'seq'], ['webhook_attempts', 'seq']] as const) {
    await pg.execute(sql.raw(`SELECT setval(pg_get_serial_sequence('public.${table}', '${column}'),
      coalesce((SELECT max(${column}) FROM public.${table}), 1), (SELECT count(*) > 0 FROM public.${table}))`))
  }
}

interface IndexedRow { id: number, storyId: string, publicAt: number | null, type: string | null, sectionId: string | null, subjectKind: string | null }

/**
 * The entries to index, a batch at a time. From a SQLite source, the text its FTS5 index
 * holds (what that index finds stories by, exactly); from a Postgres source, whose index
 * keeps its text prepared for tsvector, the entry is built again from the copied rows.
 */
async function searchBatch (source: Engine, src: Db, dst: Db, after: number, limit: number): Promise<Array<{ row: IndexedRow, entry: SearchEntry }>> {
  const { searchRows } = tablesOf(src)
  const rows = await src.select().from(searchRows).where(gt(searchRows.id, after)).orderBy(asc(searchRows.id)).limit(limit) as IndexedRow[]
  if (rows.length === 0) return []
  const filters = (r: IndexedRow): SearchEntry['filters'] => [r.publicAt as number, r.type as string, r.sectionId as string, r.subjectKind]
  if (source.kind === 'sqlite') {
    const text = new Map((source.sqlite.prepare(`SELECT rowid AS id, title, dek, subject, tags, body FROM story_search
      WHERE rowid BETWEEN CAST(? AS INTEGER) AND CAST(? AS INTEGER)`).all(rows[0]!.id, rows[rows.length - 1]!.id) as
      Array<{ id: number, title: string, dek: string, subject: string, tags: string, body: string }>).map((r) => [r.id, r]))
    return rows.map((row) => {
      const t = text.get(row.id)
      if (t === undefined) throw new Error(`search_rows ${row.id} (story ${row.storyId}) has no text in the source's story_search`)
      return { row, entry: { filters: filters(row), text: [t.title, t.dek, t.subject, t.tags, t.body] } }
    })
  }
  const out: Array<{ row: IndexedRow, entry: SearchEntry }> = []
  for (const row of rows) {
    const parts = await loadStoryParts(dst, row.storyId)
    const entry = parts === null ? null : searchEntry(parts, row.publicAt)
    if (entry === null) throw new Error(`search_rows ${row.id}: story ${row.storyId} is missing or not public`)
    out.push({ row, entry: { filters: filters(row), text: entry.text } })
  }
  return out
}

/**
 * Copies everything in `source` to `target` (both open; the target is migrated here).
 * Throws TargetNotEmpty, before writing anything, when the target has rows and `replace` is not set.
 */
export async function copyDatabase (source: Engine, target: Engine, options: CopyOptions = {}): Promise<CopyResult> {
  const batchSize = options.batchSize ?? 2000
  const began = performance.now()
  await source.migrate()
  // A source that never served has no cursor secret yet: made now (the one row written to
  // the source), so both sides sign cursors with the same one.
  await ensureSecret(source.db, 'cursor_secret')
  await target.migrate()
  const occupied = await hasRows(target.db)
  if (occupied !== null && options.replace !== true) {
    throw new TargetNotEmpty(`the target ${target.description} already holds data (${occupied} has rows): nothing was copied. Pass --replace to replace everything in it.`)
  }
  const rows: Record<string, number> = {}
  let indexed = 0
  await inSnapshot(source, async (src) => {
    const totals = new Map<TableName, number>()
    for (const { table } of COPY_ORDER) totals.set(table, await count(src, table))
    await target.transaction(async (dst) => {
      if (occupied !== null) await emptyTarget(target, dst)
      const from = tablesOf(src)
      const to = tablesOf(dst)
      for (const { table, name, key } of COPY_ORDER) {
        const readTable = from[table] as AnyTable
        const writeTable = to[table] as AnyTable
        const total = totals.get(table)!
        const perInsert = Math.max(1, Math.floor(MAX_BOUND_VALUES / Object.keys(getTableColumns(readTable)).length))
        const started = performance.now()
        let done = 0
        let last: AnyRow | null = null
        const report = () => options.onProgress?.({ table: name, done, total, rowsPerSecond: done / Math.max(0.001, (performance.now() - started) / 1000) })
        report()
        for (;;) {
          const batch = await src.select().from(readTable).where(keysetAfter(readTable, key, last))
            .orderBy(...key.map((k) => asc(readTable[k] as SQLiteColumn))).limit(batchSize) as AnyRow[]
          if (batch.length === 0) break
          for (let i = 0; i < batch.length; i += perInsert) await dst.insert(writeTable).values(batch.slice(i, i + perInsert))
          done += batch.length
          last = batch[batch.length - 1]!
          report()
          if (batch.length < batchSize) break
        }
        rows[name] = done
      }
      await advanceSequences(target, dst)
      // The target's own full-text index, keyed by the copied search_rows ids.
      const total = rows.search_rows ?? 0
      const started = performance.now()
      const report = () => options.onProgress?.({ table: SEARCH_STEP, done: indexed, total, rowsPerSecond: indexed / Math.max(0.001, (performance.now() - started) / 1000) })
      report()
      for (let after = 0; ;) {
        const batch = await searchBatch(source, src, dst, after, Math.min(batchSize, 1000))
        if (batch.length === 0) break
        for (const { row, entry } of batch) await indexStory(dst, row.storyId, entry)
        indexed += batch.length
        after = batch[batch.length - 1]!.row.id
        report()
      }
    })
  })
  return { rows, indexed, seconds: (performance.now() - began) / 1000, replaced: occupied !== null }
}
