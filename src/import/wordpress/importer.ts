/**
 * `npm run import:wordpress`: a WXR export into Byline, in two streaming passes. The
 * first reads the whole file — so a malformed or truncated one is refused before
 * anything is written — and keeps what posts refer to (attachments, authors, terms).
 * The second maps each post (map-item.ts) and writes it whole, several in flight so the
 * group commit batches them. `--partial` skips the first pass's refusal: what comes
 * before the fault is written, and the report says where it stopped.
 */
import { stat } from 'node:fs/promises'
import type { ImportedCatalogEntry, ImportedStory, ImportOutcome } from '../../writes/import-editor.js'
import type { MappingType } from './mapping.js'
import { Attachments } from './media.js'
import { CatalogUse, catalogEntries } from './catalog-entries.js'
import { isTakenDown } from './item-facts.js'
import { mapItem, refingerprint, type Mapped } from './map-item.js'
import { newReport, noteOutcome, noteSkip, noteWithdrawal, type ImportReport } from './report.js'
import type { WxrChannel } from './types.js'
import { readWxr, WxrError } from './wxr-reader.js'

export interface ImportWrites {
  importCatalog: (source: string, entries: ImportedCatalogEntry[], force: boolean) => Promise<Record<string, string>>
  importStory: (story: ImportedStory) => Promise<ImportOutcome>
  withdrawStory: (source: string, externalId: string, force: boolean) => Promise<ImportOutcome>
}

export interface ImportOptions {
  file: string
  mapping: MappingType
  dryRun: boolean
  partial: boolean
  force: boolean
  pages: boolean
  /** Writes in flight at once. */
  concurrency?: number
  now?: () => number
  onProgress?: (progress: { pass: 1 | 2, bytes: number, total: number, items: number }) => void
  /** Called with each mapped story before it is written (media fetching rewrites its URLs). */
  beforeWrite?: (story: ImportedStory) => Promise<void>
}

interface Scan { channel: WxrChannel, attachments: Attachments, use: CatalogUse, items: number, fault: WxrError | null }

async function scan (options: ImportOptions, total: number): Promise<Scan> {
  const attachments = new Attachments()
  const use = new CatalogUse()
  let items = 0
  let fault: WxrError | null = null
  let channel: WxrChannel | undefined
  const reader = readWxr(options.file, { onProgress: (bytes) => options.onProgress?.({ pass: 1, bytes, total, items }) })
  try {
    for (;;) {
      const next = await reader.next()
      if (next.done === true) {
        channel = next.value
        break
      }
      items++
      if (next.value.postType === 'attachment') attachments.add(next.value)
      use.add(next.value, options.pages)
    }
  } catch (error) {
    if (!(error instanceof WxrError) || !options.partial) throw error
    fault = error
    channel = error.channel ?? undefined
  }
  options.onProgress?.({ pass: 1, bytes: total, total, items })
  channel ??= emptyChannel()
  // Media ids hash the site, which the channel names: known only now.
  attachments.keyBy(channel.baseSiteUrl || channel.link)
  return { channel, attachments, use, items, fault }
}

function emptyChannel (): WxrChannel {
  return { title: '', link: '', description: '', language: 'en', wxrVersion: '', namespace: '', baseSiteUrl: '', baseBlogUrl: '', authors: [], terms: [] }
}

export async function importWordPress (options: ImportOptions, writes: ImportWrites | null): Promise<ImportReport> {
  const now = options.now ?? Date.now
  const started = now()
  const total = (await stat(options.file)).size
  const first = await scan(options, total)
  const { channel } = first
  const source = `wordpress:${channel.baseSiteUrl || channel.link}`
  const report = newReport(options, channel, source, first.items)
  if (first.fault !== null) report.fault = { line: first.fault.line, message: first.fault.message }

  const { entries, sectionOf } = catalogEntries(channel, first.use, options.mapping, report)
  const catalog = writes === null || options.dryRun
    ? Object.fromEntries(entries.map((e) => [`${e.kind}:${e.externalId}`, e.body.slug]))
    : await writes.importCatalog(source, entries, options.force)

  const inFlight = new Set<Promise<void>>()
  const concurrency = options.concurrency ?? 32
  let seen = 0
  const reader = readWxr(options.file, { onProgress: (bytes) => options.onProgress?.({ pass: 2, bytes, total, items: seen }) })
  try {
    for await (const item of reader) {
      seen++
      report.items.byType[item.postType] = (report.items.byType[item.postType] ?? 0) + 1
      report.items.byStatus[item.status] = (report.items.byStatus[item.status] ?? 0) + 1
      const takenDown = isTakenDown(item, options.pages)
      let mapped: Mapped
      try {
        mapped = mapItem(item, { source, channel, mapping: options.mapping, attachments: first.attachments, catalog, sectionOf, now: now(), pages: options.pages, force: options.force })
      } catch (error) {
        // One post the converters cannot take (markup nested beyond the stack) is that post's failure only.
        report.errors.push({ postId: item.postId, title: item.title, message: `could not be converted: ${(error as Error).message}` })
        continue
      }
      if (mapped.kind === 'skip' && !takenDown) {
        if (item.postType !== 'attachment') noteSkip(report, item, mapped.reason)
        continue
      }
      const story = mapped.kind === 'story' ? mapped : null
      const write = async () => {
        try {
          if (story === null) {
            // Trashed in WordPress: a story an earlier run made of it is taken down too.
            const outcome = options.dryRun || writes === null ? null : await writes.withdrawStory(source, String(item.postId), options.force)
            noteWithdrawal(report, item, outcome)
            return
          }
          if (options.beforeWrite !== undefined) {
            await options.beforeWrite(story.story)
            // Where the media now live is part of what a re-run compares.
            story.story.fingerprint = refingerprint(story.story)
          }
          const outcome = options.dryRun || writes === null ? null : await writes.importStory(story.story)
          noteOutcome(report, item, story, outcome)
        } catch (error) {
          report.errors.push({ postId: item.postId, title: item.title, message: (error as Error).message })
        }
      }
      const job = write().finally(() => inFlight.delete(job))
      inFlight.add(job)
      if (inFlight.size >= concurrency) await Promise.race(inFlight)
    }
  } catch (error) {
    // The first pass read the file whole; here a fault is one --partial let through.
    if (!(error instanceof WxrError) || first.fault === null) throw error
  } finally {
    await Promise.all(inFlight)
  }
  options.onProgress?.({ pass: 2, bytes: total, total, items: seen })
  report.durationMs = now() - started
  return report
}
