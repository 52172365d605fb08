/** Single stories, verdicts and subject pages: one prepared, indexed lookup each. */
import { and, desc, eq, lte, sql } from 'drizzle-orm'
import { prepare, type Db } from '../db/client.js'
import { tablesOf } from '../db/tables.js'
import { withRawArray } from '../content/json.js'
import { surrogateKey } from '../content/render.js'
import { toSubject } from './mappers.js'
import { freshnessRepository } from './freshness.js'
import type { Rendered } from './types.js'

const ph = sql.placeholder

export function storyRepository (db: Db) {
  const { stories, subjects, verdicts } = tablesOf(db)
  const freshness = freshnessRepository(db)
  const storyBySlug = prepare(db.select({ body: stories.docJson, etag: stories.etag, type: stories.type, updatedAt: stories.updatedAt, renderedAt: stories.renderedAt, keys: stories.surrogateKeys })
    .from(stories).where(and(eq(stories.slug, ph('slug')), lte(stories.publicAt, ph('now')))))
  const verdictBySlug = prepare(db.select({ body: verdicts.verdictJson, etag: verdicts.etag, updatedAt: stories.updatedAt, renderedAt: stories.renderedAt, keys: stories.surrogateKeys })
    .from(stories).innerJoin(verdicts, eq(verdicts.storyId, stories.id))
    .where(and(eq(stories.slug, ph('slug')), lte(stories.publicAt, ph('now')))))
  const subjectBySlug = prepare(db.select().from(subjects).where(eq(subjects.slug, ph('slug'))))
  const reviewsOfSubject = prepare(db.select({ json: stories.cardJson, updatedAt: stories.updatedAt, keys: stories.surrogateKeys }).from(stories)
    .where(and(eq(stories.subjectId, ph('subject')), eq(stories.type, 'review'), lte(stories.publicAt, ph('now'))))
    .orderBy(desc(stories.publicAt)))

  const rendered = (row: { body: string, etag: string, updatedAt: number, renderedAt: number, keys: string } | undefined): Rendered | null =>
    row === undefined ? null : { body: row.body, etag: row.etag, lastModified: Math.max(row.updatedAt, row.renderedAt), surrogateKeys: row.keys.split(' ') }

  return {
    /** A public story by slug; `type` narrows it to reviews when given. */
    async getStory (slug: string, now: number, type?: 'review'): Promise<Rendered | null> {
      const row = (await storyBySlug.execute({ slug, now }))[0]
      return type !== undefined && row?.type !== type ? null : rendered(row)
    },
    async getVerdict (slug: string, now: number): Promise<Rendered | null> {
      return rendered((await verdictBySlug.execute({ slug, now }))[0])
    },
    /**
     * A subject with its public reviews, newest first. A subject is public only through
     * a public review: one known only from a draft would leak an embargoed review.
     */
    async getSubject (slug: string, now: number): Promise<Rendered | null> {
      const row = (await subjectBySlug.execute({ slug }))[0]
      if (row === undefined) return null
      const reviews = (await reviewsOfSubject.execute({ subject: row.id, now }))
      if (reviews.length === 0) return null
      return {
        body: withRawArray(toSubject(row), 'reviews', reviews.map((r) => r.json)),
        etag: null,
        lastModified: Math.max(row.updatedAt, await freshness.changedAt(now), ...reviews.map((r) => r.updatedAt)),
        surrogateKeys: [...new Set([surrogateKey.subject(row.id), ...reviews.flatMap((r) => r.keys.split(' '))])]
      }
    }
  }
}
export type StoryRepository = ReturnType<typeof storyRepository>
