/**
 * ACF fields the mapping names. ACF stores a field as two postmeta rows, `name = value`
 * and `_name = field_<key>`; a value without that partner was written by something else.
 */
import type { MappingType } from './mapping.js'
import { unserializePhp } from './php-serialized.js'
import type { WxrItem } from './types.js'
import { htmlListItems, htmlToText } from './html-text.js'
import { emptyVerdict, fitScore, notes, type Found } from './verdict-common.js'

type AcfMapping = NonNullable<MappingType['acf']>

/** The value of an ACF field, or undefined when the post has none (or only a look-alike without `_name`). */
function acfField (item: WxrItem, name: string): { value: string | undefined, stray: boolean } {
  const row = item.meta.find((m) => m.key === name)
  if (row === undefined) return { value: undefined, stray: false }
  const partner = item.meta.find((m) => m.key === `_${name}`)
  if (partner === undefined || !partner.value.trim().startsWith('field_')) return { value: undefined, stray: row.value.trim() !== '' }
  return { value: row.value, stray: false }
}

function strings (value: unknown): string[] {
  if (typeof value === 'string') return [htmlToText(value)].filter(Boolean)
  if (typeof value === 'number') return [String(value)]
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings)
  return []
}

/**
 * A list field in any of the shapes ACF stores one: a serialized array (checkbox, select),
 * a repeater (the row count, then `name_0_sub`…), an HTML list (WYSIWYG) or lines (textarea).
 */
function listField (item: WxrItem, name: string, value: string): string[] {
  const serialized = unserializePhp(value)
  if (serialized !== undefined && typeof serialized === 'object' && serialized !== null) return strings(serialized)
  if (/^\d+$/.test(value.trim())) {
    const rows: string[] = []
    for (let i = 0; i < Number(value.trim()); i++) {
      const prefix = `${name}_${i}_`
      const cell = item.meta.find((m) => m.key.startsWith(prefix) && m.value.trim() !== '')
      if (cell !== undefined) rows.push(...strings(cell.value))
    }
    if (rows.length > 0) return rows
  }
  return htmlListItems(value)
}

export interface AcfReading { found: Found | null, notes: string[] }

/** The verdict in the mapping's ACF fields (null when the post has none of them), and the look-alike fields passed over. */
export function readAcf (item: WxrItem, acf: AcfMapping | undefined): AcfReading {
  if (acf === undefined) return { found: null, notes: [] }
  const names = { score: acf.score, summary: acf.summary, pros: acf.pros, cons: acf.cons, subject: acf.subject }
  const fields: Partial<Record<keyof typeof names, string>> = {}
  const strays: string[] = []
  for (const [role, name] of Object.entries(names) as Array<[keyof typeof names, string | undefined]>) {
    if (name === undefined) continue
    const { value, stray } = acfField(item, name)
    if (stray) strays.push(`postmeta "${name}" has no ACF field key (_${name} = field_…): not read as the ACF ${role}`)
    if (value !== undefined && value.trim() !== '') fields[role] = value
  }
  if (Object.keys(fields).length === 0) return { found: null, notes: strays }

  const verdict = emptyVerdict('acf', acf.scale)
  const fitted = fields.score === undefined ? null : fitScore(fields.score, acf.scale, `ACF score (${acf.score})`)
  verdict.score = fitted?.value ?? null
  verdict.summary = fields.summary === undefined ? '' : htmlToText(fields.summary, 'paragraphs')
  verdict.pros = fields.pros === undefined || acf.pros === undefined ? [] : listField(item, acf.pros, fields.pros)
  verdict.cons = fields.cons === undefined || acf.cons === undefined ? [] : listField(item, acf.cons, fields.cons)
  verdict.subjectTitle = fields.subject === undefined ? null : (htmlToText(fields.subject) || null)
  return { found: { verdict, conflicts: notes(fitted?.note) }, notes: strays }
}
