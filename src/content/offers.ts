/**
 * Offers' domain rules, pure: which region and currency codes are real, what makes an
 * offer list valid, and the one-region view of a stored rendering for `?region=`.
 *
 * Regions are ISO 3166-1 alpha-2 codes of countries and territories, as ICU knows them,
 * and nothing else. Refused, although ICU names them:
 * - user-assigned codes (AA, QM–QZ, XA–XZ, ZZ): CLDR's "Unknown Region" (ZZ), pseudo-locales
 *   (XA, XB), Outlying Oceania (QO) and Kosovo (XK) are no one's ISO 3166-1 code, and a
 *   partner could not match them to its own country lists;
 * - groupings (EU, EZ, UN): an offer is bought in a country, and a filter on EU would
 *   not find the offers marked DE or FR;
 * - exceptionally reserved codes (AC, CP, CQ, DG, EA, IC, TA): not part of ISO 3166-1;
 * - deprecated codes ICU maps to current ones (UK → GB, FX → FR, ZR → CD…): one spelling
 *   per country, so a `?region=GB` finds every British offer; the error names the code to use.
 * Currencies are the ISO 4217 codes in current use that ICU lists (no funds, metals or
 * testing codes: XAU, XTS and XXX are refused), the same set on every Node 20.
 */
import type { EditorialField } from './editorial-errors.js'
import type { OfferInputType, OfferType } from '../schemas/offer.js'

// Built on first use: ICU's region names and currency list cost a cold start ~100 ms when loaded.
let regionNames: Intl.DisplayNames | undefined
let currencies: Set<string> | undefined
const USER_ASSIGNED = /^(AA|Q[M-Z]|X[A-Z]|ZZ)$/
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'AC', 'CP', 'CQ', 'DG', 'EA', 'IC', 'TA'])

/** The current code for a deprecated one ICU still knows (UK → GB), else null. */
function replacementOf (code: string): string | null {
  const canonical = Intl.getCanonicalLocales(`und-${code}`)[0]?.slice('und-'.length)
  return canonical !== undefined && canonical !== code ? canonical : null
}

/** Why `code` is not a region an offer may name, or null when it is one. */
export function regionProblem (code: string): string | null {
  if (!/^[A-Z]{2}$/.test(code)) return 'must be an ISO 3166-1 alpha-2 country code: two upper-case letters'
  if (USER_ASSIGNED.test(code) || NOT_COUNTRIES.has(code)) return `"${code}" is not an ISO 3166-1 alpha-2 country code`
  const replacement = replacementOf(code)
  if (replacement !== null) return `"${code}" is not a current ISO 3166-1 alpha-2 code: use "${replacement}"`
  regionNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })
  if (regionNames.of(code) === undefined) return `"${code}" is not an ISO 3166-1 alpha-2 country code`
  return null
}

export const isRegion = (code: string): boolean => regionProblem(code) === null
export const isCurrency = (code: string): boolean => (currencies ??= new Set(Intl.supportedValuesOf('currency'))).has(code)

/** Why `url` may not be an offer's link, or null: a plain http(s) link, no credentials in it. */
function urlProblem (url: string): string | null {
  let parsed: URL
  try { parsed = new URL(url) } catch { return 'must be an absolute http or https URL' }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http or https URL'
  if (parsed.username !== '' || parsed.password !== '') return 'must not carry a user name or password'
  if (parsed.hostname === '') return 'must name a host'
  return null
}

/** Providers are names people type: "Netflix" and "netflix " are the same store. */
const providerKey = (provider: string) => provider.trim().toLowerCase()

/**
 * Every problem with an offer list as written, each with the JSON pointer of its field
 * under `at` (e.g. `/body/offers`). The schema has checked types, ranges and patterns.
 */
export function offerProblems (offers: OfferInputType[], at: string): EditorialField[] {
  const problems: EditorialField[] = []
  const seen = new Map<string, number>()
  offers.forEach((offer, i) => {
    const path = `${at}/${i}`
    const url = urlProblem(offer.url)
    if (url !== null) problems.push({ path: `${path}/url`, message: url })
    if (offer.price !== undefined && offer.price !== null) {
      if (!Number.isFinite(offer.price) || offer.price < 0) problems.push({ path: `${path}/price`, message: 'must be a number >= 0' })
      if (offer.currency === undefined || offer.currency === null) problems.push({ path: `${path}/currency`, message: 'is required with a price' })
    }
    if (offer.currency !== undefined && offer.currency !== null && !isCurrency(offer.currency)) {
      problems.push({ path: `${path}/currency`, message: `"${offer.currency}" is not an ISO 4217 currency code in use` })
    }
    const region = regionProblem(offer.region)
    if (region !== null) problems.push({ path: `${path}/region`, message: region })
    // The same store selling the same way in the same country twice: one of them is stale.
    const key = `${providerKey(offer.provider)}\u0000${offer.kind}\u0000${offer.region}`
    const first = seen.get(key)
    if (first === undefined) seen.set(key, i)
    else problems.push({ path, message: `repeats offer ${first} (same provider, kind and region)` })
  })
  return problems
}

/** Offers as stored and shown: every field present, in the order given. */
export function normalizeOffers (offers: OfferInputType[]): OfferType[] {
  return offers.map((o) => ({
    provider: o.provider,
    kind: o.kind,
    url: o.url,
    price: o.price ?? null,
    currency: o.currency ?? null,
    region: o.region,
    affiliate: o.affiliate ?? false,
    checkedAt: o.checkedAt ?? null
  }))
}

export const offersIn = (offers: OfferType[], region: string): OfferType[] => offers.filter((o) => o.region === region)

/**
 * A stored rendering with only `region`'s offers: at its top level (a subject page) or in
 * its `subject` (a review). The same string back when nothing is left out, so an
 * unfiltered answer keeps its bytes and stored ETag. Renderings from before offers
 * existed have none to filter.
 */
export function withRegionOffers (json: string, region: string, where: 'top' | 'subject'): string {
  const doc = JSON.parse(json) as Record<string, unknown>
  const holder = (where === 'top' ? doc : doc.subject) as { offers?: OfferType[] } | null | undefined
  if (holder === null || typeof holder !== 'object' || !Array.isArray(holder.offers)) return json
  const kept = offersIn(holder.offers, region)
  if (kept.length === holder.offers.length) return json
  holder.offers = kept
  return JSON.stringify(doc)
}

/** A `?region=` value's problem as a field of the query string, or null when it is absent or a region. */
export function regionQueryError (region: string | undefined): EditorialField | null {
  const problem = region === undefined ? null : regionProblem(region)
  return problem === null ? null : { path: '/querystring/region', message: problem }
}

/**
 * A stored rendering narrowed to `region`'s offers (see withRegionOffers). A changed body
 * drops the stored ETag so it is hashed from the bytes sent: the one-region answer never
 * shares a validator with the full one.
 */
export function inRegion<R extends { body: string, etag: string | null }> (rendered: R, region: string | undefined, where: 'top' | 'subject'): R {
  if (region === undefined) return rendered
  const body = withRegionOffers(rendered.body, region, where)
  return body === rendered.body ? rendered : { ...rendered, body, etag: null }
}
