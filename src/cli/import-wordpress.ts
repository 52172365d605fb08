/**
 * npm run import:wordpress -- <export.xml> [options] — a WordPress export (WXR) into the
 * configured database (DATABASE_URL or DATABASE_PATH), through the app's own write path:
 * the same transactions, renderings, search index and change log as an editor's writes.
 * runImportCli takes its arguments, environment and output so tests drive it in process.
 */
import { constants } from 'node:fs'
import { access, stat, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { buildApp } from '../app.js'
import { ConfigError, loadConfig } from '../config.js'
import { isEntryPoint } from '../paths.js'
import { importWritesOf } from '../import/wordpress/app-writes.js'
import { importWordPress } from '../import/wordpress/importer.js'
import { checkMapping, loadMapping, MappingError } from '../import/wordpress/mapping.js'
import { mediaFetcher } from '../import/wordpress/media-fetch.js'
import { summarize, type ImportReport } from '../import/wordpress/report.js'
import { WxrError } from '../import/wordpress/wxr-reader.js'

export interface ImportCliIo {
  env: Record<string, string | undefined>
  out: (line: string) => void
  err: (line: string) => void
  /** Where the progress bar goes; none when absent. */
  progress?: NodeJS.WriteStream
}

const USAGE = `Usage: npm run import:wordpress -- <export.xml> [options]

Imports a WordPress export (Tools → Export, WXR 1.0–1.2) into the configured
database: posts (and pages with --pages) as stories, with their authors,
categories, tags, images, podcast enclosures, review verdicts and old permalinks.
Running it again updates what changed in WordPress and creates nothing twice.

Options:
  --mapping <file>        YAML or JSON: story types, sections, subject kinds, ACF
                          fields and a theme's verdict box (README: Moving from WordPress)
  --dry-run               read and map everything, write nothing; print the report
  --partial               import what comes before a fault in a broken file
                          (without it, a broken file imports nothing)
  --force                 overwrite stories edited (or deleted) in Byline since the last import
  --pages                 import pages too (as features)
  --report <file>         where the JSON report goes (default wordpress-import-report.json)
  --media record|fetch    record media at their URLs (default), or copy the files
  --media-from <url|dir>  fetch: where files are (the live site, or a mirror of it)
  --media-to <dir>        fetch: the directory to copy them into (default ./media)
  --media-url <url>       fetch: the URL that directory is served at (media move there)
  --media-max-mb <n>      fetch: largest file copied (default 50)
  --media-concurrency <n> fetch: copies at once (default 4)
  --concurrency <n>       stories written at once (default 32)`

class UsageError extends Error {}

function positive (value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new UsageError(`${name} must be a whole number from 1 to 100000, not "${value}"`)
  return n
}

function parse (argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      mapping: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      partial: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      pages: { type: 'boolean', default: false },
      report: { type: 'string', default: 'wordpress-import-report.json' },
      media: { type: 'string', default: 'record' },
      'media-from': { type: 'string' },
      'media-to': { type: 'string', default: 'media' },
      'media-url': { type: 'string' },
      'media-max-mb': { type: 'string' },
      'media-concurrency': { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', default: false }
    }
  })
  if (values.help) return null
  if (positionals.length !== 1) throw new UsageError('name one export file')
  if (values.media !== 'record' && values.media !== 'fetch') throw new UsageError(`--media is record or fetch, not "${values.media}"`)
  if (values.media === 'fetch' && values['media-from'] === undefined) throw new UsageError('--media fetch needs --media-from <url or directory>')
  const numbers = {
    maxBytes: positive(values['media-max-mb'], '--media-max-mb', 50) * 1048576,
    mediaConcurrency: positive(values['media-concurrency'], '--media-concurrency', 4),
    concurrency: positive(values.concurrency, '--concurrency', 32)
  }
  return { file: positionals[0]!, values, numbers }
}

/** A progress line on a terminal, redrawn in place: how far through the file, and how fast. */
function progressPrinter (stream: NodeJS.WriteStream | undefined) {
  if (stream === undefined) return undefined
  const started = Date.now()
  let last = 0
  let lastPass = 1
  return ({ pass, bytes, total, items }: { pass: 1 | 2, bytes: number, total: number, items: number }) => {
    const now = Date.now()
    if (now - last < 200 && bytes < total) return
    last = now
    // Each pass keeps its last line on a terminal.
    if (pass !== lastPass && stream.isTTY) stream.write('\n')
    lastPass = pass
    const share = total === 0 ? 1 : bytes / total
    const width = 24
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '-')
    const seconds = Math.max((now - started) / 1000, 0.001)
    const line = `${pass === 1 ? 'reading ' : 'importing'} [${bar}] ${(share * 100).toFixed(0).padStart(3)}%  ${(bytes / 1048576 / seconds).toFixed(1)} MB/s  ${Math.round(items / seconds)} items/s`
    stream.write(stream.isTTY ? `\r${line}` : `${line}\n`)
  }
}

export async function runImportCli (argv: string[], io: ImportCliIo): Promise<number> {
  let command: ReturnType<typeof parse>
  try {
    command = parse(argv)
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error))
    io.err('Run "npm run import:wordpress -- --help" for usage.')
    return 2
  }
  if (command === null) {
    io.out(USAGE)
    return 0
  }
  const { file, values, numbers } = command
  let config
  let mapping
  try {
    config = loadConfig(io.env, { seedDemo: false })
    // The import writes; the server processes deliver what it changed (webhooks, purges).
    config = { ...config, webhooks: { ...config.webhooks, dispatch: false } }
    mapping = values.mapping === undefined ? checkMapping({}) : await loadMapping(values.mapping)
  } catch (error) {
    if (error instanceof ConfigError || error instanceof MappingError) {
      io.err((error as Error).message)
      return 2
    }
    throw error
  }
  // Before the database is opened: a wrong path must not leave an empty database behind,
  // nor a report that cannot be written end an import that wrote.
  if (!await stat(file).then((s) => s.isFile(), () => false)) {
    io.err(`${file}: no such file`)
    return 2
  }
  try {
    await access(dirname(resolve(values.report)), constants.W_OK)
  } catch {
    io.err(`--report ${values.report}: its directory does not exist or cannot be written`)
    return 2
  }
  const fetcher = values.media === 'fetch'
    ? mediaFetcher({
      from: values['media-from']!,
      to: values['media-to'],
      publicUrl: values['media-url'] ?? null,
      maxBytes: numbers.maxBytes,
      concurrency: numbers.mediaConcurrency
    })
    : null

  const app = values['dry-run'] ? null : await buildApp(config, { logger: false, webhooks: { autoStart: false } })
  let report: ImportReport
  try {
    await app?.ready()
    const writes = app === null ? null : importWritesOf(app, 'import:wordpress')
    report = await importWordPress({
      file,
      mapping,
      dryRun: values['dry-run'],
      partial: values.partial,
      force: values.force,
      pages: values.pages,
      concurrency: numbers.concurrency,
      onProgress: progressPrinter(io.progress),
      ...(fetcher === null || values['dry-run'] ? {} : { beforeWrite: fetcher.beforeWrite })
    }, writes)
  } catch (error) {
    if (io.progress?.isTTY === true) io.progress.write('\n')
    if (error instanceof WxrError) {
      io.err(`${file}: ${error.message}`)
      io.err('Nothing was imported. --partial imports what comes before the fault.')
      return 1
    }
    throw error
  } finally {
    await app?.close()
  }
  if (io.progress?.isTTY === true) io.progress.write('\n')
  for (const failure of fetcher?.failures ?? []) report.unresolved.media.push({ postId: failure.postId, title: '', message: failure.message })
  await writeFile(values.report, `${JSON.stringify(report, null, 2)}\n`)
  io.out(summarize(report))
  if (fetcher !== null) io.out(`  media:    ${fetcher.copied} files copied to ${values['media-to']}`)
  io.out(`  report:   ${values.report}`)
  return report.errors.length > 0 || report.fault !== null ? 1 : 0
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await runImportCli(process.argv.slice(2), {
    env: process.env,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    progress: process.stderr
  })
}
