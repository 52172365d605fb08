/** A public review's score history: its change-log entries, read by the resource index. */
import { and, asc, eq, lte, sql } from 'drizzle-orm'
import { prepare, type Db } from '../db/client.js'
import { tablesOf } from '../db/tables.js'
import { buildHistory, scoringOfVerdict, type LogEntry } from '../content/score-history.js'
import type { ReviewType } from '../schemas/story.js'
import type { ScoreHistoryType } from '../schemas/history.js'
import type { Rendered } from './types.js'

const ph = sql.placeholder

export function scoreHistoryRepository (db: Db) {
  const { changes, stories } = tablesOf(db)
  const reviewBySlug = prepare(db.select({ id: stories.id, doc: stories.docJson, type: stories.type, updatedAt: stories.updatedAt, renderedAt: stories.renderedAt, keys: stories.surrogateKeys })
    .from(stories).where(and(eq(stories.slug, ph('slug')), lte(stories.publicAt, ph('now')))))
  const entriesOf = prepare(db.select({ seq: changes.seq, kind: changes.kind, at: changes.at, effectiveAt: changes.effectiveAt, detailJson: changes.detailJson })
    .from(changes).where(and(eq(changes.resource, 'story'), eq(changes.resourceId, ph('id')))).orderBy(asc(changes.seq)))

  return {
    /** Null unless the review is public now: a draft's or an embargoed review's history does not exist. */
    async getHistory (slug: string, now: number): Promise<Rendered | null> {
      const row = (await reviewBySlug.execute({ slug, now }))[0]
      if (row === undefined || row.type !== 'review') return null
      const review = JSON.parse(row.doc) as ReviewType
      const current = scoringOfVerdict(review.verdict)
      const entries: LogEntry[] = (await entriesOf.execute({ id: row.id })).map((e) => ({ ...e, detail: JSON.parse(e.detailJson) as LogEntry['detail'] }))
      const history: ScoreHistoryType = {
        review: { id: review.id, slug: review.slug, title: review.title, url: review.url },
        data: buildHistory(entries, current, Date.parse(review.publishedAt), now)
      }
      const seen = entries.filter((e) => e.effectiveAt <= now).map((e) => e.effectiveAt)
      return { body: JSON.stringify(history), etag: null, lastModified: Math.max(row.updatedAt, row.renderedAt, ...seen), surrogateKeys: row.keys.split(' ') }
    }
  }
}
export type ScoreHistoryRepository = ReturnType<typeof scoreHistoryRepository>
