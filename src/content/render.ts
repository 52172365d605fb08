/**
 * Public JSON of a story, built once at write time from its parts. What this returns
 * is what readers get byte for byte, so it must match src/schemas/story.ts exactly.
 */
import type { MediaType } from '../schemas/common.js'
import type { AuthorRefType } from '../schemas/author.js'
import type { ReviewVerdictType, StoryCardType, StoryType } from '../schemas/story.js'
import type { SectionRefType, TagType } from '../schemas/taxonomy.js'
import type { SubjectType } from '../schemas/subject.js'
import type { VerdictType } from '../schemas/verdict.js'

export interface StoryParts {
  id: string
  slug: string
  type: StoryType['type']
  title: string
  dek: string
  language: string
  bodyHtml: string
  bodyText: string
  readingTimeMinutes: number
  publishedAt: number | null
  updatedAt: number
  section: SectionRefType
  authors: AuthorRefType[]
  tags: TagType[]
  hero: MediaType | null
  attachment: MediaType | null
  media: MediaType[]
  subject: SubjectType | null
  verdict: VerdictType | null
}

export interface RenderedStory {
  doc: StoryType
  card: StoryCardType
  verdict: ReviewVerdictType | null
  surrogateKeys: string[]
}

export const iso = (ms: number): string => new Date(ms).toISOString()

export function storyUrl (siteUrl: string, slug: string): string {
  return `${siteUrl}/articles/${slug}`
}

export const surrogateKey = {
  story: (id: string) => `story/${id}`,
  author: (id: string) => `author/${id}`,
  section: (id: string) => `section/${id}`,
  tag: (id: string) => `tag/${id}`,
  subject: (id: string) => `subject/${id}`
}

export class RenderError extends Error { override name = 'RenderError' }

export function renderStory (p: StoryParts, siteUrl: string): RenderedStory {
  if (p.type === 'review' && (p.subject === null || p.verdict === null)) {
    throw new RenderError('a review needs a subject and a verdict')
  }
  const publishedAt = iso(p.publishedAt ?? p.updatedAt)
  const updatedAt = iso(p.updatedAt)
  const url = storyUrl(siteUrl, p.slug)
  const base = {
    id: p.id,
    slug: p.slug,
    title: p.title,
    dek: p.dek,
    url,
    language: p.language,
    publishedAt,
    updatedAt,
    readingTimeMinutes: p.readingTimeMinutes,
    authors: p.authors,
    section: p.section,
    heroImage: p.hero
  }
  const subjectRef = p.subject && { id: p.subject.id, slug: p.subject.slug, kind: p.subject.kind, title: p.subject.title, releaseYear: p.subject.releaseYear }
  const v = p.verdict
  const badge = v && { score: v.score, scoreFormat: v.scoreFormat, scoreDisplay: v.scoreDisplay, normalizedScore: v.normalizedScore, awards: v.awards, state: v.state }
  const card: StoryCardType = p.type === 'review'
    ? { ...base, type: 'review', subject: subjectRef!, verdict: badge! }
    : { ...base, type: p.type, subject: subjectRef, verdict: null }
  const full = {
    ...base,
    tags: p.tags,
    body: { html: p.bodyHtml, text: p.bodyText },
    media: p.media,
    attachment: p.attachment
  }
  const doc: StoryType = p.type === 'review'
    ? { ...full, type: 'review', subject: p.subject!, verdict: v! }
    : { ...full, type: p.type, subject: p.subject }
  const verdict: ReviewVerdictType | null = p.type === 'review'
    ? { ...v!, review: { id: p.id, slug: p.slug, title: p.title, url, publishedAt, updatedAt }, subject: subjectRef! }
    : null
  const surrogateKeys = [
    surrogateKey.story(p.id),
    surrogateKey.section(p.section.id),
    ...p.authors.map((a) => surrogateKey.author(a.id)),
    ...p.tags.map((t) => surrogateKey.tag(t.id)),
    ...(p.subject ? [surrogateKey.subject(p.subject.id)] : [])
  ]
  return { doc, card, verdict, surrogateKeys }
}
