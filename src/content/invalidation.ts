/**
 * Which public responses a story write can have changed, named by their surrogate keys,
 * so the in-process response cache drops those and keeps the rest.
 *
 * A response is tagged with the keys of every story it shows (src/content/render.ts
 * `surrogateKey`) and with its collection's key. An edit that leaves a live story where
 * it was in every list (same visibility, time, type, section, authors, tags, subject,
 * score, awards, slug) changes only the responses that show it, plus the collections
 * whose membership or order follows the text or the edit time:
 * - `search`: ranking follows the words;
 * - `sitemaps`: every entry carries its lastmod;
 * - `verdicts`: the aggregator export is ordered by last change.
 * Anything else (a story appearing, leaving, moving) may change any list: everything.
 * A story the public cannot see, before or after, changes nothing public.
 */
import { surrogateKey } from './render.js'
import { publicAtOf, type StoryStatus } from './workflow.js'

export type Invalidation =
  | { everything: true }
  /**
   * `goesLiveAt`: the write scheduled a story the public cannot see yet, due then. Every
   * list may change at that time with no further write: a cache keeps nothing past it,
   * even when the batch commits after it (a write waiting for the lock).
   */
  | { everything: false, keys: readonly string[], goesLiveAt?: number }

export const INVALIDATES_NOTHING: Invalidation = { everything: false, keys: [] }
export const INVALIDATES_EVERYTHING: Invalidation = { everything: true }

/** What every editorial write returns: its result, and which public responses it may have changed. */
export interface Written<T> { value: T, invalidation: Invalidation }

/** One invalidation that covers them all. */
export function mergeInvalidations (invalidations: readonly Invalidation[]): Invalidation {
  const keys = new Set<string>()
  let goesLiveAt = Number.POSITIVE_INFINITY
  for (const i of invalidations) {
    if (i.everything) return INVALIDATES_EVERYTHING
    for (const key of i.keys) keys.add(key)
    goesLiveAt = Math.min(goesLiveAt, i.goesLiveAt ?? Number.POSITIVE_INFINITY)
  }
  return { everything: false, keys: [...keys], ...(goesLiveAt < Number.POSITIVE_INFINITY ? { goesLiveAt } : {}) }
}

/** Collections that depend on the text or the change time of every story they hold. */
export const TEXT_COLLECTION_KEYS = { search: 'search', sitemaps: 'sitemaps', verdicts: 'verdicts' } as const

/** What a story write is judged on: its place in lists, and what it scores. */
export interface StoryPlacement {
  id: string
  slug: string
  type: string
  status: StoryStatus
  publishedAt: number | null
  sectionId: string
  authorIds: readonly string[]
  tagIds: readonly string[]
  subjectId: string | null
  verdict: { scoreFormat: unknown, score: unknown, awards: readonly string[], state: string, platform: string | null, platforms: ReadonlyArray<{ platform: string }> } | null
}

/** The same strings in the same order. */
export const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i])

function samePlace (a: StoryPlacement, b: StoryPlacement): boolean {
  return a.slug === b.slug && a.type === b.type && a.status === b.status && a.publishedAt === b.publishedAt &&
    a.sectionId === b.sectionId && a.subjectId === b.subjectId && sameList(a.authorIds, b.authorIds) && sameList(a.tagIds, b.tagIds) &&
    JSON.stringify(listedBy(a)) === JSON.stringify(listedBy(b))
}

/** What review lists sort and filter a verdict on: its score, awards, state and platforms. */
function listedBy (s: StoryPlacement): unknown {
  const v = s.verdict
  return v && [v.scoreFormat, v.score, v.awards, v.state, v.platform, v.platforms.map((p) => p.platform)]
}

/** `before` is null for a create, `after` null for a delete. */
export function storyWriteInvalidation (before: StoryPlacement | null, after: StoryPlacement | null, now: number): Invalidation {
  const live = (s: StoryPlacement | null) => {
    const at = s === null ? null : publicAtOf(s.status, s.publishedAt)
    return at !== null && at <= now
  }
  if (!live(before) && !live(after)) {
    // Not public yet, but due: the lists change at its time.
    const due = after === null ? null : publicAtOf(after.status, after.publishedAt)
    return due === null ? INVALIDATES_NOTHING : { everything: false, keys: [], goesLiveAt: due }
  }
  if (before === null || after === null || !live(before) || !live(after) || !samePlace(before, after)) return INVALIDATES_EVERYTHING
  return { everything: false, keys: [surrogateKey.story(after.id), ...Object.values(TEXT_COLLECTION_KEYS)] }
}
