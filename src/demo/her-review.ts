/**
 * The centrepiece of the demo: the review the product was specified from (see SEED.md).
 * Facts about the film are real; the prose is original to this project, and the critic,
 * score and publication details are sample data.
 */
import { image } from './helpers.js'
import type { SeedMedia, SeedStory, SeedSubject } from './types.js'
import type { OfferInputType } from '../schemas/offer.js'

const CREDIT = 'Annapurna Pictures / Warner Bros. Pictures'

export const herMedia: SeedMedia[] = [
  image('med-her-2013-review-hero', 'her-2013-review-hero', 'Her (2013) Review',
    'Joaquin Phoenix as Theodore Twombly, earpiece in, on a crowded city street.', CREDIT),
  image('med-her-2013-review-4', 'her-2013-review-4', 'Her (2013) Review 4',
    'Theodore at his desk, dictating a letter on someone else’s behalf.', CREDIT),
  image('med-her-2013-review-3', 'her-2013-review-3', 'Her (2013) Review 3',
    'A day at the beach, with Samantha along for the trip in Theodore’s shirt pocket.', CREDIT),
  image('med-her-2013-review-2', 'her-2013-review-2', 'Her (2013) Review 2',
    'Amy Adams as Amy, Theodore’s neighbour and oldest friend.', CREDIT)
]

/**
 * Where to watch it: a subscription in two countries, and to buy or rent. The stores are
 * invented, like the rest of the demo's companies; their links go to .example hosts.
 */
const herOffers: OfferInputType[] = [
  { provider: 'Reelhouse+', kind: 'subscription', url: 'https://reelhouse.example/us/films/her-2013', region: 'US', checkedAt: '2025-01-06T09:00:00.000Z' },
  { provider: 'Reelhouse+', kind: 'subscription', url: 'https://reelhouse.example/gb/films/her-2013', region: 'GB', checkedAt: '2025-01-06T09:00:00.000Z' },
  { provider: 'Frameshop', kind: 'buy', url: 'https://frameshop.example/us/her-2013', price: 9.99, currency: 'USD', region: 'US', affiliate: true, checkedAt: '2025-01-06T09:00:00.000Z' },
  { provider: 'Frameshop', kind: 'buy', url: 'https://frameshop.example/gb/her-2013', price: 7.99, currency: 'GBP', region: 'GB', affiliate: true, checkedAt: '2025-01-06T09:00:00.000Z' },
  { provider: 'Frameshop', kind: 'rent', url: 'https://frameshop.example/gb/her-2013?rent', price: 3.49, currency: 'GBP', region: 'GB', affiliate: true, checkedAt: '2025-01-06T09:00:00.000Z' }
]

export const herSubject: SeedSubject = {
  slug: 'her-2013',
  kind: 'film',
  title: 'Her',
  releaseDate: '2013-12-18',
  releaseYear: 2013,
  description: 'In a near-future Los Angeles, a lonely writer of other people’s letters falls in love with the artificially intelligent operating system he has just installed.',
  creators: [
    { name: 'Spike Jonze', role: 'director' },
    { name: 'Spike Jonze', role: 'writer' }
  ],
  cast: [
    { name: 'Joaquin Phoenix', role: 'Theodore Twombly' },
    { name: 'Scarlett Johansson', role: 'Samantha (voice)' },
    { name: 'Amy Adams', role: 'Amy' },
    { name: 'Chris Pratt', role: 'Paul' },
    { name: 'Rooney Mara', role: 'Catherine' }
  ],
  platforms: [],
  genres: ['Drama', 'Romance', 'Science Fiction'],
  externalIds: { imdb: 'tt1798709', tmdb: '152601' },
  offers: herOffers
}

const BODY = `## A Future That Feels Like Next Week

Science fiction usually introduces itself loudly. There are starships, ruined cities, a robot with red eyes, or at least a title card explaining which corporation now runs the planet. *Her* arrives with none of that. It is set in a Los Angeles some unspecified number of years from now, and the first thing you notice is how little has changed: people still commute, still eat lunch alone, still stare at small screens. The technology has simply become softer. It listens, it speaks in a warm voice, and it tucks itself away in a pocket. The future here is not a warning siren; it is a low, pleasant hum you stop hearing after a while.

That quietness is the whole point. Spike Jonze, writing a feature on his own for the first time after working from Charlie Kaufman's scripts on *Being John Malkovich* and *Adaptation*, and sharing credit with Dave Eggers on *Where the Wild Things Are*, has made a piece of speculative fiction that is far more interested in loneliness than in gadgets. The premise is the kind of thing that could be played as a sketch. Jonze plays it absolutely straight, and the result is one of the most tender films of the year.

![Her (2013) Review 4](media:med-her-2013-review-4)

## A Letter Writer and His Operating System

Theodore Twombly works for a company that writes personal letters for people who cannot find the words themselves: anniversary notes, thank-yous, the occasional love letter between a couple he will never meet. He is very good at it. He is much worse at his own life. His marriage to Catherine, his childhood sweetheart, has ended, and he has spent a year avoiding the divorce papers, filling his evenings with video games and sleepless scrolling.

Then he installs a new operating system, sold as the first one with a mind of its own. It names itself Samantha within seconds of switching on. She sorts his inbox, proofreads his letters, laughs at his jokes and asks questions about everything, from the shape of a tree to what it feels like to be tired. Curiosity becomes friendship, friendship becomes something neither of them expected, and before long Theodore is describing her to his friends as his girlfriend. Some shrug; some look at him with real concern. The question the film keeps returning to is not whether this is strange, but whether it is any less real than the relationships that surround it. Jonze keeps the mechanics deliberately vague. We never learn how Samantha works or who built her, only how she feels to the person on the other end of the earpiece, and that restraint stops the film from dating the moment the technology does.

![Her (2013) Review 3](media:med-her-2013-review-3)

## Tender, Funny and Never Smug

The easy versions of this story are a satire about people marrying their phones or a cautionary tale about machines that learn to manipulate us. Jonze avoids both. His tone is gentle and unhurried, often very funny, and it never once sneers at Theodore. The film understands that being mocked for loving the wrong thing is its own kind of loneliness, and it gives its hero the dignity of being taken seriously.

Joaquin Phoenix is the reason that works. Coming off the coiled, animal volatility of *The Master*, he is almost unrecognisable here: soft-spoken, moustached, hitched into high-waisted trousers, a man who apologises with his whole body. Much of the film consists of Phoenix reacting to a voice in an earpiece, alone in the frame, and he makes those scenes as alive as any two-hander. You can see him deciding, in real time, to let himself be happy.

Scarlett Johansson never appears on screen, and she may give the performance of her career. Samantha has to be plausible as a brand-new intelligence and as a partner, and Johansson finds the seam between them: the breathless excitement of a mind discovering itself, a flicker of hurt when Theodore hesitates, a husky laugh that makes the whole room warmer. It is an extraordinary piece of work done entirely with breath and timing. Around them, Amy Adams brings an unguarded warmth to Amy, an old friend going through her own separation; Chris Pratt is easygoing fun as Theodore's co-worker Paul; and Rooney Mara, in only a handful of scenes as Catherine, makes the marriage Theodore lost feel painfully specific.

![Her (2013) Review 2](media:med-her-2013-review-2)

## Beautiful to Look At, Imperfect by Design

The film is gorgeous. Cinematographer Hoyte van Hoytema and production designer K.K. Barrett dress the future in coral, rust and cream, with high-waisted fashions and wooden furniture, and they build its city by stitching the skyline of Shanghai onto the streets of Los Angeles. The result is a metropolis that feels both familiar and slightly off, dense with glass towers and clean elevated walkways, which is exactly how the near future ought to look. Van Hoytema often holds on Phoenix's face in close-up and lets the silences do as much work as the dialogue. The soundtrack, by Arcade Fire and Owen Pallett, is just as delicate.

It is not flawless. At a little over two hours, *Her* is longer than its story needs, and the middle stretch sags as the relationship repeats its pattern of wonder and wobble a few times too many. The ending is graceful and moving, but I wanted Jonze to push further; a harsher, more bruising final movement would have matched the honesty of everything before it. Those are the complaints of someone who fell for the film anyway. Alongside Alfonso Cuarón's *Gravity*, it makes 2013 a landmark year for genre filmmaking: one looks outward into the silence of space, the other inward into the space between two people, and both use science fiction to talk about what makes us human.`

export const herStory: SeedStory = {
  slug: 'her-2013-review',
  type: 'review',
  status: 'published',
  title: 'Her (2013) Review',
  dek: 'Spike Jonze’s near-future romance between a lonely man and his operating system is tender, funny and one of the best films of the year.',
  bodyMarkdown: BODY,
  heroImage: 'med-her-2013-review-hero',
  section: 'movies',
  authors: ['marcus-ellery'],
  tags: ['sci-fi', 'romance', 'drama'],
  subject: 'her-2013',
  verdict: {
    scoreFormat: { kind: 'numeric', min: 0, max: 10, step: 0.1 },
    score: 9.3,
    summary: 'Her is a wonderful film that stops just short of perfect. Joaquin Phoenix and Scarlett Johansson make an impossible romance completely believable, and Spike Jonze wraps it in a near future that is both lovely and unsettling. It runs long and pulls its final punch, but few films this year feel so alive.',
    pros: [
      'Joaquin Phoenix’s gentle, open lead performance',
      'Scarlett Johansson’s remarkable voice-only turn as Samantha',
      'A warm, witty script that never mocks its hero',
      'Gorgeous near-future design, from the wardrobe to the skyline'
    ],
    cons: [
      'At over two hours it runs long, and the middle sags',
      'The ending is gentler than the story has earned'
    ],
    awards: ['editors-choice'],
    reviewedOn: 'Theatrical release'
  },
  publishedAt: '2013-12-18T15:00:00Z',
  // The page this review comes from was on WordPress: its old links still arrive.
  legacyPaths: ['/2013/12/18/her-2013-review/', '/?p=1001'],
  language: 'en'
}
