/**
 * Upcoming embargo lifts: stories whose public time is still ahead, soonest first. Only
 * what a partner may know before the lift is selected (type, subject, section, time), so
 * no title or text can slip into an answer by a later change to the mapping.
 *
 * `publicAt > now` is the whole test: it is set only for scheduled and published stories
 * (src/content/workflow.ts), so drafts and archived stories never match, a withdrawn or
 * moved schedule shows at once, and a lifted story drops out with no job to run. The
 * seek runs backwards along the `(publicAt desc, id desc)` indexes the public lists use,
 * or the type or subject-kind one when filtered.
 */
import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm'
import { prepare, type Db } from '../db/client.js'
import { tablesOf } from '../db/tables.js'
import type { CursorValue } from '../content/cursor.js'
import { iso } from '../content/render.js'
import type { EmbargoType } from '../schemas/embargo.js'

const ph = sql.placeholder

export interface EmbargoFilter {
  type?: string
  subjectKind?: string
}

export interface EmbargoPage {
  items: EmbargoType[]
  /** Sort key (liftsAt, id) of the last item when another page follows, else null. */
  nextKey: CursorValue[] | null
}

interface Row {
  id: string
  type: EmbargoType['type']
  publicAt: number | null
  subjectId: string | null
  subjectSlug: string | null
  subjectKind: string | null
  subjectTitle: string | null
  subjectYear: number | null
  sectionId: string
  sectionSlug: string
  sectionName: string
}

interface Prepared { execute (params: Record<string, unknown>): PromiseLike<Row[]> }

function build (db: Db, f: EmbargoFilter, after: boolean): Prepared {
  const { sections, stories, subjects } = tablesOf(db)
  const conds: SQL[] = [gt(stories.publicAt, ph('now'))]
  // A position from an earlier page: strictly after it, and still upcoming (it may have lifted since).
  if (after) conds.push(sql`(${stories.publicAt}, ${stories.id}) > (${ph('k0')}, ${ph('k1')})`)
  if (f.type !== undefined) conds.push(eq(stories.type, ph('type')))
  if (f.subjectKind !== undefined) conds.push(eq(stories.subjectKind, ph('subjectKind')))
  return prepare(db.select({
    id: stories.id,
    type: stories.type,
    publicAt: stories.publicAt,
    subjectId: subjects.id,
    subjectSlug: subjects.slug,
    subjectKind: subjects.kind,
    subjectTitle: subjects.title,
    subjectYear: subjects.releaseYear,
    sectionId: sections.id,
    sectionSlug: sections.slug,
    sectionName: sections.name
  }).from(stories)
    .innerJoin(sections, eq(sections.id, stories.sectionId))
    .leftJoin(subjects, eq(subjects.id, stories.subjectId))
    .where(and(...conds))
    .orderBy(asc(stories.publicAt), asc(stories.id))
    .limit(ph('limit')))
}

function toEmbargo (r: Row): EmbargoType {
  return {
    id: r.id,
    liftsAt: iso(r.publicAt!),
    type: r.type,
    subject: r.subjectId === null
      ? null
      : { id: r.subjectId, slug: r.subjectSlug!, kind: r.subjectKind as NonNullable<EmbargoType['subject']>['kind'], title: r.subjectTitle!, releaseYear: r.subjectYear },
    section: { id: r.sectionId, slug: r.sectionSlug, name: r.sectionName }
  }
}

export function embargoRepository (db: Db) {
  const statements = new Map<string, Prepared>()
  return {
    /** Up to `limit` lifts after `now` (and after the key `after`, from a cursor), soonest first. */
    async list (f: EmbargoFilter, after: CursorValue[] | null, limit: number, now: number): Promise<EmbargoPage> {
      const key = `${f.type !== undefined ? 'type' : ''}|${f.subjectKind !== undefined ? 'kind' : ''}|${after !== null ? 'after' : 'first'}`
      let statement = statements.get(key)
      if (statement === undefined) { statement = build(db, f, after !== null); statements.set(key, statement) }
      const rows = await statement.execute({ now, k0: after?.[0], k1: after?.[1], type: f.type, subjectKind: f.subjectKind, limit: limit + 1 })
      const shown = rows.slice(0, limit)
      const last = shown.at(-1)
      return { items: shown.map(toEmbargo), nextKey: rows.length > limit && last !== undefined ? [last.publicAt!, last.id] : null }
    }
  }
}
export type EmbargoRepository = ReturnType<typeof embargoRepository>
