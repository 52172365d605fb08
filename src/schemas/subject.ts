import { Type, type Static } from 'typebox'
import { ref } from './ref.js'
import { StringEnum } from './common.js'
import { OfferList } from './offer.js'

export const SUBJECT_KINDS = ['film', 'game', 'tv', 'hardware', 'book', 'music', 'other'] as const
export const SubjectKind = StringEnum(SUBJECT_KINDS, { $id: 'SubjectKind' })
export type SubjectKindType = Static<typeof SubjectKind>

export const Credit = Type.Object({
  name: Type.String(),
  role: Type.String({ description: 'director, writer, developer, publisher, brand, character played…' })
}, { $id: 'Credit', additionalProperties: false })

export const ExternalIds = Type.Object({
  imdb: Type.Optional(Type.String()),
  tmdb: Type.Optional(Type.String()),
  igdb: Type.Optional(Type.String()),
  steam: Type.Optional(Type.String()),
  opencritic: Type.Optional(Type.String()),
  gtin: Type.Optional(Type.String()),
  isbn: Type.Optional(Type.String()),
  musicbrainz: Type.Optional(Type.String())
}, { $id: 'ExternalIds', additionalProperties: false })
export type ExternalIdsType = Static<typeof ExternalIds>

export const Subject = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  kind: ref(SubjectKind),
  title: Type.String(),
  releaseDate: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  releaseYear: Type.Union([Type.Integer(), Type.Null()]),
  description: Type.String(),
  creators: Type.Array(ref(Credit)),
  cast: Type.Array(ref(Credit)),
  platforms: Type.Array(Type.String()),
  genres: Type.Array(Type.String()),
  externalIds: ref(ExternalIds),
  offers: OfferList
}, { $id: 'Subject', additionalProperties: false })
export type SubjectType = Static<typeof Subject>

/** A subject as named on a story card or verdict: no offers, which a card has no room for. */
export const SubjectRef = Type.Pick(Subject, ['id', 'slug', 'kind', 'title', 'releaseYear'], { $id: 'SubjectRef', additionalProperties: false })
export type SubjectRefType = Static<typeof SubjectRef>
