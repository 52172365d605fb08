/** Appends to the change log (src/db/schema.ts `changes`) that delta sync and webhooks replay. */
import { sql } from 'drizzle-orm'
import { perDatabase, prepare, type Db } from '../db/client.js'
import { serializeAppends } from '../db/dialect.js'
import type { changes } from '../db/schema.js'
import { tablesOf } from '../db/tables.js'

export type ChangeResource = typeof changes.$inferInsert['resource']
export type ChangeKind = typeof changes.$inferInsert['kind']

export interface Change {
  resource: ChangeResource
  resourceId: string
  slug: string | null
  kind: ChangeKind
  /** When the public sees it; defaults to the time of the write. */
  effectiveAt?: number
  previousScore?: number | null
  currentScore?: number | null
  detail?: Record<string, unknown>
  /** Could the public see the resource before or after? Defaults to true. */
  visible?: boolean
}

/** Who wrote and when: the API key id (null for the seeder and CLI) and the request's clock. */
export interface WriteContext { now: number, actor: string | null }

const append = perDatabase((db: Db) => prepare(db.insert(tablesOf(db).changes).values({
  resource: sql.placeholder('resource'),
  resourceId: sql.placeholder('resourceId'),
  slug: sql.placeholder('slug'),
  kind: sql.placeholder('kind'),
  at: sql.placeholder('at'),
  effectiveAt: sql.placeholder('effectiveAt'),
  previousScore: sql.placeholder('previousScore'),
  currentScore: sql.placeholder('currentScore'),
  detailJson: sql.placeholder('detailJson'),
  actor: sql.placeholder('actor'),
  visible: sql.placeholder('visible')
})))

export async function recordChange (db: Db, change: Change, ctx: WriteContext): Promise<void> {
  // A reader must never see a later position committed before an earlier one: appends
  // commit in the order of their positions (a no-op where writes are serial anyway).
  await serializeAppends(db)
  await append(db).execute({
    resource: change.resource,
    resourceId: change.resourceId,
    slug: change.slug,
    kind: change.kind,
    at: ctx.now,
    effectiveAt: change.effectiveAt ?? ctx.now,
    previousScore: change.previousScore ?? null,
    currentScore: change.currentScore ?? null,
    detailJson: JSON.stringify(change.detail ?? {}),
    actor: ctx.actor,
    visible: change.visible ?? true
  })
}
