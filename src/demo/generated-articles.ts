/**
 * Notes for the generated news, features, lists and videos. Bodies are assembled from
 * these by generated-text.ts. Everything here is sample data about invented subjects.
 */
import type { StoryKind } from './types.js'

export interface ArticlePlan {
  type: Exclude<StoryKind, 'review'>
  title: string
  dek: string
  section: string
  authors: string[]
  tags: string[]
  publishedAt: string
  subject?: string
  lede: string
  parts: Array<[string, string]> // [heading, paragraph]
  items?: Array<[string, string]> // list entries, guide steps or podcast segments: [name, text]
  video?: number // seconds: attach a video file
  inline?: string[] // captions of inline images, placed between parts
}

export const newsPlans: ArticlePlan[] = [
  {
    type: 'news',
    title: 'Ashen Crown Announced for PS4, Xbox One and PC',
    section: 'games',
    dek: 'Emberline Studios’ first game is a dark action RPG set in a kingdom buried under volcanic ash.',
    authors: ['sofia-marin'],
    tags: ['rpg', 'playstation', 'xbox', 'pc-gaming'],
    publishedAt: '2013-06-11T16:30:00Z',
    subject: 'ashen-crown',
    lede: 'Northgate Interactive has announced Ashen Crown, an action RPG from new studio Emberline, for PS4, Xbox One and PC. The reveal trailer shows a lone knight crossing a grey, smouldering landscape towards a cathedral half-swallowed by lava.',
    parts: [['What We Know', 'Emberline was founded last year by veterans of several large RPG teams. The studio describes Ashen Crown as a "deliberate" action game with stamina-based combat, a connected world rather than a level select, and no difficulty settings. Both new consoles will get the game alongside PC, with a release planned for next year.'],
      ['A Studio With Something to Prove', 'Northgate says Emberline has around forty staff and has been working on the game in secret for two years. The publisher will show a longer gameplay demo at its press conference later this week, and we will be there to see it. Pre-orders are not yet open, and pricing has not been announced.']]
  },
  {
    type: 'news',
    title: 'Aurora X1 VR Headset Gets a Price and a November Release',
    section: 'tech',
    dek: 'Lumina Labs’ sensor-free PC headset will cost less than its main rivals.',
    authors: ['sofia-marin', 'tomasz-kowal'],
    tags: ['vr', 'pc-gaming'],
    publishedAt: '2016-03-15T15:00:00Z',
    subject: 'aurora-x1-headset',
    lede: 'Lumina Labs has confirmed that its Aurora X1 virtual-reality headset will launch in November, undercutting the two best-known PC headsets by a noticeable margin.',
    parts: [['The Details', 'The X1 tracks itself with cameras built into the visor, so there are no sensors to mount around the room. The visor flips up, letting you check your phone or find a drink without taking the headset off. Motion controllers are included in the box. Lumina says a mid-range gaming PC will be enough to run it, and that a compatibility checker will be available before pre-orders open.'],
      ['How It Compares', 'Sensor-free tracking is the big selling point, but it comes with trade-offs: camera-based systems can lose sight of controllers held behind your back or close to your face. Lumina says its tracking software has improved considerably since early demos, and we will put that claim to the test in our full review.']]
  },
  {
    type: 'news',
    title: 'Static Bloom Will Close the Northern Lights Genre Festival',
    section: 'movies',
    dek: 'Hana Okoye’s Antarctic horror film gets its world premiere as the festival’s closing-night gala.',
    authors: ['rhys-calloway'],
    tags: ['sci-fi', 'horror', 'film-festivals'],
    publishedAt: '2017-07-25T13:00:00Z',
    subject: 'static-bloom',
    lede: 'Static Bloom, the second feature from writer-director Hana Okoye, will close this year’s Northern Lights Genre Festival before opening in cinemas in October.',
    parts: [['About the Film', 'Laurel Finch leads the cast as a scientist at a remote listening station who notices that the plants in the greenhouse are responding to a signal from space. The festival’s programmers called it "the most beautiful nightmare we have seen this year". The rest of the line-up, including more than forty features, will be announced next week.'],
      ['A Rising Director', 'Okoye’s debut, a low-budget thriller shot in a single house, won awards on the festival circuit and earned her a reputation for doing a lot with very little. Static Bloom is a much bigger production, with extensive practical effects and an electronic score from a composer writing for film for the first time.']]
  },
  {
    type: 'news',
    title: 'Hollow Tide Delayed to October',
    section: 'games',
    dek: 'Greywater Collective needs more time to finish its flooded-town horror game.',
    authors: ['sofia-marin'],
    tags: ['horror', 'playstation'],
    publishedAt: '2018-02-20T17:00:00Z',
    subject: 'hollow-tide',
    lede: 'Survival horror game Hollow Tide has slipped from spring to October 25, developer Greywater Collective announced today.',
    parts: [['Why the Delay', 'In a statement, the studio said the extra months will go towards polish and performance, particularly for the game’s water simulation, which affects how enemies move and how sound travels. The Switch version is now described as coming "later", with no date. The team thanked players for their patience and shared a short new clip of the flooded town square at night.'],
      ['A Familiar Story', 'Delays are common for ambitious games, and this is the first for Hollow Tide since it was announced. Greywater’s previous game also slipped by several months and was well received when it arrived. Publisher Northgate confirmed that pre-orders remain open and that early purchase bonuses are unchanged.']]
  },
  {
    type: 'news',
    title: 'The Cartographers Will End With Its Fourth Season',
    section: 'tv',
    dek: 'The period drama has been renewed one last time, and its creator says the ending was planned from the start.',
    authors: ['dana-whitfield'],
    tags: ['drama', 'streaming'],
    publishedAt: '2019-11-05T18:00:00Z',
    subject: 'the-cartographers',
    lede: 'The Cartographers has been renewed for a fourth and final season, which will arrive next year.',
    parts: [['A Planned Ending', 'Creator Nadia Ferreira said that she pitched the show as four seasons and is grateful to finish it on her own terms. The final run will have eight episodes rather than ten. Clara Oduya and Thomas Greaves return, and production begins in January on the same stretch of coastline that has stood in for the show’s disputed territory since the first season.'],
      ['How It Got Here', 'The show started slowly but built a loyal audience through word of mouth, and its third season was its most watched yet. It has also been a steady awards contender, with particular praise for Oduya’s performance as the family’s formidable matriarch.']]
  },
  {
    type: 'news',
    title: 'Counterweight Pauses Production on Season 2',
    section: 'tv',
    dek: 'The political thriller’s second season will now arrive in 2021.',
    authors: ['sofia-marin'],
    tags: ['thriller', 'streaming'],
    publishedAt: '2020-04-14T12:00:00Z',
    subject: 'counterweight',
    lede: 'Production on the second season of Counterweight has been paused indefinitely, pushing its release into next year.',
    parts: [['What Happens Next', 'The studio said that scripts for the whole season are complete and that writers will use the break to revise later episodes. Renée Castell is confirmed to return. The cast and crew will continue to be paid during the shutdown, according to the studio. The first season received mixed reviews but was one of the platform’s most-watched debuts of the spring.'],
      ['An Industry on Hold', 'Counterweight is one of dozens of productions to stop filming this spring. Studios are using the pause to finish post-production on projects that have already wrapped, which means some shows may arrive sooner than expected even as others are delayed.']]
  },
  {
    type: 'news',
    title: 'Emberfall Tactics Passes a Million Sales and Adds Arabic and Japanese Text',
    section: 'games',
    dek: 'A free update brings two new languages and a harder difficulty mode.',
    authors: ['sofia-marin', 'aiko-tanaka'],
    tags: ['rpg', 'strategy', 'nintendo'],
    publishedAt: '2021-10-28T14:00:00Z',
    subject: 'emberfall-tactics',
    lede: 'Emberfall Tactics has sold more than one million copies across Switch and PC, and a free update out today adds full Arabic and Japanese localisation.',
    parts: [
      ['Two New Languages', 'In Japanese the game is now titled エンバーフォール・タクティクス, and in Arabic it appears as «تكتيكات إمبرفول». Lantern Ridge says the Arabic version was the bigger technical challenge, because menus, maps and the battle interface all had to be mirrored to read right to left.'],
      ['Also in the Update', 'The patch adds a Veteran difficulty with permanent unit loss, faster menu navigation, a long-requested feature from our review, and a handful of balance changes to the healer classes. Lantern Ridge says more languages are planned for next year.']
    ]
  },
  {
    type: 'news',
    title: 'Halcyon Handheld Pre-Orders Open Ahead of December Launch',
    section: 'tech',
    dek: 'The handheld gaming PC with a swappable battery ships on December 1.',
    authors: ['tomasz-kowal'],
    tags: ['pc-gaming', 'accessories'],
    publishedAt: '2022-09-13T16:00:00Z',
    subject: 'halcyon-handheld',
    lede: 'Halcyon Devices has opened pre-orders for the Halcyon Handheld, a seven-inch gaming PC whose battery slides out to be swapped for a charged spare.',
    parts: [['Specs and Pricing', 'Two storage options are available, and both ship with one battery; extra packs are sold separately. The device runs Windows with a custom launcher on top. Halcyon says a battery swap takes about ten seconds and that the system stays asleep while you do it. We will have a full review after launch.'],
      ['Early Impressions', 'We spent a short time with a pre-production unit at a press event. The screen is bright and the build feels sturdy, though the device is noticeably heavier than its best-known competitors. Halcyon says the final software will ship with an improved launcher and better sleep behaviour than the unit we tried.']]
  }
]

export const featurePlans: ArticlePlan[] = [
  {
    type: 'feature',
    title: 'Why Film Scores Matter More Than Ever',
    section: 'features',
    dek: 'In an age of wall-to-wall sound, the best composers are the ones who know when to stop.',
    authors: ['layla-haddad', 'marcus-ellery'],
    tags: ['soundtracks', 'drama'],
    publishedAt: '2014-05-20T14:00:00Z',
    lede: 'Think of your favourite film scene and there is a good chance you can hum it. Music does more to steer an audience than almost anything else on screen, and yet it is often the last thing people mention when they talk about what they watched.',
    parts: [
      ['The Loudness Problem', 'Modern blockbusters tend to score everything. Every glance gets a sting, every fight a wall of percussion, and the result is that nothing stands out. Several composers we spoke to described being asked to "fill" scenes that would work better in silence.'],
      ['Less Is More', 'The scores that linger tend to be sparing. A single recurring melody, a texture that belongs to one character, a cue that only arrives when it matters: these are the choices that turn a theme into a memory. Small, character-driven films are leading the way here, with composers borrowing from indie rock, electronic music and minimalism.'],
      ['Listening Differently', 'Next time you watch a film, try noticing where the music starts and stops. It is one of the easiest ways to see a director’s intentions, and once you start paying attention it is hard to stop.'],
      ['The Temp Track Trap', 'Many directors edit their films to temporary music borrowed from other soundtracks, then ask their composer for something similar. It is a practical way to work, but it explains why so many trailers and action scenes sound alike. Composers told us the hardest part of the job is often persuading a director to let go of a temp track they have heard a hundred times.'],
      ['Games Are Catching Up', 'Some of the most adventurous scoring now happens in games, where music has to react to the player rather than follow a fixed edit. Layered compositions that add instruments as tension rises, or melodies that shift when you enter a new area, are a different discipline from film scoring, and a growing number of composers work in both.']
    ],
    inline: ['A scoring session with a small string section.']
  },
  {
    type: 'feature',
    title: 'The Case for “Boring” Games',
    section: 'features',
    dek: 'Farming, filing and fixing things: why the quietest games are often the most absorbing.',
    authors: ['jonah-brightwater'],
    tags: ['strategy', 'indie'],
    publishedAt: '2015-11-03T15:00:00Z',
    lede: 'Every few months a game arrives that its fans describe, lovingly, as “boring”. You sort parcels, tend crops or balance a spreadsheet of imaginary cargo, and somehow four hours disappear.',
    parts: [
      ['Calm Is a Feature', 'These games share a rhythm: small tasks, clear feedback, gentle growth. There is no timer screaming at you and no enemy to outrun. For many players, that is the point. After a long day, a game that asks for attention without demanding adrenaline can be deeply restorative.'],
      ['Mastery Without Pressure', 'The satisfaction comes from getting good at something ordinary. Learning the fastest route through a warehouse or the perfect crop rotation is a skill like any other, and the best of these games make improvement visible in a way real life rarely does.'],
      ['Not Really Boring', 'Call them what you like, but these games are carefully designed to be exactly as interesting as you want them to be. That is a harder trick than it sounds.'],
      ['A Long Tradition', 'None of this is new. Management games, trading simulations and farming games have been around for decades, and many of today’s hits borrow ideas from them. What has changed is the audience: streaming and short videos have shown millions of people that watching someone calmly reorganise a warehouse can be oddly hypnotic.']
    ]
  },
  {
    type: 'feature',
    title: 'Her at Five: The Near Future Arrived Sooner Than We Thought',
    section: 'features',
    dek: 'Spike Jonze’s gentle science-fiction romance looks less like fantasy every year.',
    authors: ['layla-haddad'],
    tags: ['sci-fi', 'romance'],
    publishedAt: '2018-12-18T15:00:00Z',
    subject: 'her-2013',
    lede: 'When Her opened five years ago, the idea of talking to a computer in your ear all day felt like a charming exaggeration. Today, millions of people ask voice assistants about the weather, set timers with a sentence and argue with smart speakers in their kitchens.',
    parts: [
      ['What It Got Right', 'The film’s future is not chrome and neon but warm wood and soft fabrics, and its technology is built to disappear. That instinct, that the most powerful devices would be the least visible, has aged remarkably well.'],
      ['What It Got Wrong', 'Samantha is curious, generous and entirely devoted to her user’s wellbeing. Real assistants are polite, but they are also products, and the question of who they really work for is one the film mostly leaves aside.'],
      ['Why It Still Matters', 'Her endures because it was never really about the technology. It is about loneliness, and about how people reach for connection with whatever is nearest to hand. That part has not dated at all.'],
      ['The Look of Tomorrow', 'Part of what makes the film feel prescient is its restraint. There are no holograms and no flying cars, just earpieces, small screens and buildings that look like the ones going up in most big cities today. Even the fashion, all high waists and muted colours, now looks less like a guess than a forecast.'],
      ['The Voice Question', 'The film also understood how much personality would matter. Samantha’s warmth, humour and hesitation are what make Theodore fall for her. Voice assistants have since been given names, jokes and carefully designed characters of their own, and the companies behind them clearly know that people respond to a voice before they respond to a feature list.']
    ]
  },
  {
    type: 'feature',
    title: 'Is Streaming Killing the Season Finale?',
    section: 'tv',
    dek: 'When every episode drops at once, the cliffhanger loses its power. Some shows are fighting back.',
    authors: ['dana-whitfield'],
    tags: ['streaming', 'drama'],
    publishedAt: '2020-05-12T13:00:00Z',
    lede: 'There was a time when a season finale was an event: a week of theories, a summer of waiting. With whole seasons now released in a single afternoon, the finale is often just the episode you watch at 2am before going to bed.',
    parts: [
      ['The Binge Effect', 'Writers told us that knowing viewers will watch several episodes in a row changes how they structure a story. Cliffhangers move to the middle of episodes, and finales are built to lead straight into the next season rather than resolve the current one.'],
      ['The Weekly Comeback', 'Some services are returning to weekly releases, at least for their biggest shows. The result is longer conversations and, crucially for the platforms, subscribers who stay for a whole season rather than a weekend.'],
      ['What Viewers Want', 'The answer, unhelpfully, is both. Binge releases suit comfort viewing and short seasons; weekly episodes suit mysteries and shows that benefit from discussion. The best platforms are learning to tell the difference.']
    ]
  },
  {
    type: 'feature',
    title: 'Inside Lighthouse Row, the Tiny Studio Behind Salt & Signal',
    section: 'games',
    dek: 'Four developers, one rented office above a bakery and a game built around listening.',
    authors: ['priya-raman', 'layla-haddad'],
    tags: ['indie', 'pc-gaming'],
    publishedAt: '2021-11-09T15:00:00Z',
    subject: 'salt-and-signal',
    lede: 'Lighthouse Row has four full-time staff, a cat that appears in most video calls and an office above a bakery that smells of cinnamon every morning. It is also making one of the most intriguing mystery games we have seen this year.',
    parts: [
      ['Built Around Sound', 'Salt & Signal began as a prototype in which you tuned an old radio to find a voice in the static. The team liked it so much that they built the entire game around it, recording hours of distress calls, weather reports and fragments of conversation.'],
      ['Small Team, Big Ideas', 'Being tiny means every decision is made around one table. The studio’s lead designer described cutting an entire second location because it diluted the feeling of isolation, a choice that would take weeks of meetings at a bigger company.'],
      ['What Comes Next', 'The game is due next year on PC and Xbox. The team says it will be short, around five hours, and that it would rather you finish it wanting more than wanting it to end.'],
      ['Recording the Sea', 'To capture the sounds of the coast, two members of the team spent a week in a rented cottage with a borrowed field recorder, capturing wind, gulls and waves against a harbour wall at every hour of the day. Most of those recordings made it into the game, layered underneath the radio static you tune through.'],
      ['Casting the Voices', 'The distress calls were performed by a cast of twelve, many of them theatre actors who had never worked on a game. The studio recorded each call several times with different levels of interference, so that what you hear depends on how carefully you tune.'],
      ['Money and Time', 'Lighthouse Row funded its first year of development with savings and a small arts grant, before signing with a publisher that lets the studio keep its intellectual property. The team says that deal bought it the time to cut and rebuild the game’s opening twice.']
    ],
    inline: ['The Lighthouse Row team at work above the bakery.']
  },
  {
    type: 'feature',
    title: 'Pixel Perfect: Our Year in Screenshots 📸',
    section: 'games',
    dek: 'Photo modes got very good this year. Here are the shots our team could not stop taking.',
    authors: ['aiko-tanaka', 'priya-raman', 'jonah-brightwater'],
    tags: ['best-of'],
    publishedAt: '2022-12-20T16:00:00Z',
    lede: 'Photo modes have quietly become one of the best features in modern games. This year we took thousands of screenshots between us, and these are the ones we kept coming back to.',
    parts: [
      ['Light and Weather', 'The most striking shots were almost all about light: a sunrise breaking over a ridge, neon reflected in a wet street, a storm rolling across a sea. Games with dynamic weather gave us the most variety, and the best photo modes let us pause the clouds exactly where we wanted them.'],
      ['Small Moments', 'Some of our favourites were tiny: a character’s hands on a steering wheel, a cat asleep on a windowsill in a city-builder, a discarded note in a horror game. Photo mode turns you into an explorer of details the developers hoped someone would notice.'],
      ['Our Tips', 'Turn off the interface, lower the field of view for portraits, and try shooting at unusual times of day. Most importantly, take your time. The best screenshots come from wandering, not hunting.']
    ],
    inline: ['Neon reflections on a rainy street, captured in photo mode.', 'A sunrise over a ridge, paused at exactly the right moment.']
  }
]
