/**
 * Sentence templates that turn the plans in generated-subjects*.ts and generated-articles*.ts
 * into Markdown bodies. Variants are chosen with a seeded PRNG, so output is stable.
 */
import type { SubjectKindType } from '../schemas/subject.js'
import type { ArticlePlan } from './generated-articles.js'
import type { ReviewOfPlan, ReviewPlan } from './review-plans.js'
import { pick } from './helpers.js'

type Rand = () => number

const OPENERS: Record<SubjectKindType, string[]> = {
  film: [
    '{title}, the new film from {creator}, arrives in cinemas this week.',
    'There has been plenty of early buzz around {title}, the latest from director {creator}.',
    '{creator} returns with {title}, and it is worth talking about.'
  ],
  game: [
    '{title} is out now from {creator}.',
    'We have spent the past fortnight with {title}, the latest game from {creator}.',
    'There is a lot riding on {title} for its developer, {creator}.'
  ],
  tv: [
    '{title} starts streaming this week.',
    '{title} arrives on streaming this week, with the whole season available at once.',
    'If you are looking for something new to watch, {title} is about to ask for your evenings.'
  ],
  hardware: [
    'We have spent three weeks testing the {title} from {creator}.',
    'The latest hardware from {creator} has been on our desks for a month: the {title}.'
  ],
  book: [
    '{title}, by {creator}, is in bookshops this week.',
    'We spent a long weekend with {title}, the new book from {creator}.'
  ],
  music: [
    '{title}, from {creator}, is out now.',
    'We have had {title} by {creator} on repeat for a week.'
  ],
  other: [
    '{title} is something a little different for us.',
    'Not everything we review comes on a disc or a screen, and {title} is a case in point.'
  ]
}

/** How the review was done: a second paragraph for every first-time review. */
const APPROACH: Record<SubjectKindType, string[]> = {
  film: [
    'We saw {title} at a press screening ahead of release, and this review avoids spoilers beyond the set-up you will find in the trailer. It is the kind of film that benefits from knowing as little as possible, so if you are already curious, feel free to skip straight to the verdict.',
    'A quick note before we begin: this review is based on a press screening and stays clear of spoilers. If you have seen the trailer, you already know everything we discuss about the plot; the rest is about how well it all comes together.'
  ],
  game: [
    'We played {title} on {on} for this review, finishing the main story and spending several more hours on optional content. Our copy was provided by the publisher, and we played the final release build with the day-one patch installed.',
    'For this review we played through the whole of {title} on {on}, then went back for side content and a second look at the parts we enjoyed most. Review code was supplied by the publisher.'
  ],
  tv: [
    'We watched every episode made available to critics ahead of the premiere. This review discusses the set-up and the general direction of the season, but steers clear of specific twists.',
    'Critics received the full season in advance, and we watched all of it. Expect no spoilers below beyond what is covered in the first episode.'
  ],
  hardware: [
    'Our unit was loaned to us by {creator}, which had no input on this review, and we used it for work and play alike rather than relying on benchmarks alone.',
    'Our test unit was supplied by {creator}. As always, we used it under real conditions rather than relying on the spec sheet, and the company saw this review at the same time you did.'
  ],
  book: [
    'We read a finished copy of {title}, supplied by the publisher, over the course of a week, making notes as we went. Nothing below spoils more than the jacket copy does.'
  ],
  music: [
    'We listened to {title} on headphones, on speakers and in the car over the course of a week, because an album deserves more than one pass before anyone judges it.'
  ],
  other: [
    'As with everything we review, we paid close attention to who this is for and whether it is worth the money and the time. Here is what we found.'
  ]
}

/** Optional extra paragraphs that make some reviews longer than others. */
const EXTRAS: Record<SubjectKindType, string[]> = {
  film: [
    'It is worth saying something about the craft on display. The editing keeps scenes taut, the score knows when to stay quiet, and the production design gives every location a lived-in texture. These are rarely the things people mention when they recommend a film to a friend, but they are why {title} holds together.',
    'It is also a film that rewards a second viewing. Details in the background of early scenes take on new meaning once you know where the story is going, and the performances hold up to closer inspection.'
  ],
  game: [
    'Technically, {title} holds up well. We saw very few bugs, loading times were short, and the frame rate stayed steady in all but the busiest scenes. Accessibility options are generous, with remappable controls, adjustable subtitles and several difficulty settings.',
    'It is also a generous package. Beyond the main campaign there are optional challenges and plenty of secrets for completionists, and none of it is locked behind extra purchases.'
  ],
  tv: [
    'Credit is due to the directors, who give each episode a distinct look without breaking the show’s overall style.',
    'The music deserves a mention too: the score and the song choices are made with care, and the opening titles are good enough that you may not want to skip them.'
  ],
  hardware: [
    'Build quality feels solid, with no creaks or loose parts after weeks of daily use, and everything you need is in the box. Packaging is mostly cardboard and paper, which is a welcome change.',
    'Value matters as much as performance at this end of the market, and it is worth shopping around: prices for hardware like this tend to drop within a few months of launch.'
  ],
  book: [
    'It is a quick read in the best sense, the kind of book you finish in two or three sittings and then press on a friend.'
  ],
  music: [
    'Production values are excellent throughout, and it sounds just as good on a pair of cheap earbuds as on a proper hi-fi.'
  ],
  other: [
    'Value is the big question with anything like this, and it depends a lot on who you bring along. In a group, it is an easy recommendation; on your own, less so.'
  ]
}

const WORKS = ['What Works', 'The Good Stuff', 'Where It Shines', 'Highlights']
const STUMBLES = ['Where It Stumbles', 'The Rough Edges', 'What Holds It Back', 'Room for Improvement']
const VERDICTS = ['Verdict', 'The Bottom Line', 'Final Word']

const LETTER_POINTS: Record<string, number> = {
  'A+': 98, A: 95, 'A-': 91, 'B+': 86, B: 80, 'B-': 76, 'C+': 68, C: 58, 'C-': 54, 'D+': 50, D: 45, 'D-': 40, F: 20
}

/** A rough 0–100 reading of a raw score, used only to choose a closing line. */
export function roughPercent (plan: ReviewPlan, score: ReviewOfPlan['score']): number | null {
  if (score === null) return null
  if (typeof score === 'string') return LETTER_POINTS[score] ?? null
  switch (plan.format) {
    case 'ten': return score * 10
    case 'stars': return score * 20
    default: return score
  }
}

function closingLine (percent: number | null): string {
  if (percent === null) return '' // unscored: the summary already says so
  if (percent >= 88) return 'It is an easy recommendation and one of the highlights of the year.'
  if (percent >= 75) return 'It is well worth your time, flaws and all.'
  if (percent >= 60) return 'There is enough here to enjoy if you go in with the right expectations.'
  return 'It is hard to recommend over the many better options out there.'
}

function fill (template: string, plan: ReviewPlan, on = ''): string {
  const creator = plan.subject.creators[0]?.name ?? 'its makers'
  return template.replaceAll('{title}', plan.subject.title).replaceAll('{creator}', creator).replaceAll('{on}', on)
}

export function inlineCaption (plan: ReviewPlan, on: string): string {
  const t = plan.subject.title
  switch (plan.subject.kind) {
    case 'film': return `A scene from ${t}.`
    case 'tv': return `A still from ${t}.`
    case 'game': return `${t}, as played on ${on}.`
    case 'hardware': return `The ${t} on our test bench.`
    case 'book': return `The cover of ${t}.`
    case 'music': return `Artwork for ${t}.`
    default: return `${t}.`
  }
}

export function reviewBody (plan: ReviewPlan, review: ReviewOfPlan, rand: Rand, opts: { long: boolean, inline?: { id: string, alt: string } }): string {
  const kind = plan.subject.kind
  const first = plan.reviews[0]
  const out: string[] = []
  if (review.port !== undefined && first !== undefined) {
    out.push(`${plan.subject.title} has arrived on ${review.on}. We reviewed the ${first.on} version at launch; this review looks at how the game holds up on its new platform. ${plan.hook}`)
    out.push(`## On ${review.on}`, review.port)
  } else {
    out.push(`${fill(pick(rand, OPENERS[kind]), plan)} ${plan.hook}`)
    out.push(fill(pick(rand, APPROACH[kind]), plan, review.on))
  }
  if (opts.inline !== undefined) out.push(`![${opts.inline.alt}](media:${opts.inline.id})`)
  out.push(`## ${pick(rand, WORKS)}`, plan.praise)
  if (review.port === undefined && plan.more !== undefined) {
    for (const [heading, text] of plan.more) out.push(`## ${heading}`, text)
  } else if (opts.long) {
    out.push(fill(pick(rand, EXTRAS[kind]), plan))
  }
  out.push(`## ${pick(rand, STUMBLES)}`, plan.gripe)
  if (opts.long && review.port === undefined) {
    out.push('If those problems sound like deal-breakers, this may not be for you. For everyone else, they are a fair price for something with real personality.')
  }
  out.push(`## ${pick(rand, VERDICTS)}`, `${review.summary ?? plan.summary} ${closingLine(roughPercent(plan, review.score))}`.trim())
  return out.join('\n\n')
}

const NEWS_CLOSERS = [
  'We will update this story as more details are confirmed.',
  'Stay with Byline for more as we hear it.',
  'We have asked for further comment and will update this story if we hear back.'
]

/** Markdown for news, features, lists, guides and videos, with inline images between parts. */
export function articleBody (plan: ArticlePlan, rand: Rand, inline: Array<{ id: string, alt: string }>): string {
  const out: string[] = [plan.lede]
  const images = [...inline]
  const image = (): void => {
    const img = images.shift()
    if (img !== undefined) out.push(`![${img.alt}](media:${img.id})`)
  }
  plan.parts.forEach(([heading, text], i) => {
    if (i > 0) image()
    out.push(`## ${heading}`, text)
  })
  const items = plan.items ?? []
  if (plan.type === 'list') {
    items.forEach(([name, text], i) => out.push(`### ${i + 1}. ${name}`, text))
    out.push('## Did We Miss Anything?', 'Lists like this are always a matter of taste, and every one of us argued for something that did not make the cut. Tell us your picks, and we may revisit this list next year.')
  } else if (plan.type === 'guide') {
    out.push('## Before You Start', 'Every tip below stands on its own, so feel free to skip around. They are ordered roughly by how early they will help.')
    out.push(items.map(([name, text], i) => `${i + 1}. **${name}.** ${text}`).join('\n'))
    out.push('## Anything Else?', 'We will keep this guide updated as we learn more. If you have a tip we have missed, let us know and we will credit you in the next update.')
  } else if (plan.type === 'video') {
    const minutes = Math.round((plan.video ?? 0) / 60)
    out.push('## Watch', `The full video runs about ${minutes} minutes. Subtitles are available in the player, and a transcript is on its way.`)
  } else if (plan.type === 'news') {
    out.push(pick(rand, NEWS_CLOSERS))
  }
  image()
  return out.join('\n\n')
}

function clock (seconds: number): string {
  const m = Math.floor(seconds / 60)
  const s = seconds % 60
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`
}

export function podcastBody (episode: number, topic: string, dek: string, hosts: string[], segments: string[], seconds: number): string {
  const chapters = segments.map((title, i) => `- **${clock(Math.floor((seconds * i) / segments.length / 10) * 10)}** — ${title}`)
  const minutes = Math.round(seconds / 60)
  return [
    '## This Week on Pixels & Ink',
    `Episode ${episode}: ${topic}. ${dek} Joining the show this week: ${hosts.slice(0, -1).join(', ')} and ${hosts.at(-1) ?? ''}.`,
    '## In This Episode',
    chapters.join('\n'),
    '## About the Show',
    'Pixels & Ink is Byline’s weekly games podcast, hosted by Ben Okafor with rotating guests from the games, hardware and features desks. Each episode mixes news, a long discussion and listener mail.',
    '## How to Listen',
    `Press play above, or download the full episode (about ${minutes} minutes). Pixels & Ink is released every Monday and is available in every major podcast app.`,
    '## Get in Touch',
    'Send us your questions for the mailbag. If you enjoy the show, a rating in your podcast app really does help new listeners find us.'
  ].join('\n\n')
}
