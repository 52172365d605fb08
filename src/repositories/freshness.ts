/**
 * When the public content last changed as a whole: the later of the last write and
 * the last publication time that has passed (a scheduled story going live changes
 * lists with no write at all). Lists and pages that aggregate stories use it as the
 * floor of their Last-Modified, so If-Modified-Since never gets a stale 304.
 */
import { eq, gt, lte, max, min, sql, type SQL } from 'drizzle-orm'
import { perDatabase, prepare, type Db } from '../db/client.js'
import { tablesOf } from '../db/tables.js'

const CHANGED_AT = 'content_changed_at'

const storeChangedAt = perDatabase((db: Db) => {
  const { settings } = tablesOf(db)
  return prepare(db.insert(settings).values({ key: CHANGED_AT, value: sql.placeholder('at') })
    .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value` } }))
})

/** Called by every write that can change what is public. */
export async function markContentChanged (db: Db, at = Date.now()): Promise<void> {
  await storeChangedAt(db).execute({ at: String(at) })
}

/** changedAt's two inputs, as a row of them reads. */
export interface FreshnessInputs { written: string | null, published: number | null }

const lastWrite = (db: Db): SQL<string | null> => {
  const { settings } = tablesOf(db)
  return sql<string | null>`(${db.select({ value: settings.value }).from(settings).where(eq(settings.key, CHANGED_AT))})`
}

/**
 * changedAt's inputs as two columns any statement can carry (placeholder `now`). Both are
 * uncorrelated subqueries, run once per statement on either engine: a list gets its rows
 * and its freshness in one round trip, where on Postgres three cost three.
 */
export function freshnessColumns (db: Db): { [K in keyof FreshnessInputs]: SQL<FreshnessInputs[K]> } {
  const { stories } = tablesOf(db)
  return {
    written: lastWrite(db),
    published: sql<number | null>`(${db.select({ at: max(stories.publicAt) }).from(stories).where(lte(stories.publicAt, sql.placeholder('now')))})`
  }
}

export function changedAtOf (inputs: FreshnessInputs): number {
  return Math.max(Number(inputs.written ?? 0), inputs.published ?? 0)
}

export function freshnessRepository (db: Db) {
  const { stories } = tablesOf(db)
  // One statement: an aggregate always answers one row, whatever the tables hold.
  const inputs = prepare(db.select({ written: lastWrite(db), published: max(stories.publicAt) }).from(stories).where(lte(stories.publicAt, sql.placeholder('now'))))
  const nextPublication = prepare(db.select({ at: min(stories.publicAt) }).from(stories).where(gt(stories.publicAt, sql.placeholder('now'))))
  return {
    /** When the next scheduled story goes live, changing lists with no write; null when none is scheduled. */
    async nextPublicationAfter (now: number): Promise<number | null> {
      const [row] = await nextPublication.execute({ now })
      return row?.at ?? null
    },
    async changedAt (now: number): Promise<number> {
      const [row] = await inputs.execute({ now })
      return row === undefined ? 0 : changedAtOf(row)
    }
  }
}
export type FreshnessRepository = ReturnType<typeof freshnessRepository>
