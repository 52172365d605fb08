/**
 * Writing a story: normalized rows, then visibility, then the rendered JSON that reads
 * serve. Callers wrap these in one transaction (src/db/client.ts `transaction`).
 */
import { asc, eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { authors, media, reviewAwards, sections, stories, storyAuthors, storyMedia, storyTags, subjects, tags, verdicts } from '../db/schema.js'
import { etagOf } from '../content/ids.js'
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

/** Media the body places, looked up as the renderer meets them. */
function mediaLookup (db: Db) {
  return { get: (id: string) => { const row = db.select().from(media).where(eq(media.id, id)).get(); return row && toMedia(row) } }
}

/**
 * Writes a story's rows and its rendering. Callers wrap it in a transaction and mark
 * content changed when the write touches what the public sees.
 */
export function saveStory (db: Db, input: StoryInput, siteUrl: string, now = Date.now()): void {
  const body = renderMarkdown(input.bodyMarkdown, mediaLookup(db))
  const subjectKind = input.subjectId === null
    ? null
    : db.select({ kind: subjects.kind }).from(subjects).where(eq(subjects.id, input.subjectId)).get()?.kind ?? null
  const publicAt = publicAtOf(input.status, input.publishedAt)
  const row = {
    id: input.id,
    slug: input.slug,
    type: input.type,
    status: input.status,
    title: input.title,
    dek: input.dek,
    bodyMarkdown: input.bodyMarkdown,
    bodyHtml: body.html,
    bodyText: body.text,
    readingTimeMinutes: body.readingTimeMinutes,
    language: input.language,
    heroMediaId: input.heroMediaId,
    attachmentMediaId: input.attachmentMediaId,
    sectionId: input.sectionId,
    subjectId: input.subjectId,
    subjectKind,
    publishedAt: input.publishedAt,
    publicAt,
    createdAt: input.createdAt,
    updatedAt: input.updatedAt
  }
  const { id: _id, createdAt: _createdAt, ...changes } = row
  db.insert(stories).values(row).onConflictDoUpdate({ target: stories.id, set: changes }).run()

  db.delete(storyAuthors).where(eq(storyAuthors.storyId, input.id)).run()
  if (input.authorIds.length > 0) {
    db.insert(storyAuthors).values(input.authorIds.map((authorId, position) => ({ storyId: input.id, authorId, position, publicAt }))).run()
  }
  db.delete(storyTags).where(eq(storyTags.storyId, input.id)).run()
  if (input.tagIds.length > 0) {
    db.insert(storyTags).values(input.tagIds.map((tagId, position) => ({ storyId: input.id, tagId, position, publicAt }))).run()
  }
  db.delete(storyMedia).where(eq(storyMedia.storyId, input.id)).run()
  if (body.mediaIds.length > 0) {
    db.insert(storyMedia).values(body.mediaIds.map((mediaId, position) => ({ storyId: input.id, mediaId, position }))).run()
  }
  db.delete(reviewAwards).where(eq(reviewAwards.storyId, input.id)).run()
  db.delete(verdicts).where(eq(verdicts.storyId, input.id)).run()
  if (input.verdict !== null) {
    const v = input.verdict
    const normalizedScore = normalizeScore(v.scoreFormat, v.score)
    db.insert(verdicts).values({
      storyId: input.id,
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
    }).run()
    const awards = [...new Set(v.awards)]
    if (awards.length > 0) db.insert(reviewAwards).values(awards.map((award) => ({ storyId: input.id, award, publicAt }))).run()
  }
  renderStoryRow(db, input.id, siteUrl, now, body)
}

/** Loads a story's parts from the normalized tables; the body is rendered unless given. */
export function loadStoryParts (db: Db, id: string, rendered?: RenderedBody): StoryParts | null {
  const s = db.select().from(stories).where(eq(stories.id, id)).get()
  if (s === undefined) return null
  const section = db.select().from(sections).where(eq(sections.id, s.sectionId)).get()!
  const authorRows = db.select({ a: authors, m: media }).from(storyAuthors)
    .innerJoin(authors, eq(authors.id, storyAuthors.authorId))
    .leftJoin(media, eq(media.id, authors.avatarMediaId))
    .where(eq(storyAuthors.storyId, id)).orderBy(asc(storyAuthors.position)).all()
  const tagRows = db.select({ t: tags }).from(storyTags).innerJoin(tags, eq(tags.id, storyTags.tagId))
    .where(eq(storyTags.storyId, id)).orderBy(asc(storyTags.position)).all()
  const inline = db.select({ m: media }).from(storyMedia).innerJoin(media, eq(media.id, storyMedia.mediaId))
    .where(eq(storyMedia.storyId, id)).orderBy(asc(storyMedia.position)).all()
  const one = (mediaId: string | null) => {
    if (mediaId === null) return null
    const m = db.select().from(media).where(eq(media.id, mediaId)).get()
    return m ? toMedia(m) : null
  }
  const subject = s.subjectId === null ? undefined : db.select().from(subjects).where(eq(subjects.id, s.subjectId)).get()
  const verdict = db.select().from(verdicts).where(eq(verdicts.storyId, id)).get()
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
export function renderStoryRow (db: Db, id: string, siteUrl: string, now = Date.now(), body?: RenderedBody): RenderOutcome | null {
  const parts = loadStoryParts(db, id, body)
  if (parts === null) return null
  const rendered = renderStory(parts, siteUrl)
  const docJson = JSON.stringify(rendered.doc)
  const etag = etagOf(docJson)
  const stored = db.select({ etag: stories.etag, publicAt: stories.publicAt, renderedAt: stories.renderedAt }).from(stories).where(eq(stories.id, id)).get()
  const previous = stored?.etag
  const renderedAt = previous !== etag ? now : stored?.renderedAt ?? now
  const publicAt = stored?.publicAt ?? null
  db.update(stories).set({
    bodyHtml: parts.bodyHtml,
    bodyText: parts.bodyText,
    readingTimeMinutes: parts.readingTimeMinutes,
    docJson,
    cardJson: JSON.stringify(rendered.card),
    etag,
    surrogateKeys: rendered.surrogateKeys.join(' '),
    renderedAt
  }).where(eq(stories.id, id)).run()
  indexStory(db, id, searchEntry(parts, publicAt))
  if (rendered.verdict !== null) {
    const verdictJson = JSON.stringify(rendered.verdict)
    const changedAt = Math.max(parts.updatedAt, renderedAt, publicAt ?? 0)
    db.update(verdicts).set({ verdictJson, etag: etagOf(verdictJson), changedAt }).where(eq(verdicts.storyId, id)).run()
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
  const s = db.select().from(stories).where(eq(stories.id, id)).get()
  if (s === undefined) return null
  const v = db.select().from(verdicts).where(eq(verdicts.storyId, id)).get()
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
    authorIds: db.select({ id: storyAuthors.authorId }).from(storyAuthors).where(eq(storyAuthors.storyId, id)).orderBy(asc(storyAuthors.position)).all().map((r) => r.id),
    tagIds: db.select({ id: storyTags.tagId }).from(storyTags).where(eq(storyTags.storyId, id)).orderBy(asc(storyTags.position)).all().map((r) => r.id),
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
