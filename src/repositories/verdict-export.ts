/**
 * The aggregator export: public reviews in the order they last changed, oldest first,
 * so a client backfills from the start and then follows on with `updatedSince` or the
 * cursor. Keyset over verdicts_changed_idx (changed_at, story_id); one prepared
 * statement per combination of filters, built on first use.
 *
 * Visibility is a row filter here, not the range of the scan: in ascending order the
 * rows after a cursor are not known to be public. A review scheduled for later has
 * changed_at >= its publication time > now (renderStoryRow takes the max), so it sorts
 * after every record served so far: no cursor or updatedSince a client holds can have
 * passed it before it goes live, and it shows up at the end of the walk when it does.
 * (Public rows are not bounded by changed_at < now: a page read in the millisecond a
 * review goes live would leave it out, and the response cache would keep that page.)
 */
import { TEXT_COLLECTION_KEYS } from '../content/invalidation.js'
import { and, asc, eq, gt, lte, sql, type SQL } from 'drizzle-orm'
import { prepare, type Db } from '../db/client.js'
import { tablesOf } from '../db/tables.js'
import type { CursorValue } from '../content/cursor.js'
import { toVerdictRecords, verdictRecordKeys } from '../content/verdict-record.js'
import type { ReviewType } from '../schemas/story.js'
import { freshnessRepository } from './freshness.js'
import { toPage, type Page } from './types.js'

const ph = sql.placeholder

export interface VerdictExportFilter {
  subjectKind?: string
  /** Epoch ms: only records that changed strictly after it. */
  updatedSince?: number
}

interface Row { doc: string, changedAt: number, id: string }
interface Prepared { execute (params: Record<string, unknown>): PromiseLike<Row[]> }

function build (db: Db, f: VerdictExportFilter, after: boolean): Prepared {
  const { stories, verdicts } = tablesOf(db)
  // Only reviews have a verdict row (the story editor's type rule), so no type test:
  // one on stories would lure the planner onto stories_type_public_idx and a sort.
  const conds: SQL[] = [lte(verdicts.publicAt, ph('now'))]
  // A later page seeks on its cursor alone: the cursor is signed with updatedSince,
  // and its key came from a row after it.
  if (after) conds.push(sql`(${verdicts.changedAt}, ${verdicts.storyId}) > (${ph('k0')}, ${ph('k1')})`)
  else if (f.updatedSince !== undefined) conds.push(gt(verdicts.changedAt, ph('since')))
  // With a kind, verdicts_kind_changed_idx (subject_kind, changed_at, story_id) drives
  // the same keyset; a kind with few reviews costs no scan of the others.
  if (f.subjectKind !== undefined) conds.push(eq(verdicts.subjectKind, ph('subjectKind')))
  return prepare(db.select({ doc: stories.docJson, changedAt: verdicts.changedAt, id: verdicts.storyId })
    .from(verdicts).innerJoin(stories, eq(stories.id, verdicts.storyId))
    .where(and(...conds))
    .orderBy(asc(verdicts.changedAt), asc(verdicts.storyId))
    .limit(ph('limit')))
}

export function verdictExportRepository (db: Db, outlet: string) {
  const freshness = freshnessRepository(db)
  const statements = new Map<string, Prepared>()
  return {
    /** A page of serialized VerdictRecords; `after` is the [changedAt, storyId] key of the previous page's last one. */
    async listVerdicts (f: VerdictExportFilter, after: CursorValue[] | null, limit: number, now: number): Promise<Page> {
      const key = `${f.subjectKind !== undefined}|${f.updatedSince !== undefined}|${after !== null}`
      let statement = statements.get(key)
      if (statement === undefined) { statement = build(db, f, after !== null); statements.set(key, statement) }
      const rows = (await statement.execute({ now, since: f.updatedSince, subjectKind: f.subjectKind, k0: after?.[0], k1: after?.[1], limit: limit + 1 }))
      return toPage(rows.map((r) => {
        const review = JSON.parse(r.doc) as ReviewType
        // A review's records travel together: `limit` counts reviews, so a page may hold more records.
        const json = toVerdictRecords(review, outlet, r.changedAt).map((record) => JSON.stringify(record)).join(',')
        return { json, key: [r.changedAt, r.id], updatedAt: r.changedAt, surrogateKeys: verdictRecordKeys(review) }
      }), limit, [TEXT_COLLECTION_KEYS.verdicts], await freshness.changedAt(now))
    }
  }
}
export type VerdictExportRepository = ReturnType<typeof verdictExportRepository>
