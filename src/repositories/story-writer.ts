/**
 * Writing a story: normalized rows, then visibility, then the rendered JSON that reads
 * serve. Callers wrap these in one transaction (src/db/client.ts `transaction`).
 */
import { asc, eq, getTableColumns, sql } from 'drizzle-orm'
import type { AnySQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import { perDatabase, type Db } from '../db/client.js'
import { authors, media, reviewAwards, sections, stories, storyAuthors, storyMedia, storyTags, subjects, tags, verdicts } from '../db/schema.js'
import { etagOf } from '../content/ids.js'
import { sameList } from '../content/invalidation.js'
import { renderMarkdown, type RenderedBody } from '../content/markdown.js'
import { renderStory, type StoryParts } from '../content/render.js'
import { normalizeScore } from '../content/score.js'
import { publicAtOf, type StoryStatus } from '../content/workflow.js'
import type { StoryKindType } from '../schemas/story.js'
import type { AwardType, ScoreFormatType } from '../schemas/verdict.js'
import type { VerdictInput } from '../content/verdict-merge.js'
import { indexStory, searchEntry } from './search-index.js'
import { toAuthorRef, toMedia, toSubject, toTag, toVerdict } from './mappers.js'

export type { VerdictInput }

export interface StoryInput {
  id: string
  slug: string
  type: StoryKindType
  status: StoryStatus
  title: string
  dek: string
  bodyMarkdown: string
  language: string
  heroMediaId: string | null
  attachmentMediaId: string | null
  sectionId: string
  authorIds: string[]
  tagIds: string[]
  subjectId: string | null
  verdict: VerdictInput | null
  publishedAt: number | null
  createdAt: number
  updatedAt: number
}

/** A story body as stored and served: what rendering its Markdown gives, bar the media it places. */
type BodyRendering = Omit<RenderedBody, 'mediaIds'>

const ph = (name: string) => sql.placeholder(name)
// drizzle types an update's values as SQL, not as placeholders.
const value = (name: string) => sql`${sql.placeholder(name)}`

/**
 * The write path's statements, built and compiled once per database: building a query
 * with drizzle and compiling it in SQLite cost more than running it.
 */
const statements = perDatabase((db: Db) => {
  // The rendering's columns are not among them: renderStoryRow sets those, in the same
  // transaction, and a new row starts from their defaults.
  const rendering = new Set(['etag', 'surrogateKeys', 'renderedAt', 'cardJson', 'docJson'])
  const storyColumns = (Object.keys(getTableColumns(stories)) as Array<keyof typeof stories.$inferInsert>).filter((c) => !rendering.has(c))
  const byStory = <T extends { storyId: AnySQLiteColumn }>(table: SQLiteTable & T) => db.delete(table).where(eq(table.storyId, ph('storyId'))).prepare()
  return {
    media: db.select().from(media).where(eq(media.id, ph('id'))).prepare(),
    subjectKind: db.select({ kind: subjects.kind }).from(subjects).where(eq(subjects.id, ph('id'))).prepare(),
    upsertStory: db.insert(stories).values(Object.fromEntries(storyColumns.map((c) => [c, ph(c)])) as unknown as typeof stories.$inferInsert)
      .onConflictDoUpdate({
        target: stories.id,
        set: Object.fromEntries(storyColumns.filter((c) => c !== 'id' && c !== 'createdAt').map((c) => [c, sql.raw(`excluded."${getTableColumns(stories)[c].name}"`)]))
      }).prepare(),
    updateContent: db.update(stories).set({
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
    }).where(eq(stories.id, ph('id'))).prepare(),
    dropAuthors: byStory(storyAuthors),
    addAuthor: db.insert(storyAuthors).values({ storyId: ph('storyId'), authorId: ph('id'), position: ph('position'), publicAt: ph('publicAt') }).prepare(),
    dropTags: byStory(storyTags),
    addTag: db.insert(storyTags).values({ storyId: ph('storyId'), tagId: ph('id'), position: ph('position'), publicAt: ph('publicAt') }).prepare(),
    dropMedia: byStory(storyMedia),
    addMedia: db.insert(storyMedia).values({ storyId: ph('storyId'), mediaId: ph('id'), position: ph('position') }).prepare(),
    dropAwards: byStory(reviewAwards),
    addAward: db.insert(reviewAwards).values({ storyId: ph('storyId'), award: ph('award'), publicAt: ph('publicAt') }).prepare(),
    dropVerdict: byStory(verdicts),
    addVerdict: db.insert(verdicts).values({
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
      sectionId: ph('sectionId'),
      subjectKind: ph('subjectKind'),
      publicAt: ph('publicAt')
    }).prepare(),
    // What a story was written from; not the stored renderings, which are derived from it.
    source: db.select({
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
    }).from(stories).where(eq(stories.id, ph('id'))).prepare(),
    storedBody: db.select({ html: stories.bodyHtml, text: stories.bodyText, readingTimeMinutes: stories.readingTimeMinutes }).from(stories).where(eq(stories.id, ph('id'))).prepare(),
    section: db.select().from(sections).where(eq(sections.id, ph('id'))).prepare(),
    authors: db.select({ a: authors, m: media }).from(storyAuthors)
      .innerJoin(authors, eq(authors.id, storyAuthors.authorId))
      .leftJoin(media, eq(media.id, authors.avatarMediaId))
      .where(eq(storyAuthors.storyId, ph('id'))).orderBy(asc(storyAuthors.position)).prepare(),
    tags: db.select({ t: tags }).from(storyTags).innerJoin(tags, eq(tags.id, storyTags.tagId))
      .where(eq(storyTags.storyId, ph('id'))).orderBy(asc(storyTags.position)).prepare(),
    inlineMedia: db.select({ m: media }).from(storyMedia).innerJoin(media, eq(media.id, storyMedia.mediaId))
      .where(eq(storyMedia.storyId, ph('id'))).orderBy(asc(storyMedia.position)).prepare(),
    subject: db.select().from(subjects).where(eq(subjects.id, ph('id'))).prepare(),
    verdict: db.select().from(verdicts).where(eq(verdicts.storyId, ph('id'))).prepare(),
    authorIds: db.select({ id: storyAuthors.authorId }).from(storyAuthors).where(eq(storyAuthors.storyId, ph('id'))).orderBy(asc(storyAuthors.position)).prepare(),
    tagIds: db.select({ id: storyTags.tagId }).from(storyTags).where(eq(storyTags.storyId, ph('id'))).orderBy(asc(storyTags.position)).prepare(),
    stored: db.select({ etag: stories.etag, publicAt: stories.publicAt, renderedAt: stories.renderedAt }).from(stories).where(eq(stories.id, ph('id'))).prepare(),
    storeRendering: db.update(stories).set({
      bodyHtml: value('bodyHtml'),
      bodyText: value('bodyText'),
      readingTimeMinutes: value('readingTimeMinutes'),
      docJson: value('docJson'),
      cardJson: value('cardJson'),
      etag: value('etag'),
      surrogateKeys: value('surrogateKeys'),
      renderedAt: value('renderedAt')
    }).where(eq(stories.id, ph('id'))).prepare(),
    storeVerdictRendering: db.update(verdicts).set({ verdictJson: value('verdictJson'), etag: value('etag'), changedAt: value('changedAt') })
      .where(eq(verdicts.storyId, ph('id'))).prepare()
  }
})

/** Media the body places, looked up as the renderer meets them. */
function mediaLookup (db: Db) {
  const { media } = statements(db)
  return { get: (id: string) => { const row = media.get({ id }); return row && toMedia(row) } }
}

/**
 * Writes a story's rows and its rendering. Callers wrap it in a transaction and mark
 * content changed when the write touches what the public sees. Given the story as it
 * was (`before`), rows a patch leaves as they were are not rewritten: every rewritten
 * index entry is a page the commit must write and sync.
 */
export function saveStory (db: Db, input: StoryInput, siteUrl: string, now = Date.now(), before: StoryInput | null = null): void {
  const s = statements(db)
  // The same Markdown renders to what is stored: a media edit re-renders the stories
  // that show it when it happens (src/repositories/catalog-editor.ts).
  const rendered = before?.bodyMarkdown === input.bodyMarkdown ? null : renderMarkdown(input.bodyMarkdown, mediaLookup(db))
  const body = rendered ?? s.storedBody.get({ id: input.id })!
  const subjectKind = input.subjectId === null ? null : s.subjectKind.get({ id: input.subjectId })?.kind ?? null
  const publicAt = publicAtOf(input.status, input.publishedAt)
  const publicAtBefore = before === null ? undefined : publicAtOf(before.status, before.publishedAt)
  const storyId = input.id
  const content = {
    id: input.id,
    title: input.title,
    dek: input.dek,
    language: input.language,
    readingTimeMinutes: body.readingTimeMinutes,
    heroMediaId: input.heroMediaId,
    attachmentMediaId: input.attachmentMediaId,
    updatedAt: input.updatedAt,
    bodyMarkdown: input.bodyMarkdown,
    bodyHtml: body.html,
    bodyText: body.text
  }
  // The indexed columns (where the story sorts and filters) are written only when they
  // change: each index they are in is another page to commit.
  const placed = before !== null && before.slug === input.slug && before.type === input.type && before.status === input.status &&
    before.sectionId === input.sectionId && before.subjectId === input.subjectId && before.publishedAt === input.publishedAt
  if (placed) {
    s.updateContent.run(content)
  } else {
    s.upsertStory.run({
      ...content,
      slug: input.slug,
      type: input.type,
      status: input.status,
      sectionId: input.sectionId,
      subjectId: input.subjectId,
      subjectKind,
      publishedAt: input.publishedAt,
      publicAt,
      createdAt: input.createdAt
    })
  }

  const positionsKept = publicAtBefore === publicAt
  if (!(positionsKept && sameList(before!.authorIds, input.authorIds))) {
    s.dropAuthors.run({ storyId })
    input.authorIds.forEach((id, position) => s.addAuthor.run({ storyId, id, position, publicAt }))
  }
  if (!(positionsKept && sameList(before!.tagIds, input.tagIds))) {
    s.dropTags.run({ storyId })
    input.tagIds.forEach((id, position) => s.addTag.run({ storyId, id, position, publicAt }))
  }
  // The same Markdown places the same media.
  if (rendered !== null) {
    s.dropMedia.run({ storyId })
    rendered.mediaIds.forEach((id, position) => s.addMedia.run({ storyId, id, position }))
  }
  const verdictKept = positionsKept && before!.sectionId === input.sectionId && before!.subjectId === input.subjectId &&
    JSON.stringify(before!.verdict) === JSON.stringify(input.verdict)
  if (!verdictKept) {
    s.dropAwards.run({ storyId })
    s.dropVerdict.run({ storyId })
    if (input.verdict !== null) {
      const v = input.verdict
      const normalizedScore = normalizeScore(v.scoreFormat, v.score)
      s.addVerdict.run({
        storyId,
        scoreFormatJson: JSON.stringify(v.scoreFormat),
        scoreValue: typeof v.score === 'number' ? v.score : null,
        scoreLabel: typeof v.score === 'string' ? v.score : null,
        normalizedScore,
        scoreRank: normalizedScore ?? -1,
        summary: v.summary,
        prosJson: JSON.stringify(v.pros),
        consJson: JSON.stringify(v.cons),
        awardsJson: JSON.stringify(v.awards),
        reviewedOn: v.reviewedOn,
        sectionId: input.sectionId,
        subjectKind,
        publicAt
      })
      for (const award of new Set(v.awards)) s.addAward.run({ storyId, award, publicAt })
    }
  }
  renderStoryRow(db, input.id, siteUrl, now, body)
}

/** Loads a story's parts from the normalized tables; the body is rendered unless given. */
export function loadStoryParts (db: Db, id: string, rendered?: BodyRendering): StoryParts | null {
  const q = statements(db)
  const s = q.source.get({ id })
  if (s === undefined) return null
  const section = q.section.get({ id: s.sectionId })!
  const authorRows = q.authors.all({ id })
  const tagRows = q.tags.all({ id })
  const inline = q.inlineMedia.all({ id })
  const one = (mediaId: string | null) => {
    if (mediaId === null) return null
    const m = q.media.get({ id: mediaId })
    return m ? toMedia(m) : null
  }
  const subject = s.subjectId === null ? undefined : q.subject.get({ id: s.subjectId })
  const verdict = q.verdict.get({ id })
  const inlineMedia = inline.map((r) => toMedia(r.m))
  // Figures carry their media's alt and caption: re-render so a media edit reaches the body.
  const body = rendered ?? renderMarkdown(s.bodyMarkdown, new Map(inlineMedia.map((m) => [m.id, m])))
  return {
    id: s.id,
    slug: s.slug,
    type: s.type,
    title: s.title,
    dek: s.dek,
    language: s.language,
    bodyHtml: body.html,
    bodyText: body.text,
    readingTimeMinutes: body.readingTimeMinutes,
    publishedAt: s.publishedAt,
    updatedAt: s.updatedAt,
    section: { id: section.id, slug: section.slug, name: section.name },
    authors: authorRows.map((r) => toAuthorRef(r.a, r.m)),
    tags: tagRows.map((r) => toTag(r.t)),
    hero: one(s.heroMediaId),
    attachment: one(s.attachmentMediaId),
    media: inlineMedia,
    subject: subject ? toSubject(subject) : null,
    verdict: verdict ? toVerdict(verdict) : null
  }
}

/**
 * Rebuilds the stored body, JSON and ETags of one story from its parts. When the
 * rendering changed without an edit to the story (an author renamed, a media caption
 * fixed), `renderedAt` moves so Last-Modified never vouches for the old bytes.
 */
export function renderStoryRow (db: Db, id: string, siteUrl: string, now = Date.now(), body?: BodyRendering): RenderOutcome | null {
  const q = statements(db)
  const parts = loadStoryParts(db, id, body)
  if (parts === null) return null
  const rendered = renderStory(parts, siteUrl)
  const docJson = JSON.stringify(rendered.doc)
  const etag = etagOf(docJson)
  const stored = q.stored.get({ id })
  const previous = stored?.etag
  const renderedAt = previous !== etag ? now : stored?.renderedAt ?? now
  const publicAt = stored?.publicAt ?? null
  q.storeRendering.run({
    id,
    bodyHtml: parts.bodyHtml,
    bodyText: parts.bodyText,
    readingTimeMinutes: parts.readingTimeMinutes,
    docJson,
    cardJson: JSON.stringify(rendered.card),
    etag,
    surrogateKeys: rendered.surrogateKeys.join(' '),
    renderedAt
  })
  indexStory(db, id, searchEntry(parts, publicAt))
  if (rendered.verdict !== null) {
    const verdictJson = JSON.stringify(rendered.verdict)
    const changedAt = Math.max(parts.updatedAt, renderedAt, publicAt ?? 0)
    q.storeVerdictRendering.run({ id, verdictJson, etag: etagOf(verdictJson), changedAt })
  }
  return { changed: previous !== etag, publicAt }
}

/** What a re-render did: whether the public rendering changed, and when the story is public (null: never). */
export interface RenderOutcome { changed: boolean, publicAt: number | null }

/** Every story id, for a full re-render after the renderer or the site URL changed. */
export function allStoryIds (db: Db): string[] {
  return db.select({ id: stories.id }).from(stories).all().map((r) => r.id)
}

/** Rebuilds the input a story was saved from, so a patch can be applied to it. */
export function loadStoryInput (db: Db, id: string): StoryInput | null {
  const q = statements(db)
  const s = q.source.get({ id })
  if (s === undefined) return null
  const v = q.verdict.get({ id })
  return {
    id: s.id,
    slug: s.slug,
    type: s.type,
    status: s.status,
    title: s.title,
    dek: s.dek,
    bodyMarkdown: s.bodyMarkdown,
    language: s.language,
    heroMediaId: s.heroMediaId,
    attachmentMediaId: s.attachmentMediaId,
    sectionId: s.sectionId,
    authorIds: q.authorIds.all({ id }).map((r) => r.id),
    tagIds: q.tagIds.all({ id }).map((r) => r.id),
    subjectId: s.subjectId,
    verdict: v === undefined
      ? null
      : {
          scoreFormat: JSON.parse(v.scoreFormatJson) as ScoreFormatType,
          score: v.scoreValue ?? v.scoreLabel,
          summary: v.summary,
          pros: JSON.parse(v.prosJson) as string[],
          cons: JSON.parse(v.consJson) as string[],
          awards: JSON.parse(v.awardsJson) as AwardType[],
          reviewedOn: v.reviewedOn
        },
    publishedAt: s.publishedAt,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt
  }
}
