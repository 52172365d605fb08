/**
 * When the public content last changed as a whole: the later of the last write and
 * the last publication time that has passed (a scheduled story going live changes
 * lists with no write at all). Lists and pages that aggregate stories use it as the
 * floor of their Last-Modified, so If-Modified-Since never gets a stale 304.
 */
import { eq, gt, lte, max, min, sql } from 'drizzle-orm'
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

export function freshnessRepository (db: Db) {
  const { settings, stories } = tablesOf(db)
  const lastWrite = prepare(db.select({ value: settings.value }).from(settings).where(eq(settings.key, CHANGED_AT)))
  const lastPublication = prepare(db.select({ at: max(stories.publicAt) }).from(stories).where(lte(stories.publicAt, sql.placeholder('now'))))
  const nextPublication = prepare(db.select({ at: min(stories.publicAt) }).from(stories).where(gt(stories.publicAt, sql.placeholder('now'))))
  return {
    /** When the next scheduled story goes live, changing lists with no write; null when none is scheduled. */
    async nextPublicationAfter (now: number): Promise<number | null> {
      const [row] = await nextPublication.execute({ now })
      return row?.at ?? null
    },
    async changedAt (now: number): Promise<number> {
      const [[written], [published]] = [await lastWrite.execute(), await lastPublication.execute({ now })]
      return Math.max(Number(written?.value ?? 0), published?.at ?? 0)
    }
  }
}
export type FreshnessRepository = ReturnType<typeof freshnessRepository>
