/**
 * Notes for the generated lists, guides, videos and podcast episodes (sample data).
 * Podcast episodes are weekly, so their dates are computed back from episode 416.
 */
import type { ArticlePlan } from './generated-articles.js'

export const listPlans: ArticlePlan[] = [
  {
    type: 'list',
    title: '7 Co-op Games to Play With Your Partner',
    section: 'games',
    dek: 'Sofa co-op picks for couples who like a challenge, and a few for those who would rather not argue.',
    authors: ['priya-raman', 'aiko-tanaka'],
    tags: ['best-of', 'indie'],
    publishedAt: '2015-02-13T12:00:00Z',
    lede: 'Playing together is one of the best ways to spend an evening, as long as you pick the right game. These are our favourites for two players on one sofa, from relaxed to relationship-testing.',
    parts: [],
    items: [
      ['Pocket Parade', 'Quick mini-games, simple rules and plenty of shouting. Best for short sessions.'],
      ['Kitchen Chaos Deluxe', 'Cooking against the clock in increasingly ridiculous kitchens. Communication is everything.'],
      ['Twin Lanterns', 'A gentle puzzle platformer in which each player controls one light. Perfect for beginners.'],
      ['Moss & Stone', 'A slow, cosy farming game where one of you tends the garden and the other builds the house.'],
      ['Deep Salvage', 'A tense underwater co-op shooter for couples who enjoy a bit of panic.'],
      ['Tandem Tales', 'A choose-your-path story game that you read and vote on together.'],
      ['Brick by Brick', 'A building game with no goals at all, which is exactly why it works.']
    ]
  },
  {
    type: 'list',
    title: 'The Best Horror Films of the Decade — So Far',
    section: 'movies',
    dek: 'Greenhouses, lighthouses and one very long night shift: the scariest films since 2010.',
    authors: ['marcus-ellery', 'rhys-calloway'],
    tags: ['horror', 'best-of'],
    publishedAt: '2017-10-27T15:00:00Z',
    lede: 'Horror has had a remarkable few years, with small, personal films beating blockbusters at their own game. With Halloween approaching, we picked the best of the decade so far.',
    parts: [],
    items: [
      ['Static Bloom', 'The newest entry and already a favourite: eerie, gorgeous and unlike anything else.'],
      ['The Quiet Floor', 'A single apartment building, a missing neighbour and a truly upsetting final ten minutes.'],
      ['Saltmarsh', 'Folk horror on the English coast, with a sense of place that gets under your skin.'],
      ['Visiting Hours', 'A hospital ghost story that is as sad as it is frightening.'],
      ['Low Tide', 'A family holiday goes wrong in ways the trailer never hinted at.']
    ]
  },
  {
    type: 'list',
    title: 'The Best TV Shows of 2020',
    section: 'tv',
    dek: 'A year spent indoors meant a lot of television. These are the shows that made it bearable.',
    authors: ['dana-whitfield'],
    tags: ['best-of', 'streaming', 'documentary'],
    publishedAt: '2020-12-18T15:00:00Z',
    lede: 'It was a year in which television became company, distraction and, for many of us, routine. Here are the series that stood out.',
    parts: [],
    items: [
      ['The Cartographers (Season 4)', 'A confident, moving farewell that landed every one of its long-planned endings.'],
      ['Kitchen Table', 'A half-hour comedy about three generations under one roof, painfully relatable this year.'],
      ['Deep Field', 'A documentary series about astronomers, made with real wonder.'],
      ['Orchard Road', 'A slow, beautiful family drama that rewards patience.'],
      ['Dispatch', 'A newsroom thriller with the sharpest dialogue of the year.']
    ]
  },
  {
    type: 'list',
    title: 'The Best Gaming Headsets of 2021',
    section: 'tech',
    dek: 'From budget picks to premium wireless, the headsets we would spend our own money on.',
    authors: ['tomasz-kowal'],
    tags: ['audio', 'accessories', 'best-of'],
    publishedAt: '2021-11-23T14:00:00Z',
    lede: 'We tested more than twenty headsets this year across PC and consoles. These are the ones that earned a place on our desks, chosen for sound, comfort, microphone quality and value.',
    parts: [],
    items: [
      ['Tempo ANC Headphones', 'Our top pick: superb sound, excellent noise cancelling and a low-latency mode for gaming.'],
      ['Kestrel Echo', 'The best budget wired headset we have tested, with a surprisingly clear microphone.'],
      ['Soundforge Arena Pro', 'A comfortable wireless option for long sessions, with a fantastic battery life.'],
      ['Riverbend Studio', 'Open-back and best for single-player games, with a wide, natural soundstage.']
    ]
  }
]

export const guidePlans: ArticlePlan[] = [
  {
    type: 'guide',
    title: 'Ashen Crown Beginner’s Guide: 8 Tips for Surviving the Ash',
    section: 'games',
    dek: 'New to Emberline’s punishing RPG? Start here.',
    authors: ['aiko-tanaka'],
    tags: ['rpg', 'playstation'],
    publishedAt: '2014-11-20T15:00:00Z',
    subject: 'ashen-crown',
    lede: 'Ashen Crown does not hold your hand, and its first few hours can be brutal. These tips will help you find your footing.',
    parts: [],
    items: [
      ['Watch your stamina', 'Never empty the bar completely. Leave enough to dodge.'],
      ['Upgrade one weapon', 'Spreading materials across several weapons leaves all of them weak.'],
      ['Light every brazier', 'They are checkpoints, fast-travel points and the only way to refill healing flasks.'],
      ['Read item descriptions', 'Most of the story, and many hints, are hidden there.'],
      ['Look for shortcuts', 'Locked doors almost always open from the other side.'],
      ['Use the ash', 'Rolling through ash clouds hides you from archers.'],
      ['Summon help', 'There is no shame in calling in a friend for a tough boss.'],
      ['Take breaks', 'If a boss keeps beating you, come back tomorrow. It works more often than it should.']
    ]
  },
  {
    type: 'guide',
    title: 'How to Set Up a VR Play Space',
    section: 'tech',
    dek: 'Clear the floor, check the light and keep the cable out of your way.',
    authors: ['tomasz-kowal'],
    tags: ['vr'],
    publishedAt: '2016-11-15T14:00:00Z',
    lede: 'A good VR session starts long before you put the headset on. A little preparation makes games more comfortable, more immersive and much safer for your furniture.',
    parts: [],
    items: [
      ['Measure the space', 'Aim for at least two metres by one and a half for room-scale games.'],
      ['Clear the floor', 'Move rugs, toys and anything you could trip over.'],
      ['Check the lighting', 'Camera-based tracking wants an evenly lit room without direct sunlight.'],
      ['Cover mirrors', 'Reflective surfaces can confuse tracking.'],
      ['Manage the cable', 'A ceiling pulley or a simple hook keeps it out from under your feet.'],
      ['Draw the boundary carefully', 'Leave a margin between the boundary and the nearest wall.']
    ]
  },
  {
    type: 'guide',
    title: 'Hollow Tide: Where to Find Every Lighthouse Key',
    section: 'games',
    dek: 'All five keys, in the order we recommend collecting them.',
    authors: ['aiko-tanaka'],
    tags: ['horror'],
    publishedAt: '2018-11-01T16:00:00Z',
    subject: 'hollow-tide',
    lede: 'The lighthouse is Hollow Tide’s final destination, and its door needs five keys scattered across the flooded town. Here is where to find each one. Light spoilers for the town’s layout follow.',
    parts: [],
    items: [
      ['The Harbourmaster’s Key', 'In the harbour office safe. The code is written on the tide chart in the bait shop.'],
      ['The Chapel Key', 'Under the altar cloth, reachable only when the water is low after the second storm.'],
      ['The School Key', 'In the flooded gym. Bring the lantern; the lights are out.'],
      ['The Pier Key', 'Hanging in the arcade at the end of the pier, guarded by the first big encounter.'],
      ['The Keeper’s Key', 'On the keeper’s body in the cottage. You will know it when you see it.']
    ]
  },
  {
    type: 'guide',
    title: 'How to Build a Home Cinema on a Budget',
    section: 'tech',
    dek: 'Big-screen thrills without the big-screen bill.',
    authors: ['tomasz-kowal', 'marcus-ellery'],
    tags: ['audio', 'streaming'],
    publishedAt: '2021-05-04T14:00:00Z',
    lede: 'You do not need a dedicated room or a five-figure budget to get a cinema feeling at home. Here is where to spend, where to save and what makes the biggest difference.',
    parts: [],
    items: [
      ['Control the light', 'Blackout curtains improve picture quality more than most upgrades.'],
      ['Sound before screen', 'A modest soundbar transforms films more than a larger TV.'],
      ['Calibrate the picture', 'Switch off motion smoothing and use the film or cinema preset.'],
      ['Sit in the right place', 'For most screens, a distance of about one and a half times the diagonal works well.'],
      ['Mind the source', 'A good streaming stick or disc player matters; so does your internet speed.']
    ]
  }
]

export const videoPlans: ArticlePlan[] = [
  {
    type: 'video',
    title: 'Orbital Drift: 12 Minutes of Gameplay',
    section: 'games',
    dek: 'Three full races around the gas giant tracks, captured on PS4.',
    authors: ['jonah-brightwater'],
    tags: ['racing', 'playstation'],
    publishedAt: '2016-09-19T17:00:00Z',
    subject: 'orbital-drift',
    video: 724,
    lede: 'Orbital Drift launches tomorrow, and we have twelve minutes of uninterrupted gameplay to show you what it looks like in motion.',
    parts: [['What You Will See', 'The video covers three races: a practice lap on the space station circuit, a championship race through the asteroid field and a time trial around the gas giant’s rings, where the track loops upside down. Watch for the magnetic drift corners, which are the key to fast lap times.'],
      ['Captured on PS4', 'All footage was captured on a standard PS4 with the launch-day patch installed. There is no commentary, just the game’s own soundtrack, so turn it up. Our full review goes live tomorrow morning.']]
  },
  {
    type: 'video',
    title: 'Retro Arcade Expo 2019: Video Tour',
    section: 'features',
    dek: 'A walk through the cabinets, the workshop and the tournament stage.',
    authors: ['ben-okafor'],
    tags: ['retro'],
    publishedAt: '2019-08-14T16:00:00Z',
    subject: 'retro-arcade-expo-2019',
    video: 541,
    lede: 'Ben spent the weekend at Retro Arcade Expo 2019 with a camera, a pocket full of tokens and very little self-control.',
    parts: [['Inside the Hall', 'The tour starts in the main hall, with rows of restored cabinets stretching as far as the camera can see, then visits the restoration workshop, where volunteers were repairing a damaged monitor live, and ends at the tournament stage for a nail-biting high-score final.'],
      ['Behind the Camera', 'Filming a busy convention hall is harder than it looks, so apologies in advance for the occasional shaky shot. Our written review of the weekend goes into more detail about the organisation, the prices and the queues.']]
  },
  {
    type: 'video',
    title: 'Brightwater Bay: The Cast on Making a True-Crime Mystery',
    section: 'tv',
    dek: 'Tara Quinlan and creator Imogen Clarke talk podcasts, small towns and fair-play clues.',
    authors: ['dana-whitfield'],
    tags: ['streaming', 'drama'],
    publishedAt: '2022-06-10T15:00:00Z',
    subject: 'brightwater-bay',
    video: 903,
    lede: 'Ahead of the premiere of Brightwater Bay, we sat down with star Tara Quinlan and creator Imogen Clarke to talk about the show.',
    parts: [['Topics', 'Clarke explains why she wanted a mystery that critiques true crime while still delivering one, and how the writers’ room made sure every clue was visible to viewers. Quinlan talks about recording real podcast episodes in character to prepare, and about filming in a seaside town in the middle of winter.'],
      ['More From the Interview', 'The conversation also covers the show’s soundtrack, the real podcasts that inspired it and the one scene Quinlan says she still cannot watch. Our review of the season follows next week.']]
  }
]

/** Weekly episodes of Pixels & Ink; episode 416 (in latest-stories.ts) is the newest. */
export const podcastPlans: Array<{ episode: number, topic: string, dek: string, authors: string[], tags: string[], segments: string[], seconds: number }> = [
  {
    episode: 120,
    topic: 'Hollow Tide First Look',
    dek: 'Aiko has played the first hour of Greywater’s flooded-town horror game.',
    authors: ['ben-okafor', 'aiko-tanaka'],
    tags: ['horror', 'playstation'],
    seconds: 3320,
    segments: ['Introductions and the week in news', 'Aiko’s hour in Hollow Tide', 'Why water is so scary in games', 'Listener questions', 'What we are playing']
  },
  {
    episode: 210,
    topic: 'Kingdom of Cogs and the Joy of Spreadsheets',
    dek: 'Jonah makes the case for clockwork city-building.',
    authors: ['ben-okafor', 'jonah-brightwater'],
    tags: ['strategy', 'pc-gaming'],
    seconds: 3705,
    segments: ['Introductions', 'Jonah’s first impressions of Kingdom of Cogs', 'The best management games ever made', 'Listener questions', 'What we are playing']
  },
  {
    episode: 300,
    topic: 'Next-Gen Launch Special',
    dek: 'Three hundred episodes, two new consoles and one very long night of downloads.',
    authors: ['ben-okafor', 'priya-raman', 'tomasz-kowal'],
    tags: ['playstation', 'xbox'],
    seconds: 4980,
    segments: ['Three hundred episodes: a look back', 'Unboxing and first impressions', 'The launch line-ups', 'Tomasz on fans, noise and storage', 'Listener questions']
  },
  {
    episode: 365,
    topic: 'Our Most Anticipated Games of 2022',
    dek: 'One episode for every day of the year, and a draft of the games we cannot wait for.',
    authors: ['ben-okafor', 'priya-raman', 'aiko-tanaka'],
    tags: ['best-of'],
    seconds: 4410,
    segments: ['Introductions', 'The anticipation draft, round one', 'Round two and the trades', 'Dark horses and small games', 'Listener questions']
  },
  {
    episode: 400,
    topic: 'The Salt & Signal Spoilercast',
    dek: 'We finally talk about that ending. Spoilers, obviously.',
    authors: ['ben-okafor', 'priya-raman'],
    tags: ['indie', 'pc-gaming'],
    seconds: 3890,
    segments: ['Introductions and a spoiler warning', 'The radio mechanic', 'That ending, in detail', 'Our theories about the final call', 'Listener questions']
  }
]
