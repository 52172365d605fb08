/**
 * Old slugs. A rename records old slug → resource id, so a chain of renames always
 * lands on the current slug; a slug taken by a live resource stops redirecting.
 */
import { and, eq, sql } from 'drizzle-orm'
import { prepare, type Db } from '../db/client.js'
import type { slugRedirects } from '../db/schema.js'
import { tablesOf } from '../db/tables.js'

export type RedirectResource = typeof slugRedirects.$inferInsert['resource']

/**
 * `oldSlug` now points at `id`. A redirect from `newSlug` to this same resource (it is
 * taking back an old slug) goes. A redirect from `newSlug` to another resource stays:
 * reads try the live slug first, so it only answers while this one is hidden, and
 * removing it would turn a public 308 into a 404 and reveal that something took the slug.
 */
export async function recordSlugChange (db: Db, resource: RedirectResource, oldSlug: string, newSlug: string, id: string, now: number): Promise<void> {
  const { slugRedirects } = tablesOf(db)
  await db.delete(slugRedirects).where(and(eq(slugRedirects.resource, resource), eq(slugRedirects.oldSlug, newSlug), eq(slugRedirects.targetId, id)))
  await db.insert(slugRedirects).values({ resource, oldSlug, targetId: id, createdAt: now })
    .onConflictDoUpdate({ target: [slugRedirects.resource, slugRedirects.oldSlug], set: { targetId: id, createdAt: now } })
}

/** Whether `slug` is an old slug that still redirects: generated slugs avoid them. */
export async function isOldSlug (db: Db, resource: RedirectResource, slug: string): Promise<boolean> {
  const { slugRedirects } = tablesOf(db)
  const found = await db.select({ id: slugRedirects.targetId }).from(slugRedirects)
    .where(and(eq(slugRedirects.resource, resource), eq(slugRedirects.oldSlug, slug))).limit(1)
  return found.length > 0
}

export async function dropRedirectsTo (db: Db, resource: RedirectResource, id: string): Promise<void> {
  const { slugRedirects } = tablesOf(db)
  await db.delete(slugRedirects).where(and(eq(slugRedirects.resource, resource), eq(slugRedirects.targetId, id)))
}

export function redirectRepository (db: Db) {
  const { slugRedirects, stories, authors, subjects, sections, tags } = tablesOf(db)
  const current = (resource: RedirectResource, table: typeof stories | typeof authors | typeof subjects | typeof sections | typeof tags) =>
    prepare(db.select({ slug: table.slug }).from(slugRedirects).innerJoin(table, eq(table.id, slugRedirects.targetId))
      .where(and(eq(slugRedirects.resource, resource), eq(slugRedirects.oldSlug, sql.placeholder('slug')))))
  const statements = {
    story: current('story', stories),
    author: current('author', authors),
    subject: current('subject', subjects),
    section: current('section', sections),
    tag: current('tag', tags)
  }
  return {
    /** The current slug of the resource that had `slug`, or null. Callers check it is public before saying so. */
    async currentSlug (resource: RedirectResource, slug: string): Promise<string | null> {
      const [row] = await statements[resource].execute({ slug })
      return row?.slug ?? null
    }
  }
}
export type RedirectRepository = ReturnType<typeof redirectRepository>
