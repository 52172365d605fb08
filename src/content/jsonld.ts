/**
 * A public review as schema.org `Review` JSON-LD, for Google's review snippet and other
 * structured-data readers. Pure: the stored Review document in, a plain object out.
 *
 * Choices where Google's rules leave room (../shared/REFERENCE.md):
 * - `reviewRating` carries the raw score on its own scale with `bestRating` and
 *   `worstRating` always stated (Google assumes 5 and 1 otherwise, which fits none of
 *   our scales: stars run from 0). Letter grades are not numbers, so they are given
 *   as the normalized 0–100 score. An unscored review has no `reviewRating`: Google
 *   requires a numeric ratingValue for the snippet, and inventing one would misstate
 *   the review; the Review is still valid schema.org, just not snippet-eligible.
 * - A review in progress has no `reviewRating`: Google's critic-review rules take a
 *   rating as the critic's final one, and a provisional score is not that.
 * - `description` is the verdict's pull-quote when it has one: checked at write time to
 *   be an exact excerpt of at most 200 characters, as Google asks of critic reviews.
 * - Pros and cons appear only when there are at least two statements in all (Google's
 *   rule), and then exactly as the verdict lists them, in order.
 * - Author names must be under 100 characters: longer ones are cut with an ellipsis.
 *   A review without a usable byline is credited to the publication.
 */
import type { AuthorRefType } from '../schemas/author.js'
import type { ReviewJsonLdType } from '../schemas/jsonld.js'
import type { ReviewType } from '../schemas/story.js'
import type { SubjectKindType, SubjectType } from '../schemas/subject.js'
import type { VerdictType } from '../schemas/verdict.js'

export interface Publication { publicationName: string, siteUrl: string }

type Item = ReviewJsonLdType['itemReviewed']
type Party = NonNullable<ReviewJsonLdType['author']>[number]
type PartyType = Party['@type']
type Notes = NonNullable<ReviewJsonLdType['positiveNotes']>
type CreditProperty = 'director' | 'author' | 'creator' | 'byArtist' | 'publisher' | 'productionCompany'

export const MAX_NAME_LENGTH = 99

/**
 * `other` covers exhibitions, expos, board games…: schema.org's honest type would be
 * Thing or CreativeWork, but Google accepts neither as itemReviewed, so the review
 * would lose its snippet. Product is supported, needs nothing beyond a name, and is
 * what a reviewed object of no better-known kind most often is.
 */
const ITEM_TYPE: Record<SubjectKindType, Item['@type']> = {
  film: 'Movie',
  game: 'VideoGame',
  tv: 'TVSeries',
  hardware: 'Product',
  book: 'Book',
  // The demo's music subjects are albums; MusicAlbum is a MusicPlaylist, which Google accepts.
  music: 'MusicAlbum',
  other: 'Product'
}

/** Which credit roles become which property, per kind. Roles are free text: matched case-insensitively. */
const CREDITS: Partial<Record<SubjectKindType, Array<{ role: string, property: CreditProperty, type: PartyType }>>> = {
  film: [{ role: 'director', property: 'director', type: 'Person' }],
  game: [{ role: 'developer', property: 'author', type: 'Organization' }, { role: 'publisher', property: 'publisher', type: 'Organization' }],
  tv: [{ role: 'creator', property: 'creator', type: 'Person' }, { role: 'studio', property: 'productionCompany', type: 'Organization' }],
  book: [{ role: 'author', property: 'author', type: 'Person' }, { role: 'publisher', property: 'publisher', type: 'Organization' }],
  // schema.org's MusicGroup "can also be a solo musician": right whoever the artist is.
  music: [{ role: 'artist', property: 'byArtist', type: 'MusicGroup' }]
}

/** Trimmed and under 100 characters (counted in code points), or null when nothing is left. */
export function shortName (name: string): string | null {
  const chars = [...name.trim()]
  if (chars.length === 0) return null
  return chars.length <= MAX_NAME_LENGTH ? chars.join('') : `${chars.slice(0, MAX_NAME_LENGTH - 1).join('').trimEnd()}…`
}

function authors (list: AuthorRefType[], publisher: Party): Party[] {
  const people = list.flatMap((a): Party[] => {
    const name = shortName(a.name)
    if (name === null) return []
    return [{
      '@type': 'Person',
      name,
      ...(a.jobTitle.trim() === '' ? {} : { jobTitle: a.jobTitle }),
      ...(a.avatar === null ? {} : { image: a.avatar.url })
    }]
  })
  return people.length > 0 ? people : [publisher]
}

function credits (subject: SubjectType): Partial<Item> {
  const out: Partial<Record<CreditProperty, Party[]>> = {}
  for (const { role, property, type } of CREDITS[subject.kind] ?? []) {
    const parties = subject.creators.flatMap((c): Party[] => {
      const name = c.role.trim().toLowerCase() === role ? shortName(c.name) : null
      return name === null ? [] : [{ '@type': type, name }]
    })
    if (parties.length > 0) out[property] = parties
  }
  return out
}

/** Links that identify the subject unambiguously, from the ids we can turn into a URL with certainty. */
function sameAs (subject: SubjectType): string[] {
  const { imdb, tmdb, steam } = subject.externalIds
  const urls: string[] = []
  if (imdb !== undefined && /^tt\d+$/.test(imdb)) urls.push(`https://www.imdb.com/title/${imdb}/`)
  if (tmdb !== undefined && /^\d+$/.test(tmdb) && (subject.kind === 'film' || subject.kind === 'tv')) {
    urls.push(`https://www.themoviedb.org/${subject.kind === 'film' ? 'movie' : 'tv'}/${tmdb}`)
  }
  if (steam !== undefined && /^\d+$/.test(steam) && subject.kind === 'game') urls.push(`https://store.steampowered.com/app/${steam}/`)
  return urls
}

/**
 * Where Google reads `offers` on the item: Product (hardware, other) in its product
 * snippet and VideoGame, a SoftwareApplication, in its software app result; each Offer
 * needs a price and its priceCurrency. Its review snippet reads none on Movie, TVSeries,
 * Book or MusicAlbum, so films and shows link to their streams only in the API. Only
 * purchases: an Offer without businessFunction is an offer to sell (schema.org), so a
 * rental or subscription price would be read as the price of the thing itself.
 */
const OFFER_TYPES: ReadonlySet<Item['@type']> = new Set(['Product', 'VideoGame'])

function offers (subject: SubjectType, type: Item['@type']): NonNullable<Item['offers']> {
  if (!OFFER_TYPES.has(type)) return []
  // Renderings stored before subjects had offers have none.
  const listed = (subject as Partial<SubjectType>).offers ?? []
  return listed.flatMap((o) => o.kind !== 'buy' || o.price === null || o.currency === null
    ? []
    : [{ '@type': 'Offer' as const, price: o.price, priceCurrency: o.currency, url: o.url, eligibleRegion: o.region }])
}

function itemReviewed (subject: SubjectType): Item {
  const type = ITEM_TYPE[subject.kind]
  const released = subject.releaseDate ?? (subject.releaseYear === null ? null : String(subject.releaseYear).padStart(4, '0'))
  const brand = subject.creators.find((c) => c.role.trim().toLowerCase() === 'brand')
  const brandName = type === 'Product' && brand !== undefined ? shortName(brand.name) : null
  const links = sameAs(subject)
  const { isbn, gtin } = subject.externalIds
  const sold = offers(subject, type)
  return {
    '@type': type,
    // Google requires a name; a subject's title is required too, but never trust blank.
    name: subject.title.trim() === '' ? 'Untitled' : subject.title,
    // Products have a release date; creative works are published.
    ...(released === null ? {} : type === 'Product' ? { releaseDate: released } : { datePublished: released }),
    ...credits(subject),
    ...(brandName === null ? {} : { brand: { '@type': 'Brand' as const, name: brandName } }),
    ...(type === 'VideoGame' && subject.platforms.length > 0 ? { gamePlatform: subject.platforms } : {}),
    ...(type === 'Book' && isbn !== undefined ? { isbn } : {}),
    ...(type === 'Product' && gtin !== undefined ? { gtin } : {}),
    ...(links.length > 0 ? { sameAs: links } : {}),
    ...(sold.length > 0 ? { offers: sold } : {})
  }
}

/** The verdict's rating on its own scale; null when unscored. */
export function rating (verdict: VerdictType): ReviewJsonLdType['reviewRating'] | null {
  const { scoreFormat: f, score, normalizedScore } = verdict
  if (f.kind === 'letter') {
    return normalizedScore === null ? null : { '@type': 'Rating', ratingValue: normalizedScore, bestRating: 100, worstRating: 0 }
  }
  if (f.kind === 'none' || typeof score !== 'number' || !Number.isFinite(score)) return null
  return { '@type': 'Rating', ratingValue: score, bestRating: f.max, worstRating: f.kind === 'numeric' ? f.min : 0 }
}

function notes (statements: string[]): Notes | null {
  if (statements.length === 0) return null
  return { '@type': 'ItemList', itemListElement: statements.map((name, i) => ({ '@type': 'ListItem' as const, position: i + 1, name })) }
}

export function reviewJsonLd (review: ReviewType, publication: Publication): ReviewJsonLdType {
  const publisher = { '@type': 'Organization' as const, name: shortName(publication.publicationName) ?? 'Byline', url: publication.siteUrl }
  const { verdict } = review
  const reviewRating = verdict.state === 'in_progress' ? null : rating(verdict)
  const withNotes = verdict.pros.length + verdict.cons.length >= 2
  const positive = withNotes ? notes(verdict.pros) : null
  const negative = withNotes ? notes(verdict.cons) : null
  const description = verdict.pullQuote ?? (review.dek.trim() !== '' ? review.dek : verdict.summary)
  return {
    '@context': 'https://schema.org',
    '@type': 'Review',
    url: review.url,
    headline: review.title,
    inLanguage: review.language,
    datePublished: review.publishedAt,
    dateModified: review.updatedAt,
    author: authors(review.authors, publisher),
    publisher,
    itemReviewed: itemReviewed(review.subject),
    ...(reviewRating === null ? {} : { reviewRating }),
    ...(verdict.summary.trim() === '' ? {} : { reviewBody: verdict.summary }),
    ...(description.trim() === '' ? {} : { description }),
    ...(positive === null ? {} : { positiveNotes: positive }),
    ...(negative === null ? {} : { negativeNotes: negative })
  }
}
