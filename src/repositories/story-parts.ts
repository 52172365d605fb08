/**
 * A story's parts, loaded from the normalized tables: what its rendering is made from.
 */
import type { Db } from '../db/client.js'
import { renderMarkdown, type RenderedBody } from '../content/markdown.js'
import type { StoryParts } from '../content/render.js'
import { statements } from './story-statements.js'
import { toAuthorRef, toMedia, toSubject, toTag, toVerdict } from './mappers.js'

/** A story body as stored and served: what rendering its Markdown gives, bar the media it places. */
export type BodyRendering = Omit<RenderedBody, 'mediaIds'>

/** Loads a story's parts from the normalized tables; the body is rendered unless given. */
export async function loadStoryParts (db: Db, id: string, rendered?: BodyRendering): Promise<StoryParts | null> {
  const q = statements(db)
  const s = (await q.source.execute({ id }))[0]
  if (s === undefined) return null
  const section = (await q.section.execute({ id: s.sectionId }))[0]!
  const authorRows = (await q.authors.execute({ id }))
  const tagRows = (await q.tags.execute({ id }))
  const inline = (await q.inlineMedia.execute({ id }))
  const one = async (mediaId: string | null) => {
    if (mediaId === null) return null
    const m = (await q.media.execute({ id: mediaId }))[0]
    return m ? toMedia(m) : null
  }
  const subject = s.subjectId === null ? undefined : (await q.subject.execute({ id: s.subjectId }))[0]
  const verdict = (await q.verdict.execute({ id }))[0]
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
    hero: await one(s.heroMediaId),
    attachment: await one(s.attachmentMediaId),
    media: inlineMedia,
    subject: subject ? toSubject(subject) : null,
    verdict: verdict ? toVerdict(verdict) : null
  }
}
