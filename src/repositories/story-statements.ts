/**
 * The prepared statements behind writing and rendering a story (src/repositories/story-writer.ts,
 * story-input.ts, story-parts.ts), built and compiled once per database.
 */
import { asc, eq, getTableColumns, sql } from 'drizzle-orm'
import type { AnySQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import { perDatabase, prepare, type Db } from '../db/client.js'
import { tablesOf } from '../db/tables.js'

const ph = (name: string) => sql.placeholder(name)
// drizzle types an update's values as SQL, not as placeholders.
const value = (name: string) => sql`${sql.placeholder(name)}`

/**
 * The write path's statements, built and compiled once per database: building a query
 * with drizzle and compiling it in SQLite cost more than running it.
 */
export const statements = perDatabase((db: Db) => {
  const { authors, media, reviewAwards, reviewPlatforms, sections, stories, storyAuthors, storyMedia, storyTags, subjects, tags, verdicts } = tablesOf(db)
  // The rendering's columns are not among them: renderStoryRow sets those, in the same
  // transaction, and a new row starts from their defaults.
  const rendering = new Set(['etag', 'surrogateKeys', 'renderedAt', 'cardJson', 'docJson'])
  const storyColumns = (Object.keys(getTableColumns(stories)) as Array<keyof typeof stories.$inferInsert>).filter((c) => !rendering.has(c))
  const byStory = <T extends { storyId: AnySQLiteColumn }>(table: SQLiteTable & T) => prepare(db.delete(table).where(eq(table.storyId, ph('storyId'))))
  return {
    media: prepare(db.select().from(media).where(eq(media.id, ph('id')))),
    subjectKind: prepare(db.select({ kind: subjects.kind }).from(subjects).where(eq(subjects.id, ph('id')))),
    upsertStory: prepare(db.insert(stories).values(Object.fromEntries(storyColumns.map((c) => [c, ph(c)])) as unknown as typeof stories.$inferInsert)
      .onConflictDoUpdate({
        target: stories.id,
        set: Object.fromEntries(storyColumns.filter((c) => c !== 'id' && c !== 'createdAt').map((c) => [c, sql.raw(`excluded."${getTableColumns(stories)[c].name}"`)]))
      })),
    updateContent: prepare(db.update(stories).set({
      title: value('title'),
      dek: value('dek'),
      language: value('language'),
      readingTimeMinutes: value('readingTimeMinutes'),
      heroMediaId: value('heroMediaId'),
      attachmentMediaId: value('attachmentMediaId'),
      updatedAt: value('updatedAt'),
      bodyMarkdown: value('bodyMarkdown'),
      bodyHtml: value('bodyHtml'),
      bodyText: value('bodyText')
    }).where(eq(stories.id, ph('id')))),
    dropAuthors: byStory(storyAuthors),
    addAuthor: prepare(db.insert(storyAuthors).values({ storyId: ph('storyId'), authorId: ph('id'), position: ph('position'), publicAt: ph('publicAt') })),
    dropTags: byStory(storyTags),
    addTag: prepare(db.insert(storyTags).values({ storyId: ph('storyId'), tagId: ph('id'), position: ph('position'), publicAt: ph('publicAt') })),
    dropMedia: byStory(storyMedia),
    addMedia: prepare(db.insert(storyMedia).values({ storyId: ph('storyId'), mediaId: ph('id'), position: ph('position') })),
    dropAwards: byStory(reviewAwards),
    addAward: prepare(db.insert(reviewAwards).values({ storyId: ph('storyId'), award: ph('award'), publicAt: ph('publicAt') })),
    dropPlatforms: byStory(reviewPlatforms),
    addPlatform: prepare(db.insert(reviewPlatforms).values({ storyId: ph('storyId'), platform: ph('platform'), publicAt: ph('publicAt') })),
    dropVerdict: byStory(verdicts),
    addVerdict: prepare(db.insert(verdicts).values({
      storyId: ph('storyId'),
      scoreFormatJson: ph('scoreFormatJson'),
      scoreValue: ph('scoreValue'),
      scoreLabel: ph('scoreLabel'),
      normalizedScore: ph('normalizedScore'),
      scoreRank: ph('scoreRank'),
      summary: ph('summary'),
      prosJson: ph('prosJson'),
      consJson: ph('consJson'),
      awardsJson: ph('awardsJson'),
      reviewedOn: ph('reviewedOn'),
      state: ph('state'),
      detailsJson: ph('detailsJson'),
      sectionId: ph('sectionId'),
      subjectKind: ph('subjectKind'),
      publicAt: ph('publicAt')
    })),
    // What a story was written from; not the stored renderings, which are derived from it.
    source: prepare(db.select({
      id: stories.id,
      slug: stories.slug,
      type: stories.type,
      status: stories.status,
      title: stories.title,
      dek: stories.dek,
      language: stories.language,
      bodyMarkdown: stories.bodyMarkdown,
      publishedAt: stories.publishedAt,
      createdAt: stories.createdAt,
      updatedAt: stories.updatedAt,
      sectionId: stories.sectionId,
      subjectId: stories.subjectId,
      heroMediaId: stories.heroMediaId,
      attachmentMediaId: stories.attachmentMediaId
    }).from(stories).where(eq(stories.id, ph('id')))),
    storedBody: prepare(db.select({ html: stories.bodyHtml, text: stories.bodyText, readingTimeMinutes: stories.readingTimeMinutes }).from(stories).where(eq(stories.id, ph('id')))),
    section: prepare(db.select().from(sections).where(eq(sections.id, ph('id')))),
    authors: prepare(db.select({ a: authors, m: media }).from(storyAuthors)
      .innerJoin(authors, eq(authors.id, storyAuthors.authorId))
      .leftJoin(media, eq(media.id, authors.avatarMediaId))
      .where(eq(storyAuthors.storyId, ph('id'))).orderBy(asc(storyAuthors.position))),
    tags: prepare(db.select({ t: tags }).from(storyTags).innerJoin(tags, eq(tags.id, storyTags.tagId))
      .where(eq(storyTags.storyId, ph('id'))).orderBy(asc(storyTags.position))),
    inlineMedia: prepare(db.select({ m: media }).from(storyMedia).innerJoin(media, eq(media.id, storyMedia.mediaId))
      .where(eq(storyMedia.storyId, ph('id'))).orderBy(asc(storyMedia.position))),
    subject: prepare(db.select().from(subjects).where(eq(subjects.id, ph('id')))),
    verdict: prepare(db.select().from(verdicts).where(eq(verdicts.storyId, ph('id')))),
    authorIds: prepare(db.select({ id: storyAuthors.authorId }).from(storyAuthors).where(eq(storyAuthors.storyId, ph('id'))).orderBy(asc(storyAuthors.position))),
    tagIds: prepare(db.select({ id: storyTags.tagId }).from(storyTags).where(eq(storyTags.storyId, ph('id'))).orderBy(asc(storyTags.position))),
    stored: prepare(db.select({ etag: stories.etag, publicAt: stories.publicAt, renderedAt: stories.renderedAt }).from(stories).where(eq(stories.id, ph('id')))),
    storeRendering: prepare(db.update(stories).set({
      bodyHtml: value('bodyHtml'),
      bodyText: value('bodyText'),
      readingTimeMinutes: value('readingTimeMinutes'),
      docJson: value('docJson'),
      cardJson: value('cardJson'),
      etag: value('etag'),
      surrogateKeys: value('surrogateKeys'),
      renderedAt: value('renderedAt')
    }).where(eq(stories.id, ph('id')))),
    storeVerdictRendering: prepare(db.update(verdicts).set({ verdictJson: value('verdictJson'), etag: value('etag'), changedAt: value('changedAt') })
      .where(eq(verdicts.storyId, ph('id'))))
  }
})
