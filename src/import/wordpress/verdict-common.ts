/**
 * What the verdict sources share: scores fitted to their scale with Byline's own check, and
 * Byline's limits on a verdict's texts. Text out of HTML comes from html-text.ts, as the body's does.
 */
import { displayScore, LETTER_GRADES, validateScore } from '../../content/score.js'
import type { ScoreFormatType } from '../../schemas/verdict.js'
import type { FoundVerdict, VerdictSource } from './types.js'

export type Scale = Extract<ScoreFormatType, { kind: 'numeric' | 'stars' }>

/** The scale as conflict sentences name it: "numeric", "5-star", or a plugin's own name ("point"). */
export function scaleName (format: ScoreFormatType): string {
  return format.kind === 'stars' ? `${format.max}-star` : format.kind
}

const shown = (n: number) => String(Math.round(n * 1000) / 1000)
const decimals = (n: number) => {
  const [mantissa = '', exponent = '0'] = String(n).split('e')
  return Math.max(0, (mantissa.split('.')[1] ?? '').length - Number(exponent))
}

export interface Fitted<T> { value: T | null, note: string | null }

/**
 * A number on a numeric or stars scale, rounded to the scale's step (float noise such as
 * 9.300000000000000710542735760100185871124267578125 gone); null with a sentence when it is
 * off the scale. Rounding that changes the score as printed is reported too.
 */
export function fitNumber (raw: number, format: Scale, what: string, name = scaleName(format)): Fitted<number> {
  const min = format.kind === 'numeric' ? format.min : 0
  const tolerance = 1e-9 * Math.max(1, Math.abs(format.max))
  if (!Number.isFinite(raw) || raw < min - tolerance || raw > format.max + tolerance) {
    return { value: null, note: `${what} ${shown(raw)} does not fit its ${name} scale (${min}–${format.max}): left out` }
  }
  const places = Math.max(decimals(format.step), decimals(min))
  const value = Math.min(format.max, Math.max(min, Number((min + Math.round((raw - min) / format.step) * format.step).toFixed(places))))
  try {
    validateScore(format, value)
  } catch (error) {
    return { value: null, note: `${what} ${shown(raw)} does not fit its ${name} scale: ${(error as Error).message}; left out` }
  }
  const note = Math.abs(value - raw) > tolerance ? `${what} ${shown(raw)} rounded to ${value}: its ${name} scale steps by ${format.step}` : null
  return { value, note }
}

/** A number written by a person or a plugin: "8.5", "8,5" (comma decimal), " 9 ". */
export function parseNumber (text: string): number | null {
  const trimmed = text.trim()
  if (!/^[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/.test(trimmed)) return null
  return Number(trimmed.replace(',', '.'))
}

/** A letter grade as Byline spells it ("b+" → "B+", a typographic minus → "-"), or null. */
export function parseLetter (text: string): string | null {
  const grade = text.trim().toUpperCase().replace(/[\u2212\u2013\u2014]/g, '-')
  return (LETTER_GRADES as readonly string[]).includes(grade) ? grade : null
}

/** A raw score (meta value or number) on any scale: the score Byline would accept, or null and why. */
export function fitScore (raw: string | number, format: ScoreFormatType, what: string): Fitted<number | string> {
  const text = String(raw).trim()
  if (format.kind === 'none') return { value: null, note: `${what} "${text}" has no scale to be read on (the scale is "none"): left out` }
  if (format.kind === 'letter') {
    const grade = parseLetter(text)
    return grade === null ? { value: null, note: `${what} "${text}" is not a letter grade (${LETTER_GRADES.join(', ')}): left out` } : { value: grade, note: null }
  }
  const number = typeof raw === 'number' ? raw : parseNumber(text)
  if (number === null) return { value: null, note: `${what} "${text}" is not a number: left out` }
  return fitNumber(number, format, what)
}

/** What a conflict sentence says of a verdict's score: "8/10", "4.5/5 stars", "B+", "unscored". */
export function scoreLabel (verdict: FoundVerdict): string {
  return verdict.score === null ? 'unscored' : displayScore(verdict.scoreFormat, verdict.score) ?? 'unscored'
}

export function emptyVerdict (source: VerdictSource, scoreFormat: ScoreFormatType): FoundVerdict {
  return { source, scoreFormat, score: null, summary: '', pros: [], cons: [], awards: [], subjectTitle: null, subScores: [] }
}

/** A verdict a source found, with the sentences about what it had to leave out of it. */
export interface Found { verdict: FoundVerdict, conflicts: string[] }

/** Keeps only the sentences that say something. */
export function notes (...sentences: Array<string | null | undefined>): string[] {
  return sentences.filter((s): s is string => typeof s === 'string' && s !== '')
}
