/**
 * One exported post as a Byline story (pure): status and times, section, type, authors,
 * tags, body, verdict, subject, media and old permalinks, each limited to what the write
 * API accepts — an import may not store what an editor could not. Everything that does
 * not carry over as it was is said in `notes`.
 */
import { createHash } from 'node:crypto'
import { NO_DETAILS } from '../../content/verdict-details.js'
import { permalinkKeys } from '../../content/legacy-path.js'
import { slugify } from '../../content/slug.js'
import type { StoryKindType } from '../../schemas/story.js'
import type { SubjectKindType } from '../../schemas/subject.js'
import type { ImportedMedia, ImportedStory } from '../../writes/import-editor.js'
import { convertBody } from './body.js'
import { htmlToText } from './html-text.js'
import type { MappingType } from './mapping.js'
import { enclosureOf, featuredImage, type Attachments } from './media.js'
import type { FoundVerdict, WxrChannel, WxrItem } from './types.js'
import { detectVerdict } from './verdict.js'
import { cut, shorten, parseWpDate, postSlug, primaryCategory, storyStatus, subjectKindOf, subjectTitleOf } from './item-facts.js'

export interface MapContext {
  source: string
  channel: WxrChannel
  mapping: MappingType
  attachments: Attachments
  /** Byline slugs of the catalogue imported beforehand, by `author:login`, `section:category`, `tag:slug`. */
  catalog: Record<string, string>
  /** Byline section slug of each category slug (mapping applied). */
  sectionOf: (category: string) => string
  now: number
  pages: boolean
  force: boolean
}

export interface MappedNotes {
  degraded: string[]
  conflicts: string[]
  unresolvedMedia: string[]
  warnings: string[]
}

export type Mapped =
  | { kind: 'skip', reason: string }
  | { kind: 'story', story: ImportedStory, verdictSource: FoundVerdict['source'] | null, notes: MappedNotes }

const BODY_MAX = 200_000

/** The author logins a post is by: its creator, then Co-Authors Plus's extra bylines, once each. */
export function bylineLogins (item: WxrItem): string[] {
  const logins = [item.creator, ...item.terms.filter((t) => t.domain === 'author').map((t) => t.name || t.nicename.replace(/^cap-/, ''))]
  const named = [...new Set(logins.filter((l) => l !== ''))]
  // A story always has a byline: a post whose author was deleted gets the importer's stand-in (NO_AUTHOR).
  return named.length > 0 ? named : [NO_AUTHOR]
}

/** The login of the stand-in author for posts that name none. */
export const NO_AUTHOR = ''

function storyType (item: WxrItem, verdict: FoundVerdict | null, hasAudio: boolean, mapping: MappingType): StoryKindType {
  if (verdict !== null) return 'review'
  for (const term of item.terms) {
    const mapped = mapping.storyTypes?.[term.nicename]
    if (mapped !== undefined && mapped !== 'review') return mapped
  }
  if (hasAudio) return 'podcast'
  return item.postType === 'page' ? 'feature' : 'news'
}

export function mapItem (item: WxrItem, ctx: MapContext): Mapped {
  if (item.postType !== 'post' && !(item.postType === 'page' && ctx.pages)) {
    return { kind: 'skip', reason: item.postType === 'page' ? 'a page (import pages with --pages)' : `post type "${item.postType}" is not imported` }
  }
  const notes: MappedNotes = { degraded: [], conflicts: [], unresolvedMedia: [], warnings: [] }
  if (!Number.isSafeInteger(item.postId) || item.postId <= 0) return { kind: 'skip', reason: 'no wp:post_id: it could not be found again on a re-run' }
  const wordpressStatus = storyStatus(item, notes)
  if (wordpressStatus === null) return { kind: 'skip', reason: `status "${item.status}" is not imported` }

  const gmt = parseWpDate(item.postDateGmt)
  const published = gmt ?? parseWpDate(item.postDate)
  const modified = parseWpDate(item.postModifiedGmt) ?? parseWpDate(item.postModified) ?? published
  if (published !== null && published < Date.UTC(1990, 0, 1)) notes.warnings.push(`dated ${new Date(published).toISOString()}, before 1990: kept as given`)
  // What the public may see is decided by the time, as Byline's workflow decides it: never
  // early. A schedule needs its UTC time (the local one is hours off west of Greenwich), and
  // one already past was never shown by WordPress (a "missed schedule"): both wait as drafts.
  let status = wordpressStatus
  if (status === 'published' && published !== null && published > ctx.now) {
    notes.warnings.push('published in WordPress with a date in the future: scheduled for that time')
    status = 'scheduled'
  } else if (status === 'scheduled' && gmt === null) {
    notes.warnings.push('scheduled in WordPress with no UTC time (post_date_gmt): imported as a draft')
    status = 'draft'
  } else if (status === 'scheduled' && gmt !== null && gmt <= ctx.now) {
    notes.warnings.push('scheduled in WordPress for a time already past, so never shown there (a missed schedule): imported as a draft')
    status = 'draft'
  }

  const detection = detectVerdict(item, { mapping: ctx.mapping })
  notes.conflicts.push(...detection.conflicts)
  const verdict = detection.verdict

  const media: ImportedMedia[] = []
  const body = convertBody(detection.html, {
    imageId: (url) => ctx.attachments.imageId(url),
    attachment: (id) => ctx.attachments.byId(id)
  })
  notes.degraded.push(...body.degraded)
  for (const image of body.images) {
    const record = ctx.attachments.imageMedia(image)
    body.markdown = body.markdown.split(`(media:${image.id})`).join(`(media:${record.id})`)
    if (!media.some((m) => m.id === record.id)) media.push(record)
  }
  if (body.markdown.length > BODY_MAX) return { kind: 'skip', reason: `the body is ${body.markdown.length} characters of Markdown, more than Byline's ${BODY_MAX}` }

  const hero = featuredImage(item, ctx.attachments, notes)
  if (hero !== null && !media.some((m) => m.id === hero.id)) media.push(hero)
  const enclosure = enclosureOf(item, ctx.attachments, notes)
  if (enclosure !== null) media.push(enclosure)

  const category = primaryCategory(item, ctx.channel)
  const section = ctx.sectionOf(category ?? '')
  const type = storyType(item, verdict, enclosure?.kind === 'audio', ctx.mapping)
  const authors = bylineLogins(item).map((login) => ctx.catalog[`author:${login}`]).filter((slug): slug is string => slug !== undefined)
  const tags = [...new Set(item.terms
    .filter((t) => t.domain === 'post_tag' || (t.domain === 'category' && t.nicename !== category))
    .map((t) => ctx.catalog[`tag:${t.nicename}`])
    .filter((slug): slug is string => slug !== undefined))].slice(0, 50)

  const title = cut(item.title.trim() === '' ? `Untitled (WordPress post ${item.postId})` : item.title.trim(), 300, 'title', notes)
  const yoastDescription = item.meta.find((m) => m.key === '_yoast_wpseo_metadesc')?.value ?? ''
  const dek = cut(htmlToText(item.excerpt) || yoastDescription.trim(), 1000, 'excerpt', notes)
  const subject = type === 'review' ? { kind: subjectKindOf(section, ctx.mapping), title: cut(verdict?.subjectTitle ?? subjectTitleOf(title), 200, 'subject title', notes) } : null
  const slug = postSlug(item) || slugify(title)
  const date = published ?? modified ?? ctx.now

  const story: ImportedStory = {
    source: ctx.source,
    externalId: String(item.postId),
    fingerprint: '',
    slug,
    type,
    status,
    title,
    dek,
    bodyMarkdown: body.markdown,
    language: /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(ctx.channel.language) ? ctx.channel.language : 'en',
    publishedAt: status === 'draft' ? null : published,
    createdAt: date,
    updatedAt: Math.max(modified ?? date, date),
    section,
    authors,
    tags,
    subject,
    verdict: verdict === null ? null : verdictInput(verdict),
    media,
    heroMediaId: hero?.id ?? null,
    attachmentMediaId: enclosure?.id ?? null,
    legacyPaths: permalinkKeys({ postId: item.postId, postType: item.postType, link: item.link, slug: item.postName, date: published, category }),
    extra: extraOf(item, verdict),
    force: ctx.force
  }
  story.fingerprint = fingerprintOf(story, item)
  return { kind: 'story', story, verdictSource: verdict?.source ?? null, notes }
}

/** The verdict as the write takes it: detectVerdict has already fitted it to Byline's limits and left an off-scale score unscored. */
function verdictInput (verdict: FoundVerdict): NonNullable<ImportedStory['verdict']> {
  const { scoreFormat, score, summary, pros, cons, awards } = verdict
  // Labels are unique in a verdict; a theme repeating one keeps its first.
  const labels = new Set<string>()
  const subScores = scoreFormat.kind === 'none'
    ? []
    : verdict.subScores.filter((s) => { const key = s.label.trim().toLowerCase(); return /[\p{L}\p{N}]/u.test(key) && !labels.has(key) && labels.add(key) })
      .slice(0, 20).map((s) => ({ label: shorten(s.label, 200), score: s.value }))
  return { ...NO_DETAILS, scoreFormat, score, state: 'final', summary, pros, cons, awards, reviewedOn: null, subScores }
}

/** What the story keeps of its source that Byline has no field for (yet): sub-scores, the SEO title. */
function extraOf (item: WxrItem, verdict: FoundVerdict | null): Record<string, unknown> {
  const extra: Record<string, unknown> = { wordpressId: item.postId, link: item.link }
  if (verdict !== null && verdict.subScores.length > 0) extra.subScores = verdict.subScores
  const seoTitle = item.meta.find((m) => m.key === '_yoast_wpseo_title')?.value
  if (seoTitle !== undefined && seoTitle.trim() !== '') extra.seoTitle = seoTitle.trim()
  if (item.isSticky) extra.sticky = true
  return extra
}

/** The fingerprint once the media have moved (`--media fetch`): where they live is part of what a re-run compares. */
export function refingerprint (story: ImportedStory): string {
  return createHash('sha256').update(story.fingerprint).update(JSON.stringify(story.media.map((m) => m.url))).digest('base64url')
}

/** Stable across runs: times stand as the export wrote them, since a post without dates takes the time of the run. */
function fingerprintOf (story: ImportedStory, item: WxrItem): string {
  const { force: _force, fingerprint: _fingerprint, createdAt: _created, updatedAt: _updated, publishedAt: _published, ...rest } = story
  return createHash('sha256').update(JSON.stringify([rest, item.postDateGmt, item.postDate, item.postModifiedGmt, item.postModified])).digest('base64url')
}

export type { SubjectKindType }
