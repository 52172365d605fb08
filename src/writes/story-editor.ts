/**
 * Editorial writes to stories: create, patch, delete and the editors' view. Each write
 * runs in the transaction its caller gives it (`db`: the group commit's savepoint on
 * SQLite, a pooled transaction on Postgres): references are resolved, workflow and verdict rules
 * checked, the story saved and rendered (src/repositories/story-writer.ts), old slugs
 * kept as redirects and the change log appended; any error rolls all of it back.
 */
import { eq, sql } from 'drizzle-orm'
import { prepare, type Db } from '../db/client.js'
import { lockRow } from '../db/dialect.js'
import { tablesOf } from '../db/tables.js'
import { etagOf, randomId } from '../content/ids.js'
import { MarkdownError } from '../content/markdown.js'
import { ScoreError } from '../content/score.js'
import { freeSlug, slugify } from '../content/slug.js'
import { mergeVerdict } from '../content/verdict-merge.js'
import { scoringOf } from '../content/score-history.js'
import { sameJson } from '../content/json.js'
import { storyWriteInvalidation, type Written } from '../content/invalidation.js'
import { effectiveStatus, publicAtOf, schedule, WorkflowError, type StoryStatus } from '../content/workflow.js'
import type { StoryCreateType, StoryPatchType, SubjectCreateType, VerdictPatchType } from '../schemas/editorial.js'
import { checkIfMatch, EditorialError, FieldErrors } from '../content/editorial-errors.js'
import { recordChange, type WriteContext } from '../repositories/change-log.js'
import type { CatalogEditor } from './catalog-editor.js'
import { markContentChanged } from '../repositories/freshness.js'
import { dropLegacyPaths } from '../repositories/legacy-paths.js'
import { dropRedirectsTo, isOldSlug, recordSlugChange } from '../repositories/redirects.js'
import { indexStory } from '../repositories/search-index.js'
import { saveStory } from '../repositories/story-writer.js'
import { logStoryWrite } from './story-change-log.js'
import { loadStoryInput, type StoryInput } from '../repositories/story-input.js'

const withoutNote = ({ note: _, ...verdict }: VerdictPatchType): VerdictPatchType => verdict

/**
 * Finalizing is a one-way step for what the public has seen: only a review in progress
 * can be finalized, and a final verdict the public has read cannot go back in progress.
 */
function checkStateChange (before: StoryInput, next: StoryInput, asked: VerdictPatchType['state'], now: number): void {
  const was = before.verdict?.state
  if (asked === undefined || was === undefined) return
  const path = [{ path: '/body/verdict/state', message: '' }]
  if (asked === 'final' && was === 'final') {
    throw new EditorialError('invalid', 'verdict.state: the verdict is already final; only a review in progress can be finalized', [{ ...path[0]!, message: 'the verdict is already final' }])
  }
  const publicAt = publicAtOf(before.status, before.publishedAt)
  if (asked === 'in_progress' && was === 'final' && publicAt !== null && publicAt <= now && next.verdict !== null) {
    throw new EditorialError('invalid', 'verdict.state: a final verdict the public has read cannot go back in progress; change its score with a note instead', [{ ...path[0]!, message: 'a published final verdict cannot go back in progress' }])
  }
}

/** Type rules: a review has a subject and a verdict; other types have no verdict. */
export function checkStoryShape (input: StoryInput): void {
  if (input.type === 'review') {
    const errors = new FieldErrors()
    if (input.subjectId === null) errors.add('/body/subject', 'a review needs a subject')
    if (input.verdict === null) errors.add('/body/verdict', 'a review needs a verdict')
    errors.throwIfAny('invalid')
  } else if (input.verdict !== null) {
    throw new EditorialError('invalid', `a ${input.type} story has no verdict: send verdict null or make it a review`, [{ path: '/body/verdict', message: 'only reviews have a verdict' }])
  }
}

/** The editors' view of a story, serialized, with its ETag for If-Match. */
export interface ManagedRendering { id: string, slug: string, body: string, etag: string }

const iso = (ms: number | null) => ms === null ? null : new Date(ms).toISOString()

export function storyEditor (db: Db, siteUrl: string, catalog: CatalogEditor) {
  const { authors, media, sections, stories, subjects, tags } = tablesOf(db)
  // Every write runs these: prepared once.
  const bySlug = prepare(db.select({ id: stories.id }).from(stories).where(eq(stories.slug, sql.placeholder('slug'))))
  const editorsView = prepare(db.select({
    slug: stories.slug,
    status: stories.status,
    publishedAt: stories.publishedAt,
    publicAt: stories.publicAt,
    createdAt: stories.createdAt,
    updatedAt: stories.updatedAt,
    bodyMarkdown: stories.bodyMarkdown,
    docJson: stories.docJson,
    docEtag: stories.etag
  }).from(stories).where(eq(stories.id, sql.placeholder('id'))))
  const idOfSlug = async (slug: string) => (await bySlug.execute({ slug }))[0]?.id ?? null

  async function managed (id: string, now: number): Promise<ManagedRendering | null> {
    const s = (await editorsView.execute({ id }))[0]
    if (s === undefined) return null
    const head = {
      status: effectiveStatus(s.status, s.publishedAt, now),
      live: s.publicAt !== null && s.publicAt <= now,
      publishedAt: iso(s.publishedAt),
      createdAt: iso(s.createdAt),
      updatedAt: iso(s.updatedAt),
      bodyMarkdown: s.bodyMarkdown
    }
    // The stored rendering is spliced in as it is, not parsed and re-serialized.
    const headJson = JSON.stringify(head)
    const body = `${headJson.slice(0, -1)},"story":${s.docJson}}`
    // The stored rendering's ETag stands for its bytes: no need to hash them again.
    // `live` flips when a scheduled time passes; the ETag must not outlive it.
    return { id, slug: s.slug, body, etag: etagOf(`${headJson}|${s.docEtag}`) }
  }

  async function existing (slug: string): Promise<string> {
    const id = await idOfSlug(slug)
    if (id === null) throw new EditorialError('not_found', `No story has the slug "${slug}"`)
    return id
  }

  /**
   * The story with `slug`, its row held to the commit: If-Match and the write it guards see
   * no other write in between. Looked up again once held: a concurrent rename or delete
   * that committed while this write waited is what it sees.
   */
  async function locked (slug: string): Promise<string> {
    const id = await existing(slug)
    if (!await lockRow(db, 'stories', id) || await idOfSlug(slug) !== id) throw new EditorialError('not_found', `No story has the slug "${slug}"`)
    return id
  }

  /** Resolves the slugs and media ids a body names; every unknown one is listed at once. */
  async function resolve (body: Omit<Partial<StoryCreateType>, 'verdict'>, errors: FieldErrors) {
    // undefined: not in the body; null: cleared; an id: found (or reported, and null).
    const lookup = async (value: string | null | undefined, find: (v: string) => Promise<string | undefined>, path: string, what: string) => {
      if (value === undefined || value === null) return value
      const id = await find(value)
      if (id === undefined) errors.add(path, `unknown ${what} "${value}"`)
      return id ?? null
    }
    const sectionId = await lookup(body.section, async (slug) => (await db.select({ id: sections.id }).from(sections).where(eq(sections.slug, slug)))[0]?.id, '/body/section', 'section')
    const authorIds = body.authors === undefined ? undefined : await Promise.all(body.authors.map(async (slug, i) => (await lookup(slug, async (v) => (await db.select({ id: authors.id }).from(authors).where(eq(authors.slug, v)))[0]?.id, `/body/authors/${i}`, 'author'))!))
    const tagIds = body.tags === undefined ? undefined : await Promise.all(body.tags.map(async (slug, i) => (await lookup(slug, async (v) => (await db.select({ id: tags.id }).from(tags).where(eq(tags.slug, v)))[0]?.id, `/body/tags/${i}`, 'tag'))!))
    const mediaId = (value: string | null | undefined, field: string) =>
      lookup(value, async (v) => (await db.select({ id: media.id }).from(media).where(eq(media.id, v)))[0]?.id, `/body/${field}`, 'media id')
    const heroMediaId = await mediaId(body.heroImage, 'heroImage')
    const attachmentMediaId = await mediaId(body.attachment, 'attachment')
    const subjectId = typeof body.subject === 'string'
      ? await lookup(body.subject, async (v) => (await db.select({ id: subjects.id }).from(subjects).where(eq(subjects.slug, v)))[0]?.id, '/body/subject', 'subject')
      : undefined
    return { sectionId, authorIds, tagIds, heroMediaId, attachmentMediaId, subjectId }
  }

  async function claimStorySlug (requested: string | undefined, title: string, self: string | null): Promise<string> {
    const takenBy = async (slug: string) => { const id = await idOfSlug(slug); return id !== null && id !== self }
    if (requested !== undefined) {
      if (await takenBy(requested)) throw new EditorialError('slug_taken', `Another story has the slug "${requested}"`, [{ path: '/body/slug', message: 'is already in use' }])
      return requested
    }
    // A generated slug also avoids old slugs, which keep redirecting to their story.
    return await freeSlug(slugify(title) || 'story', async (slug) => await takenBy(slug) || await isOldSlug(db, 'story', slug))
  }

  const newSubject = async (input: SubjectCreateType, ctx: WriteContext) => (await catalog.insertSubject(input, ctx)).id

  /** Saves, translating the renderer's and scorer's refusals into field errors. */
  async function save (input: StoryInput, now: number, before: StoryInput | null = null): Promise<void> {
    try {
      await saveStory(db, input, siteUrl, now, before)
    } catch (error) {
      if (error instanceof ScoreError) throw new EditorialError('invalid', error.message, [{ path: '/body/verdict/score', message: error.message }])
      if (error instanceof MarkdownError) throw new EditorialError('unknown_reference', error.message, [{ path: '/body/bodyMarkdown', message: error.message }])
      throw error
    }
  }

  function scheduled (status: StoryStatus, publishedAt: number | null, now: number) {
    try {
      return schedule(status, publishedAt, now)
    } catch (error) {
      if (error instanceof WorkflowError) throw new EditorialError('invalid', error.message, [{ path: `/body/${error.field}`, message: error.message }])
      throw error
    }
  }

  function timeOf (value: string | null | undefined): number | null {
    if (value === undefined || value === null) return null
    const ms = Date.parse(value)
    // Formats allow what Date cannot represent (a leap second, year 0): refuse, never store NaN.
    if (!Number.isFinite(ms)) throw new EditorialError('invalid', `publishedAt "${value}" is not a representable time`, [{ path: '/body/publishedAt', message: 'is not a representable time' }])
    return ms
  }

  return {
    async get (slug: string, now: number): Promise<ManagedRendering | null> {
      const id = await idOfSlug(slug)
      return id === null ? null : await managed(id, now)
    },

    async create (body: StoryCreateType, ctx: WriteContext): Promise<Written<ManagedRendering>> {
      const errors = new FieldErrors()
      const refs = await resolve(body, errors)
      errors.throwIfAny('unknown_reference')
      const id = randomId('sto')
      const slug = await claimStorySlug(body.slug, body.title, null)
      const when = scheduled(body.status ?? 'draft', timeOf(body.publishedAt), ctx.now)
      const subjectId = body.subject !== null && typeof body.subject === 'object' ? await newSubject(body.subject, ctx) : refs.subjectId ?? null
      const input: StoryInput = {
        id,
        slug,
        type: body.type,
        status: when.status,
        title: body.title,
        dek: body.dek ?? '',
        bodyMarkdown: body.bodyMarkdown,
        language: body.language ?? 'en',
        heroMediaId: refs.heroMediaId ?? null,
        attachmentMediaId: refs.attachmentMediaId ?? null,
        sectionId: refs.sectionId!,
        authorIds: refs.authorIds!,
        tagIds: refs.tagIds ?? [],
        subjectId,
        verdict: body.verdict == null ? null : mergeVerdict(null, body.verdict),
        publishedAt: when.publishedAt,
        createdAt: ctx.now,
        updatedAt: ctx.now
      }
      checkStoryShape(input)
      await save(input, ctx.now)
      await logStoryWrite(db, 'created', null, input, ctx)
      return { value: (await managed(id, ctx.now))!, invalidation: storyWriteInvalidation(null, input, ctx.now) }
    },

    async update (slug: string, patch: StoryPatchType, ifMatch: string | undefined, ctx: WriteContext): Promise<Written<ManagedRendering>> {
      const id = await locked(slug)
      if (ifMatch !== undefined) checkIfMatch(ifMatch, (await managed(id, ctx.now))!.etag)
      const before = (await loadStoryInput(db, id))!
      const errors = new FieldErrors()
      const refs = await resolve(patch, errors)
      errors.throwIfAny('unknown_reference')
      const has = (key: keyof StoryPatchType) => patch[key] !== undefined

      const status = patch.status ?? effectiveStatus(before.status, before.publishedAt, ctx.now)
      // Publishing a story that was taken off a schedule publishes it now, unless told when.
      const keptTime = status === 'published' && before.publishedAt !== null && before.publishedAt > ctx.now ? null : before.publishedAt
      const when = scheduled(status, has('publishedAt') ? timeOf(patch.publishedAt) : keptTime, ctx.now)
      const subjectId = patch.subject === undefined
        ? before.subjectId
        : patch.subject !== null && typeof patch.subject === 'object' ? await newSubject(patch.subject, ctx) : refs.subjectId ?? null
      const newSlug = patch.slug !== undefined && patch.slug !== before.slug ? await claimStorySlug(patch.slug, '', id) : before.slug

      const next: StoryInput = {
        ...before,
        slug: newSlug,
        type: patch.type ?? before.type,
        status: when.status,
        title: patch.title ?? before.title,
        dek: patch.dek ?? before.dek,
        bodyMarkdown: patch.bodyMarkdown ?? before.bodyMarkdown,
        language: patch.language ?? before.language,
        heroMediaId: has('heroImage') ? refs.heroMediaId ?? null : before.heroMediaId,
        attachmentMediaId: has('attachment') ? refs.attachmentMediaId ?? null : before.attachmentMediaId,
        sectionId: refs.sectionId ?? before.sectionId,
        authorIds: refs.authorIds ?? before.authorIds,
        tagIds: refs.tagIds ?? before.tagIds,
        subjectId,
        verdict: mergeVerdict(before.verdict, patch.verdict && withoutNote(patch.verdict)),
        publishedAt: when.publishedAt,
        updatedAt: ctx.now
      }
      checkStoryShape(next)
      checkStateChange(before, next, patch.verdict?.state, ctx.now)
      const note = patch.verdict?.note
      if (note !== undefined && sameJson(scoringOf(before.verdict), scoringOf(next.verdict))) {
        throw new EditorialError('invalid', 'verdict.note explains a change of score or state, and this write changes neither', [{ path: '/body/verdict/note', message: 'goes with a change of score or state' }])
      }
      if (newSlug !== before.slug) await recordSlugChange(db, 'story', before.slug, newSlug, id, ctx.now)
      await save(next, ctx.now, before)
      await logStoryWrite(db, 'updated', before, next, ctx, newSlug !== before.slug ? { previousSlug: before.slug } : {}, note)
      return { value: (await managed(id, ctx.now))!, invalidation: storyWriteInvalidation(before, next, ctx.now) }
    },

    async remove (slug: string, ifMatch: string | undefined, ctx: WriteContext): Promise<Written<null>> {
      const id = await locked(slug)
      if (ifMatch !== undefined) checkIfMatch(ifMatch, (await managed(id, ctx.now))!.etag)
      const before = (await loadStoryInput(db, id))!
      // Only a story the public has seen leaves a tombstone: an embargoed one leaves no trace.
      const publicAt = publicAtOf(before.status, before.publishedAt)
      const visible = publicAt !== null && publicAt <= ctx.now
      // What a CDN purge or a WebSub ping needs of a story that is gone (src/webhooks/).
      const keys = visible ? (await db.select({ keys: stories.surrogateKeys }).from(stories).where(eq(stories.id, id)))[0]?.keys ?? '' : ''
      await indexStory(db, id, null)
      await db.delete(stories).where(eq(stories.id, id))
      await dropRedirectsTo(db, 'story', id)
      await dropLegacyPaths(db, id)
      await recordChange(db, { resource: 'story', resourceId: id, slug, kind: 'deleted', visible, detail: visible ? { place: { type: before.type, sectionId: before.sectionId }, surrogateKeys: keys.split(' ') } : {} }, ctx)
      if (visible) await markContentChanged(db, ctx.now)
      return { value: null, invalidation: storyWriteInvalidation(before, null, ctx.now) }
    }
  }
}
export type StoryEditor = ReturnType<typeof storyEditor>
