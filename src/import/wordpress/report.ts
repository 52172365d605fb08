/** What an import did, item by item where it matters: printed, and written as JSON. */
import type { ImportOutcome } from '../../writes/import-editor.js'
import type { Mapped } from './map-item.js'
import type { WxrChannel, WxrItem } from './types.js'

interface ItemNote { postId: number, title: string, message: string }

export interface ImportReport {
  file: string
  source: string
  wxrVersion: string
  namespace: string
  dryRun: boolean
  durationMs: number
  /** Every item of the file, by WordPress type and status. */
  items: { total: number, byType: Record<string, number>, byStatus: Record<string, number> }
  /** What became of the posts imported as stories. */
  stories: {
    created: number
    updated: number
    unchanged: number
    /** Edited (or deleted) in Byline since the last import: left as they are (`--force` overwrites). */
    keptEdited: number
    keptDeleted: number
    /** Trashed in WordPress since an earlier run: taken down (back to draft). */
    withdrawn: number
    /** In a dry run: what would be written. */
    planned: number
    byType: Record<string, number>
    byStatus: Record<string, number>
  }
  /** Reviews by where their verdict was found. */
  reviews: { 'wp-review': number, block: number, acf: number, selector: number }
  skipped: ItemNote[]
  degraded: ItemNote[]
  scoreConflicts: ItemNote[]
  slugClashes: Array<{ postId: number, wanted: string, slug: string }>
  unresolved: { authors: Array<{ login: string, resolution: string }>, media: ItemNote[] }
  warnings: ItemNote[]
  errors: ItemNote[]
  /** Where a `--partial` import stopped reading. */
  fault: { line: number, message: string } | null
}

export function newReport (options: { file: string, dryRun: boolean }, channel: WxrChannel, source: string, total: number): ImportReport {
  return {
    file: options.file,
    source,
    wxrVersion: channel.wxrVersion,
    namespace: channel.namespace,
    dryRun: options.dryRun,
    durationMs: 0,
    items: { total, byType: {}, byStatus: {} },
    stories: { created: 0, updated: 0, unchanged: 0, keptEdited: 0, keptDeleted: 0, withdrawn: 0, planned: 0, byType: {}, byStatus: {} },
    reviews: { 'wp-review': 0, block: 0, acf: 0, selector: 0 },
    skipped: [],
    degraded: [],
    scoreConflicts: [],
    slugClashes: [],
    unresolved: { authors: [], media: [] },
    warnings: [],
    errors: [],
    fault: null
  }
}

export function noteSkip (report: ImportReport, item: WxrItem, reason: string): void {
  report.skipped.push({ postId: item.postId, title: item.title, message: reason })
}

const RESULT_KEYS = { created: 'created', updated: 'updated', unchanged: 'unchanged', 'kept-edited': 'keptEdited', 'kept-deleted': 'keptDeleted' } as const

/** A post trashed in WordPress and what became of the story an earlier run made of it (null in a dry run). */
export function noteWithdrawal (report: ImportReport, item: WxrItem, outcome: ImportOutcome | null): void {
  if (outcome === null || outcome.id === null) {
    noteSkip(report, item, 'in the trash in WordPress')
    return
  }
  if (outcome.result === 'updated') report.stories.withdrawn++
  else if (outcome.result === 'kept-edited') report.stories.keptEdited++
  report.warnings.push({ postId: item.postId, title: item.title, message: outcome.result === 'updated' ? 'in the trash in WordPress: the story is a draft again' : outcome.result === 'kept-edited' ? 'in the trash in WordPress, but edited in Byline since: left as it is (--force takes it down)' : 'in the trash in WordPress: the story was not public' })
}

/** A mapped post and what its write did (null in a dry run). */
export function noteOutcome (report: ImportReport, item: WxrItem, mapped: Extract<Mapped, { kind: 'story' }>, outcome: ImportOutcome | null): void {
  const note = (list: ItemNote[], messages: string[]) => { for (const message of messages) list.push({ postId: item.postId, title: item.title, message }) }
  const { story, notes, verdictSource } = mapped
  report.stories[outcome === null ? 'planned' : RESULT_KEYS[outcome.result]]++
  report.stories.byType[story.type] = (report.stories.byType[story.type] ?? 0) + 1
  report.stories.byStatus[story.status] = (report.stories.byStatus[story.status] ?? 0) + 1
  if (verdictSource !== null) report.reviews[verdictSource]++
  note(report.degraded, notes.degraded)
  note(report.scoreConflicts, notes.conflicts)
  note(report.unresolved.media, notes.unresolvedMedia)
  note(report.warnings, notes.warnings)
  if (outcome?.slugTaken === true && outcome.slug !== null) report.slugClashes.push({ postId: item.postId, wanted: story.slug, slug: outcome.slug })
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`

/** The report as a few lines for a terminal; the JSON file has every item. */
export function summarize (report: ImportReport): string {
  const s = report.stories
  const by = (record: Record<string, number>) => Object.entries(record).map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`).join(', ') || 'none'
  const lines = [
    `${report.dryRun ? 'Dry run of' : 'Imported'} ${report.file} (WXR ${report.wxrVersion || '?'}, ${report.source}) in ${(report.durationMs / 1000).toFixed(1)} s`,
    `  items:    ${count(report.items.total, 'item')} — ${by(report.items.byType)}`,
    report.dryRun
      ? `  stories:  ${count(s.planned, 'story', 'stories')} would be written`
      : `  stories:  ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged, ${s.keptEdited} kept (edited in Byline), ${s.keptDeleted} kept deleted, ${s.withdrawn} withdrawn`,
    `            by type: ${by(s.byType)}; by status: ${by(s.byStatus)}`,
    `  reviews:  WP Review ${report.reviews['wp-review']}, review blocks ${report.reviews.block}, ACF ${report.reviews.acf}, theme box ${report.reviews.selector}`,
    `  skipped ${report.skipped.length}, degraded ${report.degraded.length}, score conflicts ${report.scoreConflicts.length}, slug clashes ${report.slugClashes.length}, ` +
      `unresolved authors ${report.unresolved.authors.length}, unresolved media ${report.unresolved.media.length}, warnings ${report.warnings.length}, errors ${report.errors.length}`
  ]
  if (report.fault !== null) lines.push(`  stopped at line ${report.fault.line} (--partial): ${report.fault.message}`)
  for (const e of report.errors.slice(0, 10)) lines.push(`  error: post ${e.postId} "${e.title}": ${e.message}`)
  return lines.join('\n')
}
