/** Old permalinks of imported stories (src/content/legacy-path.ts makes the keys). */
import { and, eq, gt, lte, sql } from 'drizzle-orm'
import { prepare, type Db } from '../db/client.js'
import { tablesOf } from '../db/tables.js'

/** Points each key at the story; a key another story holds moves only to a better rank (a named link over a guess). */
export async function recordLegacyPaths (db: Db, storyId: string, keys: Array<{ path: string, rank: number }>, now: number): Promise<void> {
  const { legacyPaths } = tablesOf(db)
  for (const { path, rank } of keys) {
    await db.insert(legacyPaths).values({ path, storyId, rank, createdAt: now })
      .onConflictDoUpdate({ target: legacyPaths.path, set: { storyId, rank }, setWhere: gt(legacyPaths.rank, rank) })
  }
}

export async function dropLegacyPaths (db: Db, storyId: string): Promise<void> {
  const { legacyPaths } = tablesOf(db)
  await db.delete(legacyPaths).where(eq(legacyPaths.storyId, storyId))
}

export function legacyPathRepository (db: Db) {
  const { legacyPaths, stories } = tablesOf(db)
  const find = prepare(db.select({ slug: stories.slug, surrogateKeys: stories.surrogateKeys, updatedAt: stories.updatedAt }).from(legacyPaths).innerJoin(stories, eq(stories.id, legacyPaths.storyId))
    .where(and(eq(legacyPaths.path, sql.placeholder('path')), lte(stories.publicAt, sql.placeholder('now')))))
  return {
    /** The public story an old permalink key belongs to (its current slug); null for anything else, hidden stories included. */
    async find (key: string, now: number): Promise<{ slug: string, surrogateKeys: string[], updatedAt: number } | null> {
      const row = (await find.execute({ path: key, now }))[0]
      return row === undefined ? null : { slug: row.slug, surrogateKeys: row.surrogateKeys.split(' '), updatedAt: row.updatedAt }
    }
  }
}
export type LegacyPathRepository = ReturnType<typeof legacyPathRepository>
