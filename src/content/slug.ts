/**
 * Titles → slugs that satisfy the shared Slug schema (SLUG_PATTERN, ≤ SLUG_MAX_LENGTH).
 *
 * Slugs are ASCII so they survive every URL, log line and shell unescaped; accents fold
 * to their base letter rather than vanishing, so "Amélie" stays readable as `amelie`.
 */

// The Slug schema (src/schemas/common.ts) is built from these; kept here so that the write
// side, which loads no schemas, does not load TypeBox for two constants.
export const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$'
export const SLUG_MAX_LENGTH = 160

const SLUG_RE = new RegExp(SLUG_PATTERN)

// Latin letters NFKD leaves whole; without these "Søren" would slug to `s-ren`.
const FOLDS: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i'
}
const FOLDABLE = new RegExp(`[${Object.keys(FOLDS).join('')}]`, 'g')

// NFKD turns "3½" into "31⁄2"; a break before the fraction keeps the whole number apart.
const VULGAR_FRACTIONS = /[\u00bc-\u00be\u2150-\u215f]/g

// Apostrophes join a word rather than split it: "Director's" → `directors`, not `director-s`.
const APOSTROPHES = /['’‘ʼ`]/g

/**
 * Cut to at most `max` chars, preferring the last dash boundary so no word is split —
 * unless that would throw away more than half, where a clipped word reads better than
 * losing most of the title.
 */
function truncate (slug: string, max: number): string {
  if (slug.length <= max) return slug
  const cut = slug.slice(0, max + 1).lastIndexOf('-')
  const head = cut >= max / 2 ? slug.slice(0, cut) : slug.slice(0, max)
  return head.replace(/-+$/, '')
}

/**
 * The slug for a title, or `''` when the title has no ASCII-foldable letters or digits
 * at all (emoji-only, CJK-only…). An empty result is not a valid slug: the caller picks
 * the fallback (an id, a transliteration, asking the editor), since only it knows which.
 *
 * `&` reads as "and"; every other symbol is a word break, so "C++" is just `c`.
 */
export function slugify (title: string): string {
  const slug = title
    .replace(VULGAR_FRACTIONS, ' $&')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(FOLDABLE, (ch) => FOLDS[ch] ?? '-')
    .replace(/&/g, ' and ')
    .replace(APOSTROPHES, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return truncate(slug, SLUG_MAX_LENGTH)
}

// A predicate that always says "taken" is a caller bug; fail loudly instead of spinning.
const MAX_ATTEMPTS = 10_000

/**
 * `base` if free, else the first free `base-2`, `base-3`, … The base is trimmed (never the
 * suffix) so the result stays within SLUG_MAX_LENGTH and never ends in a dash.
 * Throws RangeError when `base` is not itself a valid slug (e.g. the `''` slugify returns
 * for an emoji-only title) or when no candidate is free within MAX_ATTEMPTS.
 */
export function uniqueSlug (base: string, isTaken: (slug: string) => boolean): string {
  for (const candidate of slugCandidates(base)) if (!isTaken(candidate)) return candidate
  throw new RangeError(`no free slug for "${base}" after ${MAX_ATTEMPTS} attempts`)
}

/** `base`, then `base-2`, `base-3`, … (trimmed to fit), in the order uniqueSlug tries them: for callers whose check is async. */
export function * slugCandidates (base: string): Generator<string> {
  if (base.length > SLUG_MAX_LENGTH || !SLUG_RE.test(base)) throw new RangeError(`not a valid slug: "${base}"`)
  yield base
  for (let n = 2; n <= MAX_ATTEMPTS; n++) {
    const suffix = `-${n}`
    yield truncate(base, SLUG_MAX_LENGTH - suffix.length) + suffix
  }
}

/** The first of slugCandidates(base) that `isTaken` says is free. */
export async function freeSlug (base: string, isTaken: (slug: string) => Promise<boolean>): Promise<string> {
  for (const candidate of slugCandidates(base)) if (!await isTaken(candidate)) return candidate
  throw new RangeError(`no free slug for "${base}" after ${MAX_ATTEMPTS} attempts`)
}
