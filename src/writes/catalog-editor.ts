/**
 * Editorial writes to the catalogue around stories: authors, sections, tags, subjects
 * and media. They share one contract (create, patch, delete, editors' view, If-Match,
 * slugs with redirects, change log), so each resource is a spec (src/repositories/catalog-specs.ts)
 * and one editor runs them all. Stories embed these resources in their stored JSON, so a
 * change re-renders every story that shows it, in the same transaction.
 */
import { eq } from 'drizzle-orm'
import { transaction, type Database } from '../db/client.js'
import { authors, stories } from '../db/schema.js'
import { etagOf, randomId } from '../content/ids.js'
import { slugify, uniqueSlug } from '../content/slug.js'
import type { SubjectCreateType } from '../schemas/editorial.js'
import { recordChange, type WriteContext } from '../repositories/change-log.js'
import { checkIfMatch, EditorialError } from '../content/editorial-errors.js'
import { INVALIDATES_EVERYTHING, type Written } from '../content/invalidation.js'
import { markContentChanged } from '../repositories/freshness.js'
import { dropRedirectsTo, isOldSlug, recordSlugChange, type RedirectResource } from '../repositories/redirects.js'
import { renderStoryRow } from '../repositories/story-writer.js'
import { isCatalogPublic, SPECS, toRowValues, type Body, type CatalogResource, type Row, type Spec } from '../repositories/catalog-specs.js'

export interface CatalogRendering { id: string, key: string, body: string, etag: string }

/**
 * A catalogue resource shows in lists of its own and inside every story that embeds it,
 * and responses are not tagged with it: any public response may have changed.
 */
const changedAnything = <T>(value: T): Written<T> => ({ value, invalidation: INVALIDATES_EVERYTHING })

export function catalogEditor (database: Database, siteUrl: string) {
  const { db } = database

  const rowBy = (spec: Spec, column: 'id' | 'slug', value: string): Row | undefined => {
    const key = spec.keys[column]
    return key === null ? undefined : db.select().from(spec.table).where(eq(key, value)).get() as Row | undefined
  }

  function rendering (resource: CatalogResource, row: Row): CatalogRendering {
    const body = JSON.stringify(SPECS[resource].toJson(db, row))
    return { id: row.id, key: row.slug ?? row.id, body, etag: etagOf(body) }
  }

  function find (resource: CatalogResource, key: string): Row {
    const spec = SPECS[resource]
    const row = rowBy(spec, spec.slugFrom ? 'slug' : 'id', key)
    if (row === undefined) throw new EditorialError('not_found', `No ${resource} has the ${spec.slugFrom ? 'slug' : 'id'} "${key}"`)
    return row
  }

  function checkMedia (spec: Spec, body: Body): void {
    const missing = (spec.mediaRefs?.(body) ?? []).filter(([, id]) => rowBy(SPECS.media, 'id', id) === undefined)
    if (missing.length > 0) {
      const fields = missing.map(([path, id]) => ({ path, message: `unknown media id "${id}"` }))
      throw new EditorialError('unknown_reference', fields.map((f) => `${f.path} ${f.message}`).join('; '), fields)
    }
  }

  function slugFor (resource: CatalogResource, requested: unknown, source: string, self: string | null, path: string): string {
    const spec = SPECS[resource]
    const takenBy = (slug: string) => { const row = rowBy(spec, 'slug', slug); return row !== undefined && row.id !== self }
    if (typeof requested === 'string') {
      if (takenBy(requested)) throw new EditorialError('slug_taken', `Another ${resource} has the slug "${requested}"`, [{ path, message: 'is already in use' }])
      return requested
    }
    // A generated slug also avoids old slugs, which keep redirecting to their resource.
    return uniqueSlug(slugify(source) || resource, (slug) => takenBy(slug) || isOldSlug(db, resource as RedirectResource, slug))
  }

  /**
   * Re-renders the stories that show the resource. A story whose public rendering
   * changed is logged as updated, so a sync mirror picks up the new author name or
   * caption inside it.
   */
  function rerender (resource: CatalogResource, row: Row, ctx: WriteContext): void {
    SPECS[resource].afterWrite?.(db, row)
    // An avatar is shown by its author too, whom sync mirrors on its own.
    if (resource === 'media') {
      for (const a of db.select({ id: authors.id, slug: authors.slug }).from(authors).where(eq(authors.avatarMediaId, row.id)).all()) {
        recordChange(db, { resource: 'author', resourceId: a.id, slug: a.slug, kind: 'updated', detail: { cause: 'media' } }, ctx)
      }
    }
    for (const id of SPECS[resource].stories(db, row.id)) {
      const outcome = renderStoryRow(db, id, siteUrl, ctx.now)
      if (outcome?.changed === true && outcome.publicAt !== null) {
        const slug = db.select({ slug: stories.slug }).from(stories).where(eq(stories.id, id)).get()?.slug ?? null
        recordChange(db, { resource: 'story', resourceId: id, slug, kind: 'updated', detail: { cause: resource } }, ctx)
      }
    }
  }

  /** Appends to the change log; public lists and pages learn of it only when the public can see the resource. */
  function logChange (resource: CatalogResource, row: Row, kind: 'created' | 'updated' | 'deleted', ctx: WriteContext, detail: Record<string, unknown> = {}): void {
    const visible = isCatalogPublic(db, resource, row.id)
    recordChange(db, { resource, resourceId: row.id, slug: row.slug ?? null, kind, detail, visible }, ctx)
    if (visible) markContentChanged(db, ctx.now)
  }

  /** Inserts without opening a transaction: also used inside a story write (a review's new subject). */
  function insert (resource: CatalogResource, body: Body, ctx: WriteContext, slugPath = '/body/slug'): Row {
    const spec = SPECS[resource]
    checkMedia(spec, body)
    const values: Body = { ...toRowValues(resource, { ...spec.defaults, ...spec.columns(body) }), updatedAt: ctx.now }
    if (spec.slugFrom) {
      values.id = randomId(spec.idPrefix)
      values.slug = slugFor(resource, body.slug, spec.slugFrom(body), null, slugPath)
    } else {
      values.id = typeof body.id === 'string' ? body.id : randomId(spec.idPrefix)
      if (rowBy(spec, 'id', values.id as string) !== undefined) {
        throw new EditorialError('id_taken', `Another ${resource} has the id "${String(values.id)}"`, [{ path: '/body/id', message: 'is already in use' }])
      }
    }
    db.insert(spec.table).values(values).run()
    const row = rowBy(spec, 'id', values.id as string)!
    logChange(resource, row, 'created', ctx)
    return row
  }

  return {
    get (resource: CatalogResource, key: string): CatalogRendering | null {
      const spec = SPECS[resource]
      const row = rowBy(spec, spec.slugFrom ? 'slug' : 'id', key)
      return row === undefined ? null : rendering(resource, row)
    },

    create (resource: CatalogResource, body: Body, ctx: WriteContext): Written<CatalogRendering> {
      return transaction(database, () => changedAnything(rendering(resource, insert(resource, body, ctx))))
    },

    update (resource: CatalogResource, key: string, body: Body, ifMatch: string | undefined, ctx: WriteContext): Written<CatalogRendering> {
      return transaction(database, () => {
        const spec = SPECS[resource]
        const before = find(resource, key)
        checkIfMatch(ifMatch, rendering(resource, before).etag)
        checkMedia(spec, body)
        const values: Body = { ...toRowValues(resource, spec.columns(body)), updatedAt: ctx.now }
        if (spec.slugFrom && typeof body.slug === 'string' && body.slug !== before.slug) {
          values.slug = slugFor(resource, body.slug, '', before.id, '/body/slug')
          // A resource with slugFrom has a slug column, NOT NULL.
          recordSlugChange(db, resource as RedirectResource, before.slug!, body.slug, before.id, ctx.now)
        }
        db.update(spec.table).set(values).where(eq(spec.keys.id, before.id)).run()
        const row = rowBy(spec, 'id', before.id)!
        rerender(resource, row, ctx)
        logChange(resource, row, 'updated', ctx, values.slug ? { previousSlug: before.slug } : {})
        return changedAnything(rendering(resource, row))
      })
    },

    remove (resource: CatalogResource, key: string, ifMatch: string | undefined, ctx: WriteContext): Written<null> {
      return transaction(database, () => {
        const spec = SPECS[resource]
        const row = find(resource, key)
        checkIfMatch(ifMatch, rendering(resource, row).etag)
        const reason = spec.inUse?.(db, row.id) ?? null
        if (reason !== null) throw new EditorialError('in_use', `Cannot delete ${resource} "${key}": ${reason}`)
        // Unused, so public only if it is always public (a tag, a section, an author).
        logChange(resource, row, 'deleted', ctx)
        db.delete(spec.table).where(eq(spec.keys.id, row.id)).run()
        if (spec.slugFrom) dropRedirectsTo(db, resource as RedirectResource, row.id)
        return changedAnything(null)
      })
    },

    /** A review's new subject, created inside the story's transaction. */
    insertSubject (body: SubjectCreateType, ctx: WriteContext): { id: string, slug: string } {
      const row = insert('subject', body as Body, ctx, '/body/subject/slug')
      return { id: row.id, slug: row.slug! }
    }

  }
}
export type CatalogEditor = ReturnType<typeof catalogEditor>
