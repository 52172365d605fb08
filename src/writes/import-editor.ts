/**
 * The writes of an import (src/import/): each imported story is one write, so a story
 * lands whole — its media, subject, body, verdict, old permalinks and the record of where
 * it came from — or not at all. A story is found again by its source's id
 * (`import_items`): a second run updates what changed at the source, leaves alone what
 * an editor changed in Byline since (unless forced), and creates nothing twice. Stories
 * go through the same save, render, search index and change log as the editors' writes,
 * so sync, webhooks and feeds see an import as they see an editor.
 */
import { and, eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { tablesOf } from '../db/tables.js'
import { randomId } from '../content/ids.js'
import { storyWriteInvalidation, INVALIDATES_EVERYTHING, type Written } from '../content/invalidation.js'
import { freeSlug, slugify } from '../content/slug.js'
import type { StoryStatus } from '../content/workflow.js'
import type { WriteContext } from '../repositories/change-log.js'
import type { CatalogResource } from '../repositories/catalog-specs.js'
import { recordLegacyPaths } from '../repositories/legacy-paths.js'
import { isOldSlug, recordSlugChange } from '../repositories/redirects.js'
import { loadStoryInput, type StoryInput, type VerdictInput } from '../repositories/story-input.js'
import { saveStory } from '../repositories/story-writer.js'
import type { StoryKindType } from '../schemas/story.js'
import type { SubjectKindType } from '../schemas/subject.js'
import type { CatalogEditor } from './catalog-editor.js'
import { checkStoryShape } from './story-editor.js'
import { logStoryWrite } from './story-change-log.js'

type ImportKind = 'author' | 'section' | 'tag'

export interface ImportedCatalogEntry {
  kind: ImportKind
  /** The source's id: an author's login, a term's slug. */
  externalId: string
  /** The create body (AuthorCreate, SectionCreate, TagCreate), with the slug wanted. */
  body: Record<string, unknown> & { slug: string, name: string }
}

export interface ImportedMedia {
  id: string
  kind: 'image' | 'audio' | 'video'
  url: string
  mimeType: string
  alt: string
  caption: string
  width: number | null
  height: number | null
  sizeBytes: number | null
}

export interface ImportedStory {
  source: string
  externalId: string
  /** A hash of everything below as the source had it: equal on a re-run means nothing changed there. */
  fingerprint: string
  slug: string
  type: StoryKindType
  status: Exclude<StoryStatus, 'archived'>
  title: string
  dek: string
  bodyMarkdown: string
  language: string
  publishedAt: number | null
  createdAt: number
  updatedAt: number
  /** Slugs, created beforehand by importCatalog. */
  section: string
  authors: string[]
  tags: string[]
  subject: { kind: SubjectKindType, title: string } | null
  verdict: VerdictInput | null
  media: ImportedMedia[]
  heroMediaId: string | null
  attachmentMediaId: string | null
  legacyPaths: Array<{ path: string, rank: number }>
  extra: Record<string, unknown>
  /** Overwrite a story an editor changed (or deleted) since the last import. */
  force: boolean
}

export type ImportResult = 'created' | 'updated' | 'unchanged' | 'kept-edited' | 'kept-deleted'
export interface ImportOutcome { result: ImportResult, id: string | null, slug: string | null, slugTaken: boolean }

export function importEditor (db: Db, siteUrl: string, catalog: CatalogEditor) {
  const { importItems, media, stories, subjects } = tablesOf(db)
  const CATALOG_TABLES = tablesOf(db)

  async function record (source: string, kind: 'story' | 'subject' | ImportKind, externalId: string) {
    return (await db.select().from(importItems)
      .where(and(eq(importItems.source, source), eq(importItems.kind, kind), eq(importItems.externalId, externalId))))[0]
  }

  async function remember (source: string, kind: 'story' | 'subject' | ImportKind, externalId: string, targetId: string, fingerprint: string, now: number, extra: { targetUpdatedAt?: number, extraJson?: string } = {}) {
    const values = { targetId, fingerprint, targetUpdatedAt: extra.targetUpdatedAt ?? null, extraJson: extra.extraJson ?? '{}', importedAt: now }
    await db.insert(importItems).values({ source, kind, externalId, ...values })
      .onConflictDoUpdate({ target: [importItems.source, importItems.kind, importItems.externalId], set: values })
  }

  const idBySlug = async (table: typeof CATALOG_TABLES.authors | typeof CATALOG_TABLES.sections | typeof CATALOG_TABLES.tags | typeof subjects | typeof stories, slug: string) =>
    (await db.select({ id: table.id }).from(table).where(eq(table.slug, slug)))[0]?.id ?? null

  const TABLE_OF = { author: CATALOG_TABLES.authors, section: CATALOG_TABLES.sections, tag: CATALOG_TABLES.tags } as const

  /** The media an imported story shows: new ones inserted, changed ones patched (which re-renders the stories showing them). */
  async function upsertMedia (items: ImportedMedia[], ctx: WriteContext) {
    for (const item of items) {
      const found = (await db.select().from(media).where(eq(media.id, item.id)))[0]
      const { id, ...fields } = item
      const body = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null))
      if (found === undefined) {
        await catalog.insert('media', { id, ...body }, ctx)
      } else if (Object.entries(fields).some(([key, value]) => found[key as keyof typeof found] !== value)) {
        await catalog.update('media', id, body, undefined, ctx)
      }
    }
  }

  /** A review's subject: the one this import made before, else one of the same kind and slug, else a new one. */
  async function subjectFor (source: string, subject: { kind: SubjectKindType, title: string }, ctx: WriteContext): Promise<string> {
    const key = `${subject.kind}:${slugify(subject.title)}`
    const known = await record(source, 'subject', key)
    if (known !== undefined && (await db.select({ id: subjects.id }).from(subjects).where(eq(subjects.id, known.targetId))).length > 0) return known.targetId
    const slug = slugify(subject.title) || 'subject'
    const same = (await db.select({ id: subjects.id }).from(subjects).where(and(eq(subjects.slug, slug), eq(subjects.kind, subject.kind))))[0]?.id
    const id = same ?? (await catalog.insertSubject({ kind: subject.kind, title: subject.title }, ctx)).id
    await remember(source, 'subject', key, id, key, ctx.now)
    return id
  }

  /** The slug wanted, or a free variant of it when another story (or an old slug of one) has it. */
  async function claimSlug (wanted: string, self: string | null): Promise<{ slug: string, taken: boolean }> {
    const takenBy = async (slug: string) => { const id = await idBySlug(stories, slug); return (id !== null && id !== self) || await isOldSlug(db, 'story', slug) }
    const base = slugify(wanted) || 'story'
    if (!await takenBy(base)) return { slug: base, taken: false }
    return { slug: await freeSlug(base, takenBy), taken: true }
  }

  /** Status and time as the workflow allows them at the moment of the write: a schedule already past is a publication. */
  function timing (status: ImportedStory['status'], publishedAt: number | null, now: number): { status: StoryStatus, publishedAt: number | null } {
    if (status === 'draft') return { status, publishedAt }
    if (publishedAt === null) return { status: 'published', publishedAt: now }
    return { status: publishedAt > now ? 'scheduled' : 'published', publishedAt }
  }

  return {
    /** Authors, sections and tags by their source ids: matched by slug when Byline has them, created otherwise. The slug of each, by external id. */
    async importCatalog (source: string, entries: ImportedCatalogEntry[], ctx: WriteContext): Promise<Written<Record<string, string>>> {
      const slugs: Record<string, string> = {}
      for (const entry of entries) {
        const table = TABLE_OF[entry.kind]
        const known = await record(source, entry.kind, entry.externalId)
        const knownSlug = known === undefined ? undefined : (await db.select({ slug: table.slug }).from(table).where(eq(table.id, known.targetId)))[0]?.slug
        if (knownSlug !== undefined) {
          slugs[`${entry.kind}:${entry.externalId}`] = knownSlug
          continue
        }
        const slug = slugify(entry.body.slug) || slugify(entry.body.name) || entry.kind
        const id = await idBySlug(table, slug) ?? (await catalog.insert(entry.kind as CatalogResource, { ...entry.body, slug }, ctx)).id
        await remember(source, entry.kind, entry.externalId, id, slug, ctx.now)
        slugs[`${entry.kind}:${entry.externalId}`] = slug
      }
      return { value: slugs, invalidation: INVALIDATES_EVERYTHING }
    },

    async importStory (item: ImportedStory, ctx: WriteContext): Promise<Written<ImportOutcome>> {
      const known = await record(item.source, 'story', item.externalId)
      const before = known === undefined ? null : await loadStoryInput(db, known.targetId)
      const unchanged = { value: { result: 'unchanged' as ImportResult, id: before?.id ?? null, slug: before?.slug ?? null, slugTaken: false }, invalidation: storyWriteInvalidation(before, before, ctx.now) }
      if (known !== undefined && !item.force) {
        if (before === null) return { ...unchanged, value: { ...unchanged.value, result: 'kept-deleted' } }
        if (before.updatedAt !== known.targetUpdatedAt) return { ...unchanged, value: { ...unchanged.value, result: 'kept-edited' } }
        if (known.fingerprint === item.fingerprint) return unchanged
      }
      const sectionId = await idBySlug(TABLE_OF.section, item.section)
      const authorIds = await Promise.all(item.authors.map(async (slug) => await idBySlug(TABLE_OF.author, slug)))
      const tagIds = await Promise.all(item.tags.map(async (slug) => await idBySlug(TABLE_OF.tag, slug)))
      if (sectionId === null || authorIds.includes(null) || tagIds.includes(null)) throw new Error(`story ${item.externalId}: its section, authors or tags were not imported first`)
      await upsertMedia(item.media, ctx)
      const subjectId = item.subject === null ? null : before?.subjectId ?? await subjectFor(item.source, item.subject, ctx)
      const id = before?.id ?? randomId('sto')
      const { slug, taken } = before !== null && slugify(item.slug) === before.slug ? { slug: before.slug, taken: false } : await claimSlug(item.slug, before?.id ?? null)
      const next: StoryInput = {
        id,
        slug,
        type: item.type,
        ...timing(item.status, item.publishedAt, ctx.now),
        title: item.title,
        dek: item.dek,
        bodyMarkdown: item.bodyMarkdown,
        language: item.language,
        heroMediaId: item.heroMediaId,
        attachmentMediaId: item.attachmentMediaId,
        sectionId,
        authorIds: authorIds as string[],
        tagIds: tagIds as string[],
        subjectId,
        verdict: item.verdict,
        createdAt: item.createdAt,
        updatedAt: item.updatedAt
      }
      checkStoryShape(next)
      if (before !== null && slug !== before.slug) await recordSlugChange(db, 'story', before.slug, slug, id, ctx.now)
      await saveStory(db, next, siteUrl, ctx.now, before)
      await logStoryWrite(db, before === null ? 'created' : 'updated', before, next, ctx, { cause: 'import' })
      await remember(item.source, 'story', item.externalId, id, item.fingerprint, ctx.now, { targetUpdatedAt: next.updatedAt, extraJson: JSON.stringify(item.extra) })
      await recordLegacyPaths(db, id, item.legacyPaths, ctx.now)
      return { value: { result: before === null ? 'created' : 'updated', id, slug, slugTaken: taken }, invalidation: storyWriteInvalidation(before, next, ctx.now) }
    }
  }
}
export type ImportEditor = ReturnType<typeof importEditor>
