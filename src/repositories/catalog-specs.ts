/**
 * What each catalogue resource is to the editor (src/writes/catalog-editor.ts):
 * its table, columns, defaults, public shape, the stories that show it, why it cannot
 * be deleted yet and whether the public can see it. One spec per resource.
 */
import { and, eq, inArray, isNotNull, or, type InferSelectModel } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { Db } from '../db/client.js'
import { tablesOf, type Tables } from '../db/tables.js'
import { toAuthor, toMedia, toSection, toSubject, toTag } from './mappers.js'
import type { EditorialField } from '../content/editorial-errors.js'
import { normalizeOffers, offerProblems } from '../content/offers.js'
import type { OfferInputType } from '../schemas/offer.js'

export type CatalogResource = 'author' | 'section' | 'tag' | 'subject' | 'media'
export type Body = Record<string, unknown>
/** A row of any of the five tables, as the editor handles it: by its id and slug. */
export type Row = { id: string, slug?: string | null } & Record<string, unknown>

export interface Spec {
  /** One editor serves five tables: it knows each by its id and slug columns. */
  table: SQLiteTable
  keys: { id: SQLiteColumn, slug: SQLiteColumn | null }
  idPrefix: string
  /** Resources addressed by slug get generated slugs and redirects; media is addressed by id. */
  slugFrom?: (body: Body) => string
  /** API fields → columns, for the fields present in `body`. */
  columns: (body: Body) => Body
  defaults: Body
  /** The public shape, which is also what editors read and write. */
  toJson: (db: Db, row: Row) => Promise<unknown>
  /** Media ids the body refers to, by field. */
  mediaRefs?: (body: Body) => Array<[string, string]>
  /** Domain rules the schema cannot state, on the fields present; `at` points at the body. */
  check?: (body: Body, at: string) => EditorialField[]
  /** Stories whose stored JSON shows this resource. */
  stories: (db: Db, id: string) => Promise<string[]>
  /** Why it cannot be deleted yet, if it cannot. */
  inUse?: (db: Db, id: string) => Promise<string | null>
  afterWrite?: (db: Db, row: Row) => Promise<void>
  /**
   * Whether the public can see it, for the change log's `visible`: subjects and media
   * only through a public or scheduled story (a draft's new subject is embargoed with it).
   */
  isPublic?: (db: Db, id: string) => Promise<boolean>
}

const present = (body: Body, map: Record<string, (v: unknown) => unknown>): Body =>
  Object.fromEntries(Object.entries(map).filter(([field]) => body[field] !== undefined).map(([field, f]) => [field, f(body[field])]))
const same = (v: unknown) => v
const json = (v: unknown) => JSON.stringify(v)
const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id)
const plural = (n: number, what: 'story' | 'author avatar') => n === 1 ? `1 ${what}` : `${n} ${what === 'story' ? 'stories' : `${what}s`}`

/** The row as its own table types it: the editor reads rows back from the table the spec names. */
const as = <T extends SQLiteTable>(_table: T, row: Row) => row as unknown as InferSelectModel<T>

/** The five specs over one engine's tables. */
function specsOver ({ authors, media, sections, stories, storyAuthors, storyMedia, storyTags, subjects, tags, verdicts }: Tables): Record<CatalogResource, Spec> {
  const storiesInSection = async (db: Db, id: string) => ids(await db.select({ id: stories.id }).from(stories).where(eq(stories.sectionId, id)))
  const storiesWithTag = async (db: Db, id: string) => ids(await db.select({ id: storyTags.storyId }).from(storyTags).where(eq(storyTags.tagId, id)))
  const storiesOfSubject = async (db: Db, id: string) => ids(await db.select({ id: stories.id }).from(stories).where(eq(stories.subjectId, id)))
  const storiesOfAuthor = async (db: Db, id: string) => ids(await db.select({ id: storyAuthors.storyId }).from(storyAuthors).where(eq(storyAuthors.authorId, id)))
  const anyPublic = async (db: Db, storyIds: string[]) => storyIds.length > 0 &&
    (await db.select({ id: stories.id }).from(stories).where(and(inArray(stories.id, storyIds), isNotNull(stories.publicAt))).limit(1)).length > 0

  async function storiesShowingMedia (db: Db, id: string): Promise<string[]> {
    const direct = ids(await db.select({ id: stories.id }).from(stories).where(or(eq(stories.heroMediaId, id), eq(stories.attachmentMediaId, id))))
    const inline = ids(await db.select({ id: storyMedia.storyId }).from(storyMedia).where(eq(storyMedia.mediaId, id)))
    const avatarOf = ids(await db.select({ id: authors.id }).from(authors).where(eq(authors.avatarMediaId, id)))
    const bylines = avatarOf.length === 0 ? [] : ids(await db.select({ id: storyAuthors.storyId }).from(storyAuthors).where(inArray(storyAuthors.authorId, avatarOf)))
    return [...new Set([...direct, ...inline, ...bylines])]
  }

  const inUseBy = (what: string, find: (db: Db, id: string) => Promise<string[]>) => async (db: Db, id: string) => {
    const n = (await find(db, id)).length
    return n === 0 ? null : `the ${what} is used by ${plural(n, 'story')}; change or delete them first`
  }

  return {
    section: {
      table: sections,
      keys: { id: sections.id, slug: sections.slug },
      idPrefix: 'sec',
      slugFrom: (b) => String(b.name),
      columns: (b) => present(b, { name: same, description: same, position: same }),
      defaults: { description: '', position: 0 },
      toJson: async (_db, row) => toSection(as(sections, row)),
      stories: storiesInSection,
      inUse: inUseBy('section', storiesInSection)
    },
    tag: {
      table: tags,
      keys: { id: tags.id, slug: tags.slug },
      idPrefix: 'tag',
      slugFrom: (b) => String(b.name),
      columns: (b) => present(b, { name: same }),
      defaults: {},
      toJson: async (_db, row) => toTag(as(tags, row)),
      stories: storiesWithTag,
      inUse: inUseBy('tag', storiesWithTag)
    },
    author: {
      table: authors,
      keys: { id: authors.id, slug: authors.slug },
      idPrefix: 'aut',
      slugFrom: (b) => String(b.name),
      columns: (b) => present(b, { name: same, jobTitle: same, bio: same, avatar: same, social: json }),
      defaults: { jobTitle: '', bio: '', avatar: null, social: '{}' },
      toJson: async (db, row) => {
        const author = as(authors, row)
        const [avatar] = author.avatarMediaId === null ? [] : await db.select().from(media).where(eq(media.id, author.avatarMediaId))
        return toAuthor(author, avatar ?? null)
      },
      mediaRefs: (b) => typeof b.avatar === 'string' ? [['/body/avatar', b.avatar]] : [],
      stories: storiesOfAuthor,
      inUse: inUseBy('author', storiesOfAuthor)
    },
    subject: {
      table: subjects,
      keys: { id: subjects.id, slug: subjects.slug },
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
          externalIds: json,
          // Stored complete (affiliate false, checkedAt null…): reads hand them out as they are.
          offers: (v) => JSON.stringify(normalizeOffers(v as OfferInputType[]))
        })
        // The year follows the date unless given.
        if (typeof b.releaseDate === 'string' && b.releaseYear === undefined) cols.releaseYear = Number(b.releaseDate.slice(0, 4))
        return cols
      },
      defaults: { releaseDate: null, releaseYear: null, description: '', creators: '[]', cast: '[]', platforms: '[]', genres: '[]', externalIds: '{}', offers: '[]' },
      check: (b, at) => Array.isArray(b.offers) ? offerProblems(b.offers as OfferInputType[], `${at}/offers`) : [],
      toJson: async (_db, row) => toSubject(as(subjects, row)),
      stories: storiesOfSubject,
      inUse: inUseBy('subject', storiesOfSubject),
      isPublic: async (db, id) => await anyPublic(db, await storiesOfSubject(db, id)),
      // Lists filter reviews by subject kind on denormalized columns.
      afterWrite: async (db, row) => {
        await db.update(stories).set({ subjectKind: as(subjects, row).kind }).where(eq(stories.subjectId, row.id))
        await db.update(verdicts).set({ subjectKind: as(subjects, row).kind }).where(inArray(verdicts.storyId, db.select({ id: stories.id }).from(stories).where(eq(stories.subjectId, row.id))))
      }
    },
    media: {
      table: media,
      keys: { id: media.id, slug: null },
      idPrefix: 'med',
      columns: (b) => present(b, {
        kind: same, url: same, mimeType: same, alt: same, caption: same, credit: same, width: same, height: same, durationSeconds: same, sizeBytes: same
      }),
      defaults: { alt: '', caption: '', credit: '', width: null, height: null, durationSeconds: null, sizeBytes: null },
      toJson: async (_db, row) => toMedia(as(media, row)),
      stories: storiesShowingMedia,
      isPublic: async (db, id) => await anyPublic(db, await storiesShowingMedia(db, id)),
      inUse: async (db, id) => {
        const n = (await storiesShowingMedia(db, id)).length
        const avatars = (await db.select({ id: authors.id }).from(authors).where(eq(authors.avatarMediaId, id))).length
        if (n === 0 && avatars === 0) return null
        return `the media item is shown by ${plural(n, 'story')} and ${plural(avatars, 'author avatar')}; remove it from them first`
      }
    }
  }
}

const specs = new WeakMap<Tables, Record<CatalogResource, Spec>>()

/** The specs for the engine `db` runs on. */
export function specsOf (db: Db): Record<CatalogResource, Spec> {
  const tables = tablesOf(db)
  let found = specs.get(tables)
  if (found === undefined) specs.set(tables, found = specsOver(tables))
  return found
}

/** Column names differ from API names in two places; the rest match. */
export function toRowValues (resource: CatalogResource, cols: Body): Body {
  const out: Body = {}
  for (const [field, value] of Object.entries(cols)) {
    const column = resource === 'author' && field === 'avatar'
      ? 'avatarMediaId'
      : ['social', 'creators', 'cast', 'platforms', 'genres', 'externalIds', 'offers'].includes(field) ? `${field}Json` : field
    out[column] = value
  }
  return out
}

/** Whether the public can see a catalogue resource (see Spec.isPublic). */
export async function isCatalogPublic (db: Db, resource: CatalogResource, id: string): Promise<boolean> {
  return await specsOf(db)[resource].isPublic?.(db, id) ?? true
}
