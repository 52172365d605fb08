/**
 * A synthetic archive for load tests (`npm run seed:large`): story n is a pure function
 * of n, so any run, resumed or not, builds the same archive. A realistic mix: 40 %
 * reviews (of films, games, shows, hardware…, two reviews per subject), news, features,
 * guides, lists, podcasts and videos; bodies from a hundred to a few thousand
 * characters; one story every five minutes from 2016; 1 % drafts, 0.1 % scheduled.
 */
import { STORY_TYPES, type StoryKindType } from '../schemas/story.js'
import { SUBJECT_KINDS, type SubjectKindType } from '../schemas/subject.js'
import { AWARDS, type AwardType, type ScoreFormatType } from '../schemas/verdict.js'
import type { StoryStatus } from '../content/workflow.js'
import { pick, prng } from './helpers.js'

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tor', 'vel', 'zan', 'qui', 'dor', 'sha', 'bel', 'nox', 'ari', 'cel', 'fen', 'gar', 'hol', 'ith', 'jun', 'kel', 'mor', 'nym', 'oro', 'pra', 'rhu', 'syl', 'tua', 'umb', 'vor', 'wyn', 'xal', 'yor']
const WORDS = ('the a of and to in is it that for on with as was at by this an be from are or have not but its has they one all their more can had there what about which when out up so some would than them into other could time like only then its over most also after first well story game film world way new years character players play light series best music level moment story design camera combat scene sound adventure advance quiet brilliant slow early late final long short dark bright city island forest machine ghost friend family war love memory detective engine controller screen battery season episode director studio mission puzzle map team season').split(' ')
const GENRES = ['Drama', 'Comedy', 'Thriller', 'RPG', 'Strategy', 'Platformer', 'Documentary', 'Horror', 'Sci-fi', 'Racing']
const PLATFORMS = ['PC', 'PS5', 'Xbox Series X', 'Switch', 'Mac', 'iOS']
const FORMATS: ScoreFormatType[] = [
  { kind: 'numeric', min: 0, max: 10, step: 0.5 },
  { kind: 'numeric', min: 0, max: 100, step: 1 },
  { kind: 'stars', max: 5, step: 0.5 },
  { kind: 'letter' }
]
const LETTERS = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D', 'F'] as const
// One story every five minutes from here: a million run to late 2025.
const START = Date.parse('2016-01-01T00:00:00Z')
const EVERY = 5 * 60_000

export interface SyntheticSubject { key: number, kind: SubjectKindType, title: string, releaseYear: number, creators: Array<{ name: string, role: string }>, genres: string[], platforms: string[] }
export interface SyntheticStory {
  n: number
  slug: string
  type: StoryKindType
  status: StoryStatus
  title: string
  dek: string
  bodyMarkdown: string
  publishedAt: number | null
  section: number // index into the sections
  authors: number[] // indexes into the authors
  tags: number[] // indexes into the tags
  hero: number // index into the hero image pool
  subject: SyntheticSubject | null
  verdict: { scoreFormat: ScoreFormatType, score: number | string, summary: string, pros: string[], cons: string[], awards: AwardType[] } | null
}

const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1)
/** A made-up proper name: the rare words search benchmarks look for. */
function name (rand: () => number, parts = 2 + Math.floor(rand() * 2)): string {
  let s = ''
  for (let i = 0; i < parts; i++) s += pick(rand, SYLLABLES)
  return capital(s)
}
const sentence = (rand: () => number, words: number) => capital(Array.from({ length: words }, () => pick(rand, WORDS)).join(' ')) + '.'
function paragraph (rand: () => number, about: string): string {
  const sentences = 3 + Math.floor(rand() * 5)
  return Array.from({ length: sentences }, (_, i) => i === 1 ? `${about} ${sentence(rand, 6).toLowerCase()}` : sentence(rand, 6 + Math.floor(rand() * 12))).join(' ')
}

/** The subject of review pair k (reviews 2k and 2k+1 share it). */
function subject (k: number): SyntheticSubject {
  const rand = prng(0x5b1ec7 ^ k)
  const kind = pick(rand, SUBJECT_KINDS)
  return {
    key: k,
    kind,
    title: `${name(rand)} ${kind === 'hardware' ? pick(rand, ['X', 'Pro', 'Mini', 'One']) : name(rand, 1)}`,
    releaseYear: 2015 + Math.floor(rand() * 11),
    creators: [{ name: `${name(rand, 2)} ${name(rand, 2)}`, role: kind === 'game' ? 'developer' : kind === 'hardware' ? 'brand' : 'director' }],
    genres: [pick(rand, GENRES)],
    platforms: kind === 'game' ? [pick(rand, PLATFORMS)] : []
  }
}

export function syntheticStory (n: number, counts: { sections: number, authors: number, tags: number, heroes: number }): SyntheticStory {
  const rand = prng(0x9e3779b9 ^ n)
  const isReview = n % 5 < 2
  const type: StoryKindType = isReview ? 'review' : pick(rand, STORY_TYPES.filter((t) => t !== 'review'))
  const subj = isReview ? subject(Math.floor(n / 2)) : null
  const title = subj !== null ? `${subj.title} review` : `${capital(pick(rand, WORDS))} ${pick(rand, WORDS)} ${name(rand)} ${pick(rand, WORDS)} ${pick(rand, WORDS)}`
  const about = subj?.title ?? name(rand)
  const paragraphs = 1 + Math.floor(rand() * rand() * 7)
  const body = Array.from({ length: paragraphs }, () => paragraph(rand, about)).join('\n\n')
  // Publication times rise with n (the newest stories are the last written) and depend
  // on n alone, so an archive grown in several runs is the one built in one.
  const publishedAt = START + n * EVERY + Math.floor(rand() * EVERY)
  const roll = rand()
  const status: StoryStatus = roll < 0.01 ? 'draft' : roll < 0.011 ? 'scheduled' : 'published'
  const format = pick(rand, FORMATS)
  const score = format.kind === 'letter'
    ? pick(rand, LETTERS)
    : format.kind === 'stars'
      ? Math.round(rand() * 10) / 2
      : format.kind === 'numeric' && format.max === 10 ? Math.round(rand() * 20) / 2 : Math.round(rand() * 100)
  return {
    n,
    slug: `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-${n}`,
    type,
    status,
    title,
    dek: sentence(rand, 12),
    bodyMarkdown: body,
    publishedAt: status === 'draft' ? null : status === 'scheduled' ? Date.parse('2099-01-01T00:00:00Z') + n : publishedAt,
    section: Math.floor(rand() * counts.sections),
    authors: [Math.floor(rand() * counts.authors)],
    tags: [...new Set([Math.floor(rand() * counts.tags), Math.floor(rand() * counts.tags)])],
    hero: Math.floor(rand() * counts.heroes),
    subject: subj,
    verdict: subj === null
      ? null
      : { scoreFormat: format, score, summary: sentence(rand, 14), pros: [sentence(rand, 4)], cons: [sentence(rand, 4)], awards: rand() < 0.05 ? [pick(rand, AWARDS)] : [] }
  }
}
