/**
 * Sections, tags and the (invented) staff of the demo publication, with avatar images.
 * Every name and biography here is sample data.
 */
import { image } from './helpers.js'
import type { SeedAuthor, SeedMedia, SeedSection, SeedTag } from './types.js'

export const sections: SeedSection[] = [
  { slug: 'movies', name: 'Movies', description: 'Film reviews, festival coverage and the business of cinema.', position: 0 },
  { slug: 'games', name: 'Games', description: 'Reviews, previews, guides and news from every platform.', position: 1 },
  { slug: 'tv', name: 'TV', description: 'Series reviews, season recaps and what is worth streaming.', position: 2 },
  { slug: 'tech', name: 'Tech', description: 'Consoles, controllers, headsets and the rest of the hardware on your desk.', position: 3 },
  { slug: 'podcasts', name: 'Podcasts', description: 'Weekly shows from the Byline team, with full audio.', position: 4 },
  { slug: 'features', name: 'Features', description: 'Longer reads, opinion, books, music and everything in between.', position: 5 }
]

const TAG_NAMES = [
  'Science Fiction', 'Romance', 'Drama', 'Horror', 'Comedy', 'Action', 'Thriller', 'Animation',
  'Documentary', 'Shooter', 'RPG', 'Indie', 'Strategy', 'Racing', 'PlayStation', 'Xbox',
  'Nintendo', 'PC Gaming', 'VR', 'Accessories', 'Audio', 'Film Festivals', 'Best Of',
  'Game of the Year', 'Streaming', 'Board Games', 'Books', 'Soundtracks', 'Retro'
] as const

const TAG_SLUGS: Record<string, string> = { 'Science Fiction': 'sci-fi', RPG: 'rpg', VR: 'vr', 'PC Gaming': 'pc-gaming' }

export const tags: SeedTag[] = TAG_NAMES.map((name) => ({
  slug: TAG_SLUGS[name] ?? name.toLowerCase().replace(/ /g, '-'),
  name
}))

interface StaffMember {
  slug: string
  name: string
  jobTitle: string
  bio: string
  handle: string
}

const STAFF: StaffMember[] = [
  {
    slug: 'marcus-ellery',
    name: 'Marcus Ellery',
    jobTitle: 'Senior Film Critic',
    bio: 'Marcus has reviewed films for Byline since the site launched. He will watch anything with a synth score and has strong opinions about aspect ratios.',
    handle: 'marcusellery'
  },
  {
    slug: 'priya-raman',
    name: 'Priya Raman',
    jobTitle: 'Executive Editor, Games',
    bio: 'Priya runs the games desk and co-hosts the Pixels & Ink podcast. Her backlog is longer than most RPGs, which is saying something.',
    handle: 'priyaplays'
  },
  {
    slug: 'tomasz-kowal',
    name: 'Tomasz Kowal',
    jobTitle: 'Hardware Editor',
    bio: 'Tomasz tests consoles, controllers and headsets until they break, then writes about why. He owns more USB-C cables than anyone should.',
    handle: 'tkowal'
  },
  {
    slug: 'dana-whitfield',
    name: 'Dana Whitfield',
    jobTitle: 'TV Critic',
    bio: 'Dana covers prestige drama, animation and the occasional reality show she will not admit to enjoying. She grades on a curve and says so.',
    handle: 'danawatches'
  },
  {
    slug: 'jonah-brightwater',
    name: 'Jonah Brightwater',
    jobTitle: 'Reviews Editor',
    bio: 'Jonah edits every review before it goes live and still finds time to play too much strategy. He believes every game is ten hours too long.',
    handle: 'jbrightwater'
  },
  {
    slug: 'aiko-tanaka',
    name: 'Aiko Tanaka',
    jobTitle: 'Senior Games Critic',
    bio: 'Aiko writes about action games, VR and Japanese releases, and translates the occasional developer interview. She has finished every Souls-like at least twice.',
    handle: 'aikotanaka'
  },
  {
    slug: 'layla-haddad',
    name: 'Layla Haddad',
    jobTitle: 'Features Writer',
    bio: 'Layla writes long-form pieces about the people who make films and games. Before Byline she worked as a radio producer.',
    handle: 'laylawrites'
  },
  {
    slug: 'ben-okafor',
    name: 'Ben Okafor',
    jobTitle: 'Podcast Host & Producer',
    bio: 'Ben hosts and edits the Pixels & Ink podcast every week. He has recorded in cupboards, cars and, once, a very echoey stairwell.',
    handle: 'benokafor'
  },
  {
    slug: 'sofia-marin',
    name: 'Sofia Marín',
    jobTitle: 'News Editor',
    bio: 'Sofia leads the news desk across film, games and tech. She is usually the first to know and the last to speculate.',
    handle: 'sofiamarin'
  },
  {
    slug: 'rhys-calloway',
    name: 'Rhys Calloway',
    jobTitle: 'Contributing Film Critic',
    bio: 'Rhys covers the festival circuit for Byline, from Sundance to Busan. He keeps a spreadsheet of every film he has seen since 2009.',
    handle: 'rhyscalloway'
  }
]

export const authorMedia: SeedMedia[] = STAFF.map((s) =>
  image(`med-avatar-${s.slug}`, `avatars/${s.slug}`, `Portrait of ${s.name}`, `${s.name}, ${s.jobTitle}`, 'Byline staff photo', 512, 512))

export const authors: SeedAuthor[] = STAFF.map((s) => ({
  slug: s.slug,
  name: s.name,
  jobTitle: s.jobTitle,
  bio: s.bio,
  avatar: `med-avatar-${s.slug}`,
  social: { mastodon: `https://social.byline.example/@${s.handle}` }
}))
