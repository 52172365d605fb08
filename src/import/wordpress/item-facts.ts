/** Small readings of one exported post that the mapping (map-item.ts) is made of; pure. */
import { slugify } from '../../content/slug.js'
import type { StoryStatus } from '../../content/workflow.js'
import type { SubjectKindType } from '../../schemas/subject.js'
import type { MappingType } from './mapping.js'
import type { WxrChannel, WxrItem } from './types.js'

/** `2013-12-18 14:00:00` (UTC when it is a `_gmt` field) as ms; null for WordPress's "no date", `0000-00-00 00:00:00`. */
export function parseWpDate (value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim())
  if (m === null || m[1] === '0000') return null
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  const ms = Date.UTC(y, mo - 1, d, h, mi, s)
  const back = new Date(ms)
  // Feb 30 and hour 25 roll over in Date.UTC: such a date is not one.
  return back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && back.getUTCHours() === h ? ms : null
}

/**
 * What the public may see of it, in Byline's workflow. Only `publish` and `future` are
 * public in WordPress; a password or `private` keeps a post from the public there, so it
 * comes over as a draft, never published.
 */
export function storyStatus (item: WxrItem, notes: { warnings: string[] }): Exclude<StoryStatus, 'archived'> | null {
  if (!IMPORTED_STATUSES.has(item.status)) return null
  // Whatever its status: a password keeps the post from the public, now and when it is due.
  if (item.postPassword !== '') {
    notes.warnings.push('password-protected in WordPress: imported as a draft')
    return 'draft'
  }
  switch (item.status) {
    case 'publish': return 'published'
    case 'future': return 'scheduled'
    case 'draft': return 'draft'
    case 'pending':
      notes.warnings.push('pending review in WordPress: imported as a draft')
      return 'draft'
    case 'private':
      notes.warnings.push('private in WordPress: imported as a draft')
      return 'draft'
    default: return null
  }
}

const IMPORTED_STATUSES = new Set(['publish', 'future', 'draft', 'pending', 'private'])

/** Whether the item becomes a story: a post (or a page, asked for) in a status that is kept. */
export function isImportedPost (item: Pick<WxrItem, 'postType' | 'status'>, pages: boolean): boolean {
  return (item.postType === 'post' || (item.postType === 'page' && pages)) && IMPORTED_STATUSES.has(item.status)
}

/** A post the site took down (WordPress's trash): a story an earlier run made of it is withdrawn. */
export function isTakenDown (item: Pick<WxrItem, 'postType' | 'status'>, pages: boolean): boolean {
  return (item.postType === 'post' || (item.postType === 'page' && pages)) && item.status === 'trash'
}

/** The post's slug as Byline can have it: WordPress percent-encodes non-ASCII slugs. */
export function postSlug (item: WxrItem): string {
  let slug = item.postName.trim()
  try {
    slug = decodeURIComponent(slug)
  } catch {}
  return slugify(slug)
}

/** The primary category: Yoast's choice when it names one of the post's categories, else the first. */
export function primaryCategory (item: Pick<WxrItem, 'terms' | 'meta'>, channel: WxrChannel): string | null {
  const categories = item.terms.filter((t) => t.domain === 'category')
  const chosen = Number(item.meta.find((m) => m.key === '_yoast_wpseo_primary_category')?.value ?? '')
  if (Number.isInteger(chosen) && chosen > 0) {
    const slug = channel.terms.find((t) => t.taxonomy === 'category' && t.termId === chosen)?.slug
    if (slug !== undefined && categories.some((c) => c.nicename === slug)) return slug
  }
  return categories[0]?.nicename ?? null
}

const KIND_HINTS: Array<[RegExp, SubjectKindType]> = [
  [/movie|film|cinema/, 'film'],
  [/game|gaming/, 'game'],
  [/tv|television|series|show/, 'tv'],
  [/hardware|tech|gadget|device/, 'hardware'],
  [/book|comic/, 'book'],
  [/music|album/, 'music']
]

/** What a section's reviews are about: the mapping's word, else a guess from the section's slug. */
export function subjectKindOf (section: string, mapping: MappingType): SubjectKindType {
  const mapped = mapping.subjects?.[section]
  if (mapped !== undefined) return mapped
  return KIND_HINTS.find(([pattern]) => pattern.test(section))?.[1] ?? 'other'
}

/** The reviewed thing's name from a headline: "Her Review", "Review: Her", "Fairyland Review – Sundance 2023" → the name. */
export function subjectTitleOf (title: string): string {
  const before = /^(.+?)\s+(?:\(\d{4}\)\s+)?review\b/i.exec(title)
  if (before !== null) return before[1]!.trim()
  const after = /^review\s*[:–—-]\s*(.+)$/i.exec(title)
  return (after?.[1] ?? title).trim()
}

/** `text` within Byline's limit for the field; a cut is a loss, so it is said. */
export function cut (text: string, max: number, what: string, notes: { degraded: string[] }): string {
  const short = shorten(text, max)
  if (short !== text) notes.degraded.push(`${what} longer than Byline's ${max} characters: cut`)
  return short
}

/**
 * At most `max` characters, counted in code points as the write API's Ajv counts them (an
 * emoji is never split), ending in … at a word boundary when one is near.
 */
export function shorten (text: string, max: number): string {
  const points = Array.from(text)
  if (points.length <= max) return text
  const head = points.slice(0, max - 1).join('')
  const space = head.search(/\s\S*$/)
  // Back to a word boundary when one is near; a run-on word is cut where it is.
  return `${space > head.length * 0.8 ? head.slice(0, space) : head}…`
}
