/**
 * WP Review (MyThemeShop) keeps a post's review in postmeta: `wp_review_type`, the total on
 * that type's scale, serialized sub-ratings, a heading, a description and pros/cons.
 */
import type { ScoreFormatType } from '../../schemas/verdict.js'
import { unserializePhp } from './php-serialized.js'
import type { SubScore, WxrItem } from './types.js'
import { htmlListItems, htmlToText } from './html-text.js'
import { emptyVerdict, fitNumber, parseNumber, type Found, type Scale } from './verdict-common.js'

// The plugin's own rating types (wp_review_register_default_rating_types): star 0–5,
// point 0–10, percentage, circle and thumbs 0–100. The steps are Byline's choice.
const SCALES: Record<string, Scale> = {
  star: { kind: 'stars', max: 5, step: 0.5 },
  point: { kind: 'numeric', min: 0, max: 10, step: 0.1 },
  percentage: { kind: 'numeric', min: 0, max: 100, step: 1 },
  circle: { kind: 'numeric', min: 0, max: 100, step: 1 },
  thumbs: { kind: 'numeric', min: 0, max: 100, step: 1 }
}

/** The first value of a postmeta key, as get_post_meta($id, $key, true) reads it. */
export function metaValue (item: WxrItem, key: string): string | undefined {
  return item.meta.find((m) => m.key === key)?.value
}

interface RawItem { title: string, star: string }

function rawItems (value: string): RawItem[] | null {
  const parsed = unserializePhp(value)
  if (parsed === undefined) return null
  if (parsed === null || typeof parsed !== 'object') return []
  const out: RawItem[] = []
  for (const entry of Object.values(parsed)) {
    if (entry === null || typeof entry !== 'object') continue
    const fields = entry as Record<string, unknown>
    const title = fields.wp_review_item_title ?? fields.title
    const star = fields.wp_review_item_star ?? fields.star
    out.push({ title: typeof title === 'string' ? htmlToText(title, 'paragraphs') : '', star: star === undefined || star === null ? '' : String(star) })
  }
  return out
}

function subScores (value: string, items: RawItem[] | null, scale: Scale | undefined, type: string, conflicts: string[]): SubScore[] {
  if (items === null) {
    if (value !== '') conflicts.push('WP Review sub-ratings (wp_review_item) could not be read as PHP-serialized data: left out')
    return []
  }
  const out: SubScore[] = []
  for (const [index, { title, star }] of items.entries()) {
    const label = title === '' ? `sub-rating ${index + 1}` : `sub-rating "${title}"`
    if (star.trim() === '') continue
    if (title === '') {
      conflicts.push(`WP Review ${label} has no title: left out`)
      continue
    }
    if (scale === undefined) {
      conflicts.push(`WP Review ${label} (${star.trim()}) has no scale to be read on: left out`)
      continue
    }
    const number = parseNumber(star)
    const fitted = number === null
      ? { value: null, note: `WP Review ${label} "${star.trim()}" is not a number: left out` }
      : fitNumber(number, scale, `WP Review ${label}`, type)
    if (fitted.note !== null) conflicts.push(fitted.note)
    if (fitted.value !== null) out.push({ label: title, value: fitted.value })
  }
  return out
}

/** The WP Review verdict of a post, or null when its review fields are missing or empty. */
export function readWpReview (item: WxrItem): Found | null {
  const field = (key: string) => (metaValue(item, key) ?? '').trim()
  const type = field('wp_review_type')
  const total = field('wp_review_total')
  const summary = htmlToText(field('wp_review_desc'), 'paragraphs')
  const pros = htmlListItems(field('wp_review_pros'))
  const cons = htmlListItems(field('wp_review_cons'))
  const heading = htmlToText(field('wp_review_heading'), 'paragraphs')
  const itemsValue = field('wp_review_item')
  const items = itemsValue === '' ? [] : rawItems(itemsValue)
  const hasItems = items === null || items.some((i) => i.star.trim() !== '')
  // The plugin's metabox saves wp_review_type on every post it edits: a type with nothing
  // else is no review.
  if (total === '' && !hasItems && summary === '' && pros.length === 0 && cons.length === 0 && heading === '') return null

  const conflicts: string[] = []
  const scale = SCALES[type]
  const format: ScoreFormatType = scale ?? { kind: 'none' }
  const verdict = emptyVerdict('wp-review', format)
  if (scale !== undefined && total !== '') {
    const number = parseNumber(total)
    const fitted = number === null
      ? { value: null, note: `WP Review total "${total}" is not a number: left out` }
      : fitNumber(number, scale, 'WP Review total', type)
    verdict.score = fitted.value
    if (fitted.note !== null) conflicts.push(fitted.note)
  } else if (scale === undefined && total !== '') {
    const why = type === '' ? 'the post has no wp_review_type' : type === 'none' ? 'its type is "none"' : `its type "${type}" is not one Byline knows (${Object.keys(SCALES).join(', ')})`
    conflicts.push(`WP Review total ${total} has no scale to be read on (${why}): left out`)
  }
  verdict.subScores = subScores(itemsValue, items, scale, type, conflicts)
  verdict.summary = summary
  verdict.pros = pros
  verdict.cons = cons
  verdict.subjectTitle = heading === '' ? null : heading
  return { verdict, conflicts }
}
