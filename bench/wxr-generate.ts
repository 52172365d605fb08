/**
 * A realistic WordPress export (WXR 1.2) of a review publication, for bench:import:
 * `tsx bench/wxr-generate.ts --posts 100000 --out /tmp/x.xml [--seed 1]`.
 *
 * Deterministic from the seed (one small PRNG drives every choice), and streamed to the
 * file item by item: a 100,000-post export is about a gigabyte, which is the point of the
 * benchmark and no reason to hold it in memory. Each post is followed by its featured
 * image's attachment, in id order, as WordPress writes them.
 *
 * The mix is what a review site's archive looks like after fifteen years: classic-editor
 * posts before 2019 and mostly Gutenberg after, reviews whose verdicts sit in three places
 * (WP Review postmeta, a Spectra review block, a theme's "Final Thoughts" box that only the
 * mapping file written next to the export can read), podcasts with enclosures, Yoast
 * fields, comments, co-authors, drafts without dates or slugs, a few duplicate slugs, a few
 * scores that contradict their scale, and `]]>` inside a body. `generateWxr` returns what
 * it wrote so the runner can check the import's report against it.
 */
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { stat, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { stringify as toYaml } from 'yaml'
import { isEntryPoint } from '../src/paths.js'

export interface GenerateOptions {
  posts?: number
  seed?: number
  /** Where the mapping file goes (default: next to the export, `<name>.mapping.yaml`). */
  mappingPath?: string
}

/** What the file holds, by the generator's own count: what a correct import reports. */
export interface GenerateResult {
  path: string
  mappingPath: string
  bytes: number
  posts: number
  items: number
  attachments: number
  comments: number
  byStatus: Record<string, number>
  /** Posts whose verdict is in each place (the keys of the import report's `reviews`). */
  reviews: { 'wp-review': number, block: number, selector: number }
  podcasts: number
  gutenberg: number
  classic: number
  /** Posts given another post's slug on purpose. */
  duplicateSlugs: number
  /** Drafts and pending posts exported without a slug (WordPress leaves post_name empty until publishing). */
  emptySlugs: number
  /** WP Review totals off their scale on purpose (a `star` review with 80.5): each is a score conflict. */
  offScale: number
  /** Bodies containing `]]>`, which CDATA must split. */
  cdataSplits: number
  coAuthored: number
  durationMs: number
}

const SITE = 'https://archive.example.com'
const UPLOADS = `${SITE}/wp-content/uploads`
const MEDIA_HOST = 'https://media.archive.example.com'
// The site's clock in WordPress's settings ("UTC-5"): post_date is local, post_date_gmt UTC.
const SITE_OFFSET_MS = -5 * 3600_000
const FIRST_POST = Date.UTC(2010, 0, 4, 9)
const EXPORTED = Date.UTC(2026, 5, 1, 12)
const GUTENBERG_FROM = Date.UTC(2018, 11, 6)

// ---------------------------------------------------------------- randomness

/** mulberry32: small, fast, and the same sequence on every machine for a seed. */
function prng (seed: number) {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  const chance = (p: number) => next() < p
  /** Skewed to the front of the list: a few authors and tags carry most posts, as on a real site. */
  const skewed = <T>(list: readonly T[]): T => list[Math.floor(list.length * next() ** 2.2)]!
  const some = <T>(list: readonly T[], count: number): T[] => {
    const out = new Set<T>()
    while (out.size < Math.min(count, list.length)) out.add(skewed(list))
    return [...out]
  }
  const hex = (length: number) => Array.from({ length }, () => int(0, 15).toString(16)).join('')
  return { next, int, pick, chance, skewed, some, hex }
}
type Rng = ReturnType<typeof prng>

// ---------------------------------------------------------------- vocabulary

const FIRST = ['Alex', 'Sam', 'Jordan', 'Maya', 'Chris', 'Priya', 'Dana', 'Marcus', 'Elena', 'Tom', 'Aisha', 'Ben', 'Chloé',
  'David', 'Fatima', 'Gabriel', 'Hannah', 'Ivan', 'Jess', 'Kenji', 'Laura', 'Mateo', 'Nina', 'Owen', 'Paula', 'Quinn', 'Rosa',
  'Søren', 'Tara', 'Uma', 'Victor', 'Wen', 'Yusuf', 'Zoë', 'José', 'Leah', 'Ravi', 'Ingrid', 'Noah', 'Olivia']
const LAST = ['Martinez', 'Okafor', 'Lindqvist', 'Chen', 'Walsh', 'Patel', 'Kowalski', 'Dubois', 'Nakamura', 'Reyes', 'Fischer',
  'O\'Brien', 'Álvarez', 'Haddad', 'Novak', 'Brennan', 'Moreau', 'Sato', 'Keller', 'Ibáñez', 'Lund', 'Abbott', 'Gallagher',
  'Petrov', 'Mensah', 'Rossi', 'Weber', 'Costa', 'Park', 'Hughes', 'Silva', 'Byrne', 'Yılmaz', 'Dunn', 'Ferreira', 'Grant',
  'Holm', 'Iqbal', 'Jansen', 'Kaur']

interface Category { id: number, slug: string, name: string, parent: string, description: string }
const CATEGORIES: Category[] = [
  { id: 1, slug: 'uncategorized', name: 'Uncategorized', parent: '', description: '' },
  { id: 2, slug: 'news', name: 'News', parent: '', description: 'The day\'s news in film, games, TV and tech.' },
  { id: 3, slug: 'features', name: 'Features', parent: '', description: 'Long reads, essays and retrospectives.' },
  { id: 4, slug: 'reviews', name: 'Reviews', parent: '', description: 'Everything we review.' },
  { id: 5, slug: 'movie-reviews', name: 'Movie Reviews', parent: 'reviews', description: 'Films in cinemas and on streaming.' },
  { id: 6, slug: 'game-reviews', name: 'Game Reviews', parent: 'reviews', description: 'Console, PC and mobile games.' },
  { id: 7, slug: 'tv-reviews', name: 'TV Reviews', parent: 'reviews', description: 'Series, seasons and specials.' },
  { id: 8, slug: 'hardware', name: 'Hardware', parent: '', description: 'Consoles, PCs, phones, headsets & displays.' },
  { id: 9, slug: 'podcasts', name: 'Podcasts', parent: '', description: 'The weekly show.' },
  { id: 10, slug: 'interviews', name: 'Interviews', parent: 'features', description: '' },
  { id: 11, slug: 'guides', name: 'Guides', parent: '', description: 'Walkthroughs, buying guides and how-tos.' },
  { id: 12, slug: 'console-news', name: 'Console News', parent: 'news', description: '' }
]
const CATEGORY = Object.fromEntries(CATEGORIES.map((c) => [c.slug, c])) as Record<string, Category>

const TAG_BASES = ['PlayStation 5', 'PlayStation 4', 'Xbox Series X', 'Xbox One', 'Nintendo Switch', 'PC', 'Steam Deck', 'iOS',
  'Android', 'VR', 'Netflix', 'HBO', 'Disney+', 'Apple TV+', 'Prime Video', 'Hulu', 'Horror', 'Comedy', 'Drama', 'Sci-Fi',
  'Fantasy', 'Thriller', 'Documentary', 'Animation', 'RPG', 'FPS', 'Roguelike', 'Platformer', 'Strategy', 'Racing', 'Sports',
  'Indie', 'Open World', 'Soulslike', 'Metroidvania', 'Co-op', 'Multiplayer', 'Esports', 'Trailers', 'Box Office', 'Awards',
  'Oscars', 'Emmys', 'Cannes', 'Sundance', 'TIFF', 'E3', 'Gamescom', 'CES', 'Summer Game Fest', 'GPUs', 'CPUs', 'Monitors',
  'Headsets', 'Keyboards', 'Mice', 'Laptops', 'Phones', 'Tablets', 'Smartwatches', 'TVs', 'Soundbars', 'Streaming', 'Anime',
  'Pokémon', 'Star Wars', 'Marvel', 'DC', 'Zelda', 'Mario', 'Final Fantasy', 'Resident Evil', 'Call of Duty', 'Halo',
  'The Witcher', 'Mass Effect', 'Remasters', 'Early Access', 'Delays', 'Layoffs', 'Acquisitions', 'Rumours', 'Leaks',
  'Deals', 'Black Friday', 'Retro', 'Preservation', 'Accessibility', 'Game Pass', 'PS Plus', 'Crunch', 'Unions',
  'Film Festivals', 'Streaming Wars', 'Live Service', 'Microtransactions', 'Mods', 'Speedrunning', 'Q&A', 'Best Of']
const SYLLABLES = ['kor', 'va', 'lin', 'tha', 'mor', 'ex', 'sil', 'dra', 'nov', 'qua', 'rel', 'zan', 'bri', 'ost', 'ume',
  'kel', 'par', 'ion', 'ath', 'ric', 'sol', 'ven', 'ta', 'gro']
const ADJECTIVES = ['bold', 'uneven', 'gorgeous', 'messy', 'ambitious', 'quiet', 'relentless', 'clever', 'hollow', 'brilliant',
  'tense', 'overlong', 'charming', 'clumsy', 'confident', 'slick', 'strange', 'tender', 'loud', 'patient', 'generous',
  'familiar', 'fresh', 'muddled', 'precise', 'sprawling', 'lean', 'handsome', 'glacial', 'frantic']
const NOUNS = ['story', 'campaign', 'score', 'cast', 'combat', 'pacing', 'finale', 'world', 'script', 'soundtrack', 'lead',
  'director', 'studio', 'sequel', 'premise', 'second act', 'map', 'boss fight', 'frame rate', 'battery', 'display', 'hinge',
  'keyboard', 'trackpad', 'speaker', 'controller', 'menu', 'hub world', 'season', 'pilot', 'ensemble', 'villain', 'camera',
  'production design', 'budget', 'price', 'port', 'patch', 'launch', 'trailer']
const VERBS = ['carries', 'undercuts', 'rewards', 'wastes', 'elevates', 'stretches', 'sharpens', 'buries', 'earns', 'drags',
  'lifts', 'complicates', 'sells', 'muddies', 'anchors', 'outstays', 'redeems', 'squanders', 'frames', 'echoes']
const ADVERBS = ['never quite', 'almost always', 'rarely', 'too often', 'for once', 'eventually', 'somehow', 'mostly',
  'in the end', 'at its best']
const CONNECTORS = ['Still,', 'Even so,', 'Meanwhile,', 'For the most part,', 'To its credit,', 'Worse,', 'Happily,',
  'In practice,', 'On paper,', 'By the third hour,', 'By the end,', 'Crucially,']
const OPENINGS = ['It is hard to talk about', 'There is a moment in', 'Nobody asked for', 'Few releases this year match',
  'It took eight years to get', 'Fans have waited a long time for', 'The first thing you notice about', 'On the surface,']
const FILM_WORDS = ['Midnight', 'Harbor', 'Echo', 'Paper', 'Glass', 'River', 'Ashes', 'Orchard', 'Signal', 'Winter', 'Iron',
  'Velvet', 'Salt', 'Lantern', 'Hollow', 'Crown', 'Static', 'Ember', 'Meridian', 'Tide', 'Atlas', 'Cipher', 'Fable', 'Nomad']
const FILM_TAILS = ['Line', 'House', 'Garden', 'City', 'Protocol', 'Summer', 'Road', 'Light', 'Machine', 'Kingdom', 'Hours',
  'Files', 'Letters', 'Children', 'Sky', 'Frontier', 'Season', 'Saga']
const BRANDS = ['Vantix', 'Korvo', 'Halden', 'Lumira', 'Axon', 'Pixelle', 'Stratus', 'Nordcore', 'Quillo', 'Tessera']
const PRODUCTS = ['Pro', 'Air', 'Ultra', 'Max', 'Mini', 'X', 'Studio', 'Edge', 'One', 'Plus']
const HARDWARE_KINDS = ['headset', 'monitor', 'keyboard', 'laptop', 'phone', 'controller', 'GPU', 'mouse', 'soundbar', 'tablet']
const SUB_RATINGS: Record<string, string[]> = {
  film: ['Story', 'Acting', 'Direction', 'Cinematography', 'Score', 'Rewatchability'],
  game: ['Gameplay', 'Graphics', 'Sound', 'Story', 'Replay value', 'Performance', 'Co-op — online'],
  tv: ['Writing', 'Cast', 'Pacing', 'Production', 'Ending'],
  hardware: ['Design', 'Performance', 'Battery', 'Value (£/€)', 'Build quality', 'Software']
}
const PROS = ['A stunning, confident opening hour', 'Sharp writing & a terrific lead', 'Rock-solid performance',
  'Gorgeous art direction', 'Smart, generous accessibility options', 'A soundtrack you will hum for weeks',
  'Excellent battery life', 'Comfortable for long sessions', 'Tight, responsive controls', 'Funny without trying too hard',
  'A finale that earns its tears', 'Great value at launch price', 'Thoughtful quality-of-life features', 'Bright, sharp display']
const CONS = ['Drags badly in the middle', 'Frame-rate dips in busy scenes', 'A villain with nothing to do', 'Overpriced at launch',
  'The ending fumbles the landing', 'Menus are a maze', 'Stiff hinge & creaky plastics', 'Too many fetch quests',
  'Thin supporting characters', 'Software feels unfinished', 'Loud fans under load', 'Predictable twists']
const VERDICT_LINES = ['A flawed but fascinating piece of work that rewards patience.', 'Easy to recommend, hard to love.',
  'The best thing of its kind in years — go in blind if you can.', 'Competent, handsome, and instantly forgettable.',
  'Ambitious to a fault, but the highs are very high.', 'A safe sequel that knows exactly what fans want.',
  'Worth it for the last act alone.', 'Hard to recommend at full price; wait for a sale.']
const COMMENTERS = ['gamer_dad_77', 'Filmbuff', 'Maria S.', 'anon', 'Kev', 'retro_rachel', 'Thomas', 'pixelpusher', 'Jo', 'Ahmed']

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const slugify = (text: string) => text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
  .replace(/&amp;|&/g, ' ').replace(/['’]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

// ---------------------------------------------------------------- XML and PHP

/** As WordPress's wxr_cdata(): a `]]>` inside the value is split across two sections. */
const cdata = (value: string) => `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`
const xmlText = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** PHP serialize() of what postmeta holds: strings count UTF-8 bytes, as PHP does. */
type Php = string | number | PhpFloat | PhpList | PhpMap
class PhpFloat { constructor (readonly text: string) {} }
class PhpList { constructor (readonly items: Php[]) {} }
class PhpMap { constructor (readonly entries: Array<[string, Php]>) {} }
function php (value: Php): string {
  if (typeof value === 'string') return `s:${Buffer.byteLength(value)}:"${value}";`
  if (typeof value === 'number') return `i:${value};`
  if (value instanceof PhpFloat) return `d:${value.text};`
  const entries: Array<[string | number, Php]> = value instanceof PhpList ? value.items.map((v, i) => [i, v]) : value.entries
  return `a:${entries.length}:{${entries.map(([k, v]) => `${typeof k === 'number' ? `i:${k};` : php(k)}${php(v)}`).join('')}}`
}

const pad = (n: number) => String(n).padStart(2, '0')
const wpDate = (ms: number) => {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const rfc2822 = (ms: number) => {
  const d = new Date(ms)
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
}
const ymPath = (ms: number) => `${new Date(ms).getUTCFullYear()}/${pad(new Date(ms).getUTCMonth() + 1)}`

/** Gutenberg's serializeAttributes(): JSON with the characters that could end or confuse a comment escaped. */
const blockAttrs = (attrs: Record<string, unknown>) => Object.keys(attrs).length === 0
  ? ''
  : `${JSON.stringify(attrs).replace(/--/g, '\\u002d\\u002d').replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\\"/g, '\\u0022')} `
const block = (name: string, attrs: Record<string, unknown>, html: string) => `<!-- wp:${name} ${blockAttrs(attrs)}-->\n${html}\n<!-- /wp:${name} -->`

// ---------------------------------------------------------------- the site

interface Author { id: number, login: string, email: string, first: string, last: string }
interface Tag { id: number, slug: string, name: string }
interface Site { authors: Author[], tags: Tag[] }

function site (rng: Rng): Site {
  const authors: Author[] = [{ id: 1, login: 'admin', email: 'webmaster@archive.example.com', first: '', last: '' }]
  const logins = new Set(['admin'])
  while (authors.length < 40) {
    const first = rng.pick(FIRST)
    const last = rng.pick(LAST)
    const login = slugify(`${first.charAt(0)}${last}`).replace(/-/g, '')
    if (logins.has(login)) continue
    logins.add(login)
    authors.push({ id: authors.length + 1, login, email: `${login}@archive.example.com`, first, last })
  }
  const names = new Map<string, string>()
  for (const base of TAG_BASES) names.set(slugify(base), base)
  // Franchises and studios the site covered once and never again: the long tail of any tag list.
  while (names.size < 300) {
    const name = capitalize(rng.pick(SYLLABLES) + rng.pick(SYLLABLES) + (rng.chance(0.5) ? rng.pick(SYLLABLES) : '')) +
      (rng.chance(0.3) ? ` ${rng.int(2, 5)}` : '')
    names.set(slugify(name), name)
  }
  const tags = [...names].map(([slug, name], i) => ({ id: CATEGORIES.length + 1 + i, slug, name }))
  return { authors, tags }
}

// ---------------------------------------------------------------- text

function sentence (rng: Rng, subject: string): string {
  const n = () => rng.pick(NOUNS)
  const forms = [
    () => `The ${n()} ${rng.pick(VERBS)} the ${n()}, and the ${rng.pick(ADJECTIVES)} ${n()} ${rng.pick(ADVERBS)} ${rng.pick(VERBS)} it.`,
    () => `${rng.pick(CONNECTORS)} the ${n()} is ${rng.pick(ADJECTIVES)} in a way the ${n()} ${rng.pick(ADVERBS)} manages to be.`,
    () => `${rng.pick(OPENINGS)} ${subject} without mentioning its ${rng.pick(ADJECTIVES)} ${n()}.`,
    () => `What ${rng.pick(ADVERBS)} works is the ${n()}: ${rng.pick(ADJECTIVES)}, ${rng.pick(ADJECTIVES)} and ${rng.pick(ADVERBS)} ${rng.pick(ADJECTIVES)}.`,
    () => `It ${rng.pick(VERBS)} the ${n()} — and ${rng.pick(ADVERBS)} ${rng.pick(VERBS)} the ${n()} too.`,
    () => `“${capitalize(rng.pick(ADJECTIVES))} is the word,” as one ${n()} puts it, and the ${n()} ${rng.pick(VERBS)} that.`,
    () => `${capitalize(rng.pick(ADVERBS))}, the ${n()} feels ${rng.pick(ADJECTIVES)} rather than ${rng.pick(ADJECTIVES)}.`,
    () => `After ${rng.int(2, 40)} hours, the ${n()} & the ${n()} still feel ${rng.pick(ADJECTIVES)}.`
  ]
  return rng.pick(forms)()
}

/** A paragraph's HTML: sentences with the odd link, emphasis and entity an editor leaves. */
function paragraph (rng: Rng, subject: string): string {
  const count = rng.int(6, 10)
  const parts: string[] = []
  for (let i = 0; i < count; i++) {
    let s = escapeHtml(sentence(rng, subject))
    if (rng.chance(0.06)) s = s.replace(/the (\w+)/, (_, w: string) => `the <a href="${SITE}/tag/${w}/">${w}</a>`)
    else if (rng.chance(0.06)) s = s.replace(/(\w{6,})/, '<em>$1</em>')
    else if (rng.chance(0.04)) s = s.replace(/(\w{6,})/, '<strong>$1</strong>')
    parts.push(s)
  }
  return parts.join(rng.chance(0.03) ? '&nbsp; ' : ' ')
}

// ---------------------------------------------------------------- posts

type Kind = 'film' | 'game' | 'tv' | 'hardware'
type VerdictPlace = 'wp-review' | 'block' | 'selector'
type Flavor = { type: 'review', kind: Kind, place: VerdictPlace } | { type: 'podcast' } | { type: 'article', category: string }

const REVIEW_CATEGORY: Record<Kind, string> = { film: 'movie-reviews', game: 'game-reviews', tv: 'tv-reviews', hardware: 'hardware' }
const SCHEMA: Record<Kind, string> = { film: 'Movie', game: 'Game', tv: 'TVSeries', hardware: 'Product' }

function flavor (rng: Rng): Flavor {
  const r = rng.next()
  if (r < 0.45) {
    const k = rng.next()
    const kind: Kind = k < 0.35 ? 'film' : k < 0.7 ? 'game' : k < 0.85 ? 'tv' : 'hardware'
    const p = rng.next()
    return { type: 'review', kind, place: p < 0.5 ? 'wp-review' : p < 0.75 ? 'block' : 'selector' }
  }
  if (r < 0.5) return { type: 'podcast' }
  const c = rng.next()
  const category = c < 0.5 ? 'news' : c < 0.68 ? 'features' : c < 0.76 ? 'console-news' : c < 0.83 ? 'hardware' : c < 0.89 ? 'interviews' : c < 0.95 ? 'guides' : 'uncategorized'
  return { type: 'article', category }
}

function subjectName (rng: Rng, kind: Kind): string {
  switch (kind) {
    case 'film': return rng.chance(0.4) ? `The ${rng.pick(FILM_WORDS)} ${rng.pick(FILM_TAILS)}` : `${rng.pick(FILM_WORDS)} ${rng.pick(FILM_TAILS)}`
    case 'game': return `${rng.pick(FILM_WORDS)}${rng.pick(['', ' II', ' 3', ': Rebirth', ' Remastered', ' Tactics', ' Origins'])}`
    case 'tv': return `${rng.pick(FILM_WORDS)} ${rng.pick(FILM_TAILS)} Season ${rng.int(1, 6)}`
    case 'hardware': return `${rng.pick(BRANDS)} ${rng.pick(PRODUCTS)} ${rng.int(2, 9)}${rng.pick(['', '0', ' Pro'])} ${rng.pick(HARDWARE_KINDS)}`
  }
}

function reviewTitle (rng: Rng, subject: string): string {
  const year = rng.int(2010, 2026)
  return rng.pick([
    `${subject} Review`, `${subject} review`, `Review: ${subject}`, `${subject} Review – ${capitalize(rng.pick(ADJECTIVES))} and ${rng.pick(ADJECTIVES)}`,
    `${subject} (${year}) Review`, `${subject} Review: The ${rng.pick(NOUNS)} ${rng.pick(VERBS)} everything`
  ])
}

function articleTitle (rng: Rng, category: string): string {
  const thing = `${rng.pick(FILM_WORDS)} ${rng.pick(FILM_TAILS)}`
  const t = rng.pick(TAG_BASES)
  switch (category) {
    case 'features': return rng.pick([`Why ${thing} Still Matters`, `The ${capitalize(rng.pick(ADJECTIVES))} Legacy of ${thing}`, `${rng.int(5, 25)} Years of ${t}: A Retrospective`])
    case 'interviews': return `“We ${rng.pick(VERBS)} the ${rng.pick(NOUNS)}”: ${rng.pick(FIRST)} ${rng.pick(LAST)} on ${thing}`
    case 'guides': return rng.pick([`How to Get Started in ${thing}`, `The Best ${t} Deals Right Now`, `${thing}: Every ${capitalize(rng.pick(NOUNS))} Explained`])
    default: return rng.pick([`${thing} Delayed to ${rng.int(2011, 2031)}`, `${t} Sales Top ${rng.int(2, 90)} Million`, `${thing} Gets a New Trailer`,
      `${rng.pick(BRANDS)} Announces ${rng.pick(PRODUCTS)} ${rng.pick(HARDWARE_KINDS)}`, `Report: ${thing} Sequel in the Works`, `${t} Update Adds ${capitalize(rng.pick(NOUNS))} Mode`])
  }
}

interface Image { id: number, url: string, large: string, width: number, height: number, alt: string, caption: string, file: string, filesize: number }

function image (rng: Rng, id: number, slug: string, date: number, subject: string): Image {
  const [width, height] = rng.pick([[1920, 1080], [1920, 1080], [1600, 900], [2560, 1440], [1200, 675], [1280, 720]] as const)
  const ext = rng.chance(0.85) ? 'jpg' : rng.chance(0.6) ? 'png' : 'webp'
  const name = `${slug.slice(0, 60)}-${rng.pick(['hero', 'header', 'featured', 'screenshot', 'still'])}`
  const file = `${ymPath(date)}/${name}.${ext}`
  const lw = 1024
  const lh = Math.round(height * lw / width)
  return {
    id,
    url: `${UPLOADS}/${file}`,
    large: `${UPLOADS}/${ymPath(date)}/${name}-${lw}x${lh}.${ext}`,
    width,
    height,
    alt: rng.chance(0.75) ? `${subject}: ${rng.pick(['key art', 'a screenshot', 'a still', 'press image', 'the cast'])}` : '',
    caption: rng.chance(0.4) ? `${subject}. Image: ${rng.pick(BRANDS)} Press` : '',
    file,
    filesize: rng.int(80_000, 900_000)
  }
}

function imageMeta (img: Image): string {
  const ext = img.file.slice(img.file.lastIndexOf('.') + 1)
  const mime = ext === 'jpg' ? 'image/jpeg' : `image/${ext}`
  const base = img.file.slice(img.file.lastIndexOf('/') + 1, img.file.lastIndexOf('.'))
  const size = (w: number, h: number) => new PhpMap([['file', `${base}-${w}x${h}.${ext}`], ['width', w], ['height', h], ['mime-type', mime], ['filesize', Math.round(img.filesize * w / img.width)]])
  const h = (w: number) => Math.round(img.height * w / img.width)
  return php(new PhpMap([
    ['width', img.width], ['height', img.height], ['file', img.file], ['filesize', img.filesize],
    ['sizes', new PhpMap([['medium', size(300, h(300))], ['thumbnail', size(150, 150)], ['medium_large', size(768, h(768))], ['large', size(1024, h(1024))]])],
    ['image_meta', new PhpMap([['aperture', '0'], ['credit', ''], ['camera', ''], ['caption', ''], ['created_timestamp', '0'], ['copyright', ''],
      ['focal_length', '0'], ['iso', '0'], ['shutter_speed', '0'], ['title', ''], ['orientation', '0'], ['keywords', new PhpList([])]])]
  ]))
}

/** A body: 3–12 paragraphs with headings, the featured image placed, a list, a quote, an embed. */
function body (rng: Rng, gutenberg: boolean, subject: string, img: Image, extra: { audio?: string, cdata: boolean }): string {
  const out: string[] = []
  // Most posts are short; a long tail runs to a dozen paragraphs.
  const paragraphs = 3 + Math.floor(10 * rng.next() ** 1.5)
  const imageAt = rng.chance(0.6) ? rng.int(0, Math.min(2, paragraphs - 1)) : -1
  const headingEvery = rng.int(3, 5)
  const p = (html: string) => gutenberg ? block('paragraph', {}, `<p>${html}</p>`) : html
  if (extra.audio !== undefined) {
    out.push(gutenberg
      ? block('audio', {}, `<figure class="wp-block-audio"><audio controls src="${extra.audio}"></audio></figure>`)
      : `[audio mp3="${extra.audio}"][/audio]`)
  }
  for (let i = 0; i < paragraphs; i++) {
    if (i > 0 && i % headingEvery === 0) {
      const text = escapeHtml(`${capitalize(rng.pick(ADJECTIVES))} ${rng.pick(NOUNS)}, ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`)
      const level = rng.chance(0.8) ? 2 : 3
      out.push(gutenberg ? block('heading', level === 2 ? {} : { level }, `<h${level} class="wp-block-heading">${text}</h${level}>`) : `<h${level}>${text}</h${level}>`)
    }
    out.push(p(paragraph(rng, escapeHtml(subject))))
    if (i === imageAt) out.push(bodyImage(rng, gutenberg, img))
    if (i === 1 && rng.chance(0.25)) out.push(list(rng, gutenberg, subject))
    if (i === 2 && rng.chance(0.15)) out.push(quote(rng, gutenberg, subject))
    if (i === 0 && rng.chance(0.08)) out.push(embed(rng, gutenberg))
    if (i === 0 && !gutenberg && paragraphs > 4 && rng.chance(0.3)) out.push('<!--more-->')
  }
  if (extra.cdata) {
    // An editor pasting code: the one way `]]>` reaches a real post, and CDATA must survive it.
    const code = 'if (grid[row[0]]> limit) { respawn(); }'
    out.push(gutenberg ? block('code', {}, `<pre class="wp-block-code"><code>${code}</code></pre>`) : `<code>${code}</code>`)
  }
  return out.join('\n\n')
}

function bodyImage (rng: Rng, gutenberg: boolean, img: Image): string {
  const lh = Math.round(img.height * 1024 / img.width)
  const alt = escapeHtml(img.alt)
  const caption = escapeHtml(img.caption)
  if (gutenberg) {
    const attrs = { id: img.id, sizeSlug: 'large', linkDestination: 'none' }
    return block('image', attrs, `<figure class="wp-block-image size-large"><img src="${img.large}" alt="${alt}" class="wp-image-${img.id}"/>${caption === '' ? '' : `<figcaption class="wp-element-caption">${caption}</figcaption>`}</figure>`)
  }
  const tag = `<img class="${caption === '' ? 'aligncenter ' : ''}size-large wp-image-${img.id}" src="${img.large}" alt="${alt}" width="1024" height="${lh}" />`
  if (caption !== '' && rng.chance(0.8)) return `[caption id="attachment_${img.id}" align="aligncenter" width="1024"]${tag} ${caption}[/caption]`
  return tag
}

function list (rng: Rng, gutenberg: boolean, subject: string): string {
  const items = Array.from({ length: rng.int(3, 6) }, () => escapeHtml(capitalize(`${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} in ${subject}`)))
  const ordered = rng.chance(0.25)
  const tag = ordered ? 'ol' : 'ul'
  if (!gutenberg) return `<${tag}>\n${items.map((i) => `\t<li>${i}</li>`).join('\n')}\n</${tag}>`
  const inner = items.map((i) => block('list-item', {}, `<li>${i}</li>`)).join('\n\n')
  return block('list', ordered ? { ordered: true } : {}, `<${tag} class="wp-block-list">${inner}</${tag}>`)
}

function quote (rng: Rng, gutenberg: boolean, subject: string): string {
  const text = escapeHtml(sentence(rng, subject))
  const cite = escapeHtml(`${rng.pick(FIRST)} ${rng.pick(LAST)}`)
  if (!gutenberg) return `<blockquote>${text}\n\n— ${cite}</blockquote>`
  return block('quote', {}, `<blockquote class="wp-block-quote">${block('paragraph', {}, `<p>${text}</p>`)}<cite>${cite}</cite></blockquote>`)
}

function embed (rng: Rng, gutenberg: boolean): string {
  const url = `https://www.youtube.com/watch?v=${rng.hex(11)}`
  if (!gutenberg) return url
  return block('embed', { url, type: 'video', providerNameSlug: 'youtube', responsive: true, className: 'wp-embed-aspect-16-9 wp-has-aspect-ratio' },
    `<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube wp-embed-aspect-16-9 wp-has-aspect-ratio"><div class="wp-block-embed__wrapper">\n${url}\n</div></figure>`)
}

// ---------------------------------------------------------------- verdicts

interface Meta { key: string, value: string }

const step = (rng: Rng, min: number, max: number, by: number) => Math.round((min + rng.next() * (max - min)) / by) * by
const fmt = (n: number, places: number) => Number(n.toFixed(places)).toString()

function prosCons (rng: Rng): { pros: string[], cons: string[] } {
  return { pros: rng.some(PROS, rng.int(2, 4)), cons: rng.some(CONS, rng.int(1, 3)) }
}
const htmlList = (items: string[]) => `<ul>\n${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('\n')}\n</ul>`

/** WP Review's postmeta: the total as the plugin stores it, sub-ratings serialized, description and lists as HTML. */
function wpReviewMeta (rng: Rng, kind: Kind, subject: string, offScale: boolean): Meta[] {
  const type = rng.pick(['point', 'point', 'star', 'percentage'] as const)
  const [max, by, places] = type === 'point' ? [10, 0.1, 1] : type === 'star' ? [5, 0.5, 1] : [100, 1, 0]
  const labels = rng.some(SUB_RATINGS[kind]!, rng.int(2, 4))
  const values = labels.map(() => step(rng, max * 0.4, max, by))
  const total = values.reduce((a, b) => a + b, 0) / values.length
  // The plugin saves what its settings' rounding gave: on the scale's step.
  const shownTotal = offScale ? '80.5' : fmt(Math.round(total / by) * by, places)
  const items = new PhpList(labels.map((label, i) => new PhpMap([
    ['id', `${rng.hex(8)}-${rng.hex(4)}`],
    ['wp_review_item_title', label],
    // Some installs saved floats, which PHP writes with all their noise.
    ['wp_review_item_star', rng.chance(0.1) && type === 'point' ? new PhpFloat(values[i]!.toPrecision(51).replace(/\.?0+$/, '')) : fmt(values[i]!, places)],
    ['wp_review_item_color', ''],
    ['wp_review_item_inactive_color', '']
  ])))
  const { pros, cons } = prosCons(rng)
  return [
    { key: 'wp_review_schema', value: SCHEMA[kind] },
    { key: 'wp_review_heading', value: subject },
    { key: 'wp_review_desc_title', value: 'Summary' },
    { key: 'wp_review_desc', value: `<p>${escapeHtml(rng.pick(VERDICT_LINES))}</p>\n<p>${escapeHtml(sentence(rng, subject))}</p>` },
    { key: 'wp_review_pros', value: htmlList(pros) },
    { key: 'wp_review_cons', value: htmlList(cons) },
    { key: 'wp_review_type', value: offScale ? 'star' : type },
    { key: 'wp_review_total', value: shownTotal },
    { key: 'wp_review_item', value: php(items) },
    { key: 'wp_review_location', value: 'bottom' },
    { key: 'wp_review_user_review', value: '0' }
  ]
}

/** Spectra's review block; attributes equal to their defaults are left out, as the editor does. */
function reviewBlock (rng: Rng, kind: Kind, subject: string): string {
  const starCount = rng.chance(0.1) ? 10 : 5
  const labels = rng.some(SUB_RATINGS[kind]!, rng.int(2, 4))
  // Parts chosen so their average (the block's overall rating) lands on a half star.
  const target = step(rng, starCount * 0.4, starCount, 0.5)
  const values = labels.map(() => target)
  if (labels.length > 1) {
    const shift = rng.pick([0.5, 1])
    if (target + shift <= starCount && target - shift >= 0) {
      values[0] = target + shift
      values[1] = target - shift
    }
  }
  const id = rng.hex(8)
  const summary = rng.pick(VERDICT_LINES)
  const content = sentence(rng, subject)
  const attrs: Record<string, unknown> = {
    block_id: id,
    rTitle: subject,
    rContent: content,
    summaryTitle: 'Summary',
    summaryDescription: summary,
    parts: labels.map((label, i) => ({ label, value: values[i] })),
    ...(starCount === 5 ? {} : { starCount }),
    itemType: SCHEMA[kind] === 'TVSeries' ? 'Movie' : SCHEMA[kind],
    ...(rng.chance(0.3) ? { offerPrice: `${rng.int(19, 69)}.99`, ctaLink: `https://store.example.com/${slugify(subject)}` } : {})
  }
  const average = values.reduce((a, b) => a + b, 0) / values.length
  const stars = (v: number) => '★'.repeat(Math.floor(v)) + (v % 1 === 0 ? '' : '½')
  const html = `<div class="wp-block-uagb-review uagb-block-${id}"><div class="uagb_review_block"><p class="uagb-rating-title">${escapeHtml(subject)}</p>` +
    `<p class="uagb-rating-desc">${escapeHtml(content)}</p>` +
    labels.map((label, i) => `<div class="uagb_review_entry"><span class="uagb-rating-label">${escapeHtml(label)}</span><span class="uagb-rating-stars">${stars(values[i]!)}</span></div>`).join('') +
    `<div class="uagb_review_summary"><p class="uagb_review_summary_title">Summary</p><p class="uagb_review_summary_desc">${escapeHtml(summary)}</p>` +
    `<div class="uagb_review_average"><span class="uagb_review_rating">${average}</span><span class="uagb_review_rating_stars">${stars(average)}</span></div></div></div></div>`
  return block('uagb/review', attrs, html)
}

/** The theme's "Final Thoughts" box, readable only with the mapping file's selectors. */
function verdictBox (rng: Rng, subject: string): string {
  const score = step(rng, 4, 10, 0.5)
  const { pros, cons } = prosCons(rng)
  const award = score >= 9 && rng.chance(0.4)
    ? '<span class="award editors-choice">Editor’s Choice</span>'
    : score >= 7.5 && rng.chance(0.1) ? '<span class="award hidden-gem">Hidden Gem</span>' : ''
  return '<div class="final-thoughts">' +
    `<h3>Final Thoughts</h3>${award}` +
    `<div class="score-box"><span class="score">${fmt(score, 1)}</span><span class="out-of">/10</span></div>` +
    `<p class="verdict-text">${escapeHtml(rng.pick(VERDICT_LINES))} ${escapeHtml(sentence(rng, subject))}</p>` +
    `<ul class="pros">${pros.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>` +
    `<ul class="cons">${cons.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>` +
    '</div>'
}

/** The mapping a site owner writes once for this theme (keys: src/import/wordpress/mapping.ts). */
export const MAPPING = {
  storyTypes: { features: 'feature', interviews: 'feature', guides: 'guide', podcasts: 'podcast', news: 'news', 'console-news': 'news' },
  subjects: { 'movie-reviews': 'film', 'game-reviews': 'game', 'tv-reviews': 'tv', hardware: 'hardware' },
  defaultSection: 'news',
  verdictBox: {
    selector: 'div.final-thoughts',
    score: '.score-box',
    scale: { kind: 'numeric', min: 0, max: 10, step: 0.5 },
    summary: '.verdict-text',
    pros: 'ul.pros li',
    cons: 'ul.cons li',
    awards: { '.final-thoughts .award.editors-choice': 'editors-choice', '.final-thoughts .award.hidden-gem': 'hidden-gem' }
  }
}

// ---------------------------------------------------------------- items

function channelXml (s: Site): string {
  const authors = s.authors.map((a) => `\t<wp:author><wp:author_id>${a.id}</wp:author_id><wp:author_login>${cdata(a.login)}</wp:author_login>` +
    `<wp:author_email>${cdata(a.email)}</wp:author_email><wp:author_display_name>${cdata(a.first === '' ? a.login : `${a.first} ${a.last}`)}</wp:author_display_name>` +
    `<wp:author_first_name>${cdata(a.first)}</wp:author_first_name><wp:author_last_name>${cdata(a.last)}</wp:author_last_name></wp:author>\n`).join('')
  const categories = CATEGORIES.map((c) => `\t<wp:category>\n\t\t<wp:term_id>${c.id}</wp:term_id>\n\t\t<wp:category_nicename>${cdata(c.slug)}</wp:category_nicename>\n` +
    `\t\t<wp:category_parent>${cdata(c.parent)}</wp:category_parent>\n\t\t<wp:cat_name>${cdata(c.name)}</wp:cat_name>\n` +
    (c.description === '' ? '' : `\t\t<wp:category_description>${cdata(c.description)}</wp:category_description>\n`) + '\t</wp:category>\n').join('')
  const tags = s.tags.map((t) => `\t<wp:tag>\n\t\t<wp:term_id>${t.id}</wp:term_id>\n\t\t<wp:tag_slug>${cdata(t.slug)}</wp:tag_slug>\n\t\t<wp:tag_name>${cdata(t.name)}</wp:tag_name>\n\t</wp:tag>\n`).join('')
  return `<?xml version="1.0" encoding="UTF-8" ?>
<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of your site. -->
<!-- It contains information about your site's posts, pages, comments, categories, and other content. -->
<!-- To import this information into a WordPress site follow these steps: -->
<!-- 1. Log in to that site as an administrator. -->
<!-- 2. Go to Tools: Import in the WordPress admin panel. -->
<!-- 3. Install the "WordPress" importer from the list. -->
<!-- 4. Activate & Run Importer. -->
<!-- 5. Upload this file using the form provided on that page. -->
<!-- generator="WordPress/6.5.3" created="${wpDate(EXPORTED).slice(0, 16)}" -->
<rss version="2.0"
\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/1.2/"
>

<channel>
\t<title>Archive Reviews</title>
\t<link>${SITE}</link>
\t<description>Films, games, TV &amp; hardware — reviewed since 2010</description>
\t<pubDate>${rfc2822(EXPORTED)}</pubDate>
\t<language>en-US</language>
\t<wp:wxr_version>1.2</wp:wxr_version>
\t<wp:base_site_url>${SITE}</wp:base_site_url>
\t<wp:base_blog_url>${SITE}</wp:base_blog_url>

${authors}
${categories}${tags}
\t<generator>https://wordpress.org/?v=6.5.3</generator>

`
}

interface ItemFields {
  title: string
  link: string
  pubDate: string
  creator: string
  guid: string
  guidIsPermalink: boolean
  content: string
  excerpt: string
  id: number
  date: string
  dateGmt: string
  modified: string
  modifiedGmt: string
  commentStatus: string
  name: string
  status: string
  parent: number
  type: string
  sticky: boolean
  attachmentUrl?: string
  terms: Array<{ domain: string, slug: string, name: string }>
  meta: Meta[]
  comments: string
}

function itemXml (f: ItemFields): string {
  return `\t<item>
\t\t<title>${cdata(f.title)}</title>
\t\t<link>${xmlText(f.link)}</link>
\t\t<pubDate>${f.pubDate}</pubDate>
\t\t<dc:creator>${cdata(f.creator)}</dc:creator>
\t\t<guid isPermaLink="${f.guidIsPermalink}">${xmlText(f.guid)}</guid>
\t\t<description></description>
\t\t<content:encoded>${cdata(f.content)}</content:encoded>
\t\t<excerpt:encoded>${cdata(f.excerpt)}</excerpt:encoded>
\t\t<wp:post_id>${f.id}</wp:post_id>
\t\t<wp:post_date>${cdata(f.date)}</wp:post_date>
\t\t<wp:post_date_gmt>${cdata(f.dateGmt)}</wp:post_date_gmt>
\t\t<wp:post_modified>${cdata(f.modified)}</wp:post_modified>
\t\t<wp:post_modified_gmt>${cdata(f.modifiedGmt)}</wp:post_modified_gmt>
\t\t<wp:comment_status>${cdata(f.commentStatus)}</wp:comment_status>
\t\t<wp:ping_status>${cdata(f.type === 'attachment' ? 'closed' : 'open')}</wp:ping_status>
\t\t<wp:post_name>${cdata(f.name)}</wp:post_name>
\t\t<wp:status>${cdata(f.status)}</wp:status>
\t\t<wp:post_parent>${f.parent}</wp:post_parent>
\t\t<wp:menu_order>0</wp:menu_order>
\t\t<wp:post_type>${cdata(f.type)}</wp:post_type>
\t\t<wp:post_password>${cdata('')}</wp:post_password>
\t\t<wp:is_sticky>${f.sticky ? 1 : 0}</wp:is_sticky>
${f.attachmentUrl === undefined ? '' : `\t\t<wp:attachment_url>${cdata(f.attachmentUrl)}</wp:attachment_url>\n`}` +
    f.terms.map((t) => `\t\t<category domain="${t.domain}" nicename="${xmlText(t.slug)}">${cdata(t.name)}</category>\n`).join('') +
    f.meta.map((m) => `\t\t<wp:postmeta>\n\t\t<wp:meta_key>${cdata(m.key)}</wp:meta_key>\n\t\t<wp:meta_value>${cdata(m.value)}</wp:meta_value>\n\t\t</wp:postmeta>\n`).join('') +
    f.comments + '\t</item>\n'
}

function commentsXml (rng: Rng, postDate: number, nextId: () => number, subject: string): string {
  let out = ''
  const count = rng.int(1, 4)
  let parent = 0
  for (let i = 0; i < count; i++) {
    const id = nextId()
    const at = postDate + rng.int(600, 30 * 86400) * 1000
    const who = rng.pick(COMMENTERS)
    out += `\t\t<wp:comment>
\t\t\t<wp:comment_id>${id}</wp:comment_id>
\t\t\t<wp:comment_author>${cdata(who)}</wp:comment_author>
\t\t\t<wp:comment_author_email>${cdata(`${slugify(who)}@example.net`)}</wp:comment_author_email>
\t\t\t<wp:comment_author_url>${rng.chance(0.2) ? `https://${slugify(who)}.example.net/` : ''}</wp:comment_author_url>
\t\t\t<wp:comment_author_IP>${cdata(`203.0.113.${rng.int(1, 254)}`)}</wp:comment_author_IP>
\t\t\t<wp:comment_date>${cdata(wpDate(at + SITE_OFFSET_MS))}</wp:comment_date>
\t\t\t<wp:comment_date_gmt>${cdata(wpDate(at))}</wp:comment_date_gmt>
\t\t\t<wp:comment_content>${cdata(`${sentence(rng, subject)}\n\n${rng.chance(0.5) ? sentence(rng, subject) : 'Great review, thanks!'}`)}</wp:comment_content>
\t\t\t<wp:comment_approved>${cdata(rng.chance(0.9) ? '1' : '0')}</wp:comment_approved>
\t\t\t<wp:comment_type>${cdata('comment')}</wp:comment_type>
\t\t\t<wp:comment_parent>${parent}</wp:comment_parent>
\t\t\t<wp:comment_user_id>0</wp:comment_user_id>
\t\t\t<wp:commentmeta>
\t\t\t\t<wp:meta_key>${cdata('akismet_result')}</wp:meta_key>
\t\t\t\t<wp:meta_value>${cdata('false')}</wp:meta_value>
\t\t\t</wp:commentmeta>
\t\t</wp:comment>\n`
    parent = rng.chance(0.3) ? id : 0
  }
  return out
}

/** Writes the export; resolves once the file is flushed and closed. */
export async function generateWxr (path: string, options: GenerateOptions = {}): Promise<GenerateResult> {
  const started = performance.now()
  const posts = options.posts ?? 100_000
  if (!Number.isInteger(posts) || posts < 1) throw new Error(`posts must be a whole number above 0, not ${posts}`)
  const seed = options.seed ?? 1
  const rng = prng(seed)
  const s = site(rng)
  const mappingPath = options.mappingPath ?? `${path.replace(/\.xml$/i, '')}.mapping.yaml`
  const result: GenerateResult = {
    path,
    mappingPath,
    bytes: 0,
    posts,
    items: 0,
    attachments: 0,
    comments: 0,
    byStatus: {},
    reviews: { 'wp-review': 0, block: 0, selector: 0 },
    podcasts: 0,
    gutenberg: 0,
    classic: 0,
    duplicateSlugs: 0,
    emptySlugs: 0,
    offScale: 0,
    cdataSplits: 0,
    coAuthored: 0,
    durationMs: 0
  }

  const out = createWriteStream(path, { highWaterMark: 1 << 20 })
  const failed = new Promise<never>((_resolve, reject) => out.once('error', reject))
  failed.catch(() => {})
  let pending: string[] = []
  let pendingLength = 0
  const flush = async () => {
    if (pending.length === 0) return
    const chunk = pending.join('')
    pending = []
    pendingLength = 0
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed])
  }
  const emit = async (text: string) => {
    pending.push(text)
    pendingLength += text.length
    if (pendingLength >= 1 << 20) await flush()
  }

  await emit(channelXml(s))
  const slugs = new Set<string>()
  const published: string[] = []
  let nextPostId = 10
  let commentId = 0
  const span = EXPORTED - 30 * 86400_000 - FIRST_POST
  for (let i = 0; i < posts; i++) {
    // Ids grow with time; revisions and auto-drafts take the ids in between.
    const id = nextPostId
    nextPostId += 2 + (rng.chance(0.3) ? rng.int(1, 6) : 0)
    const r = rng.next()
    const status = r < 0.92 ? 'publish' : r < 0.96 ? 'draft' : r < 0.98 ? 'future' : r < 0.99 ? 'pending' : 'private'
    result.byStatus[status] = (result.byStatus[status] ?? 0) + 1
    const date = status === 'future'
      ? Date.UTC(2030, rng.int(0, 11), rng.int(1, 28), rng.int(6, 20))
      : FIRST_POST + Math.floor(span * (i + rng.next()) / posts)
    // Drafts and pending posts never got a publish date: WordPress exports them with zero GMT dates.
    const undated = (status === 'draft' || status === 'pending') && rng.chance(0.7)
    const modified = status === 'future' ? EXPORTED - rng.int(1, 30) * 86400_000 : Math.min(EXPORTED, date + (rng.chance(0.5) ? 0 : rng.int(60, 400 * 86400)) * 1000)

    const f = flavor(rng)
    const author = rng.skewed(s.authors.slice(1))
    let subject: string
    let title: string
    let categories: string[]
    if (f.type === 'review') {
      subject = subjectName(rng, f.kind)
      title = reviewTitle(rng, subject)
      categories = [REVIEW_CATEGORY[f.kind]]
      if (f.kind !== 'hardware' && rng.chance(0.3)) categories.push('reviews')
    } else if (f.type === 'podcast') {
      subject = `Episode ${i + 1}`
      title = `The Archive Cast, Episode ${i + 1}: ${rng.pick(FILM_WORDS)} ${rng.pick(FILM_TAILS)} & ${rng.pick(TAG_BASES)}`
      categories = ['podcasts']
    } else {
      subject = `${rng.pick(FILM_WORDS)} ${rng.pick(FILM_TAILS)}`
      title = articleTitle(rng, f.category)
      categories = [f.category]
      if (f.category === 'console-news' && rng.chance(0.5)) categories.push('news')
    }
    if (rng.chance(0.01)) title = title.replace(/ and /, ' & ')

    let slug = slugify(title).slice(0, 180).replace(/-+$/, '')
    if (slugs.has(slug)) {
      let n = 2
      while (slugs.has(`${slug}-${n}`)) n++
      slug = `${slug}-${n}`
    }
    slugs.add(slug)
    let postName = slug
    if (status === 'publish' && published.length > 100 && rng.chance(0.0005)) {
      // A merge of two blogs, or a direct database edit: two posts with one slug.
      postName = published[rng.int(0, published.length - 1)]!
      result.duplicateSlugs++
    }
    if ((status === 'draft' || status === 'pending') && rng.chance(0.5)) {
      postName = ''
      result.emptySlugs++
    }
    if (status === 'publish') published.push(postName)

    const gutenberg = date >= GUTENBERG_FROM ? rng.chance(0.85) || (f.type === 'review' && f.place === 'block') : f.type === 'review' && f.place === 'block'
    result[gutenberg ? 'gutenberg' : 'classic']++
    const attachmentId = id + 1
    const img = image(rng, attachmentId, slug, date, subject)
    const audio = f.type === 'podcast' ? `${MEDIA_HOST}/podcast/archive-cast-${String(i + 1).padStart(5, '0')}.mp3` : undefined
    const cdataSplit = (i % 1000 === 7) || rng.chance(0.0005)
    if (cdataSplit) result.cdataSplits++
    let content = body(rng, gutenberg, subject, img, { cdata: cdataSplit, ...(audio === undefined ? {} : { audio }) })

    const meta: Meta[] = [{ key: '_edit_last', value: String(author.id) }, { key: '_thumbnail_id', value: String(attachmentId) }]
    if (f.type === 'review') {
      result.reviews[f.place]++
      if (f.place === 'wp-review') {
        const offScale = rng.chance(0.003)
        if (offScale) result.offScale++
        meta.push(...wpReviewMeta(rng, f.kind, subject, offScale))
      } else if (f.place === 'block') {
        const review = reviewBlock(rng, f.kind, subject)
        content = rng.chance(0.8) ? `${content}\n\n${review}` : `${review}\n\n${content}`
      } else {
        const box = verdictBox(rng, subject)
        content = `${content}\n\n${gutenberg ? block('html', {}, box) : box}`
      }
    }
    if (audio !== undefined) {
      result.podcasts++
      const length = rng.int(20_000_000, 90_000_000)
      const duration = `${pad(rng.int(0, 1))}:${pad(rng.int(0, 59))}:${pad(rng.int(0, 59))}`
      meta.push({ key: 'enclosure', value: `${audio}\n${length}\naudio/mpeg\n${rng.chance(0.5) ? php(new PhpMap([['duration', duration]])) : ''}` })
    }
    if (rng.chance(0.35)) {
      meta.push({ key: '_yoast_wpseo_title', value: rng.chance(0.5) ? `${title} %%sep%% %%sitename%%` : `${subject} – ${capitalize(rng.pick(ADJECTIVES))} ${rng.pick(NOUNS)}` })
      meta.push({ key: '_yoast_wpseo_metadesc', value: `${sentence(rng, subject)} ${sentence(rng, subject)}`.slice(0, 156) })
      meta.push({ key: '_yoast_wpseo_focuskw', value: subject.toLowerCase() })
      meta.push({ key: '_yoast_wpseo_content_score', value: String(rng.pick([30, 60, 90])) })
      if (categories.length > 1) meta.push({ key: '_yoast_wpseo_primary_category', value: String(CATEGORY[categories[0]!]!.id) })
    }
    if (status === 'publish' && rng.chance(0.04)) meta.push({ key: '_wp_old_slug', value: `${slug}-draft` })

    const terms = [
      ...categories.map((c) => ({ domain: 'category', slug: c, name: CATEGORY[c]!.name })),
      ...rng.some(s.tags, rng.int(0, 6)).map((t) => ({ domain: 'post_tag', slug: t.slug, name: t.name }))
    ]
    if (rng.chance(0.02)) {
      const co = rng.pick(s.authors.slice(1))
      if (co.login !== author.login) {
        terms.push({ domain: 'author', slug: `cap-${co.login}`, name: co.login })
        result.coAuthored++
      }
    }
    // WordPress lists a post's terms by name, whatever their taxonomy.
    terms.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

    const link = status === 'publish' || status === 'private' ? `${SITE}/${ymPath(date)}/${postName || slug}/` : `${SITE}/?p=${id}`
    let comments = ''
    if (status === 'publish' && rng.chance(0.2)) {
      const before = commentId
      comments = commentsXml(rng, date, () => ++commentId, subject)
      result.comments += commentId - before
    }
    await emit(itemXml({
      title,
      link,
      pubDate: undated ? 'Mon, 30 Nov -0001 00:00:00 +0000' : rfc2822(date),
      creator: author.login,
      guid: `${SITE}/?p=${id}`,
      guidIsPermalink: false,
      content,
      excerpt: rng.chance(0.3) ? `${sentence(rng, subject)}` : '',
      id,
      date: wpDate(date + SITE_OFFSET_MS),
      dateGmt: undated ? '0000-00-00 00:00:00' : wpDate(date),
      modified: wpDate(modified + SITE_OFFSET_MS),
      modifiedGmt: wpDate(modified),
      commentStatus: 'open',
      name: postName,
      status,
      parent: 0,
      type: 'post',
      sticky: status === 'publish' && rng.chance(0.0005),
      terms,
      meta,
      comments
    }))

    const imgMeta: Meta[] = [{ key: '_wp_attached_file', value: img.file }, { key: '_wp_attachment_metadata', value: imageMeta(img) }]
    if (img.alt !== '') imgMeta.push({ key: '_wp_attachment_image_alt', value: img.alt })
    await emit(itemXml({
      title: img.file.slice(img.file.lastIndexOf('/') + 1, img.file.lastIndexOf('.')),
      link: `${SITE}/${ymPath(date)}/${slug}/${img.file.slice(img.file.lastIndexOf('/') + 1, img.file.lastIndexOf('.'))}/`,
      pubDate: rfc2822(date - 3600_000),
      creator: author.login,
      guid: img.url,
      guidIsPermalink: false,
      content: '',
      excerpt: img.caption,
      id: attachmentId,
      date: wpDate(date - 3600_000 + SITE_OFFSET_MS),
      dateGmt: wpDate(date - 3600_000),
      modified: wpDate(date - 3600_000 + SITE_OFFSET_MS),
      modifiedGmt: wpDate(date - 3600_000),
      commentStatus: 'open',
      name: slugify(img.file.slice(img.file.lastIndexOf('/') + 1, img.file.lastIndexOf('.'))),
      status: 'inherit',
      parent: id,
      type: 'attachment',
      sticky: false,
      attachmentUrl: img.url,
      terms: [],
      meta: imgMeta,
      comments: ''
    }))
    result.attachments++
  }
  await emit('</channel>\n</rss>\n')
  await flush()
  out.end()
  await Promise.race([once(out, 'finish'), failed])
  await new Promise<void>((resolve) => out.close(() => resolve()))

  await writeFile(mappingPath, `# The theme's "Final Thoughts" box and the site's categories, for npm run import:wordpress -- --mapping\n${toYaml(MAPPING)}`)
  result.items = posts + result.attachments
  result.bytes = (await stat(path)).size
  result.durationMs = performance.now() - started
  return result
}

if (isEntryPoint(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      posts: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: 'wordpress-export.xml' },
      mapping: { type: 'string' }
    }
  })
  const result = await generateWxr(values.out, {
    posts: Number(values.posts),
    seed: Number(values.seed),
    ...(values.mapping === undefined ? {} : { mappingPath: values.mapping })
  })
  console.log(`${result.path}: ${result.items.toLocaleString('en-US')} items (${result.posts.toLocaleString('en-US')} posts), ` +
    `${(result.bytes / 1048576).toFixed(1)} MiB in ${(result.durationMs / 1000).toFixed(1)} s; mapping: ${result.mappingPath}`)
  console.log(JSON.stringify({ ...result, path: undefined, mappingPath: undefined }, null, 2))
}
