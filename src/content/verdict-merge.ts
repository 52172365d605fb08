/** Applying a verdict patch: field by field onto the stored verdict, or a whole new one. */
import type { VerdictPatchType } from '../schemas/editorial.js'
import type { AwardType } from '../schemas/verdict.js'
import { FieldErrors } from './editorial-errors.js'
import { sameJson } from './json.js'
import { NO_DETAILS, squash, type PlatformEntry, type VerdictParts } from './verdict-details.js'

export interface VerdictInput extends VerdictParts {
  summary: string
  pros: string[]
  cons: string[]
  awards: AwardType[]
  reviewedOn: string | null
}

type PlatformPatch = NonNullable<VerdictPatchType['platforms']>[number]

/**
 * The platform list as stored. The primary entry repeats nothing of the verdict: what it
 * sends must agree with the verdict's own values, so no client can make them part.
 */
function platformsOf (list: PlatformPatch[], v: Omit<VerdictInput, 'platforms'>, errors: FieldErrors): PlatformEntry[] {
  return list.map((p, i) => {
    const primary = p.primary ?? list.length === 1
    const path = `/body/verdict/platforms/${i}`
    const entry = { platform: p.platform, edition: p.edition ?? null, primary }
    if (primary) {
      const own = { score: v.score, state: v.state, untested: v.untested, subScores: v.subScores }
      for (const key of ['score', 'state', 'untested', 'subScores'] as const) {
        if (p[key] !== undefined && !sameJson(p[key], own[key])) errors.add(`${path}/${key}`, `the primary platform's ${key} is the verdict's own: send it once, on the verdict`)
      }
      return { ...entry, score: null, state: 'final', untested: [], subScores: [] }
    }
    if (p.score === undefined) errors.add(`${path}/score`, 'a platform verdict needs a score (null when unscored)')
    return { ...entry, score: p.score ?? null, state: p.state ?? 'final', untested: p.untested ?? [], subScores: p.subScores ?? [] }
  })
}

/** `undefined` keeps the verdict, `null` removes it; a story without one needs every required field. */
export function mergeVerdict (before: VerdictInput | null, patch: VerdictPatchType | null | undefined): VerdictInput | null {
  if (patch === undefined) return before
  if (patch === null) return null
  const errors = new FieldErrors()
  if (before === null) {
    if (patch.scoreFormat === undefined) errors.add('/body/verdict/scoreFormat', 'is required for a new verdict')
    if (patch.score === undefined) errors.add('/body/verdict/score', 'is required for a new verdict')
    if (patch.summary === undefined) errors.add('/body/verdict/summary', 'is required for a new verdict')
    errors.throwIfAny('invalid')
  }
  const base: VerdictInput = before ?? { ...NO_DETAILS, scoreFormat: patch.scoreFormat!, score: null, state: 'final', summary: '', pros: [], cons: [], awards: [], reviewedOn: null }
  const state = patch.state ?? base.state
  const next: Omit<VerdictInput, 'platforms'> = {
    scoreFormat: patch.scoreFormat ?? base.scoreFormat,
    score: patch.score !== undefined ? patch.score : base.score,
    state,
    summary: patch.summary ?? base.summary,
    pros: patch.pros ?? base.pros,
    cons: patch.cons ?? base.cons,
    awards: patch.awards ?? base.awards,
    reviewedOn: patch.reviewedOn !== undefined ? patch.reviewedOn : base.reviewedOn,
    // Finalizing clears what was left to test, unless the write says otherwise (and is refused).
    untested: patch.untested ?? (state === 'final' ? [] : base.untested),
    platform: patch.platform !== undefined ? patch.platform : base.platform,
    edition: patch.edition !== undefined ? patch.edition : base.edition,
    subScores: patch.subScores ?? base.subScores,
    // Kept as the reader sees it in the page, whitespace folded: the check compares it so.
    pullQuote: patch.pullQuote !== undefined ? patch.pullQuote && squash(patch.pullQuote) : base.pullQuote
  }
  const platforms = patch.platforms === undefined ? base.platforms : platformsOf(patch.platforms, next, errors)
  // Removing the platforms takes their primary's name off the verdict, unless the write names one.
  if (platforms.length === 0 && base.platforms.length > 0) {
    next.platform = patch.platform ?? null
    next.edition = patch.edition ?? null
  }
  const primary = platforms.find((p) => p.primary)
  if (primary === undefined && platforms.length > 0) errors.add('/body/verdict/platforms', 'one platform verdict must be primary (`primary: true`)')
  if (primary !== undefined) {
    // The verdict's platform is the primary's: given on both, they must agree.
    for (const key of ['platform', 'edition'] as const) {
      if (patch[key] !== undefined && (patch[key] ?? null) !== primary[key]) errors.add(`/body/verdict/${key}`, `is the primary platform verdict's (${String(primary[key])}): change it in platforms`)
    }
    next.platform = primary.platform
    next.edition = primary.edition
  }
  errors.throwIfAny('invalid')
  return { ...next, platforms }
}
