/**
 * Invented subjects (films, games, series, hardware, books, music, other) and the notes
 * each review is written from. Titles, people, companies and scores are all sample data.
 * Three games are reviewed twice, once per platform. The shapes are in review-plans.ts.
 */
import { subject, type ReviewPlan } from './review-plans.js'

/** Films and games. TV, hardware, books, music and other subjects are in generated-subjects-more.ts. */
export const reviewPlans: ReviewPlan[] = [
  // ── Films ────────────────────────────────────────────────────────────────────────
  {
    subject: subject('film', 'the-lantern-keepers', 'The Lantern Keepers', '2014-03-14',
      'Two estranged sisters inherit a lighthouse that may be the last thing standing between their village and the sea’s old spirits.',
      [['Elena Voss', 'director'], ['Elena Voss', 'writer']], ['Fantasy', 'Drama'], [],
      [['Mara Lindgren', 'Ingrid'], ['Sasha Holt', 'Freya']]),
    section: 'movies',
    tags: ['drama'],
    format: 'ten',
    hook: 'It is a folk tale told at the pace of a family drama, about two sisters who return to a remote island to settle their late father’s affairs.',
    praise: 'Voss shoots the coastline like a living thing, all slate greys and sudden bursts of lantern light. Mara Lindgren and Sasha Holt are convincing as siblings who know exactly where to aim an insult, and the supernatural elements arrive so gradually that they feel earned.',
    gripe: 'The mythology gets muddled in the final half hour, and a late twist explains more than it needs to.',
    pros: ['Striking coastal photography', 'Two excellent lead performances', 'A slow-burn approach to its magic'],
    cons: ['A muddled final act', 'An over-explained twist'],
    summary: 'The Lantern Keepers is a moody, handsomely made fable anchored by two sharp performances. Its ending wobbles, but the atmosphere lingers.',
    reviews: [{ score: 7.8, on: 'Theatrical release', authors: ['marcus-ellery'], days: 0 }]
  },
  {
    subject: subject('film', 'harbor-lights', 'Harbor Lights', '2015-10-02',
      'A night-shift harbour pilot is pulled into a smuggling ring when a container ship arrives with no crew.',
      [['Marco Delacroix', 'director'], ['Jean Ferrant', 'writer']], ['Crime', 'Thriller'], [],
      [['Dev Malhotra', 'Nico Serra'], ['Ada Quist', 'Inspector Roux']]),
    section: 'movies',
    tags: ['thriller'],
    format: 'ten',
    hook: 'It is a tight, rain-soaked crime thriller that spends almost its entire running time on the docks between dusk and dawn.',
    praise: 'The first hour is genuinely tense: the empty ship is a terrific set piece, and Dev Malhotra plays the pilot as a decent man slowly realising how out of his depth he is. The sound design, all creaking hulls and distant horns, does a lot of heavy lifting.',
    gripe: 'Once the conspiracy comes into focus, the film settles for familiar double-crosses and a shoot-out that could have come from any thriller.',
    pros: ['A gripping opening hour', 'Dev Malhotra’s grounded lead', 'Superb sound design'],
    cons: ['A generic second half', 'Thinly written villains'],
    summary: 'Harbor Lights starts as one of the year’s best thrillers and ends as a fairly ordinary one. The atmosphere and the lead performance make it worth a look.',
    reviews: [{ score: 6.9, on: 'Theatrical release', authors: ['rhys-calloway'], days: 0 }]
  },
  {
    subject: subject('film', 'static-bloom', 'Static Bloom', '2017-10-13',
      'Researchers at an Antarctic listening station discover that a signal from deep space is changing the plants in their greenhouse, and then them.',
      [['Hana Okoye', 'director'], ['Hana Okoye', 'writer']], ['Science Fiction', 'Horror'], [],
      [['Laurel Finch', 'Dr. Ines Ward'], ['Tobias Renn', 'Cole']]),
    section: 'movies',
    tags: ['sci-fi', 'horror'],
    format: 'ten',
    hook: 'It takes the familiar set-up of a small crew cut off from the world and turns it into something stranger and far more beautiful than the trailers suggest.',
    praise: 'Okoye builds dread from tiny details: a leaf turning towards a speaker, a crew member humming a tune nobody taught her. Laurel Finch is superb as a scientist torn between terror and wonder, and the body horror, when it comes, is as gorgeous as it is upsetting.',
    gripe: 'A couple of supporting characters exist mainly to make bad decisions, and the middle act repeats one scare too often.',
    pros: ['Unnerving, original imagery', 'Laurel Finch’s commanding performance', 'A haunting electronic score'],
    cons: ['Some thin supporting characters', 'A repetitive middle act'],
    summary: 'Static Bloom is the most inventive science-fiction horror film in years, eerie and lovely in equal measure. Watch it on the biggest screen you can find.',
    more: [
      ['Sound and Vision', 'The score, by an electronic composer making a film debut, is built from processed recordings of radio static and Antarctic wind, and it is one of the most unsettling soundtracks in years. The greenhouse, lit in sickly purples and greens against the endless white outside, is a triumph of production design, and the practical creature effects hold up to close scrutiny.'],
      ['A Film About Curiosity', 'What lifts Static Bloom above a standard creature feature is its sympathy for its scientists. Nobody here is foolish for wanting to understand the signal; the horror is that understanding may cost them themselves. Okoye lets that question hang, and the final scene is as much an invitation as a threat.']
    ],
    reviews: [{ score: 8.7, on: 'Theatrical release', authors: ['marcus-ellery'], days: 0, awards: ['must-watch'] }]
  },
  {
    subject: subject('film', 'paper-moons', 'Paper Moons', '2019-05-24',
      'A retired magician and his estranged granddaughter take a road trip to the seaside theatre where he last performed.',
      [['Tessa Lindqvist', 'director'], ['Owen Marsh', 'writer']], ['Comedy', 'Drama'], [],
      [['Harold Pike', 'Arthur'], ['June Adeyemi', 'Robin']]),
    section: 'movies',
    tags: ['comedy', 'drama'],
    format: 'ten',
    hook: 'It is a gentle road movie about an old showman, his teenage granddaughter and a car that breaks down roughly every forty miles.',
    praise: 'Harold Pike has wonderful comic timing, and his card tricks are performed for real, in long unbroken takes. June Adeyemi matches him with a dry, guarded performance that slowly thaws, and the film is very funny about the indignities of travelling with family.',
    gripe: 'The emotional beats are signposted from the first scene, and the soundtrack leans hard on acoustic covers to tell you how to feel.',
    pros: ['Real sleight of hand, filmed in long takes', 'Lovely chemistry between the leads', 'Plenty of laughs'],
    cons: ['Predictable emotional beats', 'An overbearing soundtrack'],
    summary: 'Paper Moons never surprises, but it is warm, funny and beautifully performed. A crowd-pleaser in the best sense.',
    reviews: [{ score: 7.1, on: 'Theatrical release', authors: ['rhys-calloway'], days: 0 }]
  },
  {
    subject: subject('film', 'the-long-quiet', 'The Long Quiet', '2021-02-12',
      'In the last winter of a war, a radio operator stranded behind enemy lines must decide whether to answer a voice on a frequency no one should be using.',
      [['Samuel Achterberg', 'director'], ['Samuel Achterberg', 'writer']], ['War', 'Drama'], [],
      [['Felix Brandt', 'Anton'], ['Petra Sokol', 'Maren']]),
    section: 'movies',
    tags: ['drama', 'thriller'],
    format: 'ten',
    hook: 'It is an austere, almost wordless war drama built around a single man, a snowbound cabin and a crackling radio set.',
    praise: 'The photography is stunning, with white landscapes that swallow people whole, and Felix Brandt gives a committed physical performance. The few scenes of radio conversation are the film’s best, intimate and nerve-racking.',
    gripe: 'At nearly two and a half hours the minimalism becomes a test of endurance, and the story has too little to say once its premise is established.',
    pros: ['Breathtaking winter cinematography', 'A committed central performance', 'Tense radio sequences'],
    cons: ['Punishingly long', 'Too little story for its running time'],
    summary: 'The Long Quiet looks extraordinary and has moments of real tension, but its slow, sparse approach wears thin long before the end.',
    reviews: [{ score: 5.8, on: 'Streaming release', authors: ['marcus-ellery'], days: 1 }]
  },
  {
    subject: subject('film', 'velvet-circuit', 'Velvet Circuit', '2022-11-04',
      'A retired getaway driver is lured back for one last job: stealing a prototype car during a Monaco-style street race.',
      [['Rafael Ortega', 'director'], ['Kim Sato', 'writer'], ['Lena Park', 'writer']], ['Action', 'Thriller'], [],
      [['Isabel Carter', 'Vee'], ['Marcus Jalloh', 'Deacon']]),
    section: 'movies',
    tags: ['action', 'thriller'],
    format: 'ten',
    hook: 'It is a glossy heist movie with a racing movie bolted on, and for most of its running time the combination works better than it has any right to.',
    praise: 'Ortega shoots the car chases with real vehicles and very little digital trickery, and you can feel it. Isabel Carter is effortlessly cool as the driver, and the crew’s banter has the easy rhythm of actors who are clearly enjoying themselves.',
    gripe: 'The plot is pure boilerplate, and the villain’s motivation changes whenever the script needs a new obstacle.',
    pros: ['Thrilling practical car chases', 'A charismatic lead', 'A fun, likeable ensemble'],
    cons: ['A boilerplate plot', 'An inconsistent villain'],
    summary: 'Velvet Circuit is disposable but enormously entertaining, carried by practical stunts and a cast having a great time.',
    reviews: [{ score: 7.5, on: 'Theatrical release', authors: ['rhys-calloway', 'marcus-ellery'], days: 0 }]
  },
  // ── Games ────────────────────────────────────────────────────────────────────────
  {
    subject: subject('game', 'ashen-crown', 'Ashen Crown', '2014-11-11',
      'An action RPG about a disgraced knight crossing a kingdom buried in volcanic ash to reclaim a stolen crown.',
      [['Emberline Studios', 'developer'], ['Northgate Interactive', 'publisher']], ['Action RPG'], ['PS4', 'Xbox One', 'PC']),
    section: 'games',
    tags: ['rpg', 'playstation', 'pc-gaming'],
    format: 'ten',
    hook: 'It is a sprawling action RPG set in a kingdom smothered by volcanic ash, where every ruined town hides a story and most of them end badly.',
    praise: 'Combat is weighty and precise, with a stamina system that punishes greed and rewards patience. The world is dense with secrets, and the ash-grey art direction, broken by glowing embers and stained glass, makes even the bleakest areas beautiful.',
    gripe: 'Side quests lean too heavily on fetch errands, and the menus are clumsy, especially when managing a bulging inventory.',
    pros: ['Weighty, precise combat', 'A dense world full of secrets', 'Striking art direction'],
    cons: ['Repetitive fetch quests', 'Clumsy inventory menus'],
    summary: 'Ashen Crown is a confident, atmospheric action RPG with superb combat and a world worth getting lost in. A few dull errands do little to dim it.',
    reviews: [
      { score: 8.8, on: 'PS4', authors: ['aiko-tanaka'], days: 0, awards: ['must-play'] },
      {
        score: 7.9,
        on: 'PC',
        authors: ['jonah-brightwater'],
        days: 98,
        port: 'The PC version arrived three months later, and it is a mixed bag. Unlocked frame rates and sharper textures make the world look better than ever, but we ran into stutter when entering new areas and the keyboard controls are an afterthought. Play it with a controller.',
        summary: 'On PC, Ashen Crown looks better than ever, but stutter and weak keyboard controls make the console version the smoother ride.'
      }
    ]
  },
  {
    subject: subject('game', 'pocket-parade', 'Pocket Parade', '2015-06-05',
      'A party game of fifty mini-games for up to four players, built around a travelling carnival.',
      [['Tumbleweed Games', 'developer']], ['Party'], ['Wii U']),
    section: 'games',
    tags: ['nintendo', 'comedy'],
    format: 'ten',
    hook: 'It is a carnival-themed party game of quick-fire mini-games, designed to be played on the sofa with three friends and a bowl of snacks.',
    praise: 'The best mini-games are brilliant: a frantic candy-floss spinning contest and a balloon-popping race had our group shouting at each other. The presentation is cheerful and the rules of each game are explained in seconds.',
    gripe: 'Around a third of the games are forgettable, solo play is pointless, and there is no online mode at all.',
    pros: ['Several genuinely great mini-games', 'Instant pick-up-and-play rules', 'Bright, cheerful presentation'],
    cons: ['Lots of filler', 'No online play'],
    summary: 'Pocket Parade is a fun night in with friends and a lonely one without them. Its highs are high, but too much filler drags it down.',
    reviews: [{ score: 6.5, on: 'Wii U', authors: ['priya-raman'], days: 0 }]
  },
  {
    subject: subject('game', 'orbital-drift', 'Orbital Drift', '2016-09-20',
      'An anti-gravity racer set on tracks that wrap around space stations, asteroids and a gas giant’s rings.',
      [['Halfpipe Interactive', 'developer']], ['Racing'], ['PS4', 'PC']),
    section: 'games',
    tags: ['racing', 'playstation'],
    format: 'ten',
    hook: 'It is a blisteringly fast anti-gravity racer whose tracks loop around space stations and through the rings of a gas giant.',
    praise: 'The sense of speed is extraordinary, and the handling model, built around drifting through magnetic corners, feels fantastic once it clicks. The electronic soundtrack is a perfect match, and the track design is consistently inventive.',
    gripe: 'The career mode is short, and the difficulty spikes sharply in the final championship.',
    pros: ['An incredible sense of speed', 'A deep drift-based handling model', 'Inventive track design'],
    cons: ['A short career mode', 'A steep late difficulty spike'],
    summary: 'Orbital Drift is the best anti-gravity racer in years: fast, stylish and deeper than it first appears.',
    reviews: [{ score: 8.1, on: 'PS4', authors: ['jonah-brightwater'], days: 0 }]
  },
  {
    subject: subject('game', 'hollow-tide', 'Hollow Tide', '2018-10-25',
      'A survival horror game set in a flooded seaside town where the tide never goes out.',
      [['Greywater Collective', 'developer'], ['Northgate Interactive', 'publisher']], ['Survival Horror'], ['PS4', 'Xbox One', 'Switch']),
    section: 'games',
    tags: ['horror', 'playstation'],
    format: 'ten',
    hook: 'It is a survival horror game set in a drowned seaside town, where every building is half underwater and something is moving beneath the surface.',
    praise: 'Resource management is tight without being cruel, and the town is a masterpiece of interconnected design, folding back on itself as you find new keys and shortcuts. The water itself is the star: murky, noisy and genuinely frightening to wade through.',
    gripe: 'A late chase sequence is more frustrating than scary, and the final boss leans on cheap instant deaths.',
    pros: ['Brilliantly interconnected level design', 'Tense, fair resource management', 'Terrifying use of water and sound'],
    cons: ['A frustrating late chase', 'A cheap final boss'],
    summary: 'Hollow Tide is a superb survival horror game with a town you will remember for years. A weak final stretch barely dents it.',
    more: [
      ['The Town That Breathes', 'The tide is more than decoration. Water levels change at key points in the story, opening some routes and flooding others, and rooms you explored early become entirely new spaces later on. It is one of the smartest uses of a changing environment we have seen in the genre, and it makes backtracking feel like discovery rather than a chore.'],
      ['Listen Carefully', 'Play with headphones if you can. Every splash carries, and the creatures in the water react to noise, so wading becomes a tense negotiation between speed and silence. The soundscape of dripping pipes, groaning timbers and distant bells does as much to build dread as anything on screen.']
    ],
    reviews: [
      { score: 9, on: 'PS4', authors: ['aiko-tanaka'], days: 0 },
      {
        score: 7.2,
        on: 'Nintendo Switch',
        authors: ['priya-raman'],
        days: 201,
        port: 'The Switch port keeps the whole game intact, which is impressive, but the compromises are obvious. Murky textures make dark areas hard to read in handheld mode, and the frame rate dips whenever the water gets busy. Gyro aiming is a welcome addition.',
        summary: 'Hollow Tide on Switch is the same brilliant game, but murkier visuals and an unsteady frame rate make it the weakest way to play.'
      }
    ]
  },
  {
    subject: subject('game', 'kingdom-of-cogs', 'Kingdom of Cogs', '2019-03-12',
      'A clockwork city-builder in which every building is a machine, and every machine needs to be fed.',
      [['Brassworks', 'developer']], ['Strategy', 'City Builder'], ['PC']),
    section: 'games',
    tags: ['strategy', 'pc-gaming', 'indie'],
    format: 'ten',
    hook: 'It is a city-builder in which every building is part of one enormous clockwork machine, and a single jammed gear can bring a district to a halt.',
    praise: 'Watching your city tick along is mesmerising, and the production chains are intricate without becoming opaque. The tutorial is excellent, and the late-game challenges push you to rebuild old districts in clever ways.',
    gripe: 'Performance suffers in very large cities, and the campaign story is little more than a series of text boxes.',
    pros: ['A mesmerising clockwork simulation', 'Clear, intricate production chains', 'An excellent tutorial'],
    cons: ['Slowdown in large cities', 'A throwaway campaign story'],
    summary: 'Kingdom of Cogs is a clever, absorbing city-builder with a gorgeous mechanical heart. Strategy fans will lose weeks to it.',
    reviews: [{ score: 8.4, on: 'PC', authors: ['jonah-brightwater'], days: 0 }]
  },
  {
    subject: subject('game', 'neon-rally-tokyo', 'Neon Rally Tokyo', '2020-07-16',
      'An arcade street racer set across one night in a stylised Tokyo, originally released in Japan as ネオンラリー東京.',
      [['Studio Hikari', 'developer']], ['Racing', 'Arcade'], ['Switch', 'PS4']),
    section: 'games',
    tags: ['racing', 'nintendo'],
    format: 'ten',
    hook: 'It is a throwback arcade racer set over a single night in Tokyo; in Japan it launched under the title ネオンラリー東京, and its signage and radio chatter stay in Japanese in every region.',
    praise: 'The drifting is loose and joyful, the city glows with gorgeous neon, and the city-pop soundtrack is an absolute delight. Short races make it ideal for handheld play.',
    gripe: 'There are only twelve courses, and the online mode was nearly empty during our testing.',
    pros: ['Joyful drift handling', 'A gorgeous neon-lit city', 'A fantastic city-pop soundtrack'],
    cons: ['Only twelve courses', 'Sparse online lobbies'],
    summary: 'Neon Rally Tokyo is a stylish, breezy arcade racer that looks and sounds wonderful. It could use more tracks.',
    reviews: [{ score: 7.7, on: 'Switch', authors: ['aiko-tanaka'], days: 0 }]
  },
  {
    subject: subject('game', 'emberfall-tactics', 'Emberfall Tactics', '2021-04-22',
      'A turn-based tactics RPG about a mercenary company caught between three warring houses.',
      [['Lantern Ridge', 'developer'], ['Northgate Interactive', 'publisher']], ['Tactics', 'RPG'], ['Switch', 'PC']),
    section: 'games',
    tags: ['rpg', 'strategy', 'nintendo'],
    format: 'ten',
    hook: 'It is a turn-based tactics RPG about a mercenary company whose contracts put it on every side of a civil war, sometimes in the same week.',
    praise: 'Battles are intricate puzzles with multiple solutions, and the class system encourages endless experimentation. The writing is sharp and often funny, and the choices you make about which house to serve genuinely reshape the campaign.',
    gripe: 'Menus between battles are slow to navigate, and a couple of escort missions are more annoying than challenging.',
    pros: ['Brilliant, flexible battles', 'A deep class system', 'Choices that reshape the story'],
    cons: ['Sluggish menus', 'A few tedious escort missions'],
    summary: 'Emberfall Tactics is a modern classic of the genre: clever, generous and beautifully written. It is one of the best games of the year.',
    more: [
      ['A Company Worth Keeping', 'Your mercenaries are the heart of the game. Each has a personal story that unfolds in camp conversations between battles, and these scenes are funny, sad and often surprising. Losing a unit you have levelled for twenty hours is genuinely painful, which is exactly why the battles feel so tense.'],
      ['Choices With Teeth', 'Every few chapters you must choose which house to sign with, and the consequences are real: allies become enemies, whole regions close off and characters leave the company if they disagree with your decision. We played through twice and saw very different second halves.']
    ],
    reviews: [
      { score: 9.1, on: 'Nintendo Switch', authors: ['priya-raman'], days: 0, awards: ['best-of-year'] },
      {
        score: 9.2,
        on: 'PC',
        authors: ['jonah-brightwater'],
        days: 133,
        port: 'The PC release is the definitive version. Battles load almost instantly, mouse controls make positioning units much quicker, and the higher resolution shows off the hand-painted maps. The menus are still slow, but everything else is better.',
        summary: 'On PC, Emberfall Tactics is faster, sharper and easier to control: the best version of one of the year’s best games.'
      }
    ]
  },
  {
    subject: subject('game', 'salt-and-signal', 'Salt & Signal', '2022-08-18',
      'A narrative adventure about a lighthouse radio operator piecing together a shipwreck from fragments of distress calls.',
      [['Lighthouse Row', 'developer']], ['Adventure', 'Narrative'], ['PC', 'Xbox Series X|S']),
    section: 'games',
    tags: ['indie', 'pc-gaming', 'xbox'],
    format: 'ten',
    hook: 'It is a small narrative adventure in which you play a lighthouse radio operator, tuning into distress calls to reconstruct the night a ship went down.',
    praise: 'The radio puzzle at its core is brilliant: you scrub through static, cross-reference voices and slowly build a timeline on a corkboard. The voice acting is superb, and the story lands a final revelation that recontextualises everything.',
    gripe: 'A few puzzles demand pixel-perfect tuning, and at around five hours it ends just as it hits its stride.',
    pros: ['An ingenious radio-tuning mechanic', 'Superb voice acting', 'A powerful final twist'],
    cons: ['Occasionally fiddly puzzles', 'Over too soon'],
    summary: 'Salt & Signal is a short, haunting mystery with one of the cleverest ideas of the year. Do not let it slip past you.',
    reviews: [{ score: 8.6, on: 'PC', authors: ['priya-raman'], days: 0, awards: ['hidden-gem'] }]
  }
]
