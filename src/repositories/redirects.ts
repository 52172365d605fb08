/**
 * Old slugs. A rename records old slug → resource id, so a chain of renames always
 * lands on the current slug; a slug taken by a live resource stops redirecting.
 */
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { authors, sections, slugRedirects, stories, subjects, tags } from '../db/schema.js'

export type RedirectResource = typeof slugRedirects.$inferInsert['resource']

/** `oldSlug` now points at `id`; `newSlug` is live again and must not redirect. */
export function recordSlugChange (db: Db, resource: RedirectResource, oldSlug: string, newSlug: string, id: string, now: number): void {
  claimSlug(db, resource, newSlug)
  db.insert(slugRedirects).values({ resource, oldSlug, targetId: id, createdAt: now })
    .onConflictDoUpdate({ target: [slugRedirects.resource, slugRedirects.oldSlug], set: { targetId: id, createdAt: now } }).run()
}

/** A new or renamed resource takes `slug`: an old redirect from it would shadow nothing, so drop it. */
export function claimSlug (db: Db, resource: RedirectResource, slug: string): void {
  db.delete(slugRedirects).where(and(eq(slugRedirects.resource, resource), eq(slugRedirects.oldSlug, slug))).run()
}

export function dropRedirectsTo (db: Db, resource: RedirectResource, id: string): void {
  db.delete(slugRedirects).where(and(eq(slugRedirects.resource, resource), eq(slugRedirects.targetId, id))).run()
}

export function redirectRepository (db: Db) {
  const current = (resource: RedirectResource, table: typeof stories | typeof authors | typeof subjects | typeof sections | typeof tags) =>
    db.select({ slug: table.slug }).from(slugRedirects).innerJoin(table, eq(table.id, slugRedirects.targetId))
      .where(and(eq(slugRedirects.resource, resource), eq(slugRedirects.oldSlug, sql.placeholder('slug')))).prepare()
  const statements = {
    story: current('story', stories),
    author: current('author', authors),
    subject: current('subject', subjects),
    section: current('section', sections),
    tag: current('tag', tags)
  }
  return {
    /** The current slug of the resource that had `slug`, or null. Callers check it is public before saying so. */
    currentSlug (resource: RedirectResource, slug: string): string | null {
      return statements[resource].get({ slug })?.slug ?? null
    }
  }
}
export type RedirectRepository = ReturnType<typeof redirectRepository>
