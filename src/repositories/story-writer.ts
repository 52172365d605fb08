/**
 * Writing a story: normalized rows, then visibility, then the rendered JSON that reads
 * serve. Callers run these in one transaction (an editorial write's, or Engine.transaction).
 */
import type { Db } from '../db/client.js'
import { tablesOf } from '../db/tables.js'
import { etagOf } from '../content/ids.js'
import { sameList } from '../content/invalidation.js'
import { mediaIdsIn, renderMarkdown } from '../content/markdown.js'
import type { MediaType } from '../schemas/common.js'
import { renderStory } from '../content/render.js'
import { checkVerdict } from '../content/verdict-check.js'
import { normalizedOf, platformKey } from '../content/verdict-details.js'
import { publicAtOf } from '../content/workflow.js'
import { indexStory, searchEntry } from './search-index.js'
import { toMedia } from './mappers.js'
import { statements } from './story-statements.js'
import type { StoryInput } from './story-input.js'
import { loadStoryParts, type BodyRendering } from './story-parts.js'

/** The media the body places, looked up before it is rendered. */
async function mediaOf (db: Db, markdown: string): Promise<Map<string, MediaType>> {
  const { media } = statements(db)
  const found = new Map<string, MediaType>()
  for (const id of mediaIdsIn(markdown)) {
    const [row] = await media.execute({ id })
    if (row !== undefined) found.set(id, toMedia(row))
  }
  return found
}

/**
 * Writes a story's rows and its rendering. Callers wrap it in a transaction and mark
 * content changed when the write touches what the public sees. Given the story as it
 * was (`before`), rows a patch leaves as they were are not rewritten: every rewritten
 * index entry is a page the commit must write and sync.
 */
export async function saveStory (db: Db, input: StoryInput, siteUrl: string, now = Date.now(), before: StoryInput | null = null): Promise<void> {
  const s = statements(db)
  // The same Markdown renders to what is stored: a media edit re-renders the stories
  // that show it when it happens (src/writes/catalog-editor.ts).
  const rendered = before?.bodyMarkdown === input.bodyMarkdown ? null : renderMarkdown(input.bodyMarkdown, await mediaOf(db, input.bodyMarkdown))
  const body = rendered ?? (await s.storedBody.execute({ id: input.id }))[0]!
  if (input.verdict !== null) checkVerdict(input.verdict, input.title, body.text)
  const subjectKind = input.subjectId === null ? null : (await s.subjectKind.execute({ id: input.subjectId }))[0]?.kind ?? null
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
    await s.updateContent.execute(content)
  } else {
    await s.upsertStory.execute({
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
    await s.dropAuthors.execute({ storyId })
    for (const [position, id] of input.authorIds.entries()) await s.addAuthor.execute({ storyId, id, position, publicAt })
  }
  if (!(positionsKept && sameList(before!.tagIds, input.tagIds))) {
    await s.dropTags.execute({ storyId })
    for (const [position, id] of input.tagIds.entries()) await s.addTag.execute({ storyId, id, position, publicAt })
  }
  // The same Markdown places the same media.
  if (rendered !== null) {
    await s.dropMedia.execute({ storyId })
    for (const [position, id] of rendered.mediaIds.entries()) await s.addMedia.execute({ storyId, id, position })
  }
  const verdictKept = positionsKept && before!.sectionId === input.sectionId && before!.subjectId === input.subjectId &&
    JSON.stringify(before!.verdict) === JSON.stringify(input.verdict)
  if (!verdictKept) {
    await s.dropAwards.execute({ storyId })
    await s.dropPlatforms.execute({ storyId })
    await s.dropVerdict.execute({ storyId })
    if (input.verdict !== null) {
      const v = input.verdict
      const normalizedScore = normalizedOf(v.scoreFormat, v.score, v.state)
      const { untested, platform, edition, subScores, pullQuote, platforms } = v
      await s.addVerdict.execute({
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
        state: v.state,
        detailsJson: JSON.stringify({ untested, platform, edition, subScores, pullQuote, platforms }),
        sectionId: input.sectionId,
        subjectKind,
        publicAt
      })
      for (const award of new Set(v.awards)) await s.addAward.execute({ storyId, award, publicAt })
      // A single verdict that names its platform is found by it too.
      const named = platforms.length > 0 ? platforms.map((p) => p.platform) : platform === null ? [] : [platform]
      for (const key of new Set(named.map(platformKey))) await s.addPlatform.execute({ storyId, platform: key, publicAt })
    }
  }
  await renderStoryRow(db, input.id, siteUrl, now, body)
}

/**
 * Rebuilds the stored body, JSON and ETags of one story from its parts. When the
 * rendering changed without an edit to the story (an author renamed, a media caption
 * fixed), `renderedAt` moves so Last-Modified never vouches for the old bytes.
 */
export async function renderStoryRow (db: Db, id: string, siteUrl: string, now = Date.now(), body?: BodyRendering): Promise<RenderOutcome | null> {
  const q = statements(db)
  const parts = await loadStoryParts(db, id, body)
  if (parts === null) return null
  const rendered = renderStory(parts, siteUrl)
  const docJson = JSON.stringify(rendered.doc)
  const etag = etagOf(docJson)
  const stored = (await q.stored.execute({ id }))[0]
  const previous = stored?.etag
  const renderedAt = previous !== etag ? now : stored?.renderedAt ?? now
  const publicAt = stored?.publicAt ?? null
  await q.storeRendering.execute({
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
  await indexStory(db, id, searchEntry(parts, publicAt))
  if (rendered.verdict !== null) {
    const verdictJson = JSON.stringify(rendered.verdict)
    const changedAt = Math.max(parts.updatedAt, renderedAt, publicAt ?? 0)
    await q.storeVerdictRendering.execute({ id, verdictJson, etag: etagOf(verdictJson), changedAt })
  }
  return { changed: previous !== etag, publicAt }
}

/** What a re-render did: whether the public rendering changed, and when the story is public (null: never). */
export interface RenderOutcome { changed: boolean, publicAt: number | null }

/** Every story id, for a full re-render after the renderer or the site URL changed. */
export async function allStoryIds (db: Db): Promise<string[]> {
  const { stories } = tablesOf(db)
  return (await db.select({ id: stories.id }).from(stories)).map((r) => r.id)
}
