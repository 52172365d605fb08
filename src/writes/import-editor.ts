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
import { INVALIDATES_EVERYTHING, INVALIDATES_NOTHING, storyWriteInvalidation, type Written } from '../content/invalidation.js'
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

  /**
   * A review's subject: the one this import made for the same kind and title before, else
   * one of the same kind and slug, else a new one. Keyed by the title itself: titles in
   * scripts slugify leaves nothing of (千と千尋の神隠し) must not all be one subject.
   */
  async function subjectFor (source: string, subject: { kind: SubjectKindType, title: string }, ctx: WriteContext): Promise<string> {
    const key = `${subject.kind}:${subject.title.normalize('NFC').trim().toLowerCase()}`
    const known = await record(source, 'subject', key)
    if (known !== undefined && (await db.select({ id: subjects.id }).from(subjects).where(eq(subjects.id, known.targetId))).length > 0) return known.targetId
    const slug = slugify(subject.title)
    const same = slug === '' ? undefined : (await db.select({ id: subjects.id, title: subjects.title }).from(subjects).where(and(eq(subjects.slug, slug), eq(subjects.kind, subject.kind))))[0]
    const id = same?.id ?? (await catalog.insertSubject({ kind: subject.kind, title: subject.title }, ctx)).id
    await remember(source, 'subject', key, id, key, ctx.now)
    return id
  }

  /** Whether another entry of this import already stands for the row: then a second one with the same slug is someone else. */
  async function claimedByAnother (source: string, kind: ImportKind, targetId: string, externalId: string): Promise<boolean> {
    const rows = await db.select({ externalId: importItems.externalId }).from(importItems)
      .where(and(eq(importItems.source, source), eq(importItems.kind, kind), eq(importItems.targetId, targetId)))
    return rows.some((r) => r.externalId !== externalId)
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
    /**
     * Authors, sections and tags by their source ids: matched by slug when Byline has them
     * (and no other entry of this import is that row), created otherwise. The slug of each,
     * by `kind:externalId`. One an editor deleted since an earlier run stays deleted unless
     * `force` (a tag is then left off its stories; an author or section, which a story
     * needs, is made again).
     */
    async importCatalog (source: string, entries: ImportedCatalogEntry[], force: boolean, ctx: WriteContext): Promise<Written<Record<string, string>>> {
      const slugs: Record<string, string> = {}
      let wrote = false
      for (const entry of entries) {
        const table = TABLE_OF[entry.kind]
        const known = await record(source, entry.kind, entry.externalId)
        const knownSlug = known === undefined ? undefined : (await db.select({ slug: table.slug }).from(table).where(eq(table.id, known.targetId)))[0]?.slug
        if (knownSlug !== undefined) {
          slugs[`${entry.kind}:${entry.externalId}`] = knownSlug
          continue
        }
        if (known !== undefined && entry.kind === 'tag' && !force) continue
        const existing = await idBySlug(table, entry.body.slug)
        const matched = existing !== null && !await claimedByAnother(source, entry.kind, existing, entry.externalId) ? existing : null
        // Taken by someone else: a slug of its own, made from the name.
        const made = matched === null ? await catalog.insert(entry.kind as CatalogResource, existing === null ? entry.body : { ...entry.body, slug: undefined }, ctx) : null
        wrote ||= made !== null
        const id = matched ?? made!.id
        const slug = made?.slug ?? entry.body.slug
        await remember(source, entry.kind, entry.externalId, id, slug, ctx.now)
        slugs[`${entry.kind}:${entry.externalId}`] = slug
      }
      return { value: slugs, invalidation: wrote ? INVALIDATES_EVERYTHING : INVALIDATES_NOTHING }
    },

    /** A post trashed in WordPress: the story an earlier run made of it goes back to draft, unless an editor changed it since (or `force`). */
    async withdrawStory (source: string, externalId: string, force: boolean, ctx: WriteContext): Promise<Written<ImportOutcome>> {
      const known = await record(source, 'story', externalId)
      const before = known === undefined ? null : await loadStoryInput(db, known.targetId)
      const outcome = (result: ImportResult): Written<ImportOutcome> => ({ value: { result, id: before?.id ?? null, slug: before?.slug ?? null, slugTaken: false }, invalidation: INVALIDATES_NOTHING })
      if (known === undefined || before === null) return outcome('unchanged')
      if (!force && before.updatedAt !== known.targetUpdatedAt) return outcome('kept-edited')
      if (before.status === 'draft') return outcome('unchanged')
      const next: StoryInput = { ...before, status: 'draft', updatedAt: Math.max(ctx.now, before.updatedAt + 1) }
      await saveStory(db, next, siteUrl, ctx.now, before)
      await logStoryWrite(db, 'updated', before, next, ctx, { cause: 'import' })
      // A later run that finds the post published again brings it back: its fingerprint differs from this one.
      await remember(source, 'story', externalId, before.id, 'withdrawn', ctx.now, { targetUpdatedAt: next.updatedAt, extraJson: known.extraJson })
      return { value: { result: 'updated', id: before.id, slug: before.slug, slugTaken: false }, invalidation: storyWriteInvalidation(before, next, ctx.now) }
    },

    async importStory (item: ImportedStory, ctx: WriteContext): Promise<Written<ImportOutcome>> {
      const known = await record(item.source, 'story', item.externalId)
      const before = known === undefined ? null : await loadStoryInput(db, known.targetId)
      const unchanged = { value: { result: 'unchanged' as ImportResult, id: before?.id ?? null, slug: before?.slug ?? null, slugTaken: false }, invalidation: INVALIDATES_NOTHING }
      if (known !== undefined && !item.force) {
        if (before === null) return { ...unchanged, value: { ...unchanged.value, result: 'kept-deleted' } }
        if (before.updatedAt !== known.targetUpdatedAt) return { ...unchanged, value: { ...unchanged.value, result: 'kept-edited' } }
        if (known.fingerprint === item.fingerprint) return unchanged
      }
      const sectionId = await idBySlug(TABLE_OF.section, item.section)
      const authorIds = await Promise.all(item.authors.map(async (slug) => await idBySlug(TABLE_OF.author, slug)))
      // A tag an editor deleted since an earlier run is left off (importCatalog did not make it again).
      const tagIds = (await Promise.all(item.tags.map(async (slug) => await idBySlug(TABLE_OF.tag, slug)))).filter((id): id is string => id !== null)
      if (sectionId === null || authorIds.includes(null)) throw new Error(`story ${item.externalId}: its section or authors were not imported first`)
      await upsertMedia(item.media, ctx)
      const subjectId = item.subject === null ? null : await subjectFor(item.source, item.subject, ctx)
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
        tagIds,
        subjectId,
        verdict: item.verdict,
        createdAt: item.createdAt,
        // A change moves updatedAt forward even when the source's modified date stayed (a new mapping, a postmeta edit): caches revalidate on it.
        updatedAt: before === null ? item.updatedAt : Math.max(item.updatedAt, before.updatedAt + 1)
      }
      checkStoryShape(next)
      if (before !== null && slug !== before.slug) await recordSlugChange(db, 'story', before.slug, slug, id, ctx.now)
      await saveStory(db, next, siteUrl, ctx.now, before)
      await logStoryWrite(db, before === null ? 'created' : 'updated', before, next, ctx, { cause: 'import', ...(before !== null && slug !== before.slug ? { previousSlug: before.slug } : {}) })
      await remember(item.source, 'story', item.externalId, id, item.fingerprint, ctx.now, { targetUpdatedAt: next.updatedAt, extraJson: JSON.stringify(item.extra) })
      await recordLegacyPaths(db, id, item.legacyPaths, ctx.now)
      return { value: { result: before === null ? 'created' : 'updated', id, slug, slugTaken: taken }, invalidation: storyWriteInvalidation(before, next, ctx.now) }
    }
  }
}
export type ImportEditor = ReturnType<typeof importEditor>
