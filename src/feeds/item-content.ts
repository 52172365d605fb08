/**
 * The parts of a feed entry every format shares: its durable id, its text, its review
 * data. Pure functions of the public story document.
 */
import { escapeHtml } from '../content/markdown.js'
import type { FeedPage } from './feed-page.js'
import type { MediaType } from '../schemas/common.js'
import type { StoryType, ReviewType } from '../schemas/story.js'

/**
 * A tag URI (RFC 4151) on the site's host. It names the story by id, not by slug or URL,
 * so it survives renames and moves: feed readers and MSN key on it to spot updates.
 */
export function tagUri (siteUrl: string, what: string): string {
  return `tag:${new URL(siteUrl).hostname},2016:${what}`
}

export const entryId = (page: FeedPage, story: StoryType): string => tagUri(page.siteUrl, `story/${story.id}`)
export const feedId = (page: FeedPage): string => tagUri(page.siteUrl, `feed/${page.key}`)

export const isReview = (story: StoryType): story is ReviewType => story.type === 'review'

/** The summary a reader sees in a list: the standfirst, and for a review its score. */
export function summaryText (story: StoryType): string {
  if (!isReview(story) || story.verdict.scoreDisplay === null) return story.dek
  return `${story.dek} Verdict: ${story.verdict.scoreDisplay}.`
}

/** The "Final Thoughts" block as HTML, appended to a review's body in full-text feeds. */
export function verdictHtml (review: ReviewType): string {
  const v = review.verdict
  const list = (title: string, items: string[]) => items.length === 0
    ? ''
    : `<h3>${title}</h3>\n<ul>\n${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('\n')}\n</ul>\n`
  const score = v.scoreDisplay === null ? '' : `<p><strong>Score: ${escapeHtml(v.scoreDisplay)}</strong></p>\n`
  return `<h2>Final Thoughts</h2>\n${score}<p>${escapeHtml(v.summary)}</p>\n${list('Pros', v.pros)}${list('Cons', v.cons)}`
}

/** Body HTML for full-text feeds; the summary paragraph otherwise. */
export function contentHtml (page: FeedPage, story: StoryType): string {
  if (!page.fullText) return `<p>${escapeHtml(summaryText(story))}</p>`
  return isReview(story) ? `${story.body.html}\n${verdictHtml(story)}` : story.body.html
}

/** The audio or video file of a podcast or video episode, when it has one. */
export function enclosureOf (story: StoryType): MediaType | null {
  return story.attachment !== null && story.attachment.kind !== 'image' ? story.attachment : null
}

/** Categories: the section, then the tags. */
export function categoriesOf (story: StoryType): string[] {
  return [story.section.name, ...story.tags.map((t) => t.name)]
}

/** Review data every format carries: `_review` in JSON Feed, the review namespace in XML. */
export function reviewData (story: StoryType) {
  if (!isReview(story)) return null
  const v = story.verdict
  return {
    subject: { title: story.subject.title, kind: story.subject.kind, slug: story.subject.slug, releaseYear: story.subject.releaseYear },
    score: v.score,
    scoreFormat: v.scoreFormat,
    scoreDisplay: v.scoreDisplay,
    normalizedScore: v.normalizedScore,
    awards: v.awards,
    summary: v.summary,
    state: v.state,
    subScores: v.subScores,
    pullQuote: v.pullQuote,
    platforms: v.platforms
  }
}
