/**
 * GET /v1/reviews/{slug}/jsonld: schema.org `Review` as JSON-LD, shaped for Google's
 * review snippet (see ../shared/REFERENCE.md). Only what the mapping in
 * src/content/jsonld.ts can fill is declared, so a consumer can rely on every field.
 */
import { Type, type Static } from 'typebox'
import { StringEnum, Timestamp } from './common.js'

/**
 * itemReviewed types, one per subject kind. Each is a Google-supported itemReviewed
 * type or a schema.org subtype of one (VideoGame ⊂ Game, TVSeries ⊂ CreativeWorkSeries,
 * MusicAlbum ⊂ MusicPlaylist).
 */
export const ITEM_REVIEWED_TYPES = ['Movie', 'VideoGame', 'TVSeries', 'Product', 'Book', 'MusicAlbum'] as const

// Google wants names under 100 characters; the mapping truncates longer ones.
const Name = Type.String({ minLength: 1, maxLength: 99 })
const Url = Type.String({ format: 'uri' })
// A release date as known: a full date or just the year (both ISO 8601).
const ReleaseDate = Type.String({ pattern: '^\\d{4}(-\\d{2}-\\d{2})?$' })

const Party = Type.Object({
  '@type': StringEnum(['Person', 'Organization', 'MusicGroup']),
  name: Name,
  jobTitle: Type.Optional(Type.String()),
  image: Type.Optional(Url),
  url: Type.Optional(Url)
}, { additionalProperties: false })
const Parties = Type.Array(Party, { minItems: 1 })

// Only offers to buy with a price: what Google reads as the item's price (src/content/jsonld.ts).
const Offer = Type.Object({
  '@type': Type.Literal('Offer'),
  price: Type.Number({ minimum: 0 }),
  priceCurrency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' }),
  url: Url,
  eligibleRegion: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country the price is for' })
}, { additionalProperties: false })

const ItemReviewed = Type.Object({
  '@type': StringEnum(ITEM_REVIEWED_TYPES),
  name: Type.String({ minLength: 1 }),
  datePublished: Type.Optional(ReleaseDate),
  releaseDate: Type.Optional(ReleaseDate),
  director: Type.Optional(Parties),
  author: Type.Optional(Parties),
  creator: Type.Optional(Parties),
  byArtist: Type.Optional(Parties),
  publisher: Type.Optional(Parties),
  productionCompany: Type.Optional(Parties),
  brand: Type.Optional(Type.Object({ '@type': Type.Literal('Brand'), name: Name }, { additionalProperties: false })),
  gamePlatform: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
  isbn: Type.Optional(Type.String()),
  gtin: Type.Optional(Type.String()),
  sameAs: Type.Optional(Type.Array(Url, { minItems: 1 })),
  offers: Type.Optional(Type.Array(Offer, { minItems: 1, description: 'Offers to buy, with a price, on Product and VideoGame only' }))
}, { additionalProperties: false, description: 'What is reviewed, typed by subject kind' })

const Rating = Type.Object({
  '@type': Type.Literal('Rating'),
  ratingValue: Type.Number({ description: 'The raw score; for letter grades the normalized 0–100 score' }),
  bestRating: Type.Number(),
  worstRating: Type.Number()
}, { additionalProperties: false, description: 'Absent when the review is unscored' })

const Notes = Type.Object({
  '@type': Type.Literal('ItemList'),
  itemListElement: Type.Array(Type.Object({
    '@type': Type.Literal('ListItem'),
    position: Type.Integer({ minimum: 1 }),
    name: Type.String({ minLength: 1 })
  }, { additionalProperties: false }), { minItems: 1 })
}, { additionalProperties: false })

export const ReviewJsonLd = Type.Object({
  '@context': Type.Literal('https://schema.org'),
  '@type': Type.Literal('Review'),
  url: Url,
  headline: Type.String(),
  inLanguage: Type.String(),
  datePublished: Timestamp,
  dateModified: Timestamp,
  author: Parties,
  publisher: Type.Object({ '@type': Type.Literal('Organization'), name: Name, url: Url }, { additionalProperties: false }),
  itemReviewed: ItemReviewed,
  reviewRating: Type.Optional(Rating),
  reviewBody: Type.Optional(Type.String({ description: 'The verdict summary (Final Thoughts)' })),
  description: Type.Optional(Type.String()),
  positiveNotes: Type.Optional(Notes),
  negativeNotes: Type.Optional(Notes)
}, {
  $id: 'ReviewJsonLd',
  additionalProperties: false,
  description: 'schema.org Review as JSON-LD for a public review. `positiveNotes`/`negativeNotes` appear only when the verdict has at least two pros and cons in all.'
})
export type ReviewJsonLdType = Static<typeof ReviewJsonLd>
