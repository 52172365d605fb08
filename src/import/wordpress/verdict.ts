/**
 * The review verdict of an exported post. Four places can hold one — WP Review postmeta, a
 * review block, ACF fields, a theme's box in the HTML — and the first that has one wins; the
 * others are named in a conflict sentence. Every score returned passes Byline's own check
 * (validateScore) with its format as returned: one Byline would refuse is reported and left
 * out, never sent, and a verdict left without a score carries the "none" format.
 */
import { validateScore } from '../../content/score.js'
import { shorten } from './item-facts.js'
import type { MappingType } from './mapping.js'
import type { FoundVerdict, VerdictDetection, VerdictSource, WxrItem } from './types.js'
import { readAcf } from './verdict-acf.js'
import { readReviewBlock } from './verdict-block.js'
import { readVerdictBox } from './verdict-box.js'
import { scoreLabel, type Found } from './verdict-common.js'
import { readWpReview } from './verdict-wp-review.js'

export interface VerdictOptions { mapping: MappingType }

const NAMES: Record<VerdictSource, { a: string, the: string, own: string }> = {
  'wp-review': { a: 'a WP Review verdict', the: 'the WP Review verdict', own: 'WP Review' },
  block: { a: 'a review block', the: 'the review block', own: 'review block' },
  acf: { a: 'an ACF verdict', the: 'the ACF verdict', own: 'ACF' },
  selector: { a: 'a verdict box', the: 'the verdict box', own: 'verdict box' }
}

// Byline's write API (src/schemas/editorial.ts): pros and cons at most 50 items of 1–200
// characters, summary at most 5000, a subject's title at most 200. Lengths count code points, as Ajv does.
const MAX_ITEMS = 50
const MAX_ITEM = 200
const MAX_SUMMARY = 5000
const MAX_TITLE = 200

function fitLimits (verdict: FoundVerdict, conflicts: string[]): void {
  const own = NAMES[verdict.source].own
  const fitText = (text: string, max: number, what: string) => {
    const length = Array.from(text).length
    if (length <= max) return text
    conflicts.push(`the ${own} ${what} is ${length} characters, over Byline's ${max}: cut to ${max}`)
    return shorten(text, max)
  }
  verdict.summary = fitText(verdict.summary, MAX_SUMMARY, 'summary')
  if (verdict.subjectTitle !== null) verdict.subjectTitle = fitText(verdict.subjectTitle, MAX_TITLE, 'subject title')
  for (const side of ['pros', 'cons'] as const) {
    const singular = side === 'pros' ? 'pro' : 'con'
    let items = verdict[side].map((item, i) => fitText(item, MAX_ITEM, `${singular} ${i + 1}`)).filter((item) => item !== '')
    if (items.length > MAX_ITEMS) {
      conflicts.push(`the ${own} verdict has ${items.length} ${side}, over Byline's ${MAX_ITEMS}: the last ${items.length - MAX_ITEMS} left out`)
      items = items.slice(0, MAX_ITEMS)
    }
    verdict[side] = items
  }
}

/** The verdict of a post, from the first source that has one (WP Review postmeta, then a review block, then ACF fields, then the mapping's verdict box). Pure. */
export function detectVerdict (item: WxrItem, options: VerdictOptions): VerdictDetection {
  const block = readReviewBlock(item.content)
  const acf = readAcf(item, options.mapping.acf)
  const box = readVerdictBox(block.html, options.mapping.verdictBox)
  const found = [readWpReview(item), block.found, acf.found, box.found].filter((f): f is Found => f !== null)
  const conflicts = [...block.notes, ...acf.notes, ...box.notes]
  const chosen = found[0]
  if (chosen === undefined) return { verdict: null, conflicts, html: box.html }

  const verdict = chosen.verdict
  conflicts.push(...chosen.conflicts)
  try {
    validateScore(verdict.scoreFormat, verdict.score)
  } catch (error) {
    // The sources fit every score they return; this is the last guard before a write.
    if (verdict.score !== null) conflicts.push(`the ${NAMES[verdict.source].own} score ${JSON.stringify(verdict.score)} does not fit its scale (${(error as Error).message}): left out`)
    verdict.score = null
  }
  // Byline takes no score only on the "none" format: a scale without its score would be refused.
  if (verdict.score === null) verdict.scoreFormat = { kind: 'none' }
  fitLimits(verdict, conflicts)
  for (const other of found.slice(1)) {
    const source = other.verdict.source
    const removed = (source === 'block' && block.html !== item.content) || (source === 'selector' && box.html !== block.html)
    conflicts.push(`also has ${NAMES[source].a} (${scoreLabel(other.verdict)}), not used: ${NAMES[verdict.source].the} came first${removed ? `; the ${NAMES[source].own} was taken out of the body` : ''}`)
  }
  return { verdict, conflicts, html: box.html }
}
