/**
 * Reviews that show what outlets do every week beyond one final score: a review in
 * progress with a provisional score, a review scored per platform with sub-scores and a
 * pull-quote, and a review still under embargo (GET /v1/embargoes lists its lift time).
 * The games and the film are fictional; they sit just before the "Latest Stories" rail.
 */
import type { SeedStory, SeedSubject } from './types.js'

const TEN = { kind: 'numeric', min: 0, max: 10, step: 0.5 } as const

export const reviewFeatureSubjects: SeedSubject[] = [
  {
    slug: 'starfall-tactics',
    kind: 'game',
    title: 'Starfall Tactics',
    releaseDate: '2023-01-24',
    releaseYear: 2023,
    description: 'A turn-based strategy game about a fleet holding a collapsing frontier, with a campaign and online ranked play.',
    creators: [{ name: 'Lantern Yard', role: 'developer' }],
    cast: [],
    platforms: ['PS5', 'PC'],
    genres: ['Strategy'],
    externalIds: {}
  },
  {
    slug: 'hollow-signal',
    kind: 'game',
    title: 'Hollow Signal',
    releaseDate: '2023-01-19',
    releaseYear: 2023,
    description: 'A first-person mystery set on an abandoned listening station in the North Sea.',
    creators: [{ name: 'Northlight Forge', role: 'developer' }],
    cast: [],
    platforms: ['PS5', 'Xbox Series X', 'PC'],
    genres: ['Adventure', 'Horror'],
    externalIds: {}
  },
  {
    slug: 'tidewater-2099',
    kind: 'film',
    title: 'Tidewater',
    releaseYear: 2099,
    description: 'A coastal thriller, reviewed ahead of its festival premiere.',
    creators: [{ name: 'Mara Quill', role: 'director' }],
    cast: [],
    platforms: [],
    genres: ['Thriller'],
    externalIds: {}
  }
]

const STARFALL = `Starfall Tactics asks you to hold a frontier that is already lost, and the campaign is a slow, absorbing argument about what to save.

Twenty hours in, the campaign is the best strategy writing in years: every retreat costs a crew you have come to know.

We have not yet played online ranked matches, which open at launch, or the post-game raids. This review will be finalized once we have.`

const HOLLOW = `Hollow Signal is a mystery that trusts you to listen. The station creaks, the radios hiss, and the story arrives in fragments you piece together yourself.

On PS5 and Xbox Series X it runs smoothly at a steady 60 frames per second. The PC version stutters whenever a new wing of the station loads, which undercuts the quiet dread the game works so hard to build.

It is a haunting, patient game that rewards every minute you give it.`

export const reviewFeatureStories: SeedStory[] = [
  {
    slug: 'starfall-tactics-review-in-progress',
    type: 'review',
    status: 'published',
    title: 'Starfall Tactics review in progress',
    dek: 'Twenty hours into the campaign; online play opens at launch.',
    bodyMarkdown: STARFALL,
    section: 'games',
    authors: ['aiko-tanaka'],
    tags: ['strategy', 'playstation', 'pc-gaming'],
    subject: 'starfall-tactics',
    verdict: {
      scoreFormat: TEN,
      score: 8.5,
      state: 'in_progress',
      untested: ['Online ranked play', 'Post-game raids'],
      summary: 'A superb campaign so far; the score is provisional until we have played online.',
      pros: ['Every retreat costs a crew you know', 'Clear, readable battles'],
      cons: ['Menus bury the fleet overview'],
      awards: [],
      reviewedOn: 'PS5',
      pullQuote: 'the campaign is the best strategy writing in years'
    },
    publishedAt: '2023-01-29T16:00:00Z'
  },
  {
    slug: 'hollow-signal-review',
    type: 'review',
    status: 'published',
    title: 'Hollow Signal review',
    dek: 'A patient North Sea mystery, best on console.',
    bodyMarkdown: HOLLOW,
    section: 'games',
    authors: ['marcus-ellery'],
    tags: ['horror', 'playstation', 'xbox', 'pc-gaming'],
    subject: 'hollow-signal',
    verdict: {
      scoreFormat: TEN,
      score: 8.5,
      summary: 'A haunting, patient mystery. Play it on console: the PC version stutters.',
      pros: ['Superb sound design', 'A story you assemble yourself'],
      cons: ['PC stutter when new areas load'],
      awards: ['hidden-gem'],
      subScores: [{ label: 'Story', score: 9 }, { label: 'Atmosphere', score: 9.5 }, { label: 'Performance', score: 8 }],
      pullQuote: 'It is a haunting, patient game that rewards every minute you give it.',
      platforms: [
        { platform: 'PS5', primary: true },
        { platform: 'Xbox Series X', score: 8.5, subScores: [{ label: 'Performance', score: 8 }] },
        { platform: 'PC', edition: 'Steam', score: 7, subScores: [{ label: 'Performance', score: 5 }] }
      ]
    },
    publishedAt: '2023-01-28T15:00:00Z'
  },
  {
    slug: 'tidewater-review',
    type: 'review',
    status: 'scheduled',
    title: 'Tidewater review',
    dek: 'Under embargo until the premiere.',
    bodyMarkdown: 'Tidewater is reviewed ahead of its premiere; this text stays private until the embargo lifts.',
    section: 'movies',
    authors: ['rhys-calloway'],
    tags: ['thriller', 'film-festivals'],
    subject: 'tidewater-2099',
    verdict: { scoreFormat: TEN, score: 7, summary: 'Embargoed.', pros: [], cons: [], awards: [] },
    publishedAt: '2099-01-02T17:00:00Z'
  }
]
