/**
 * What a change-log entry tells the outside world (pure): webhook events resolved like
 * delta sync, against what the public can see now, so a draft never surfaces and an
 * embargoed story says nothing before its time. Every event also names the surrogate keys
 * a CDN must purge and the feeds whose first page it may change (WebSub topics).
 */
import { iso, storyUrl, surrogateKey } from '../content/render.js'
import type { Entry } from '../repositories/sync.js'

export const STORY_EVENT_TYPES = ['story.published', 'story.updated', 'story.unpublished', 'story.deleted', 'story.renamed', 'review.score_changed', 'review.finalized'] as const
export const CATALOG_EVENT_TYPES = ['author.created', 'author.updated', 'author.deleted', 'section.created', 'section.updated', 'section.deleted', 'tag.created', 'tag.updated', 'tag.deleted'] as const
export const EVENT_TYPES = [...STORY_EVENT_TYPES, ...CATALOG_EVENT_TYPES, 'ping'] as const
export type EventType = typeof EVENT_TYPES[number]

/** Collections whose membership any story's arrival, departure or edit may change. */
const STORY_COLLECTION_KEYS = ['stories', 'reviews', 'feeds', 'search', 'sitemaps', 'verdicts']

/** A story as it stands now, for resolving its entries; null when it no longer exists. */
export interface StoryNow {
  /** Its public document when the public can see it now. */
  doc: string | null
  publicAt: number | null
  type: string
  slug: string
  sectionId: string
  sectionSlug: string | null
  tagSlugs: string[]
  authorSlugs: string[]
  surrogateKeys: string[]
}

/** Where a story sits: its type and section. */
export interface Place { type: string, sectionId: string }

/** Where a story sits in the feeds (the WebSub topics it touches). */
export interface FeedPlace { type: string, sectionSlug: string | null, tagSlugs: string[], authorSlugs: string[] }

export interface ResolvedEvent {
  type: Exclude<EventType, 'ping'>
  /** When it reached the public. */
  at: number
  changeSeq: number
  /** The payload's `data`, serialized. */
  data: string
  /** For endpoint filters: where a story sat, before and after the change (none for other resources). */
  places: Place[]
  surrogateKeys: string[]
  urls: string[]
  /** A story's place in the feeds now, for WebSub; null for other resources or a story that is gone. */
  feeds: FeedPlace | null
}

interface Detail {
  previous?: { scoreFormat: string, score: unknown, state?: string } | null
  current?: { scoreFormat: string, score: unknown, state?: string } | null
  note?: string
  previousSlug?: string
  /** Whether the public saw the write as an edit (live before and after); absent in entries older than webhooks. */
  live?: boolean
  place?: Place
  previousPlace?: Place
  surrogateKeys?: string[]
}

const parse = (json: string): Detail => JSON.parse(json) as Detail

/** The keys a story's responses carry, and the collections that may list it. */
const storyKeys = (id: string, own: readonly string[]): string[] => [...new Set([surrogateKey.story(id), ...own, ...STORY_COLLECTION_KEYS])]

/**
 * The events of one story entry. Edits to a story the public could not see at the time say
 * nothing: its `published` event carries the result. `withdrawn`: a later entry took back
 * this `scheduled` entry's time (the story may be due at that time again, under its own entry).
 */
export function storyEvents (entry: Entry, story: StoryNow | null, siteUrl: string, apiUrl: string, withdrawn = false): ResolvedEvent[] {
  const detail = parse(entry.detailJson)
  const now = story === null ? null : { type: story.type, sectionId: story.sectionId }
  const places = [detail.place ?? now, detail.previousPlace].filter((p): p is Place => p != null)
  const base = {
    at: entry.effectiveAt,
    changeSeq: entry.seq,
    places,
    feeds: story === null ? null : { type: story.type, sectionSlug: story.sectionSlug, tagSlugs: story.tagSlugs, authorSlugs: story.authorSlugs }
  }
  const type = places[0]?.type ?? null
  const slug = story?.slug ?? entry.slug ?? ''
  const identity = (s: string) => ({ id: entry.resourceId, slug: s, type, url: storyUrl(siteUrl, s) })
  const urls = (s: string) => [storyUrl(siteUrl, s), `${apiUrl}/v1/stories/${s}`]
  const keys = storyKeys(entry.resourceId, story?.surrogateKeys ?? detail.surrogateKeys ?? [])
  const publicNow = story !== null && story.doc !== null
  const liveAt = (at: number) => publicNow && story.publicAt !== null && story.publicAt <= at
  // An edit the public saw as one: live then, and (older entries say nothing) still live now from before it.
  const seenEdit = detail.live !== false && liveAt(entry.effectiveAt)
  switch (entry.kind) {
    case 'published':
      return liveAt(entry.effectiveAt) ? [{ ...base, type: 'story.published', data: story!.doc!, surrogateKeys: keys, urls: urls(slug) }] : []
    case 'scheduled':
      // Reached its time: published then, unless the schedule moved since (its own entry tells).
      return publicNow && !withdrawn && story.publicAt === entry.effectiveAt ? [{ ...base, type: 'story.published', data: story.doc!, surrogateKeys: keys, urls: urls(slug) }] : []
    case 'updated': {
      if (!seenEdit) return []
      const out: ResolvedEvent[] = []
      if (detail.previousSlug !== undefined && detail.previousSlug !== entry.slug && entry.slug !== null) {
        out.push({
          ...base,
          type: 'story.renamed',
          data: JSON.stringify({ id: entry.resourceId, previousSlug: detail.previousSlug, slug: entry.slug, previousUrl: storyUrl(siteUrl, detail.previousSlug), url: storyUrl(siteUrl, entry.slug) }),
          surrogateKeys: keys,
          urls: [...urls(detail.previousSlug), ...urls(entry.slug)]
        })
      }
      out.push({ ...base, type: 'story.updated', data: story!.doc!, surrogateKeys: keys, urls: urls(slug) })
      return out
    }
    case 'score_changed':
    case 'finalized': {
      if (!liveAt(entry.effectiveAt)) return []
      // Entries from before verdict states were all final.
      const score = (raw: Detail['previous'], normalized: number | null) => raw == null ? null : { scoreFormat: raw.scoreFormat, score: raw.score, normalized, state: raw.state ?? 'final' }
      return [{
        ...base,
        type: entry.kind === 'finalized' ? 'review.finalized' : 'review.score_changed',
        data: JSON.stringify({ ...identity(slug), previous: score(detail.previous, entry.previousScore), current: score(detail.current, entry.currentScore), note: detail.note ?? null }),
        surrogateKeys: keys,
        urls: urls(slug)
      }]
    }
    // Logged only for a story the public had seen, under the slug it knew (src/writes/story-editor.ts).
    case 'unpublished':
      return [{ ...base, type: 'story.unpublished', data: JSON.stringify(identity(entry.slug ?? slug)), surrogateKeys: keys, urls: urls(entry.slug ?? slug) }]
    case 'deleted':
      return [{ ...base, type: 'story.deleted', data: JSON.stringify(identity(entry.slug ?? slug)), surrogateKeys: keys, urls: urls(entry.slug ?? slug) }]
    default:
      // created: a story created live also logs `published`; unscheduled: its schedule's own entry says nothing.
      return []
  }
}

/** The event of an author, section or tag entry; `json` is its public representation now (null when gone or hidden). */
export function catalogEvent (entry: Entry, json: string | null, apiUrl: string): ResolvedEvent | null {
  const resource = entry.resource as 'author' | 'section' | 'tag'
  const kind = entry.kind === 'created' || entry.kind === 'updated' || entry.kind === 'deleted' ? entry.kind : null
  if (kind === null) return null
  const plural = `${resource}s`
  const base = { at: entry.effectiveAt, changeSeq: entry.seq, places: [], feeds: null }
  const keys = [surrogateKey[resource](entry.resourceId), plural]
  const urls = entry.slug === null ? [] : [`${apiUrl}/v1/${plural}/${entry.slug}`]
  if (kind === 'deleted') return { ...base, type: `${resource}.deleted`, data: JSON.stringify({ id: entry.resourceId, slug: entry.slug }), surrogateKeys: keys, urls }
  return json === null ? null : { ...base, type: `${resource}.${kind}`, data: json, surrogateKeys: keys, urls }
}

/** The serialized payload: Standard Webhooks' `{type, timestamp, data}`. */
export function payload (type: EventType, at: number, data: string): string {
  return `{"type":${JSON.stringify(type)},"timestamp":${JSON.stringify(iso(at))},"data":${data}}`
}
