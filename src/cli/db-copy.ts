/**
 * npm run db:copy -- --from ./data/byline.db --to postgres://user:pw@host/byline
 * Copies a whole publication between databases (src/db/copy.ts), then starts the app on
 * each side and compares every public URL (src/db/copy-verify.ts).
 * runDbCopyCli takes its arguments and output as parameters, so tests drive it in-process.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { databaseEngine, type EngineChoice } from '../config.js'
import { copyDatabase, TargetNotEmpty, type CopyProgress } from '../db/copy.js'
import { verifyCopy, type VerifyResult } from '../db/copy-verify.js'
import { openEngine, type Engine } from '../db/engine.js'
import { describeUrl } from '../db/postgres/engine.js'
import { isEntryPoint } from '../paths.js'

export interface DbCopyIo {
  out: (line: string) => void
  err: (line: string) => void
  /** The progress line, rewritten in place (stderr); none when absent. */
  progress?: (line: string) => void
}

export interface DbCopyOutcome { code: number, verification?: VerifyResult, copied?: Record<string, number> }

export const USAGE = `Usage: npm run db:copy -- --from <database> --to <database> [--replace] [--no-verify | --verify-only] [--sample <N>]

Copies a whole publication from one database to another, then checks that the API
answers every public URL identically on both. <database> is a SQLite file path
(./data/byline.db) or a postgres:// URL; either way round works.

  --from <database>  The database to copy. It is read in one snapshot and only written
                     to migrate it to this version (as a start would) and, if it never
                     served, to store the cursor secret both sides must share.
  --to <database>    The database to fill: migrated first, then written in ONE transaction.
                     Stop every process serving it first.
  --replace          The target already holds data: replace all of it. Without this flag
                     a target with any row is refused and nothing is written.
  --no-verify        Skip the comparison of the two apps.
  --sample <N>       Per-story URLs are compared for at most N stories (default 500);
                     a larger archive has every k-th story compared (the summary says
                     k), and its subjects alike.
  --sync-pages <N>   The change log is compared through /v1/sync for at most N pages of
                     1,000 entries (default 50), each page read on both sides with the
                     source's cursor.
  --verify-only      Compare the two databases' apps without copying.
  --batch <N>        Rows read and written per statement (default 2000).

Re-running: the copy is one transaction on the target, so a failed or interrupted copy
leaves the target as it was (empty, or its old content under --replace), never half a
copy; run it again. Running it again with --replace over a finished copy gives the same
target. Everything is copied as stored: stories with their renderings, verdicts, the
catalogue, keys and feed tokens, settings (the cursor secret, so partners' cursors stay
valid), the change log with the same seq numbers, search rows with the same ids; the
target's own full-text index is built for every indexed story.

Exit codes: 0 copied (and identical), 1 copy failed or the apps differ, 2 usage, 3 the
target holds data and --replace was not given.`

function choiceOf (value: string): EngineChoice {
  return databaseEngine({ databaseUrl: value, databasePath: value })
}

function where (choice: EngineChoice): string {
  return choice.kind === 'sqlite' ? `SQLite ${choice.path}` : `PostgreSQL ${describeUrl(choice.url)}`
}

function sameDatabase (a: EngineChoice, b: EngineChoice): boolean {
  if (a.kind === 'sqlite' && b.kind === 'sqlite') return resolve(a.path) === resolve(b.path)
  return a.kind === 'postgres' && b.kind === 'postgres' && describeUrl(a.url) === describeUrl(b.url)
}

/** The database's own message; drizzle's wraps it with the whole statement and its values (a batch of rows). */
function describeError (error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause instanceof Error ? error.cause.message : null
  const first = error.message.split('\n')[0]!
  return cause === null ? first.slice(0, 500) : `${cause} (${first.slice(0, 120)}…)`
}

const n = (value: number) => Math.round(value).toLocaleString('en')

export async function runDbCopyCli (argv: string[], io: DbCopyIo): Promise<DbCopyOutcome> {
  let values
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        replace: { type: 'boolean', default: false },
        'no-verify': { type: 'boolean', default: false },
        sample: { type: 'string', default: '500' },
        'sync-pages': { type: 'string', default: '50' },
        'verify-only': { type: 'boolean', default: false },
        batch: { type: 'string', default: '2000' },
        help: { type: 'boolean', short: 'h', default: false }
      }
    }))
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`)
    return { code: 2 }
  }
  if (values.help) {
    io.out(USAGE)
    return { code: 0 }
  }
  const [sample, batch, syncPages] = [Number(values.sample), Number(values.batch), Number(values['sync-pages'])]
  if (values.from === undefined || values.to === undefined || values.from === ':memory:' || values.to === ':memory:' ||
    (values['no-verify'] && values['verify-only']) || ![sample, batch, syncPages].every((v) => Number.isInteger(v) && v >= 1)) {
    io.err(USAGE)
    return { code: 2 }
  }
  const from = choiceOf(values.from)
  const to = choiceOf(values.to)
  if (sameDatabase(from, to)) {
    io.err(`--from and --to are the same database (${where(from)})`)
    return { code: 2 }
  }

  let copied: Record<string, number> | undefined
  if (!values['verify-only']) {
    const outcome = await copyOnce(from, to, { replace: values.replace, batch }, io)
    if (outcome.code !== 0) return outcome
    copied = outcome.copied
  }
  if (values['no-verify']) return { code: 0, ...(copied === undefined ? {} : { copied }) }
  return await verify(from, to, { sample, syncPages }, io, copied)
}

async function copyOnce (from: EngineChoice, to: EngineChoice, options: { replace: boolean, batch: number }, io: DbCopyIo): Promise<DbCopyOutcome> {
  let source: Engine | null = null
  let target: Engine | null = null
  let copied: Record<string, number>
  try {
    try {
      source = await openEngine(from)
      target = await openEngine(to)
    } catch (error) {
      io.err(`Cannot open the database: ${error instanceof Error ? error.message : String(error)}`)
      return { code: 1 }
    }
    io.err(`copying ${where(from)} → ${where(to)}${options.replace ? ' (replacing what it holds)' : ''}`)
    const onProgress = (p: CopyProgress) => io.progress?.(`${p.table}: ${n(p.done)} / ${n(p.total)} rows, ${n(p.rowsPerSecond)} rows/s`)
    try {
      const result = await copyDatabase(source, target, { replace: options.replace, batchSize: options.batch, onProgress })
      io.progress?.('')
      copied = result.rows
      const rows = Object.values(result.rows).reduce((a, b) => a + b, 0)
      io.out(`copied ${n(rows)} rows (${Object.entries(result.rows).filter(([, c]) => c > 0).map(([t, c]) => `${n(c)} ${t}`).join(', ')}) and indexed ${n(result.indexed)} stories for search in ${result.seconds.toFixed(1)} s (${n(rows / result.seconds)} rows/s)`)
    } catch (error) {
      io.progress?.('')
      if (error instanceof TargetNotEmpty) {
        io.err(error.message)
        return { code: 3 }
      }
      io.err(`The copy failed and was rolled back: the target holds what it held before. ${describeError(error)}`)
      return { code: 1 }
    }
  } finally {
    await source?.close()
    await target?.close()
  }
  return { code: 0, copied }
}

async function verify (from: EngineChoice, to: EngineChoice, options: { sample: number, syncPages: number }, io: DbCopyIo, copied: Record<string, number> | undefined): Promise<DbCopyOutcome> {
  const sample = options.sample
  io.err('verifying: the app on each side, every public URL')
  const began = performance.now()
  let verification: VerifyResult
  try {
    verification = await verifyCopy(from, to, { maxStories: sample, maxSyncPages: options.syncPages, onProgress: (done, total) => io.progress?.(done <= total ? `verifying: ${n(done)} / ${n(total)} URLs` : `verifying: ${n(done)} URLs (lists' next pages, the change log)`) })
  } catch (error) {
    io.progress?.('')
    io.err(`The verification could not run: ${error instanceof Error ? error.message : String(error)}`)
    return { code: 1, ...(copied === undefined ? {} : { copied }) }
  }
  io.progress?.('')
  const seconds = ((performance.now() - began) / 1000).toFixed(1)
  const sampled = verification.sampleEvery === 1
    ? `every story's URLs (${n(verification.stories)} stories)`
    : `the URLs of every ${verification.sampleEvery}th story (${n(Math.ceil(verification.stories / verification.sampleEvery))} of ${n(verification.stories)})`
  const log = `; ${n(verification.syncEntries)} sync events through /v1/sync (${verification.syncComplete ? 'the whole change log' : `its first ${n(options.syncPages)} pages; --sync-pages for more`})`
  const bySet = verification.comparedBySet === 0 ? '' : `; ${verification.comparedBySet} search URLs compared by the stories found, as the engines rank differently`
  if (verification.differences.length === 0) {
    io.out(`${n(verification.identical)} URLs identical (status, body, ETag, Last-Modified) in ${seconds} s: ${sampled}${log}${bySet}`)
    return { code: 0, verification, ...(copied === undefined ? {} : { copied }) }
  }
  io.err(`${n(verification.differences.length)} of ${n(verification.urls)} URLs differ (${sampled}); the first:`)
  for (const d of verification.differences.slice(0, 10)) io.err(`  ${d.url}: ${d.what} — ${d.hint}`)
  io.err('Compare one by hand: start the app on each database and curl -i the URL on both; diff the answers.')
  return { code: 1, verification, ...(copied === undefined ? {} : { copied }) }
}

if (isEntryPoint(import.meta.url)) {
  const tty = process.stderr.isTTY
  let shown = 0
  let last = Number.NEGATIVE_INFINITY
  const outcome = await runDbCopyCli(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    progress: (line) => {
      // At most ten lines a second on a terminal, one every 5 s in a log.
      const now = performance.now()
      if (line !== '' && now - last < (tty ? 100 : 5000)) return
      last = now
      if (tty) process.stderr.write(`\r${line.padEnd(shown)}${line === '' ? '\r' : ''}`)
      else if (line !== '') process.stderr.write(`${line}\n`)
      shown = line.length
    }
  })
  process.exitCode = outcome.code
}
