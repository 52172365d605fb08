/**
 * Editorial writes to the catalogue around stories: authors, sections, tags, subjects
 * and media. They share one contract (create, patch, delete, editors' view, If-Match,
 * slugs with redirects, change log), so each resource is a spec (src/repositories/catalog-specs.ts)
 * and one editor runs them all. Stories embed these resources in their stored JSON, so a
 * change re-renders every story that shows it, in the same transaction (the one its
 * caller runs it in, as for stories: src/writes/story-editor.ts).
 */
import { eq, getTableName } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { lockRow } from '../db/dialect.js'
import { tablesOf } from '../db/tables.js'
import { etagOf, randomId } from '../content/ids.js'
import { freeSlug, slugify } from '../content/slug.js'
import type { SubjectCreateType } from '../schemas/editorial.js'
import { recordChange, type WriteContext } from '../repositories/change-log.js'
import { checkIfMatch, EditorialError, FieldErrors } from '../content/editorial-errors.js'
import { INVALIDATES_EVERYTHING, type Written } from '../content/invalidation.js'
import { markContentChanged } from '../repositories/freshness.js'
import { dropRedirectsTo, isOldSlug, recordSlugChange, type RedirectResource } from '../repositories/redirects.js'
import { renderStoryRow } from '../repositories/story-writer.js'
import { isCatalogPublic, specsOf, toRowValues, type Body, type CatalogResource, type Row, type Spec } from '../repositories/catalog-specs.js'

export interface CatalogRendering { id: string, key: string, body: string, etag: string }

/**
 * A catalogue resource shows in lists of its own and inside every story that embeds it,
 * and responses are not tagged with it: any public response may have changed.
 */
const changedAnything = <T>(value: T): Written<T> => ({ value, invalidation: INVALIDATES_EVERYTHING })

export function catalogEditor (db: Db, siteUrl: string) {
  const { authors, stories } = tablesOf(db)
  const SPECS = specsOf(db)

  const rowBy = async (spec: Spec, column: 'id' | 'slug', value: string): Promise<Row | undefined> => {
    const key = spec.keys[column]
    return key === null ? undefined : (await db.select().from(spec.table).where(eq(key, value)))[0] as Row | undefined
  }

  async function rendering (resource: CatalogResource, row: Row): Promise<CatalogRendering> {
    const body = JSON.stringify(await SPECS[resource].toJson(db, row))
    return { id: row.id, key: row.slug ?? row.id, body, etag: etagOf(body) }
  }

  async function find (resource: CatalogResource, key: string): Promise<Row> {
    const spec = SPECS[resource]
    const missing = () => new EditorialError('not_found', `No ${resource} has the ${spec.slugFrom ? 'slug' : 'id'} "${key}"`)
    const found = await rowBy(spec, spec.slugFrom ? 'slug' : 'id', key)
    if (found === undefined) throw missing()
    // Held to the commit: If-Match and the write it guards see no other write in between.
    // Read again once held: a write that committed while this one waited is what it checks.
    if (!await lockRow(db, getTableName(spec.table), found.id)) throw missing()
    const row = await rowBy(spec, 'id', found.id)
    if (row === undefined || (spec.slugFrom && row.slug !== key)) throw missing()
    return row
  }

  async function checkMedia (spec: Spec, body: Body): Promise<void> {
    const missing: Array<[string, string]> = []
    for (const [path, id] of spec.mediaRefs?.(body) ?? []) if (await rowBy(SPECS.media, 'id', id) === undefined) missing.push([path, id])
    if (missing.length > 0) {
      const fields = missing.map(([path, id]) => ({ path, message: `unknown media id "${id}"` }))
      throw new EditorialError('unknown_reference', fields.map((f) => `${f.path} ${f.message}`).join('; '), fields)
    }
  }

  /** The spec's own rules (a subject's offers), every bad field named at once. */
  function checkRules (spec: Spec, body: Body, at: string): void {
    const errors = new FieldErrors()
    for (const { path, message } of spec.check?.(body, at) ?? []) errors.add(path, message)
    errors.throwIfAny('invalid')
  }

  async function slugFor (resource: CatalogResource, requested: unknown, source: string, self: string | null, path: string): Promise<string> {
    const spec = SPECS[resource]
    const takenBy = async (slug: string) => { const row = await rowBy(spec, 'slug', slug); return row !== undefined && row.id !== self }
    if (typeof requested === 'string') {
      if (await takenBy(requested)) throw new EditorialError('slug_taken', `Another ${resource} has the slug "${requested}"`, [{ path, message: 'is already in use' }])
      return requested
    }
    // A generated slug also avoids old slugs, which keep redirecting to their resource.
    return await freeSlug(slugify(source) || resource, async (slug) => await takenBy(slug) || await isOldSlug(db, resource as RedirectResource, slug))
  }

  /**
   * Re-renders the stories that show the resource. A story whose public rendering
   * changed is logged as updated, so a sync mirror picks up the new author name or
   * caption inside it.
   */
  async function rerender (resource: CatalogResource, row: Row, ctx: WriteContext): Promise<void> {
    await SPECS[resource].afterWrite?.(db, row)
    // An avatar is shown by its author too, whom sync mirrors on its own.
    if (resource === 'media') {
      for (const a of await db.select({ id: authors.id, slug: authors.slug }).from(authors).where(eq(authors.avatarMediaId, row.id))) {
        await recordChange(db, { resource: 'author', resourceId: a.id, slug: a.slug, kind: 'updated', detail: { cause: 'media' } }, ctx)
      }
    }
    for (const id of await SPECS[resource].stories(db, row.id)) {
      const outcome = await renderStoryRow(db, id, siteUrl, ctx.now)
      if (outcome?.changed === true && outcome.publicAt !== null) {
        const slug = (await db.select({ slug: stories.slug }).from(stories).where(eq(stories.id, id)))[0]?.slug ?? null
        await recordChange(db, { resource: 'story', resourceId: id, slug, kind: 'updated', detail: { cause: resource } }, ctx)
      }
    }
  }

  /** Appends to the change log; public lists and pages learn of it only when the public can see the resource. */
  async function logChange (resource: CatalogResource, row: Row, kind: 'created' | 'updated' | 'deleted', ctx: WriteContext, detail: Record<string, unknown> = {}): Promise<void> {
    const visible = await isCatalogPublic(db, resource, row.id)
    await recordChange(db, { resource, resourceId: row.id, slug: row.slug ?? null, kind, detail, visible }, ctx)
    if (visible) await markContentChanged(db, ctx.now)
  }

  /**
   * Inserts in the caller's transaction: also used inside a story write (a review's new
   * subject), where the body sits at `at` in the request.
   */
  async function insert (resource: CatalogResource, body: Body, ctx: WriteContext, at = '/body'): Promise<Row> {
    const spec = SPECS[resource]
    const slugPath = `${at}/slug`
    checkRules(spec, body, at)
    await checkMedia(spec, body)
    const values: Body = { ...toRowValues(resource, { ...spec.defaults, ...spec.columns(body) }), updatedAt: ctx.now }
    if (spec.slugFrom) {
      values.id = randomId(spec.idPrefix)
      values.slug = await slugFor(resource, body.slug, spec.slugFrom(body), null, slugPath)
    } else {
      values.id = typeof body.id === 'string' ? body.id : randomId(spec.idPrefix)
      if (await rowBy(spec, 'id', values.id as string) !== undefined) {
        throw new EditorialError('id_taken', `Another ${resource} has the id "${String(values.id)}"`, [{ path: '/body/id', message: 'is already in use' }])
      }
    }
    await db.insert(spec.table).values(values)
    const row = (await rowBy(spec, 'id', values.id as string))!
    await logChange(resource, row, 'created', ctx)
    return row
  }

  return {
    async get (resource: CatalogResource, key: string): Promise<CatalogRendering | null> {
      const spec = SPECS[resource]
      const row = await rowBy(spec, spec.slugFrom ? 'slug' : 'id', key)
      return row === undefined ? null : await rendering(resource, row)
    },

    async create (resource: CatalogResource, body: Body, ctx: WriteContext): Promise<Written<CatalogRendering>> {
      return changedAnything(await rendering(resource, await insert(resource, body, ctx)))
    },

    async update (resource: CatalogResource, key: string, body: Body, ifMatch: string | undefined, ctx: WriteContext): Promise<Written<CatalogRendering>> {
      const spec = SPECS[resource]
      const before = await find(resource, key)
      checkIfMatch(ifMatch, (await rendering(resource, before)).etag)
      checkRules(spec, body, '/body')
      await checkMedia(spec, body)
      const values: Body = { ...toRowValues(resource, spec.columns(body)), updatedAt: ctx.now }
      if (spec.slugFrom && typeof body.slug === 'string' && body.slug !== before.slug) {
        values.slug = await slugFor(resource, body.slug, '', before.id, '/body/slug')
        // A resource with slugFrom has a slug column, NOT NULL.
        await recordSlugChange(db, resource as RedirectResource, before.slug!, body.slug, before.id, ctx.now)
      }
      await db.update(spec.table).set(values).where(eq(spec.keys.id, before.id))
      const row = (await rowBy(spec, 'id', before.id))!
      await rerender(resource, row, ctx)
      await logChange(resource, row, 'updated', ctx, values.slug ? { previousSlug: before.slug } : {})
      return changedAnything(await rendering(resource, row))
    },

    async remove (resource: CatalogResource, key: string, ifMatch: string | undefined, ctx: WriteContext): Promise<Written<null>> {
      const spec = SPECS[resource]
      const row = await find(resource, key)
      checkIfMatch(ifMatch, (await rendering(resource, row)).etag)
      const reason = await spec.inUse?.(db, row.id) ?? null
      if (reason !== null) throw new EditorialError('in_use', `Cannot delete ${resource} "${key}": ${reason}`)
      // Unused, so public only if it is always public (a tag, a section, an author).
      await logChange(resource, row, 'deleted', ctx)
      await db.delete(spec.table).where(eq(spec.keys.id, row.id))
      if (spec.slugFrom) await dropRedirectsTo(db, resource as RedirectResource, row.id)
      return changedAnything(null)
    },

    /** A new resource inside the caller's write (an import's authors, sections, tags and media). */
    async insert (resource: CatalogResource, body: Body, ctx: WriteContext): Promise<{ id: string, slug: string | null }> {
      const row = await insert(resource, body, ctx)
      return { id: row.id, slug: row.slug ?? null }
    },

    /** A review's new subject, created inside the story's transaction. */
    async insertSubject (body: SubjectCreateType, ctx: WriteContext): Promise<{ id: string, slug: string }> {
      const row = await insert('subject', body as Body, ctx, '/body/subject')
      return { id: row.id, slug: row.slug! }
    }
  }
}
export type CatalogEditor = ReturnType<typeof catalogEditor>
