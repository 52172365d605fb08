/**
 * Deterministic generated sample content: reviews of invented subjects, news, features,
 * lists, guides, videos and podcast episodes between 2013 and January 2023, plus three
 * hidden stories (draft, scheduled, archived) whose marker words must never leak.
 * No Math.random: variants come from a seeded PRNG, so every run yields the same data.
 */
import type { ScoreFormatType } from '../schemas/verdict.js'
import { featurePlans, newsPlans, type ArticlePlan } from './generated-articles.js'
import { guidePlans, listPlans, podcastPlans, videoPlans } from './generated-articles-more.js'
import { moreReviewPlans } from './generated-subjects-more.js'
import { reviewPlans } from './generated-subjects.js'
import type { FormatKey, ReviewPlan } from './review-plans.js'
import { articleBody, inlineCaption, podcastBody, reviewBody } from './generated-text.js'
import { audio, image, prng, slugify, stamp, video } from './helpers.js'
import { authors } from './taxonomy.js'
import type { SeedMedia, SeedStory, SeedSubject } from './types.js'

const FORMATS: Record<FormatKey, ScoreFormatType> = {
  ten: { kind: 'numeric', min: 0, max: 10, step: 0.1 },
  hundred: { kind: 'numeric', min: 0, max: 100, step: 1 },
  stars: { kind: 'stars', max: 5, step: 0.5 },
  letter: { kind: 'letter' },
  none: { kind: 'none' }
}

const authorName = (slug: string): string => authors.find((a) => a.slug === slug)?.name ?? slug

const media: SeedMedia[] = []
const stories: SeedStory[] = []
const rand = prng(20131218)

function hero (slug: string, alt: string, caption: string, credit: string): string {
  const id = `med-${slug}-hero`
  media.push(image(id, slug, alt, caption, credit))
  return id
}

// ── Reviews ───────────────────────────────────────────────────────────────────────
const plans: ReviewPlan[] = [...reviewPlans, ...moreReviewPlans]
let reviewIndex = 0
for (const plan of plans) {
  const s = plan.subject
  for (const review of plan.reviews) {
    const i = reviewIndex++
    const platformSuffix = plan.reviews.length > 1 ? ` (${review.on})` : ''
    const title = `${s.title} Review${platformSuffix}`
    const slug = slugify(`${s.title} review${plan.reviews.length > 1 ? ` ${review.on}` : ''}`)
    const credit = s.kind === 'hardware' ? `Byline / ${authorName(review.authors[0] ?? '')}` : `${s.creators[0]?.name ?? 'Publisher'} press image`
    let inline: { id: string, alt: string } | undefined
    if (i % 3 === 1) {
      inline = { id: `med-${slug}-1`, alt: `${title} 1` }
      media.push(image(inline.id, `${slug}-1`, inline.alt, inlineCaption(plan, review.on), credit))
    }
    const heroId = hero(slug, title, `${s.title}: ${s.description}`, credit)
    stories.push({
      slug,
      type: 'review',
      status: 'published',
      title,
      dek: review.summary ?? plan.summary,
      bodyMarkdown: reviewBody(plan, review, rand, { long: i % 4 === 2, inline }),
      heroImage: heroId,
      section: plan.section,
      authors: review.authors,
      tags: plan.tags,
      subject: s.slug,
      verdict: {
        scoreFormat: FORMATS[plan.format],
        score: review.score,
        summary: review.summary ?? plan.summary,
        pros: plan.pros,
        cons: plan.cons,
        awards: review.awards ?? [],
        reviewedOn: review.on
      },
      publishedAt: stamp(s.releaseDate ?? '2015-01-01', review.days, 13 + Math.floor(rand() * 5), 15 * Math.floor(rand() * 4)),
      // every fifth review has had a correction or update since publication
      ...(i % 5 === 3 ? { updatedAt: stamp(s.releaseDate ?? '2015-01-01', review.days + 2, 10, 30) } : {})
    })
  }
}

// ── News, features, lists, guides and videos ──────────────────────────────────────
const articles: ArticlePlan[] = [...newsPlans, ...featurePlans, ...listPlans, ...guidePlans, ...videoPlans]
for (const plan of articles) {
  const slug = slugify(plan.title)
  // alt texts drop pictographs such as the one emoji in a title
  const altBase = plan.title.replace(/\p{Extended_Pictographic}/gu, '').trim()
  const inline = (plan.inline ?? []).map((caption, n) => {
    const img = { id: `med-${slug}-${n + 1}`, alt: `${altBase} ${n + 1}` }
    media.push(image(img.id, `${slug}-${n + 1}`, img.alt, caption, 'Byline'))
    return img
  })
  let attachment: string | undefined
  if (plan.video !== undefined) {
    attachment = `med-${slug}-video`
    media.push(video(attachment, slug, plan.title, plan.video, 'Byline Video'))
  }
  stories.push({
    slug,
    type: plan.type,
    status: 'published',
    title: plan.title,
    dek: plan.dek,
    bodyMarkdown: articleBody(plan, rand, inline),
    heroImage: hero(slug, altBase, plan.dek, plan.type === 'news' ? 'Press image' : 'Byline'),
    ...(attachment !== undefined ? { attachment } : {}),
    section: plan.section,
    authors: plan.authors,
    tags: plan.tags,
    ...(plan.subject !== undefined ? { subject: plan.subject } : {}),
    publishedAt: plan.publishedAt
  })
}

// ── Podcast episodes: weekly on Mondays, counted back from episode 416 (2023-01-30) ──
for (const ep of podcastPlans) {
  const title = `Pixels & Ink Podcast: Episode ${ep.episode} — ${ep.topic}`
  const slug = slugify(title)
  const audioId = `med-pixels-ink-${ep.episode}-audio`
  media.push(audio(audioId, `pixels-ink-${ep.episode}`, title, ep.seconds, 'Byline Podcasts'))
  stories.push({
    slug,
    type: 'podcast',
    status: 'published',
    title,
    dek: ep.dek,
    bodyMarkdown: podcastBody(ep.episode, ep.topic, ep.dek, ep.authors.map(authorName), ep.segments, ep.seconds),
    heroImage: hero(slug, `Pixels & Ink Podcast: Episode ${ep.episode}`, `Pixels & Ink episode ${ep.episode} cover art.`, 'Byline illustration'),
    attachment: audioId,
    section: 'podcasts',
    authors: ep.authors,
    tags: ep.tags,
    publishedAt: stamp('2023-01-30', -(416 - ep.episode) * 7, 20)
  })
}

// ── Hidden stories: each carries a marker word (in title and body only, never in a slug,
// since a 404 may echo the requested slug) that must never appear in public output ──
const hiddenSubject: SeedSubject = {
  slug: 'embargoed-adventure-game',
  kind: 'game',
  title: 'Zanzibarquux Chronicles',
  description: 'An unannounced adventure game, reviewed early under embargo.',
  creators: [{ name: 'Unannounced studio', role: 'developer' }],
  cast: [],
  platforms: ['PC'],
  genres: ['Adventure'],
  externalIds: {}
}

media.push(
  image('med-hidden-draft-hero', 'placeholders/draft-hero', 'Placeholder artwork', 'Placeholder artwork for an unpublished story.', 'Byline'),
  image('med-hidden-scheduled-hero', 'placeholders/scheduled-hero', 'Placeholder artwork', 'Placeholder artwork for an upcoming story.', 'Byline'),
  image('med-hidden-archived-hero', 'placeholders/archived-hero', 'Placeholder artwork', 'Placeholder artwork for a withdrawn story.', 'Byline')
)

const hiddenStories: SeedStory[] = [
  {
    slug: 'embargoed-adventure-review',
    type: 'review',
    status: 'draft',
    title: 'Zanzibarquux Chronicles Review',
    dek: 'Draft: not for publication until the embargo lifts.',
    bodyMarkdown: [
      '## First Impressions',
      'This review is still being written and must stay hidden until the embargo lifts. Working notes: zanzibarquux opens strongly, with a confident first hour and a striking art style, but the middle chapters repeat the same puzzle types too often.',
      '## Still to Do',
      'Finish the final chapter, test the photo mode, confirm the score with the reviews editor and add screenshots before publishing.'
    ].join('\n\n'),
    heroImage: 'med-hidden-draft-hero',
    section: 'games',
    authors: ['jonah-brightwater'],
    tags: ['indie'],
    subject: 'embargoed-adventure-game',
    verdict: {
      scoreFormat: FORMATS.ten,
      score: 7,
      summary: 'Draft verdict, to be confirmed.',
      pros: ['Draft pro'],
      cons: ['Draft con'],
      awards: [],
      reviewedOn: 'PC'
    },
    publishedAt: null
  },
  {
    slug: 'inside-the-studio-nobody-has-heard-of',
    type: 'feature',
    status: 'scheduled',
    title: 'Inside Quetzalvorn, the Studio Nobody Has Heard Of',
    dek: 'Scheduled: publishes automatically at its time.',
    bodyMarkdown: [
      'Few people outside the industry have heard of quetzalvorn, a small studio that has spent years working on a project it will not yet name.',
      '## Scheduled',
      'This feature is scheduled for a future date and must not appear in any list, feed, search result or sitemap before then. It becomes public automatically when its time arrives.'
    ].join('\n\n'),
    heroImage: 'med-hidden-scheduled-hero',
    section: 'features',
    authors: ['layla-haddad'],
    tags: ['indie'],
    publishedAt: '2099-01-01T09:00:00Z'
  },
  {
    slug: 'indie-festival-cancelled',
    type: 'news',
    status: 'archived',
    title: 'Obsidianwisp Festival Cancelled',
    dek: 'Archived: withdrawn after publication.',
    bodyMarkdown: [
      'Organisers have called off the obsidianwisp festival, a weekend of indie games and live music that was due to take place this spring. Ticket holders will be refunded automatically.',
      '## Archived',
      'This story was later withdrawn and archived. It must no longer appear in any public list, feed or search result.'
    ].join('\n\n'),
    heroImage: 'med-hidden-archived-hero',
    section: 'games',
    authors: ['sofia-marin'],
    tags: ['retro'],
    publishedAt: '2016-03-01T10:00:00Z'
  }
]

export const generatedMedia: SeedMedia[] = media
export const generatedSubjects: SeedSubject[] = [...plans.map((p) => p.subject), hiddenSubject]
export const generatedStories: SeedStory[] = [...stories, ...hiddenStories]
