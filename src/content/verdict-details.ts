/**
 * The parts of a verdict beyond its score: its state (in progress or final), sub-scores,
 * the verdicts per platform and the pull-quote. Pure: the rules a write must satisfy,
 * and the public shape they render to.
 */
import type { PlatformVerdictType, ScoreFormatType, ScoreType, SubScoreType, VerdictStateType } from '../schemas/verdict.js'
import { FieldErrors } from './editorial-errors.js'
import { displayScore, normalizeScore, ScoreError, validateScore } from './score.js'
import { slugify } from './slug.js'

export interface SubScoreInput { label: string, score: ScoreType }

/**
 * One platform's verdict as stored. The primary entry's score, state, notes and
 * sub-scores are the verdict's own: stored empty, filled in when rendered, so a score
 * edit on the verdict can never leave the primary platform behind.
 */
export interface PlatformEntry {
  platform: string
  edition: string | null
  primary: boolean
  score: ScoreType
  state: VerdictStateType
  untested: string[]
  subScores: SubScoreInput[]
}

/** What the verdicts table keeps in details_json. */
export interface VerdictDetails {
  untested: string[]
  platform: string | null
  edition: string | null
  subScores: SubScoreInput[]
  pullQuote: string | null
  platforms: PlatformEntry[]
}

export const NO_DETAILS: VerdictDetails = { untested: [], platform: null, edition: null, subScores: [], pullQuote: null, platforms: [] }

export function parseDetails (json: string): VerdictDetails {
  return { ...NO_DETAILS, ...JSON.parse(json) as Partial<VerdictDetails> }
}

/** An in-progress verdict may have no score yet on any scale: its score is provisional or absent. */
export function normalizedOf (format: ScoreFormatType, score: ScoreType, state: VerdictStateType): number | null {
  return score === null && state === 'in_progress' ? null : normalizeScore(format, score)
}

function scored (format: ScoreFormatType, score: ScoreType, state: VerdictStateType) {
  return { score, scoreDisplay: score === null ? null : displayScore(format, score), normalizedScore: normalizedOf(format, score, state) }
}

export function renderSubScores (format: ScoreFormatType, subScores: SubScoreInput[]): SubScoreType[] {
  return subScores.map((s) => ({ label: s.label, ...scored(format, s.score, 'final') }))
}

interface Primary { score: ScoreType, state: VerdictStateType, untested: string[], subScores: SubScoreInput[] }

/** The platforms as the public sees them: the primary first, with the verdict's own values. */
export function renderPlatforms (format: ScoreFormatType, primary: Primary, platforms: PlatformEntry[]): PlatformVerdictType[] {
  const ordered = [...platforms.filter((p) => p.primary), ...platforms.filter((p) => !p.primary)]
  return ordered.map((p) => {
    const v = p.primary ? primary : p
    return {
      platform: p.platform,
      edition: p.edition,
      primary: p.primary,
      state: v.state,
      untested: v.untested,
      ...scored(format, v.score, v.state),
      subScores: renderSubScores(format, v.subScores)
    }
  })
}

/** The key review lists filter on (`?platform=ps5`): one per platform name, whatever its edition. */
export function platformKey (platform: string): string {
  return slugify(platform) || platform.trim().toLowerCase()
}

const sameText = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase()

/** A name a reader can see: blank, spaces and zero-width characters alone are not one. */
const named = (text: string) => /[\p{L}\p{N}]/u.test(text)

function checkScore (errors: FieldErrors, path: string, format: ScoreFormatType, score: ScoreType, state: VerdictStateType): void {
  if (score === null && state === 'in_progress') return
  try {
    validateScore(format, score)
  } catch (error) {
    if (!(error instanceof ScoreError)) throw error
    errors.add(path, error.message)
  }
}

function checkSubScores (errors: FieldErrors, path: string, format: ScoreFormatType, subScores: SubScoreInput[]): void {
  if (subScores.length > 0 && format.kind === 'none') errors.add(path, 'an unscored verdict (scoreFormat "none") has no sub-scores')
  subScores.forEach((s, i) => {
    if (!named(s.label)) errors.add(`${path}/${i}/label`, 'a label needs a letter or digit')
    if (s.score === null) errors.add(`${path}/${i}/score`, 'a sub-score needs a score on the verdict\'s scale')
    else checkScore(errors, `${path}/${i}/score`, format, s.score, 'final')
    if (subScores.findIndex((o) => sameText(o.label, s.label)) < i) errors.add(`${path}/${i}/label`, `"${s.label}" is already a label of this verdict`)
  })
}

function checkUntested (errors: FieldErrors, path: string, state: VerdictStateType, untested: string[]): void {
  if (state === 'final' && untested.length > 0) errors.add(path, 'untested notes belong to a review in progress: a final verdict has none')
}

/** A verdict as written: its parts, before the pull-quote (which needs the body's text). */
export interface VerdictParts extends Primary, VerdictDetails {
  scoreFormat: ScoreFormatType
}

/** Every rule of a verdict's parts, all reported at once under /body/verdict. */
export function checkVerdictParts (v: VerdictParts): void {
  const errors = new FieldErrors()
  const at = '/body/verdict'
  checkUntested(errors, `${at}/untested`, v.state, v.untested)
  checkSubScores(errors, `${at}/subScores`, v.scoreFormat, v.subScores)
  const primaries = v.platforms.flatMap((p, i) => p.primary ? [i] : [])
  if (primaries.length > 1) errors.add(`${at}/platforms/${primaries[1]!}/primary`, `only one platform verdict can be primary (entries ${primaries.join(' and ')} are)`)
  if (v.platform !== null && !named(v.platform)) errors.add(`${at}/platform`, 'a platform name needs a letter or digit')
  v.platforms.forEach((p, i) => {
    const path = `${at}/platforms/${i}`
    if (!named(p.platform)) errors.add(`${path}/platform`, 'a platform name needs a letter or digit')
    if (v.platforms.findIndex((o) => sameText(o.platform, p.platform) && sameText(o.edition ?? '', p.edition ?? '')) < i) {
      errors.add(`${path}/platform`, `"${p.platform}"${p.edition === null ? '' : ` (${p.edition})`} has a verdict already`)
    }
    if (p.primary) return
    checkScore(errors, `${path}/score`, v.scoreFormat, p.score, p.state)
    checkUntested(errors, `${path}/untested`, p.state, p.untested)
    checkSubScores(errors, `${path}/subScores`, v.scoreFormat, p.subScores)
  })
  errors.throwIfAny('invalid')
}

/** Whitespace runs as one space, so a quote copied across a line break still matches. */
export const squash = (text: string): string => text.replace(/\s+/gu, ' ').trim()

/**
 * Google's critic-review `description` and aggregators' quotes must be the review's own
 * words: an exact excerpt of the body or the verdict summary, and not the headline.
 */
export function pullQuoteProblem (quote: string, title: string, texts: string[]): string | null {
  const q = squash(quote)
  if (q === '') return 'a pull-quote cannot be blank'
  if (sameText(q, squash(title))) return 'a pull-quote cannot be the title: quote the review\'s own words'
  if (!texts.some((t) => squash(t).includes(q))) return 'is not an exact excerpt of the body or the verdict summary (an edit to either must keep the quote in it, or change the quote with it)'
  return null
}
