/**
 * When the public content last changed as a whole: the later of the last write and
 * the last publication time that has passed (a scheduled story going live changes
 * lists with no write at all). Lists and pages that aggregate stories use it as the
 * floor of their Last-Modified, so If-Modified-Since never gets a stale 304.
 */
import { eq, gt, lte, max, min, sql } from 'drizzle-orm'
import { perDatabase, type Db } from '../db/client.js'
import { settings, stories } from '../db/schema.js'

const CHANGED_AT = 'content_changed_at'

const storeChangedAt = perDatabase((db: Db) => db.insert(settings).values({ key: CHANGED_AT, value: sql.placeholder('at') })
  .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value` } }).prepare())

/** Called by every write that can change what is public. */
export function markContentChanged (db: Db, at = Date.now()): void {
  storeChangedAt(db).run({ at: String(at) })
}

export function freshnessRepository (db: Db) {
  const lastWrite = db.select({ value: settings.value }).from(settings).where(eq(settings.key, CHANGED_AT)).prepare()
  const lastPublication = db.select({ at: max(stories.publicAt) }).from(stories).where(lte(stories.publicAt, sql.placeholder('now'))).prepare()
  const nextPublication = db.select({ at: min(stories.publicAt) }).from(stories).where(gt(stories.publicAt, sql.placeholder('now'))).prepare()
  return {
    /** When the next scheduled story goes live, changing lists with no write; null when none is scheduled. */
    nextPublicationAfter (now: number): number | null {
      return nextPublication.get({ now })?.at ?? null
    },
    changedAt (now: number): number {
      return Math.max(Number(lastWrite.get()?.value ?? 0), lastPublication.get({ now })?.at ?? 0)
    }
  }
}
export type FreshnessRepository = ReturnType<typeof freshnessRepository>
