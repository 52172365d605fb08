/** Sections, tags and authors: small keyset lists and slug lookups. */
import { and, asc, count, eq, lte, sql } from 'drizzle-orm'
import { prepare, type Db } from '../db/client.js'
import { tablesOf } from '../db/tables.js'
import type { CursorValue } from '../content/cursor.js'
import { surrogateKey } from '../content/render.js'
import { toAuthor, toSection, toTag } from './mappers.js'
import { freshnessRepository } from './freshness.js'
import { toPage, type Page, type Rendered } from './types.js'

const ph = sql.placeholder
const after2 = (a: Parameters<typeof sql>[1], b: Parameters<typeof sql>[1]) => sql`(${a}, ${b}) > (${ph('k0')}, ${ph('k1')})`

export function catalogRepository (db: Db) {
  const { authors, media, sections, storyAuthors, tags } = tablesOf(db)
  const freshness = freshnessRepository(db)
  const sectionPage = (after: boolean) => prepare(db.select().from(sections).where(after ? after2(sections.position, sections.id) : undefined)
    .orderBy(asc(sections.position), asc(sections.id)).limit(ph('limit')))
  const tagPage = (after: boolean) => prepare(db.select().from(tags).where(after ? after2(tags.name, tags.id) : undefined)
    .orderBy(asc(tags.name), asc(tags.id)).limit(ph('limit')))
  const authorPage = (after: boolean) => prepare(db.select({ a: authors, m: media }).from(authors).leftJoin(media, eq(media.id, authors.avatarMediaId))
    .where(after ? after2(authors.name, authors.id) : undefined)
    .orderBy(asc(authors.name), asc(authors.id)).limit(ph('limit')))
  const pages = {
    sections: [sectionPage(false), sectionPage(true)] as const,
    tags: [tagPage(false), tagPage(true)] as const,
    authors: [authorPage(false), authorPage(true)] as const
  }
  const authorBySlug = prepare(db.select({ a: authors, m: media }).from(authors).leftJoin(media, eq(media.id, authors.avatarMediaId))
    .where(eq(authors.slug, ph('slug'))))
  const authorStoryCount = prepare(db.select({ n: count() }).from(storyAuthors)
    .where(and(eq(storyAuthors.authorId, ph('author')), lte(storyAuthors.publicAt, ph('now')))))
  const bySlug = {
    section: prepare(db.select({ id: sections.id, name: sections.name }).from(sections).where(eq(sections.slug, ph('slug')))),
    tag: prepare(db.select({ id: tags.id, name: tags.name }).from(tags).where(eq(tags.slug, ph('slug')))),
    author: prepare(db.select({ id: authors.id, name: authors.name }).from(authors).where(eq(authors.slug, ph('slug'))))
  }
  const params = (after: CursorValue[] | null, limit: number) => ({ k0: after?.[0], k1: after?.[1], limit: limit + 1 })

  return {
    async listSections (after: CursorValue[] | null, limit: number, now: number): Promise<Page> {
      const rows = (await pages.sections[after ? 1 : 0].execute(params(after, limit)))
      return toPage(rows.map((r) => ({ json: JSON.stringify(toSection(r)), key: [r.position, r.id], updatedAt: r.updatedAt, surrogateKeys: [surrogateKey.section(r.id)] })), limit, ['sections'], await freshness.changedAt(now))
    },
    async listTags (after: CursorValue[] | null, limit: number, now: number): Promise<Page> {
      const rows = (await pages.tags[after ? 1 : 0].execute(params(after, limit)))
      return toPage(rows.map((r) => ({ json: JSON.stringify(toTag(r)), key: [r.name, r.id], updatedAt: r.updatedAt, surrogateKeys: [surrogateKey.tag(r.id)] })), limit, ['tags'], await freshness.changedAt(now))
    },
    async listAuthors (after: CursorValue[] | null, limit: number, now: number): Promise<Page> {
      const rows = (await pages.authors[after ? 1 : 0].execute(params(after, limit)))
      return toPage(rows.map(({ a, m }) => ({
        json: JSON.stringify(toAuthor(a, m)),
        key: [a.name, a.id],
        updatedAt: Math.max(a.updatedAt, m?.updatedAt ?? 0),
        surrogateKeys: [surrogateKey.author(a.id)]
      })), limit, ['authors'], await freshness.changedAt(now))
    },
    /** An author with the number of their public stories. */
    async getAuthor (slug: string, now: number): Promise<Rendered | null> {
      const row = (await authorBySlug.execute({ slug }))[0]
      if (row === undefined) return null
      const storyCount = (await authorStoryCount.execute({ author: row.a.id, now }))[0]?.n ?? 0
      return {
        body: JSON.stringify({ ...toAuthor(row.a, row.m), storyCount }),
        etag: null,
        // storyCount moves with publication, not with the author's row.
        lastModified: Math.max(row.a.updatedAt, row.m?.updatedAt ?? 0, await freshness.changedAt(now)),
        surrogateKeys: [surrogateKey.author(row.a.id)]
      }
    },
    async sectionId (slug: string): Promise<string | null> { return (await bySlug.section.execute({ slug }))[0]?.id ?? null },
    async tagId (slug: string): Promise<string | null> { return (await bySlug.tag.execute({ slug }))[0]?.id ?? null },
    async authorId (slug: string): Promise<string | null> { return (await bySlug.author.execute({ slug }))[0]?.id ?? null },
    /** A section, tag or author by slug, with the name a feed is titled by. */
    async named (kind: 'section' | 'tag' | 'author', slug: string): Promise<{ id: string, name: string } | null> {
      return (await bySlug[kind].execute({ slug }))[0] ?? null
    }
  }
}
export type CatalogRepository = ReturnType<typeof catalogRepository>
