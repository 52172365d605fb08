/**
 * `npm run import:wordpress`: a WXR export into Byline, in two streaming passes. The
 * first reads the whole file — so a malformed or truncated one is refused before
 * anything is written — and keeps what posts refer to (attachments, authors, terms).
 * The second maps each post (map-item.ts) and writes it whole, several in flight so the
 * group commit batches them. `--partial` skips the first pass's refusal: what comes
 * before the fault is written, and the report says where it stopped.
 */
import { stat } from 'node:fs/promises'
import { slugify } from '../../content/slug.js'
import type { ImportedCatalogEntry, ImportedStory, ImportOutcome } from '../../writes/import-editor.js'
import type { MappingType } from './mapping.js'
import { Attachments } from './media.js'
import { bylineLogins, mapItem, NO_AUTHOR } from './map-item.js'
import { newReport, noteOutcome, noteSkip, type ImportReport } from './report.js'
import type { WxrChannel } from './types.js'
import { readWxr, WxrError } from './wxr-reader.js'

export interface ImportWrites {
  importCatalog: (source: string, entries: ImportedCatalogEntry[]) => Promise<Record<string, string>>
  importStory: (story: ImportedStory) => Promise<ImportOutcome>
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

interface Scan { channel: WxrChannel, attachments: Attachments, logins: Set<string>, items: number, fault: WxrError | null }

async function scan (options: ImportOptions, total: number): Promise<Scan> {
  const attachments = new Attachments()
  const logins = new Set<string>()
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
      for (const login of bylineLogins(next.value)) logins.add(login)
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
  return { channel, attachments, logins, items, fault }
}

function emptyChannel (): WxrChannel {
  return { title: '', link: '', description: '', language: 'en', wxrVersion: '', namespace: '', baseSiteUrl: '', baseBlogUrl: '', authors: [], terms: [] }
}

/** Authors (the channel's, and logins posts name that it lacks), sections and tags, as create bodies. */
function catalogEntries (channel: WxrChannel, logins: Set<string>, mapping: MappingType, report: ImportReport): { entries: ImportedCatalogEntry[], sectionOf: (category: string) => string } {
  const entries: ImportedCatalogEntry[] = []
  const known = new Set<string>()
  for (const author of channel.authors) {
    const name = author.displayName.trim() || [author.firstName, author.lastName].join(' ').trim() || author.login
    entries.push({ kind: 'author', externalId: author.login, body: { slug: slugify(name) || slugify(author.login), name: name.slice(0, 200) } })
    known.add(author.login)
  }
  for (const login of logins) {
    if (known.has(login)) continue
    if (login === NO_AUTHOR) {
      report.unresolved.authors.push({ login, resolution: 'posts with no author: bylined to "Unknown author"' })
      entries.push({ kind: 'author', externalId: login, body: { slug: 'unknown-author', name: 'Unknown author' } })
      continue
    }
    report.unresolved.authors.push({ login, resolution: 'not among the export\'s authors: an author was made from the login' })
    entries.push({ kind: 'author', externalId: login, body: { slug: slugify(login) || 'author', name: login.slice(0, 200) } })
  }
  const categories = channel.terms.filter((t) => t.taxonomy === 'category')
  const sectionSlug = (category: string) => slugify(mapping.sections?.[category] ?? category)
  const fallback = slugify(mapping.defaultSection ?? 'uncategorized')
  const sections = new Map<string, string>()
  for (const c of categories) if (!sections.has(sectionSlug(c.slug))) sections.set(sectionSlug(c.slug), mapping.sections?.[c.slug] ?? c.name)
  if (!sections.has(fallback)) sections.set(fallback, mapping.defaultSection ?? 'Uncategorized')
  for (const [slug, name] of sections) entries.push({ kind: 'section', externalId: slug, body: { slug, name: name.slice(0, 200) } })
  // Tags, and categories other than a post's primary one: kept as tags so nothing a reader filtered by is lost.
  for (const t of channel.terms) {
    if (t.taxonomy !== 'post_tag' && t.taxonomy !== 'category') continue
    entries.push({ kind: 'tag', externalId: t.slug, body: { slug: slugify(t.slug) || slugify(t.name), name: (t.name || t.slug).slice(0, 200) } })
  }
  return { entries, sectionOf: (category) => category === '' || !categories.some((c) => c.slug === category) ? fallback : sectionSlug(category) }
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

  const { entries, sectionOf } = catalogEntries(channel, first.logins, options.mapping, report)
  // Item terms not in the channel (WordPress.com leaves some out) are tags too.
  const catalog = writes === null || options.dryRun
    ? Object.fromEntries(entries.map((e) => [`${e.kind}:${e.externalId}`, e.body.slug]))
    : await writes.importCatalog(source, entries)

  const inFlight = new Set<Promise<void>>()
  const concurrency = options.concurrency ?? 32
  let seen = 0
  const reader = readWxr(options.file, { onProgress: (bytes) => options.onProgress?.({ pass: 2, bytes, total, items: seen }) })
  try {
    for await (const item of reader) {
      seen++
      report.items.byType[item.postType] = (report.items.byType[item.postType] ?? 0) + 1
      report.items.byStatus[item.status] = (report.items.byStatus[item.status] ?? 0) + 1
      const mapped = mapItem(item, { source, channel, mapping: options.mapping, attachments: first.attachments, catalog, sectionOf, now: now(), pages: options.pages, force: options.force })
      if (mapped.kind === 'skip') {
        if (item.postType !== 'attachment') noteSkip(report, item, mapped.reason)
        continue
      }
      const missingTerms = item.terms.filter((t) => (t.domain === 'post_tag' || t.domain === 'category') && catalog[`tag:${t.nicename}`] === undefined)
      if (missingTerms.length > 0) report.warnings.push({ postId: item.postId, title: item.title, message: `terms not declared in the export's channel, left out: ${missingTerms.map((t) => t.nicename).join(', ')}` })
      const write = async () => {
        try {
          await options.beforeWrite?.(mapped.story)
          const outcome = options.dryRun || writes === null ? null : await writes.importStory(mapped.story)
          noteOutcome(report, item, mapped, outcome)
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
