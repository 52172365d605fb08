/** Single stories, verdicts and subject pages: one prepared, indexed lookup each. */
import { and, desc, eq, lte, sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { stories, subjects, verdicts } from '../db/schema.js'
import { withRawArray } from '../content/json.js'
import { surrogateKey } from '../content/render.js'
import { toSubject } from './mappers.js'
import { freshnessRepository } from './freshness.js'
import type { Rendered } from './types.js'

const ph = sql.placeholder

export function storyRepository (db: Db) {
  const freshness = freshnessRepository(db)
  const storyBySlug = db.select({ body: stories.docJson, etag: stories.etag, type: stories.type, updatedAt: stories.updatedAt, renderedAt: stories.renderedAt, keys: stories.surrogateKeys })
    .from(stories).where(and(eq(stories.slug, ph('slug')), lte(stories.publicAt, ph('now')))).prepare()
  const verdictBySlug = db.select({ body: verdicts.verdictJson, etag: verdicts.etag, updatedAt: stories.updatedAt, renderedAt: stories.renderedAt, keys: stories.surrogateKeys })
    .from(stories).innerJoin(verdicts, eq(verdicts.storyId, stories.id))
    .where(and(eq(stories.slug, ph('slug')), lte(stories.publicAt, ph('now')))).prepare()
  const subjectBySlug = db.select().from(subjects).where(eq(subjects.slug, ph('slug'))).prepare()
  const reviewsOfSubject = db.select({ json: stories.cardJson, updatedAt: stories.updatedAt, keys: stories.surrogateKeys }).from(stories)
    .where(and(eq(stories.subjectId, ph('subject')), eq(stories.type, 'review'), lte(stories.publicAt, ph('now'))))
    .orderBy(desc(stories.publicAt)).prepare()

  const rendered = (row: { body: string, etag: string, updatedAt: number, renderedAt: number, keys: string } | undefined): Rendered | null =>
    row === undefined ? null : { body: row.body, etag: row.etag, lastModified: Math.max(row.updatedAt, row.renderedAt), surrogateKeys: row.keys.split(' ') }

  return {
    /** A public story by slug; `type` narrows it to reviews when given. */
    async getStory (slug: string, now: number, type?: 'review'): Promise<Rendered | null> {
      const row = storyBySlug.get({ slug, now })
      return type !== undefined && row?.type !== type ? null : rendered(row)
    },
    async getVerdict (slug: string, now: number): Promise<Rendered | null> {
      return rendered(verdictBySlug.get({ slug, now }))
    },
    /**
     * A subject with its public reviews, newest first. A subject is public only through
     * a public review: one known only from a draft would leak an embargoed review.
     */
    async getSubject (slug: string, now: number): Promise<Rendered | null> {
      const row = subjectBySlug.get({ slug })
      if (row === undefined) return null
      const reviews = reviewsOfSubject.all({ subject: row.id, now })
      if (reviews.length === 0) return null
      return {
        body: withRawArray(toSubject(row), 'reviews', reviews.map((r) => r.json)),
        etag: null,
        lastModified: Math.max(row.updatedAt, freshness.changedAt(now), ...reviews.map((r) => r.updatedAt)),
        surrogateKeys: [...new Set([surrogateKey.subject(row.id), ...reviews.flatMap((r) => r.keys.split(' '))])]
      }
    }
  }
}
export type StoryRepository = ReturnType<typeof storyRepository>
