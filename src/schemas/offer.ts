/**
 * Where to watch or buy a subject: offers differ by region, so each names one, and reads
 * take `?region=` to keep only that region's.
 */
import { Type, type Static } from 'typebox'
import { StringEnum, Timestamp } from './common.js'
import { ref } from './ref.js'

export const OFFER_KINDS = ['stream', 'rent', 'buy', 'subscription'] as const

const offerFields = {
  provider: Type.String({ minLength: 1, maxLength: 100, description: 'Store or service, e.g. "Netflix", "Steam"' }),
  kind: StringEnum(OFFER_KINDS, { description: 'stream (free with ads), rent, buy, subscription' }),
  url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000, description: 'http(s) link to the offer, without a user name or password' }),
  price: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], { description: 'Price in `currency`; null when included in a subscription or unknown' }),
  currency: Type.Union([Type.String({ pattern: '^[A-Z]{3}$' }), Type.Null()], { description: 'ISO 4217 code in current use, e.g. "USD"; required with a price' }),
  region: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country code, e.g. "GB" (not "UK"; no groupings such as "EU")' }),
  affiliate: Type.Boolean({ description: 'Whether the link earns the publication a commission' }),
  checkedAt: Type.Union([Timestamp, Type.Null()], { description: 'When the offer was last seen valid' })
}

export const Offer = Type.Object(offerFields, { $id: 'Offer', additionalProperties: false })
export type OfferType = Static<typeof Offer>

export const OfferList = Type.Array(ref(Offer), { maxItems: 100, description: 'Where to watch or buy, in the order given' })

/** An offer as written: `affiliate` and `checkedAt` may be left out (false, null). */
export const OfferInput = Type.Object({
  ...offerFields,
  price: Type.Optional(offerFields.price),
  currency: Type.Optional(offerFields.currency),
  affiliate: Type.Optional(offerFields.affiliate),
  checkedAt: Type.Optional(offerFields.checkedAt)
}, { $id: 'OfferInput', additionalProperties: false })
export type OfferInputType = Static<typeof OfferInput>
export const OfferInputList = Type.Array(ref(OfferInput), { maxItems: 100, description: 'Where to watch or buy; replaces the list on PATCH' })

/**
 * `?region=` on single reads. Not closed to other parameters: a shared link's
 * `utm_source` must keep working. Upper case only, one spelling per cache key.
 */
export const RegionQuery = Type.Object({
  region: Type.Optional(Type.String({
    pattern: '^[A-Z]{2}$',
    description: 'Keep only this country\'s offers in `offers` (ISO 3166-1 alpha-2, upper case). Without it every offer is shown.',
    examples: ['GB']
  }))
})
