/**
 * The five "Latest Stories" from the rail under the seed article (SEED.md). They are the
 * newest public stories in the dataset, so the latest-stories feed reproduces the rail.
 * Titles and products are real; bodies, scores and bylines are sample data.
 */
import { audio, image } from './helpers.js'
import type { SeedMedia, SeedStory, SeedSubject } from './types.js'

const TEN = { kind: 'numeric', min: 0, max: 10, step: 0.1 } as const

export const latestMedia: SeedMedia[] = [
  image('med-fairyland-review-sundance-2023-23013101-3', 'fairyland-review-sundance-2023-23013101-3',
    'Fairyland Review – Sundance 2023', 'Scoot McNairy and Emilia Jones as Steve and Alysia Abbott.',
    'Sundance Institute', 1280, 720),
  image('med-best-shooter-games-2023-23012501-1', 'best-shooter-games-2023-23012501-1',
    'Best Shooter 2022', 'A collage of this year’s shooter nominees.', 'Byline illustration', 1280, 720),
  image('med-answering-the-call-of-the-mountain-made-me-a-psvr-2-believer-23013001',
    'answering-the-call-of-the-mountain-made-me-a-psvr-2-believer-23013001',
    'PS VR2 and Horizon Call of the Mountain', 'Climbing above the clouds in Horizon Call of the Mountain.',
    'Sony Interactive Entertainment', 1280, 720),
  image('med-playstation-dualsense-edge-controller-review-23013001',
    'playstation-dualsense-edge-controller-review-23013001',
    'PlayStation DualSense Edge Controller Review', 'The DualSense Edge with its spare stick caps and back-button options.',
    'Byline / Tomasz Kowal', 1280, 720),
  image('med-pixels-ink-podcast-episode-416-game-of-the-year-23013001',
    'pixels-ink-podcast-episode-416-game-of-the-year-23013001',
    'Pixels & Ink Podcast: Episode 416', 'Pixels & Ink episode 416 cover art.', 'Byline illustration', 1280, 720),
  {
    ...audio('med-pixels-ink-416-audio', 'pixels-ink-416', 'Pixels & Ink Podcast: Episode 416 — Game of the Year', 4012, 'Byline Podcasts'),
    sizeBytes: 64192000
  }
]

export const latestSubjects: SeedSubject[] = [
  {
    slug: 'fairyland-2023',
    kind: 'film',
    title: 'Fairyland',
    releaseYear: 2023,
    description: 'A drama about a young girl raised by her gay, bohemian poet father in 1970s and 1980s San Francisco, adapted from Alysia Abbott’s memoir.',
    creators: [
      { name: 'Andrew Durham', role: 'director' },
      { name: 'Andrew Durham', role: 'writer' },
      { name: 'Alysia Abbott', role: 'source memoir' }
    ],
    cast: [
      { name: 'Scoot McNairy', role: 'Steve Abbott' },
      { name: 'Emilia Jones', role: 'Alysia Abbott' },
      { name: 'Geena Davis', role: 'Eleanor' }
    ],
    platforms: [],
    genres: ['Drama', 'Biography'],
    externalIds: {}
  },
  {
    slug: 'playstation-dualsense-edge',
    kind: 'hardware',
    title: 'PlayStation DualSense Edge Wireless Controller',
    releaseDate: '2023-01-26',
    releaseYear: 2023,
    description: 'Sony’s premium, customisable controller for PS5, with swappable stick modules, back buttons, trigger stops and on-controller profiles.',
    creators: [{ name: 'Sony', role: 'brand' }],
    cast: [],
    platforms: ['PS5', 'PC'],
    genres: ['Controller'],
    externalIds: {}
  }
]

const FAIRYLAND = `## A Childhood in Borrowed Rooms

Adapted from Alysia Abbott's memoir about growing up with her father in San Francisco, *Fairyland* opens in 1974 with a loss. After Alysia's mother dies in a car crash, Steve Abbott, a poet who has recently come out as gay, packs his young daughter into the car and drives west. What follows is less a plot than a series of rooms: shared apartments, smoky readings, a commune's kitchen table, each one filled with adults who treat a little girl as a fellow bohemian.

## Scoot McNairy Carries the Film

Writer-director Andrew Durham, making his feature debut with Sofia Coppola among the producers, is smart enough to keep Steve complicated. Scoot McNairy plays him as loving and distracted in equal measure, a man who reads poetry aloud at bedtime and forgets to buy groceries. It is the best work McNairy has done in years, and the early scenes, loose and sunlit, have a real sense of place.

When the story jumps forward and Emilia Jones takes over as the teenage Alysia, the film finds its conflict. She wants a normal home; he wants her to be proud of who he is. Jones is excellent at the quiet embarrassment of a kid who loves her father and wishes he would just be less, and Geena Davis makes a strong impression in a small role as Alysia's grandmother.

## Where It Falls Short

The final act, set as the AIDS crisis reaches Steve, is moving but rushed. Years pass in a cut, and characters who mattered earlier vanish without explanation. The memoir's richness is compressed into a run of big scenes, and some of them land harder than others.

## Verdict

*Fairyland* is a warm, well-acted festival drama that is strongest when it slows down and lets a father and daughter simply be together. Its last stretch hurries, but McNairy and Jones give it a beating heart.`

const BEST_SHOOTER = `## The Nominees

Shooters had a busy 2022. Blockbuster sequels, a free-to-play relaunch and a handful of small, strange experiments all competed for our time, and the shortlist reflects that range. Here are the games our staff voted for, in no particular order, followed by the winner.

- **Splatoon 3** — Nintendo's ink-slinging series is still the friendliest competitive shooter around, and its Salmon Run co-op mode is better than ever.
- **Call of Duty: Modern Warfare II** — A slick, expensive campaign and a multiplayer suite that kept our Friday nights full for months.
- **Rollerdrome** — Skating and shooting in a retro-futuristic blood sport, with a 1970s-inspired, cel-shaded look nobody else is attempting.
- **Sniper Elite 5** — Huge, open levels and the series' trademark slow-motion kill cam, now with invasions from other players.
- **Tiny Tina's Wonderlands** — Borderlands loot and gunplay in a fantasy board game run by a chaotic teenage dungeon master.

## The Winner: Neon White

No shooter surprised us more than *Neon White*. On paper it sounds odd: a speedrunning first-person shooter wrapped in a visual novel about dead assassins competing for a place in heaven. In practice it is the most moreish game of the year. Every level is a tiny puzzle box made of demons, ledges and weapon cards that double as movement abilities, and every restart shaves a few more tenths of a second off your time.

What pushed it past bigger rivals is how generous it is. The levels are short enough to play on a lunch break, the medals give clear goals, and the leaderboard shows exactly how far behind your friends you are, which is all the motivation anyone needs. It respects your time while stealing hours of it.

## Honourable Mentions

A special nod to *Overwatch 2*, whose switch to free-to-play was messy but whose core five-on-five matches still sing, and to *Destiny 2: The Witch Queen*, the expansion that gave Bungie's long-running shooter its best story yet.`

const PSVR2 = `## I Came In a Sceptic

I have owned three VR headsets, and each one ended up in a drawer. Too many cables, too much setup, too few games I wanted to finish. So when Sony invited me to spend an afternoon with PS VR2 and *Horizon Call of the Mountain*, I expected to enjoy it and then forget it. Two hours later I was still thinking about a single climb.

## The Climb That Changed My Mind

*Call of the Mountain*, developed by Guerrilla Games with Firesprite, casts you as Ryas, a disgraced warrior sent to investigate a threat in the mountains. Most of the demo was spent climbing: reaching for handholds with the Sense controllers, hauling myself up rock faces and looking down at a river winding hundreds of metres below. The controllers' haptics give each grip a little jolt of resistance, and the headset itself rumbles when something big moves nearby. When a Tallneck strode past close enough to touch, I honestly forgot I was standing in a hotel conference room.

The bow is the other highlight. You pull arrows from over your shoulder, nock them and draw, and the adaptive triggers tighten as the string does. Fighting a Watcher this way is clumsy at first and thrilling once it clicks.

## What Makes the Hardware Different

The headset's OLED panels are sharp and the colours are deep, and eye tracking means the sharpest detail is always exactly where you are looking. Setup took minutes: one USB-C cable to the PS5, a quick scan of the room, done. That simplicity matters more than any spec sheet.

## Still Some Questions

Price and the launch line-up will decide whether PS VR2 lasts. It is an expensive add-on, and one great demo is not a library. But for the first time in years I want to keep a headset out of the drawer.`

const DUALSENSE_EDGE = `## What You Get

The DualSense Edge is Sony's first "pro" controller, and it looks like a regular DualSense that has been to the gym. It comes in a hard carrying case with two sets of back buttons (half-dome and lever), three shapes of stick cap, a long braided USB-C cable and a clip that locks the cable in place during play. The case even has an opening for the cable, so the controller can charge without leaving it.

## Customisation Done Right

The headline features are where Sony has clearly learned from the competition. Each trigger has a three-position stop that shortens its travel, the back buttons map to any input, and the new function buttons under the sticks switch between profiles instantly. In the PS5 menus you can tune stick curves and dead zones for each profile. Profiles are stored on the controller itself, and switching between them is quick enough to do mid-game.

The clever bit is the stick modules. If drift sets in, you pop off a cover, flip a lever and slide in a replacement module sold separately. No other first-party controller makes repairs this easy.

## Comfort and Feel

The grips have a subtle texture that helps during long sessions, and the haptics and adaptive triggers are as good as on the standard pad. The back buttons are a touch too easy to press accidentally with the lever attachments, but the half-domes are excellent.

## The Catch

Battery life is the Edge's real weakness. In our testing it consistently lasted several hours less than a standard DualSense, which means topping up every evening. At its premium price the replacement modules also add up.

## Verdict

The DualSense Edge is the best controller you can buy for PS5 if you care about customisation, and its repairable sticks set an example others should follow. Shorter battery life and a high price keep it from greatness.`

const PODCAST = `## This Week on Pixels & Ink

It is the episode we argue about all year. Ben, Priya and Aiko sit down to crown the Byline Game of the Year for 2022, revisit the runners-up and answer your listener questions about the year's biggest surprises.

## In This Episode

- **00:00** — Introductions, and Ben admits he still has not finished his backlog
- **04:30** — Honourable mentions, from *Vampire Survivors* to *Pentiment*
- **17:10** — The case for *God of War Ragnarök*: a sequel that deepens everything
- **29:45** — The case for *Elden Ring*: the open world that rewrote the rules
- **43:20** — The vote, the winner and the inevitable recount
- **52:00** — Listener questions: the most underrated game of the year, the best soundtrack and the one sequel we want in 2023
- **63:40** — What we are playing this week

## Why It Was Close

Both finalists are enormous, confident games, and the panel splits in interesting ways: Priya argues for the story and character work of Ragnarök, Aiko for the sense of discovery in Elden Ring, and Ben tries very hard not to be the deciding vote. You will have to listen to find out who wins. Along the way there is a spirited detour into whether a remaster or remake should ever be eligible, a surprisingly emotional defence of small games that only took an afternoon to finish, and a lightning round of the year's best moments: a boss fight, a plot twist and one very good dog.

## Get in Touch

Send your questions for next week's mailbag to the show, and if you enjoy Pixels & Ink, rating and reviewing us in your podcast app really does help new listeners find the show.`

export const latestStories: SeedStory[] = [
  {
    slug: 'fairyland-review-sundance-2023',
    type: 'review',
    status: 'published',
    title: 'Fairyland Review – Sundance 2023',
    dek: 'Scoot McNairy and Emilia Jones shine in Andrew Durham’s tender adaptation of Alysia Abbott’s memoir.',
    bodyMarkdown: FAIRYLAND,
    heroImage: 'med-fairyland-review-sundance-2023-23013101-3',
    section: 'movies',
    authors: ['rhys-calloway'],
    tags: ['drama', 'film-festivals'],
    subject: 'fairyland-2023',
    verdict: {
      scoreFormat: TEN,
      score: 7.4,
      summary: 'Fairyland is a warm and beautifully acted portrait of an unconventional family. Its rushed final act skims past too much, but Scoot McNairy and Emilia Jones make it linger.',
      pros: ['Scoot McNairy’s best performance in years', 'Emilia Jones as the teenage Alysia', 'A vivid feel for 1970s San Francisco'],
      cons: ['A rushed final act', 'Supporting characters vanish without explanation'],
      awards: [],
      reviewedOn: 'Sundance Film Festival 2023 premiere'
    },
    publishedAt: '2023-01-31T18:00:00Z'
  },
  {
    slug: 'best-shooter-2022',
    type: 'list',
    status: 'published',
    title: 'Best Shooter 2022',
    dek: 'From ink to neon: the shooters that defined the year, and the one we could not put down.',
    bodyMarkdown: BEST_SHOOTER,
    heroImage: 'med-best-shooter-games-2023-23012501-1',
    section: 'games',
    authors: ['priya-raman', 'jonah-brightwater', 'aiko-tanaka'],
    tags: ['shooter', 'best-of', 'game-of-the-year'],
    publishedAt: '2023-01-31T15:00:00Z'
  },
  {
    slug: 'ps-vr2-and-horizon-call-of-the-mountain-made-me-a-vr-believer',
    type: 'feature',
    status: 'published',
    title: 'PS VR2 and Horizon Call of the Mountain Made Me a VR Believer',
    dek: 'One afternoon on a virtual mountainside convinced a long-time sceptic that this headset might be different.',
    bodyMarkdown: PSVR2,
    heroImage: 'med-answering-the-call-of-the-mountain-made-me-a-psvr-2-believer-23013001',
    section: 'games',
    authors: ['aiko-tanaka'],
    tags: ['vr', 'playstation'],
    publishedAt: '2023-01-31T13:00:00Z'
  },
  {
    slug: 'playstation-dualsense-edge-controller-review',
    type: 'review',
    status: 'published',
    title: 'PlayStation DualSense Edge Controller Review',
    dek: 'Sony’s pro controller is smart, comfortable and repairable, but its battery will not last the night.',
    bodyMarkdown: DUALSENSE_EDGE,
    heroImage: 'med-playstation-dualsense-edge-controller-review-23013001',
    section: 'tech',
    authors: ['tomasz-kowal'],
    tags: ['accessories', 'playstation'],
    subject: 'playstation-dualsense-edge',
    verdict: {
      scoreFormat: TEN,
      score: 8,
      summary: 'The DualSense Edge is the most flexible controller Sony has made, with excellent profiles, trigger stops and swappable stick modules. Weak battery life and a steep price hold it back from being an easy recommendation.',
      pros: ['Replaceable stick modules', 'Fast on-controller profile switching', 'Premium carrying case and locking cable'],
      cons: ['Noticeably shorter battery life than a standard DualSense', 'Expensive, and replacement modules cost extra'],
      awards: [],
      reviewedOn: 'PS5'
    },
    publishedAt: '2023-01-30T21:00:00Z'
  },
  {
    slug: 'pixels-and-ink-podcast-episode-416-game-of-the-year',
    type: 'podcast',
    status: 'published',
    title: 'Pixels & Ink Podcast: Episode 416 — Game of the Year',
    dek: 'The team picks its Game of the Year for 2022, and it comes down to the wire.',
    bodyMarkdown: PODCAST,
    heroImage: 'med-pixels-ink-podcast-episode-416-game-of-the-year-23013001',
    attachment: 'med-pixels-ink-416-audio',
    section: 'podcasts',
    authors: ['ben-okafor', 'priya-raman', 'aiko-tanaka'],
    tags: ['game-of-the-year', 'best-of'],
    publishedAt: '2023-01-30T19:00:00Z'
  }
]
