/**
 * A theme's "Final Thoughts" box in the post HTML, found by the mapping's CSS selectors
 * (the inner ones relative to the box). Once read, the box leaves the body unless the
 * mapping says `remove: false`.
 */
import type { DomElement } from '@mixmark-io/domino'
import type { AwardType, ScoreFormatType } from '../../schemas/verdict.js'
import { itemText, parseFragment, textOf } from './html-text.js'
import type { MappingType } from './mapping.js'
import { emptyVerdict, fitNumber, fitScore, parseLetter, parseNumber, type Fitted, type Found } from './verdict-common.js'

type BoxMapping = NonNullable<MappingType['verdictBox']>

const FILLED = /[\u2605\u2B50]/gu // ★ ⭐
const HALF = /[\u00BD\u2BE8\u2BEA]/gu // ½ ⯨ ⯪
const EMPTY = /[\u2606]/u // ☆

/** A score as a theme prints it: "9", "9/10", "9.0", "8,5", "4½", "★★★★☆", "B+". */
export function parseScoreText (raw: string, format: ScoreFormatType): Fitted<number | string> {
  const what = 'verdict box score'
  const text = raw.replace(/\s+/g, ' ').trim()
  if (format.kind === 'letter') {
    const grade = text.split(/[\s:()[\]]+/).map(parseLetter).find((g) => g !== null)
    return grade == null ? fitScore(text, format, what) : { value: grade, note: null }
  }
  if (format.kind === 'none') return fitScore(text, format, what)
  const filled = text.match(FILLED)?.length ?? 0
  const halves = text.match(HALF)?.length ?? 0
  if (format.kind === 'stars' && !/\d/.test(text) && (filled + halves > 0 || EMPTY.test(text))) {
    return fitNumber(filled + halves / 2, format, what)
  }
  const match = /(\d+(?:[.,]\d+)?)(½)?(?:\s*(?:\/|out of|of)\s*(\d+(?:[.,]\d+)?))?/i.exec(text)
  if (match === null) return { value: null, note: `${what} "${text}" is not a number: left out` }
  const value = parseNumber(match[1]!)! + (match[2] === undefined ? 0 : 0.5)
  const outOf = match[3] === undefined ? null : parseNumber(match[3])
  if (outOf !== null && outOf !== format.max) {
    return { value: null, note: `${what} "${text}" is out of ${outOf}, but the mapping's scale goes to ${format.max}: left out` }
  }
  return fitNumber(value, format, what)
}

export interface BoxReading { found: Found | null, html: string, notes: string[] }

/** The verdict in the theme's box, and the HTML without the box (unchanged when nothing is removed). */
export function readVerdictBox (html: string, box: BoxMapping | undefined): BoxReading {
  const notes: string[] = []
  if (box === undefined || html.trim() === '') return { found: null, html, notes }
  const document = parseFragment(html)
  // Selectors come from a mapping file; one domino cannot read is the mapping's problem, named here.
  const all = (root: DomElement, selector: string): DomElement[] => {
    try {
      return Array.from(root.querySelectorAll(selector))
    } catch (error) {
      notes.push(`the mapping's verdict box selector "${selector}" is not one the importer can use (${(error as Error).message}): not read`)
      return []
    }
  }
  const element = all(document.body, box.selector)[0]
  if (element === undefined) return { found: null, html, notes }

  const verdict = emptyVerdict('selector', box.scale)
  const conflicts: string[] = []
  if (box.score !== undefined) {
    const scoreElement = all(element, box.score)[0]
    if (scoreElement === undefined) {
      conflicts.push(`the verdict box has no score element (${box.score}): unscored`)
    } else {
      const fitted = parseScoreText(textOf(scoreElement), box.scale)
      verdict.score = fitted.value
      if (fitted.note !== null) conflicts.push(fitted.note)
    }
  }
  const first = (selector: string | undefined) => selector === undefined ? undefined : all(element, selector)[0]
  const summary = first(box.summary)
  verdict.summary = summary === undefined ? '' : textOf(summary, 'paragraphs')
  verdict.pros = box.pros === undefined ? [] : all(element, box.pros).map(itemText).filter(Boolean)
  verdict.cons = box.cons === undefined ? [] : all(element, box.cons).map(itemText).filter(Boolean)
  const subject = first(box.subject)
  verdict.subjectTitle = subject === undefined ? null : itemText(subject) || null
  const awards: AwardType[] = []
  for (const [selector, award] of Object.entries(box.awards ?? {})) {
    // A badge counts in the box or anywhere in the post: themes often print it by the title.
    if (all(document.body, selector).length > 0 && !awards.includes(award)) awards.push(award)
  }
  verdict.awards = awards

  if (box.remove === false) return { found: { verdict, conflicts }, html, notes }
  element.parentNode?.removeChild(element)
  return { found: { verdict, conflicts }, html: document.body.innerHTML, notes }
}
