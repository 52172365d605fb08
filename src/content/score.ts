/**
 * Score normalization: every raw score maps to one 0–100 integer so reviews on
 * different scales sort and filter together, the way aggregators read them.
 *
 * - numeric {min,max}: linear, (score − min) / (max − min) × 100
 * - stars {max}:       linear from 0, score / max × 100
 * - letter:            Metacritic's table — A+ = A = 100, A- 91, B+ 83, B 75, B- 67,
 *                      C+ 58, C 50, C- 42, D+ 33, D 25, D- 16, F 0
 * - none:              null
 * Results are rounded half up to an integer.
 */
import type { ScoreFormatType, ScoreType } from '../schemas/verdict.js'

// The letter score schema (src/schemas/verdict.ts) is built from this list.
export const LETTER_GRADES = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F'] as const
export type LetterGrade = typeof LETTER_GRADES[number]

const LETTER_TO_100: Record<LetterGrade, number> = {
  'A+': 100, A: 100, 'A-': 91, 'B+': 83, B: 75, 'B-': 67, 'C+': 58, C: 50, 'C-': 42, 'D+': 33, D: 25, 'D-': 16, F: 0
}

export class ScoreError extends Error { override name = 'ScoreError' }

function isLetter (value: string): value is LetterGrade {
  return (LETTER_GRADES as readonly string[]).includes(value)
}

function onStep (score: number, origin: number, step: number): boolean {
  const steps = (score - origin) / step
  return Math.abs(steps - Math.round(steps)) < 1e-9
}

/** Throws ScoreError when the score does not fit its format. */
export function validateScore (format: ScoreFormatType, score: ScoreType): void {
  switch (format.kind) {
    case 'none':
      if (score !== null) throw new ScoreError('an unscored verdict (scoreFormat "none") must have score null')
      return
    case 'letter':
      if (typeof score !== 'string' || !isLetter(score)) throw new ScoreError(`score must be a letter grade (${LETTER_GRADES.join(', ')})`)
      return
    case 'numeric':
    case 'stars': {
      const min = format.kind === 'numeric' ? format.min : 0
      if (format.kind === 'numeric' && !(format.max > format.min)) throw new ScoreError('scoreFormat max must be greater than min')
      if (typeof score !== 'number' || !Number.isFinite(score)) throw new ScoreError('score must be a number')
      if (score < min || score > format.max) throw new ScoreError(`score must be between ${min} and ${format.max}`)
      if (!onStep(score, min, format.step)) throw new ScoreError(`score must be a multiple of ${format.step} from ${min}`)
    }
  }
}

export function normalizeScore (format: ScoreFormatType, score: ScoreType): number | null {
  validateScore(format, score)
  switch (format.kind) {
    case 'none': return null
    case 'letter': return LETTER_TO_100[score as LetterGrade]
    case 'numeric': return Math.round(((score as number) - format.min) / (format.max - format.min) * 100)
    case 'stars': return Math.round((score as number) / format.max * 100)
  }
}

/** The score as a reader sees it: "9.3/10", "4.5/5 stars", "B+". */
export function displayScore (format: ScoreFormatType, score: ScoreType): string | null {
  switch (format.kind) {
    case 'none': return null
    case 'letter': return String(score)
    case 'numeric': return `${score}/${format.max}`
    case 'stars': return `${score}/${format.max} stars`
  }
}
