/**
 * Delta sync: the change log replayed in the order the public saw it, each entry
 * resolved to the resource's current public state — an upsert with its full public
 * representation, a tombstone when the public can no longer see it, and score events.
 *
 * Two streams make up the order. Most entries reach the public when written; they are
 * read by `seq`, handed out in commit order (on Postgres the append holds a lock to the
 * commit: src/repositories/change-log.ts), so a position is never passed
 * by a write still in flight. Entries that reach the public later than they were
 * written (a scheduled story, its score) are read by `effectiveAt` once that time has
 * settled. A position is the pair of places reached in both.
 */
import { and, asc, eq, gt, lte, sql } from 'drizzle-orm'
import { prepare, type Db } from '../db/client.js'
import { tablesOf } from '../db/tables.js'
import { iso } from '../content/render.js'
import { toAuthor, toSection, toTag } from './mappers.js'

export const SYNC_RESOURCES = ['story', 'author', 'section', 'tag'] as const
export type SyncResource = typeof SYNC_RESOURCES[number]

export interface SyncPosition { seq: number, deferredAt: number, deferredSeq: number }
export const SYNC_START: SyncPosition = { seq: 0, deferredAt: 0, deferredSeq: 0 }

/**
 * How long a deferred entry waits after its time before sync hands it out: longer
 * than any write transaction, so one committing late is never skipped.
 */
export const SETTLE_MS = 1000

export interface SyncPage {
  /** Serialized events, in order. */
  events: string[]
  position: SyncPosition
  hasMore: boolean
}

/** A change-log entry as the readers of the log (delta sync, webhooks) take it. */
export interface Entry {
  seq: number
  resource: string
  resourceId: string
  slug: string | null
  kind: string
  at: number
  effectiveAt: number
  previousScore: number | null
  currentScore: number | null
  detailJson: string
}

const ph = sql.placeholder

/** Raw JSON of `head` with a serialized `data` member appended. */
const withData = (head: object, data: string): string => `${JSON.stringify(head).slice(0, -1)},"data":${data}}`

interface RawScore { scoreFormat: unknown, score: unknown, state?: string }

export function syncRepository (db: Db) {
  const { authors, changes, media, sections, stories, tags } = tablesOf(db)
  const columns = {
    seq: changes.seq,
    resource: changes.resource,
    resourceId: changes.resourceId,
    slug: changes.slug,
    kind: changes.kind,
    at: changes.at,
    effectiveAt: changes.effectiveAt,
    previousScore: changes.previousScore,
    currentScore: changes.currentScore,
    detailJson: changes.detailJson
  }
  // `types` is ",story,author," — one statement serves every filter.
  const wanted = sql`${ph('types')} like '%,' || ${changes.resource} || ',%'`
  const immediate = prepare(db.select(columns).from(changes)
    .where(and(gt(changes.seq, ph('seq')), lte(changes.effectiveAt, changes.at), eq(changes.visible, true), wanted))
    .orderBy(asc(changes.seq)).limit(ph('limit')))
  // The condition `effective_at > at` matches the partial index changes_deferred_idx.
  const deferred = prepare(db.select(columns).from(changes)
    .where(and(sql`${changes.effectiveAt} > ${changes.at}`,
      sql`(${changes.effectiveAt}, ${changes.seq}) > (${ph('at')}, ${ph('atSeq')})`,
      lte(changes.effectiveAt, ph('until')), eq(changes.visible, true), wanted))
    .orderBy(asc(changes.effectiveAt), asc(changes.seq)).limit(ph('limit')))

  // The earliest deferred entry that has come but not yet settled: nothing written after it goes before it.
  const unsettled = prepare(db.select({ at: sql<number | null>`min(${changes.effectiveAt})` }).from(changes)
    .where(and(sql`${changes.effectiveAt} > ${changes.at}`,
      sql`(${changes.effectiveAt}, ${changes.seq}) > (${ph('at')}, ${ph('atSeq')})`,
      sql`${changes.effectiveAt} > ${ph('until')}`, lte(changes.effectiveAt, ph('now')), eq(changes.visible, true), wanted)))

  const story = prepare(db.select({ doc: stories.docJson, publicAt: stories.publicAt }).from(stories).where(eq(stories.id, ph('id'))))
  const author = prepare(db.select({ a: authors, m: media }).from(authors).leftJoin(media, eq(media.id, authors.avatarMediaId)).where(eq(authors.id, ph('id'))))
  const section = prepare(db.select().from(sections).where(eq(sections.id, ph('id'))))
  const tag = prepare(db.select().from(tags).where(eq(tags.id, ph('id'))))

  /** The resource's public representation now, or null when the public cannot see it. */
  async function current (resource: string, id: string, now: number): Promise<string | null> {
    switch (resource) {
      case 'story': {
        const row = (await story.execute({ id }))[0]
        return row !== undefined && row.publicAt !== null && row.publicAt <= now ? row.doc : null
      }
      case 'author': {
        const row = (await author.execute({ id }))[0]
        return row === undefined ? null : JSON.stringify(toAuthor(row.a, row.m))
      }
      case 'section': {
        const row = (await section.execute({ id }))[0]
        return row === undefined ? null : JSON.stringify(toSection(row))
      }
      default: {
        const row = (await tag.execute({ id }))[0]
        return row === undefined ? null : JSON.stringify(toTag(row))
      }
    }
  }

  /** The events an entry stands for: nothing when it no longer says anything public. */
  async function eventOf (entry: Entry, now: number): Promise<{ key: string | null, json: string } | null> {
    const head = { op: 'upsert', resource: entry.resource, id: entry.resourceId, at: iso(entry.effectiveAt) }
    const data = await current(entry.resource, entry.resourceId, now)
    if (entry.kind === 'score_changed' || entry.kind === 'finalized') {
      // A score the public cannot see now (an embargoed or withdrawn review) is not told.
      if (data === null) return null
      const detail = JSON.parse(entry.detailJson) as { previous?: RawScore | null, current?: RawScore | null, note?: string }
      const op = entry.kind === 'finalized' ? 'finalized' : 'score'
      // Entries from before verdict states were all final.
      const raw = (s: RawScore | null | undefined) => s == null ? null : { scoreFormat: s.scoreFormat, score: s.score, state: s.state ?? 'final' }
      return {
        key: null,
        json: JSON.stringify({ ...head, op, previousScore: entry.previousScore, currentScore: entry.currentScore, previous: raw(detail.previous), current: raw(detail.current), note: detail.note ?? null })
      }
    }
    const key = `${entry.resource}/${entry.resourceId}`
    if (data !== null) return { key, json: withData(head, data) }
    // Every way out of public view is logged as unpublished or deleted, and those carry
    // the tombstone; an edit to something not public now tells a mirror nothing.
    return entry.kind === 'unpublished' || entry.kind === 'deleted' ? { key, json: JSON.stringify({ ...head, op: 'delete' }) } : null
  }

  /**
   * Up to `limit` entries after `from` that the public has seen by `now`, in the order it
   * saw them, and the position after them.
   */
  async function entries (from: SyncPosition, types: readonly SyncResource[], limit: number, now: number): Promise<{ entries: Entry[], position: SyncPosition, hasMore: boolean }> {
    const filter = `,${types.join(',')},`
    const a = (await immediate.execute({ seq: from.seq, types: filter, limit: limit + 1 })) as Entry[]
    const b = (await deferred.execute({ at: from.deferredAt, atSeq: from.deferredSeq, until: now - SETTLE_MS, types: filter, limit: limit + 1 })) as Entry[]
    // Merge by time, taking a prefix of each stream so each keeps one resume point.
    const taken: Entry[] = []
    const position = { ...from }
    let i = 0
    let j = 0
    // An entry stamped after `now` (a write that began after this read did, and committed
    // first) is left, with everything after it, for the next read: resolved against the
    // public at `now` it would say nothing, and the position would pass it for good.
    // Nor does one written after a scheduled publication that is waiting to settle: it waits
    // too, so a receiver never hears of an edit before the publication it follows.
    const [first] = await unsettled.execute({ at: from.deferredAt, atSeq: from.deferredSeq, until: now - SETTLE_MS, now, types: filter }) as Array<{ at: number | string | null }>
    const holdFrom = first?.at == null ? Number.POSITIVE_INFINITY : Number(first.at)
    const ready = (k: number) => k < a.length && a[k]!.at <= now && a[k]!.effectiveAt < holdFrom
    while (taken.length < limit && (ready(i) || j < b.length)) {
      const fromA = ready(i) && (j >= b.length || a[i]!.effectiveAt < b[j]!.effectiveAt || (a[i]!.effectiveAt === b[j]!.effectiveAt && a[i]!.seq < b[j]!.seq))
      if (fromA) {
        const e = a[i++]!
        position.seq = e.seq
        taken.push(e)
      } else {
        const e = b[j++]!
        position.deferredAt = e.effectiveAt
        position.deferredSeq = e.seq
        taken.push(e)
      }
    }
    return { entries: taken, position, hasMore: i < a.length || j < b.length }
  }

  return {
    entries,
    current,
    /** Up to `limit` events after `from`, and the position after them. */
    async read (from: SyncPosition, types: readonly SyncResource[], limit: number, now: number): Promise<SyncPage> {
      const { entries: taken, position, hasMore } = await entries(from, types, limit, now)
      // A resource changed twice in one page is sent once, in its later place: both
      // entries resolve to the same current state.
      const events: Array<{ key: string | null, json: string } | null> = []
      for (const e of taken) events.push(await eventOf(e, now))
      const last = new Map<string, number>()
      events.forEach((e, k) => { if (e?.key != null) last.set(e.key, k) })
      return {
        events: events.filter((e, k) => e !== null && (e.key === null || last.get(e.key) === k)).map((e) => e!.json),
        position,
        hasMore
      }
    }
  }
}
export type SyncRepository = ReturnType<typeof syncRepository>
