/**
 * Editorial writes to the catalogue around stories: authors, sections, tags, subjects
 * and media. They share one contract (create, patch, delete, editors' view, If-Match,
 * slugs with redirects, change log), so each resource is a spec and one editor runs
 * them all. Stories embed these resources in their stored JSON, so a change re-renders
 * every story that shows it, in the same transaction.
 */
import { and, eq, inArray, isNotNull, or } from 'drizzle-orm'
import { transaction, type Database, type Db } from '../db/client.js'
import { authors, media, sections, stories, storyAuthors, storyMedia, storyTags, subjects, tags, verdicts } from '../db/schema.js'
import { etagOf, randomId } from '../content/ids.js'
import { slugify, uniqueSlug } from '../content/slug.js'
import type { SubjectCreateType } from '../schemas/editorial.js'
import { recordChange, type WriteContext } from './change-log.js'
import { checkIfMatch, EditorialError } from '../content/editorial-errors.js'
import { markContentChanged } from './freshness.js'
import { toAuthor, toMedia, toSection, toSubject, toTag } from './mappers.js'
import { dropRedirectsTo, isOldSlug, recordSlugChange, type RedirectResource } from './redirects.js'
import { renderStoryRow } from './story-writer.js'

export type CatalogResource = 'author' | 'section' | 'tag' | 'subject' | 'media'
type Body = Record<string, unknown>
type Row = Record<string, any> & { id: string }

interface Spec {
  /** drizzle table; typed loosely because one editor serves five tables. */
  table: any
  idPrefix: string
  /** Resources addressed by slug get generated slugs and redirects; media is addressed by id. */
  slugFrom?: (body: Body) => string
  /** API fields → columns, for the fields present in `body`. */
  columns: (body: Body) => Body
  defaults: Body
  /** The public shape, which is also what editors read and write. */
  toJson: (db: Db, row: Row) => unknown
  /** Media ids the body refers to, by field. */
  mediaRefs?: (body: Body) => Array<[string, string]>
  /** Stories whose stored JSON shows this resource. */
  stories: (db: Db, id: string) => string[]
  /** Why it cannot be deleted yet, if it cannot. */
  inUse?: (db: Db, id: string) => string | null
  afterWrite?: (db: Db, row: Row) => void
  /**
   * Whether the public can see it, for the change log's `visible`: subjects and media
   * only through a public or scheduled story (a draft's new subject is embargoed with it).
   */
  isPublic?: (db: Db, id: string) => boolean
}

const present = (body: Body, map: Record<string, (v: any) => unknown>): Body =>
  Object.fromEntries(Object.entries(map).filter(([field]) => body[field] !== undefined).map(([field, f]) => [field, f(body[field])]))
const same = (v: unknown) => v
const json = (v: unknown) => JSON.stringify(v)
const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id)
const plural = (n: number, what: 'story' | 'author avatar') => n === 1 ? `1 ${what}` : `${n} ${what === 'story' ? 'stories' : `${what}s`}`

function storiesInSection (db: Db, id: string) { return ids(db.select({ id: stories.id }).from(stories).where(eq(stories.sectionId, id)).all()) }
function storiesWithTag (db: Db, id: string) { return ids(db.select({ id: storyTags.storyId }).from(storyTags).where(eq(storyTags.tagId, id)).all()) }
function storiesOfSubject (db: Db, id: string) { return ids(db.select({ id: stories.id }).from(stories).where(eq(stories.subjectId, id)).all()) }
const anyPublic = (db: Db, storyIds: string[]) => storyIds.length > 0 &&
  db.select({ id: stories.id }).from(stories).where(and(inArray(stories.id, storyIds), isNotNull(stories.publicAt))).limit(1).get() !== undefined
function storiesOfAuthor (db: Db, id: string) { return ids(db.select({ id: storyAuthors.storyId }).from(storyAuthors).where(eq(storyAuthors.authorId, id)).all()) }

function storiesShowingMedia (db: Db, id: string): string[] {
  const direct = ids(db.select({ id: stories.id }).from(stories).where(or(eq(stories.heroMediaId, id), eq(stories.attachmentMediaId, id))).all())
  const inline = ids(db.select({ id: storyMedia.storyId }).from(storyMedia).where(eq(storyMedia.mediaId, id)).all())
  const avatarOf = ids(db.select({ id: authors.id }).from(authors).where(eq(authors.avatarMediaId, id)).all())
  const bylines = avatarOf.length === 0 ? [] : ids(db.select({ id: storyAuthors.storyId }).from(storyAuthors).where(inArray(storyAuthors.authorId, avatarOf)).all())
  return [...new Set([...direct, ...inline, ...bylines])]
}

const inUseBy = (what: string, find: (db: Db, id: string) => string[]) => (db: Db, id: string) => {
  const n = find(db, id).length
  return n === 0 ? null : `the ${what} is used by ${plural(n, 'story')}; change or delete them first`
}

const SPECS: Record<CatalogResource, Spec> = {
  section: {
    table: sections,
    idPrefix: 'sec',
    slugFrom: (b) => String(b.name),
    columns: (b) => present(b, { name: same, description: same, position: same }),
    defaults: { description: '', position: 0 },
    toJson: (_db, row) => toSection(row as any),
    stories: storiesInSection,
    inUse: inUseBy('section', storiesInSection)
  },
  tag: {
    table: tags,
    idPrefix: 'tag',
    slugFrom: (b) => String(b.name),
    columns: (b) => present(b, { name: same }),
    defaults: {},
    toJson: (_db, row) => toTag(row as any),
    stories: storiesWithTag,
    inUse: inUseBy('tag', storiesWithTag)
  },
  author: {
    table: authors,
    idPrefix: 'aut',
    slugFrom: (b) => String(b.name),
    columns: (b) => present(b, { name: same, jobTitle: same, bio: same, avatar: same, social: json }),
    defaults: { jobTitle: '', bio: '', avatar: null, social: '{}' },
    toJson: (db, row) => toAuthor(row as any, row.avatarMediaId === null ? null : db.select().from(media).where(eq(media.id, row.avatarMediaId)).get() ?? null),
    mediaRefs: (b) => typeof b.avatar === 'string' ? [['/body/avatar', b.avatar]] : [],
    stories: storiesOfAuthor,
    inUse: inUseBy('author', storiesOfAuthor)
  },
  subject: {
    table: subjects,
    idPrefix: 'sub',
    slugFrom: (b) => String(b.title),
    columns: (b) => {
      const cols = present(b, {
        kind: same,
        title: same,
        releaseDate: same,
        releaseYear: same,
        description: same,
        creators: json,
        cast: json,
        platforms: json,
        genres: json,
        externalIds: json
      })
      // The year follows the date unless given.
      if (typeof b.releaseDate === 'string' && b.releaseYear === undefined) cols.releaseYear = Number(b.releaseDate.slice(0, 4))
      return cols
    },
    defaults: { releaseDate: null, releaseYear: null, description: '', creators: '[]', cast: '[]', platforms: '[]', genres: '[]', externalIds: '{}' },
    toJson: (_db, row) => toSubject(row as any),
    stories: storiesOfSubject,
    inUse: inUseBy('subject', storiesOfSubject),
    isPublic: (db, id) => anyPublic(db, storiesOfSubject(db, id)),
    // Lists filter reviews by subject kind on denormalized columns.
    afterWrite: (db, row) => {
      db.update(stories).set({ subjectKind: row.kind }).where(eq(stories.subjectId, row.id)).run()
      db.update(verdicts).set({ subjectKind: row.kind }).where(inArray(verdicts.storyId, db.select({ id: stories.id }).from(stories).where(eq(stories.subjectId, row.id)))).run()
    }
  },
  media: {
    table: media,
    idPrefix: 'med',
    columns: (b) => present(b, {
      kind: same, url: same, mimeType: same, alt: same, caption: same, credit: same, width: same, height: same, durationSeconds: same, sizeBytes: same
    }),
    defaults: { alt: '', caption: '', credit: '', width: null, height: null, durationSeconds: null, sizeBytes: null },
    toJson: (_db, row) => toMedia(row as any),
    stories: storiesShowingMedia,
    isPublic: (db, id) => anyPublic(db, storiesShowingMedia(db, id)),
    inUse: (db, id) => {
      const n = storiesShowingMedia(db, id).length
      const avatars = db.select({ id: authors.id }).from(authors).where(eq(authors.avatarMediaId, id)).all().length
      if (n === 0 && avatars === 0) return null
      return `the media item is shown by ${plural(n, 'story')} and ${plural(avatars, 'author avatar')}; remove it from them first`
    }
  }
}

/** Column names differ from API names in two places; the rest match. */
function toRowValues (resource: CatalogResource, cols: Body): Body {
  const out: Body = {}
  for (const [field, value] of Object.entries(cols)) {
    const column = resource === 'author' && field === 'avatar'
      ? 'avatarMediaId'
      : ['social', 'creators', 'cast', 'platforms', 'genres', 'externalIds'].includes(field) ? `${field}Json` : field
    out[column] = value
  }
  return out
}

/** Whether the public can see a catalogue resource (see Spec.isPublic). */
export function isCatalogPublic (db: Db, resource: CatalogResource, id: string): boolean {
  return SPECS[resource].isPublic?.(db, id) ?? true
}

export interface CatalogRendering { id: string, key: string, body: string, etag: string }

export function catalogEditor (database: Database, siteUrl: string) {
  const { db } = database

  const rowBy = (spec: Spec, column: 'id' | 'slug', value: string): Row | undefined =>
    db.select().from(spec.table).where(eq(spec.table[column], value)).get() as Row | undefined

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

    create (resource: CatalogResource, body: Body, ctx: WriteContext): CatalogRendering {
      return transaction(database, () => rendering(resource, insert(resource, body, ctx)))
    },

    update (resource: CatalogResource, key: string, body: Body, ifMatch: string | undefined, ctx: WriteContext): CatalogRendering {
      return transaction(database, () => {
        const spec = SPECS[resource]
        const before = find(resource, key)
        checkIfMatch(ifMatch, rendering(resource, before).etag)
        checkMedia(spec, body)
        const values: Body = { ...toRowValues(resource, spec.columns(body)), updatedAt: ctx.now }
        if (spec.slugFrom && typeof body.slug === 'string' && body.slug !== before.slug) {
          values.slug = slugFor(resource, body.slug, '', before.id, '/body/slug')
          recordSlugChange(db, resource as RedirectResource, before.slug, body.slug, before.id, ctx.now)
        }
        db.update(spec.table).set(values).where(eq(spec.table.id, before.id)).run()
        const row = rowBy(spec, 'id', before.id)!
        rerender(resource, row, ctx)
        logChange(resource, row, 'updated', ctx, values.slug ? { previousSlug: before.slug } : {})
        return rendering(resource, row)
      })
    },

    remove (resource: CatalogResource, key: string, ifMatch: string | undefined, ctx: WriteContext): void {
      transaction(database, () => {
        const spec = SPECS[resource]
        const row = find(resource, key)
        checkIfMatch(ifMatch, rendering(resource, row).etag)
        const reason = spec.inUse?.(db, row.id) ?? null
        if (reason !== null) throw new EditorialError('in_use', `Cannot delete ${resource} "${key}": ${reason}`)
        // Unused, so public only if it is always public (a tag, a section, an author).
        logChange(resource, row, 'deleted', ctx)
        db.delete(spec.table).where(eq(spec.table.id, row.id)).run()
        if (spec.slugFrom) dropRedirectsTo(db, resource as RedirectResource, row.id)
      })
    },

    /** A review's new subject, created inside the story's transaction. */
    insertSubject (body: SubjectCreateType, ctx: WriteContext): { id: string, slug: string } {
      const row = insert('subject', body as Body, ctx, '/body/subject/slug')
      return { id: row.id, slug: row.slug }
    }

  }
}
export type CatalogEditor = ReturnType<typeof catalogEditor>
