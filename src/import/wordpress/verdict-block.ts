/**
 * A review block in the post's Gutenberg content (Spectra's `uagb/review`). Its verdict is
 * in the block comment's attributes; the block's own markup leaves the body, cut at the
 * exact delimiters of the block the parser found.
 */
import { parse } from '@wordpress/block-serialization-default-parser'
import type { ScoreFormatType } from '../../schemas/verdict.js'
import type { SubScore } from './types.js'
import { htmlToText } from './html-text.js'
import { emptyVerdict, fitNumber, type Found } from './verdict-common.js'

type Attrs = Record<string, unknown>

interface ReviewBlock {
  /** The block's defaults for what read() uses: the editor leaves out of the comment any attribute equal to its default. */
  defaults: Attrs
  read (attrs: Attrs): Found
}

const text = (value: unknown) => typeof value === 'string' ? htmlToText(value, 'paragraphs') : ''

// Spectra's src/blocks/review/attributes.js.
const UAGB_DEFAULTS: Attrs = { rTitle: '', rContent: '', summaryDescription: '', parts: [{ label: '', value: 0 }], starCount: 5 }

function readUagb (attrs: Attrs): Found {
  const conflicts: string[] = []
  const starCount = Number(attrs.starCount)
  const scale = Number.isInteger(starCount) && starCount >= 1 && starCount <= 10
    ? { kind: 'stars' as const, max: starCount, step: 0.5 }
    : null
  if (scale === null) conflicts.push(`review block's starCount ${JSON.stringify(attrs.starCount)} is not a star scale Byline has (1 to 10 stars): its score left out`)
  const verdict = emptyVerdict('block', scale ?? { kind: 'none' } satisfies ScoreFormatType)
  verdict.subjectTitle = text(attrs.rTitle) || null
  verdict.summary = text(attrs.summaryDescription) || text(attrs.rContent)

  const parts = Array.isArray(attrs.parts) ? attrs.parts as unknown[] : []
  // The untouched default (one unnamed part at 0) is a block nobody rated.
  const rated = JSON.stringify(parts) !== JSON.stringify(UAGB_DEFAULTS.parts)
  const values: number[] = []
  const subScores: SubScore[] = []
  for (const part of rated ? parts : []) {
    const { label, value } = (part ?? {}) as { label?: unknown, value?: unknown }
    const number = typeof value === 'number' ? value : Number(value)
    if (!Number.isFinite(number)) continue
    // The block averages every part, named or not, as it displays the overall rating.
    values.push(number)
    const name = text(label)
    if (name === '' || scale === null) continue
    const fitted = fitNumber(number, scale, `review block part "${name}"`)
    if (fitted.note !== null) conflicts.push(fitted.note)
    if (fitted.value !== null) subScores.push({ label: name, value: fitted.value })
  }
  verdict.subScores = subScores
  if (scale !== null && values.length > 0) {
    const average = values.reduce((a, b) => a + b, 0) / values.length
    const fitted = fitNumber(average, scale, 'review block average')
    verdict.score = fitted.value
    if (fitted.note !== null) conflicts.push(fitted.note)
  }
  return { verdict, conflicts }
}

/** Review blocks by name; another plugin's block is one more entry. */
export const REVIEW_BLOCKS: Record<string, ReviewBlock> = {
  'uagb/review': { defaults: UAGB_DEFAULTS, read: readUagb }
}

type Parsed = ReturnType<typeof parse>[number]

function reviewBlocks (blocks: Parsed[], out: Parsed[] = []): Parsed[] {
  for (const block of blocks) {
    if (block.blockName !== null && block.blockName in REVIEW_BLOCKS) out.push(block)
    reviewBlocks(block.innerBlocks, out)
  }
  return out
}

// The block grammar's delimiters: <!-- wp:ns/name {attrs} -->, <!-- /wp:ns/name -->, <!-- wp:ns/name /-->.
const DELIMITER = /<!--\s+(\/)?wp:((?:[a-z][a-z0-9_-]*\/)?[a-z][a-z0-9_-]*)\s+(\{[\s\S]*?\}\s+)?(\/)?-->/g

/**
 * Where the first review block starts and ends, walking the delimiters with the parser's
 * rules: a closer closes whatever is open, a closer with nothing open ends the blocks, an
 * unclosed block runs to the end.
 */
function firstBlockRange (content: string): { start: number, end: number } | null {
  const open: Array<{ start: number, target: boolean }> = []
  let target: { start: number } | null = null
  for (const match of content.matchAll(DELIMITER)) {
    const [token, closer, rawName = '', , isVoid] = match
    const name = rawName.includes('/') ? rawName : `core/${rawName}`
    if (isVoid !== undefined) {
      if (target === null && name in REVIEW_BLOCKS) return { start: match.index, end: match.index + token.length }
    } else if (closer !== undefined) {
      const frame = open.pop()
      if (frame === undefined) break
      if (frame.target) return { start: frame.start, end: match.index + token.length }
    } else {
      const isTarget = target === null && name in REVIEW_BLOCKS
      if (isTarget) target = { start: match.index }
      open.push({ start: match.index, target: isTarget })
    }
  }
  return target === null ? null : { start: target.start, end: content.length }
}

export interface BlockReading { found: Found | null, html: string, notes: string[] }

/** The verdict of the post's first review block, and the content without that block. */
export function readReviewBlock (content: string): BlockReading {
  if (!content.includes('<!--')) return { found: null, html: content, notes: [] }
  const blocks = reviewBlocks(parse(content))
  const first = blocks[0]
  if (first === undefined || first.blockName === null) return { found: null, html: content, notes: [] }
  const kind = REVIEW_BLOCKS[first.blockName]!
  const found = kind.read({ ...kind.defaults, ...(first.attrs ?? {}) })
  const notes: string[] = []
  if (blocks.length > 1) notes.push(`the post has ${blocks.length} review blocks: the first is read, the other ${blocks.length - 1} stay in the body`)
  const range = firstBlockRange(content)
  // The cut must be the block the parser read, byte for byte.
  const slice = range === null ? [] : parse(content.slice(range.start, range.end))
  const same = range !== null && slice.length === 1 && slice[0]!.blockName === first.blockName &&
    JSON.stringify(slice[0]!.attrs) === JSON.stringify(first.attrs) && slice[0]!.innerHTML === first.innerHTML
  if (!same) {
    notes.push(`the ${first.blockName} block's delimiters could not be found exactly: the block stays in the body`)
    return { found, html: content, notes }
  }
  return { found, html: content.slice(0, range.start) + content.slice(range.end), notes }
}
