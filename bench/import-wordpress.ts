/**
 * npm run bench:import — the WordPress importer on a generated 100,000-post export: how long
 * a real archive takes to come over, how much memory it needs, and whether running it again
 * changes nothing. Writes docs/benchmarks-import.md.
 *
 * Options: --posts 100000  --seed 1  --engine sqlite|postgres|both (sqlite)
 *          --postgres-url <url> (else a throwaway cluster from scripts/pg-test-cluster.sh)
 *          --second-run true|false (true)  --keep (keep the temp dir)  --timeout-min 60 (per import)
 *          --doc docs/benchmarks-import.md  --heap-mb <n> (the import's V8 heap limit, NODE_OPTIONS=--max-old-space-size)
 *          --note <text> (a line for the document: what the run cannot know, such as why the heap was raised)
 *
 * 1. bench/wxr-generate.ts writes the export (and the theme's mapping file) into a temp dir.
 * 2. Per engine: the built CLI (`node dist/src/cli/import-wordpress.js`), pinned to CPU 0,
 *    into a fresh database, after reading the file once so it is in the page cache (the VM
 *    evicts idle file pages, which would otherwise be timed as disk reads). Wall time from
 *    here; peak RSS from `/usr/bin/time` (or VmHWM polled every 100 ms without it).
 * 3. The same import again, which must create and update nothing; then one `--dry-run`.
 *
 * Exits 1 when an import crashed, reported errors, lost posts, or the second run changed
 * something (each a FAIL line); the document is written either way.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import pg from 'pg'
import type { ImportReport } from '../src/import/wordpress/report.js'
import { generateWxr, type GenerateResult } from './wxr-generate.js'

const { values: args } = parseArgs({
  options: {
    posts: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    engine: { type: 'string', default: 'sqlite' },
    'postgres-url': { type: 'string' },
    'second-run': { type: 'string', default: 'true' },
    keep: { type: 'boolean', default: false },
    'timeout-min': { type: 'string', default: '60' },
    doc: { type: 'string', default: 'docs/benchmarks-import.md' },
    'heap-mb': { type: 'string' },
    note: { type: 'string' }
  }
})
type EngineName = 'sqlite' | 'postgres'
if (!['sqlite', 'postgres', 'both'].includes(args.engine)) throw new Error(`--engine sqlite|postgres|both, not ${args.engine}`)
if (!['true', 'false'].includes(args['second-run'])) throw new Error(`--second-run true|false, not ${args['second-run']}`)
const ENGINES: EngineName[] = args.engine === 'both' ? ['sqlite', 'postgres'] : [args.engine as EngineName]
const POSTS = Number(args.posts)
const SEED = Number(args.seed)
const SECOND_RUN = args['second-run'] === 'true'
const TIMEOUT_MS = Number(args['timeout-min']) * 60_000
if (!Number.isInteger(POSTS) || POSTS < 1) throw new Error(`--posts must be a whole number above 0, not ${args.posts}`)
if (!(TIMEOUT_MS > 0)) throw new Error(`--timeout-min must be above 0, not ${args['timeout-min']}`)
const HEAP_MB = args['heap-mb'] === undefined ? null : Number(args['heap-mb'])
if (HEAP_MB !== null && !(Number.isInteger(HEAP_MB) && HEAP_MB >= 256)) throw new Error(`--heap-mb must be a whole number of MB (256 or more), not ${args['heap-mb']}`)

const ROOT = join(import.meta.dirname, '..')
const CLI = join(ROOT, 'dist', 'src', 'cli', 'import-wordpress.js')
const ENGINE_LABEL: Record<EngineName, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' }
const HAS_TASKSET = spawnSync('sh', ['-c', 'command -v taskset'], { stdio: 'ignore' }).status === 0
const HAS_TIME = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0
const IMPORT_CPU = '0'
const BENCH_CPU = cpus().length >= 2 ? '1' : '0'
const began = performance.now()
const startedAt = new Date()
const load1 = () => loadavg().map((n) => n.toFixed(2)).join(' / ')
const git = (...a: string[]) => (spawnSync('git', a, { cwd: ROOT, encoding: 'utf8' }).stdout ?? '').replace(/\s+$/, '')
const dirty = git('status', '--porcelain', '--', 'src').split('\n').filter((l) => l !== '').map((l) => l.replace(/^.. /, ''))
const codeLine = `commit ${git('rev-parse', '--short', 'HEAD') || 'unknown'}${dirty.length === 0 ? '' : `, with uncommitted changes to ${dirty.length} files under \`src/\``} (\`npm run build\` compiles the working tree)`
const failures: string[] = []
const fail = (line: string) => {
  failures.push(line)
  console.error(`FAIL: ${line}`)
}
const num = (n: number) => n.toLocaleString('en-US')
const MB = (bytes: number) => bytes / 1e6

// The npm script starts this process unpinned; off CPU 0 it does not steal from the import it measures.
if (HAS_TASKSET) spawnSync('taskset', ['-a', '-p', '-c', BENCH_CPU, String(process.pid)], { stdio: 'ignore' })

// Every wait is bounded: generation, each import and the cluster are all inside this.
const runs = ENGINES.length * (SECOND_RUN ? 2 : 1) + 1
const HARD_LIMIT_MS = 20 * 60_000 + runs * (TIMEOUT_MS + 30_000)
let cleanUp = () => {}
const watchdog = setTimeout(() => {
  console.error(`bench:import: still running after ${Math.round(HARD_LIMIT_MS / 60_000)} min; stopping`)
  cleanUp()
  process.exit(1)
}, HARD_LIMIT_MS)
watchdog.unref()

// ---------------------------------------------------------------- one import

interface Run {
  label: string
  ms: number
  /** Peak resident set of the import process, bytes. */
  rss: number | null
  exit: number | null
  signal: string | null
  timedOut: boolean
  report: ImportReport | null
  stdout: string
  stderrTail: string[]
  /** CPU seconds of the import (user + system, all its threads), when measured. */
  cpuSeconds: number | null
  /** Share of the run's wall time CPU 0 was busy with anything but the import: other processes, interrupts. */
  outsideShare: number | null
  loadBefore: string
  loadAfter: string
  /** When the CLI's progress first reached each percent of the file, ms from the start, per pass. */
  marks: { 1: number[], 2: number[] }
}

const children = new Set<number>()
function killGroup (pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch {}
}

/** The environment of the import: this one's without what the run sets itself. */
function childEnv (database: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env }
  for (const name of Object.keys(base)) {
    if (/^(DATABASE_|WEBHOOK_|SEED_DEMO$|NODE_OPTIONS$|LOG_LEVEL$)/.test(name)) delete base[name]
  }
  return { ...base, ...database, SEED_DEMO: 'false', LOG_LEVEL: 'warn', ...(HEAP_MB === null ? {} : { NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` }) }
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100

/** The import CPU's busy time so far in clock ticks (user, nice, system, irq, softirq, steal), from /proc/stat. */
function importCpuJiffies (): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith(`cpu${IMPORT_CPU} `))
    const [user, nice, system, , , irq, softirq, steal] = line!.split(/\s+/).slice(1).map(Number) as number[]
    return user! + nice! + system! + irq! + softirq! + (steal ?? 0)
  } catch {
    return null
  }
}

/** Reads the file through once, so the import's first pass is not timed as disk reads. */
function warmPageCache (file: string): void {
  const run = spawnSync('cat', [file], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 10 * 60_000 })
  if (run.status !== 0) console.error(`cat ${file} exited ${run.status}: the page cache may be cold`)
}

async function importOnce (label: string, file: string, mapping: string, reportPath: string, database: Record<string, string>, extra: string[], tmp: string): Promise<Run> {
  const timeFile = join(tmp, `time-${reportPath.replace(/\W+/g, '-')}.txt`)
  rmSync(reportPath, { force: true })
  rmSync(timeFile, { force: true })
  const command = [process.execPath, CLI, file, '--mapping', mapping, '--report', reportPath, ...extra]
  const pinned = HAS_TASKSET ? ['taskset', '-c', IMPORT_CPU, ...command] : command
  const argv = HAS_TIME ? ['/usr/bin/time', '-f', '%e %M %U %S', '-o', timeFile, ...pinned] : pinned
  const loadBefore = load1()
  const cpuBefore = importCpuJiffies()
  console.log(`${label}: ${command.slice(1).map((a) => a.startsWith(ROOT) ? relative(ROOT, a) : a).join(' ')}`)
  const t0 = performance.now()
  // Its own process group: a timeout kills the import, not only /usr/bin/time around it.
  const child = spawn(argv[0]!, argv.slice(1), { cwd: ROOT, env: childEnv(database), stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const pid = child.pid!
  children.add(pid)
  let stdout = ''
  child.stdout.setEncoding('utf8').on('data', (text: string) => { stdout += text })
  const tail: string[] = []
  let lastShown = performance.now()
  const marks: Run['marks'] = { 1: [], 2: [] }
  createInterface({ input: child.stderr }).on('line', (line) => {
    tail.push(line)
    if (tail.length > 40) tail.shift()
    const progress = /^(reading|importing)\s.*?(\d+)%/.exec(line)
    if (progress !== null) {
      const list = marks[progress[1] === 'reading' ? 1 : 2]
      const at = performance.now() - t0
      while (list.length <= Number(progress[2])) list.push(at)
    }
    // The CLI's progress line, echoed now and then: a 100k run is long enough to want to see it move.
    if (performance.now() - lastShown > 15_000 && /^(reading|importing)/.test(line)) {
      lastShown = performance.now()
      console.log(`  ${label} +${((performance.now() - t0) / 1000).toFixed(0)} s: ${line.replace(/\s+/g, ' ')}`)
    }
  })
  let peakKb = 0
  let ticks: number | null = null
  // Without /usr/bin/time: VmHWM of the process taskset became (or of node, unpinned).
  const poll = HAS_TIME
    ? null
    : setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
        if (hwm !== null) peakKb = Math.max(peakKb, Number(hwm[1]))
        // utime and stime, the 14th and 15th fields, counted after the command's name (which may hold spaces).
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')
        if (fields !== undefined) ticks = Number(fields[11]) + Number(fields[12])
      } catch {}
    }, 100)
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    console.error(`${label}: still running after ${TIMEOUT_MS / 60_000} min; killing it`)
    killGroup(pid, 'SIGTERM')
    setTimeout(() => killGroup(pid, 'SIGKILL'), 10_000).unref()
  }, TIMEOUT_MS)
  const [exit, signal] = await new Promise<[number | null, string | null]>((resolve) => child.once('close', (code, sig) => resolve([code, sig])))
  const ms = performance.now() - t0
  const cpuAfter = importCpuJiffies()
  const loadAfter = load1()
  clearTimeout(timer)
  if (poll !== null) clearInterval(poll)
  children.delete(pid)

  let rss: number | null = peakKb > 0 ? peakKb * 1024 : null
  let cpuSeconds: number | null = ticks === null ? null : ticks / CLOCK_TICKS
  if (HAS_TIME && existsSync(timeFile)) {
    // A killed command leaves "Command terminated by signal N" above the figures.
    const last = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1) ?? ''
    const m = /^([\d.]+) (\d+) ([\d.]+) ([\d.]+)$/.exec(last)
    if (m !== null) {
      rss = Number(m[2]) * 1024
      cpuSeconds = Number(m[3]) + Number(m[4])
    }
  }
  let report: ImportReport | null = null
  try {
    report = JSON.parse(readFileSync(reportPath, 'utf8')) as ImportReport
  } catch {}
  console.log(`${label}: exit ${exit ?? signal} in ${(ms / 1000).toFixed(1)} s, peak RSS ${rss === null ? '?' : `${MB(rss).toFixed(0)} MB`}`)
  if (stdout.trim() !== '') console.log(stdout.trim().split('\n').map((l) => `  | ${l}`).join('\n'))
  const busy = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / CLOCK_TICKS
  const outsideShare = busy === null || cpuSeconds === null ? null : Math.max(0, busy - cpuSeconds) / (ms / 1000)
  const run: Run = { label, ms, rss, cpuSeconds, outsideShare, loadBefore, loadAfter, exit, signal, timedOut, report, stdout, stderrTail: tail, marks }
  if (exit !== 0 || report === null) {
    // V8 prints its verdict above the native stack trace; the tail holds both.
    const oom = tail.find((l) => l.includes('JavaScript heap out of memory'))
    const heap = [...tail].reverse().find((l) => /Mark-Compact|Scavenge/.test(l))?.match(/([\d.]+) \(([\d.]+)\) MB,/)
    const why = timedOut
      ? `timed out after ${TIMEOUT_MS / 60_000} min`
      : oom !== undefined
        ? `ran out of JavaScript heap (exit ${exit ?? signal}: "${oom.trim()}"${heap == null ? '' : `; last GC: ${heap[1]} MB live of ${heap[2]} MB committed`}; V8's heap limit ${heapLimitMb()} MB${HEAP_MB === null ? ', Node\'s default here' : ''}) with peak RSS ${rss === null ? '?' : `${MB(rss).toFixed(0)} MB`}, ${lastProgress(tail)}`
        : report === null ? `exited ${exit ?? signal} without a report` : `exited ${exit}`
    fail(`${label} ${why}${report !== null && report.errors.length > 0 ? ` with ${report.errors.length} errors (first: post ${report.errors[0]!.postId}: ${report.errors[0]!.message})` : ''}`)
    const said = tail.filter((l) => !/^(reading|importing)/.test(l)).slice(-15)
    if (said.length > 0) console.error(said.map((l) => `  ! ${l}`).join('\n'))
  }
  return run
}

/** The heap limit Node gives a process on this machine when nothing says otherwise (it scales with memory). */
function defaultHeapMb (): number {
  const run = spawnSync(process.execPath, ['-p', 'Math.round(require("v8").getHeapStatistics().heap_size_limit / 2 ** 20)'], { encoding: 'utf8', env: { ...childEnv({}), NODE_OPTIONS: '' } })
  return Number(run.stdout.trim())
}
const heapLimitMb = () => HEAP_MB ?? defaultHeapMb()

/** "in pass 1 at 91 % of the file", from the CLI's last progress line. */
function lastProgress (tail: string[]): string {
  const line = [...tail].reverse().find((l) => /^(reading|importing)/.test(l))
  const share = line === undefined ? null : /(\d+)%/.exec(line)?.[1]
  return line === undefined ? 'before any progress' : `in pass ${line.startsWith('reading') ? '1 (reading)' : '2 (importing)'} at ${share ?? '?'} % of the file`
}

// ---------------------------------------------------------------- PostgreSQL

async function query<T> (url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(text)).rows as T[]
  } finally {
    await client.end()
  }
}
const withDatabase = (url: string, name: string) => { const u = new URL(url); u.pathname = `/${name}`; return u.toString() }

interface PostgresHost { url: string, own: boolean, version: string, stop: () => void }

/** --postgres-url's server, or a throwaway cluster (this one alone stopped at the end). */
async function postgresHost (): Promise<PostgresHost | null> {
  let url = args['postgres-url']
  let stop = () => {}
  if (url === undefined) {
    const script = join(ROOT, 'scripts', 'pg-test-cluster.sh')
    const run = spawnSync('bash', [script, 'start'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 120_000 })
    url = /BYLINE_TEST_POSTGRES_URL=(\S+)/.exec(run.stdout ?? '')?.[1]
    if (run.status !== 0 || url === undefined) {
      console.error('PostgreSQL skipped: scripts/pg-test-cluster.sh start failed (it needs root and PostgreSQL 15); give --postgres-url')
      return null
    }
    const port = new URL(url).port
    stop = () => {
      spawnSync('bash', [script, 'stop', port], { stdio: 'inherit', timeout: 120_000 })
      stop = () => {}
    }
  }
  const host: PostgresHost = { url, own: args['postgres-url'] === undefined, version: '', stop: () => stop() }
  try {
    const [row] = await query<{ v: string }>(url, "select current_setting('server_version') as v")
    host.version = row?.v.split(' ')[0] ?? '?'
  } catch (error) {
    host.stop()
    throw error
  }
  return host
}

// ---------------------------------------------------------------- the run

interface EngineResult { engine: EngineName, first: Run, second: Run | null, dbBytes: number | null, note: string }

function sqliteBytes (path: string): number {
  return ['', '-wal', '-shm'].reduce((sum, suffix) => sum + (existsSync(path + suffix) ? statSync(path + suffix).size : 0), 0)
}

async function runEngine (engine: EngineName, wxr: GenerateResult, tmp: string, host: PostgresHost | null): Promise<EngineResult | null> {
  let database: Record<string, string>
  let size: () => Promise<number | null>
  let drop = async () => {}
  let note = ''
  if (engine === 'sqlite') {
    const path = join(tmp, 'bench.db')
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true })
    database = { DATABASE_PATH: path }
    size = async () => sqliteBytes(path)
    note = 'a fresh file `bench.db` in the temp dir (DATABASE_PATH)'
  } else {
    if (host === null) return null
    const name = `byline_bench_import_${process.pid}`
    await query(host.url, `drop database if exists "${name}"`)
    await query(host.url, `create database "${name}"`)
    const url = withDatabase(host.url, name)
    database = { DATABASE_URL: url }
    size = async () => Number((await query<{ n: string }>(url, 'select pg_database_size(current_database()) as n'))[0]?.n ?? NaN)
    // Another server's database is dropped afterwards; a throwaway cluster goes whole.
    if (!host.own) drop = async () => { await query(host.url, `drop database if exists "${name}" with (force)`) }
    note = `PostgreSQL ${host.version}, a fresh database (DATABASE_URL) on ${host.own ? 'a throwaway cluster from `scripts/pg-test-cluster.sh` (fsync and synchronous_commit off)' : '`--postgres-url`\'s server'}${HAS_TASKSET ? `, started from this process and so on CPU ${BENCH_CPU}` : ''}`
  }
  try {
    const label = ENGINE_LABEL[engine]
    warmPageCache(wxr.path)
    const first = await importOnce(`${label} import`, wxr.path, wxr.mappingPath, join(tmp, `report-${engine}-1.json`), database, [], tmp)
    checkFirst(first, wxr)
    let second: Run | null = null
    if (SECOND_RUN && first.report !== null) {
      warmPageCache(wxr.path)
      second = await importOnce(`${label} second run`, wxr.path, wxr.mappingPath, join(tmp, `report-${engine}-2.json`), database, [], tmp)
      checkSecond(second, first)
    }
    const dbBytes = await size().catch(() => null)
    return { engine, first, second, dbBytes, note }
  } finally {
    await drop().catch(() => {})
  }
}

function checkFirst (run: Run, wxr: GenerateResult): void {
  const r = run.report
  if (r === null) return
  if (r.stories.created !== wxr.posts) fail(`${run.label}: ${num(r.stories.created)} stories created of the export's ${num(wxr.posts)} posts (updated ${r.stories.updated}, unchanged ${r.stories.unchanged}, skipped ${r.skipped.length})`)
  if (r.items.total !== wxr.items) fail(`${run.label}: the report counts ${num(r.items.total)} items, the export has ${num(wxr.items)}`)
  if (r.fault !== null) fail(`${run.label}: stopped at line ${r.fault.line}: ${r.fault.message}`)
}

function checkSecond (run: Run, first: Run): void {
  const r = run.report
  if (r === null) return
  const s = r.stories
  const expected = first.report?.stories.created ?? 0
  if (s.created !== 0 || s.updated !== 0 || s.unchanged !== expected) {
    fail(`${run.label} changed something: created ${s.created}, updated ${s.updated}, unchanged ${s.unchanged} of ${expected} (kept edited ${s.keptEdited}, kept deleted ${s.keptDeleted})`)
  } else {
    console.log(`${run.label}: PASS — created 0, updated 0, unchanged ${num(s.unchanged)}`)
  }
}

// ---------------------------------------------------------------- the document

/** A report's notes grouped by what they say: numbers and quoted text put aside. */
function topMessages (notes: Array<{ message: string }>, limit = 6): string[] {
  const counts = new Map<string, number>()
  for (const { message } of notes) {
    const key = message.replace(/"[^"]*"/g, '"…"').replace(/\d+(?:\.\d+)?/g, 'N')
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([m, n]) => `${num(n)} × ${m.replace(/\|/g, '\\|')}`)
}

function machine (): string {
  const info = readFileSync('/proc/cpuinfo', 'utf8')
  const model = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown CPU'
  const version = (name: string) => {
    try {
      return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version
    } catch {
      return '?'
    }
  }
  return `${model}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM; Linux ${release()}; Node ${process.version}; better-sqlite3 ${version('better-sqlite3')}, saxes ${version('saxes')}, pg ${version('pg')}`
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
const rssText = (run: Run | null) => run?.rss == null ? '–' : `${MB(run.rss).toFixed(0)} MB`
const runText = (run: Run | null) => run === null ? 'not run' : `${seconds(run.ms)}${run.exit === 0 ? '' : ` (exit ${run.exit ?? run.signal}${run.timedOut ? ', timed out' : ''})`}`
/** Pass 1 from the first progress line to pass 2's first; pass 2 from there to its 100 %. */
function phases (run: Run): string {
  const one = run.marks[1][0]
  const two = run.marks[2][0]
  const end = run.marks[2][100]
  if (one === undefined || two === undefined) return '–'
  return `${seconds(two - one)} / ${end === undefined ? `not finished (${run.marks[2].length - 1} % of the file in ${seconds(run.ms - two)})` : seconds(end - two)}`
}

/** Posts per second over each tenth of the file in pass 2: flat when a write's cost does not grow with the database. */
function tenths (run: Run, posts: number): string {
  const m = run.marks[2]
  const rates: string[] = []
  for (let i = 0; i + 10 < m.length; i += 10) rates.push(num(Math.round(posts / 10 / ((m[i + 10]! - m[i]!) / 1000))))
  return rates.length === 0 ? '–' : rates.join(', ')
}
const reviewsText = (r: ImportReport | null) => r === null ? '–' : `WP Review ${num(r.reviews['wp-review'])}, block ${num(r.reviews.block)}, theme box ${num(r.reviews.selector)}, ACF ${num(r.reviews.acf)}`

function document (wxr: GenerateResult, results: EngineResult[], dry: Run | null, loadBefore: string): string {
  const cols = results.map((e) => ENGINE_LABEL[e.engine])
  const row = (name: string, cell: (e: EngineResult) => string) => `| ${name} | ${results.map(cell).join(' | ')} |`
  const rate = (e: EngineResult, per: (s: number) => string) => e.first.exit === 0 ? per(e.first.ms / 1000) : '–'
  const r1 = (e: EngineResult) => e.first.report
  const main = [
    `| figure | ${cols.join(' | ')} |`,
    `| --- | ${cols.map(() => '---').join(' | ')} |`,
    row('posts (items: posts + attachments)', () => `${num(wxr.posts)} (${num(wxr.items)})`),
    row('export file', () => `${MB(wxr.bytes).toFixed(0)} MB`),
    row('**import, fresh database** (wall, process start to exit)', (e) => `**${runText(e.first)}**`),
    row('the importer\'s own time (report `durationMs`: after startup, before exit)', (e) => r1(e) === null ? '–' : seconds(r1(e)!.durationMs)),
    row('pass 1 (reading the file whole) / pass 2 (mapping and writing)', (e) => phases(e.first)),
    row('pass 2 posts/s by tenth of the file (first → last)', (e) => tenths(e.first, wxr.posts)),
    row('**posts/s**', (e) => `**${rate(e, (s) => num(Math.round(wxr.posts / s)))}**`),
    row('items/s', (e) => rate(e, (s) => num(Math.round(wxr.items / s)))),
    row('MB/s of the export', (e) => rate(e, (s) => (MB(wxr.bytes) / s).toFixed(2))),
    row('**peak RSS**, import', (e) => `**${rssText(e.first)}**`),
    row('the import\'s CPU time (user + system, all threads) / CPU 0 busy outside the import', (e) => `${e.first.cpuSeconds === null ? '–' : seconds(e.first.cpuSeconds * 1000)} / ${e.first.outsideShare === null ? '–' : `${(e.first.outsideShare * 100).toFixed(0)} % of the wall time`}`),
    row('load average (1 / 5 / 15 min) before → after the import', (e) => `${e.first.loadBefore} → ${e.first.loadAfter}`),
    row('second run (same file, same database)', (e) => runText(e.second)),
    row('peak RSS, second run', (e) => rssText(e.second)),
    row('second run outcome (must be created 0, updated 0)', (e) => e.second?.report == null ? '–' : `created ${e.second.report.stories.created}, updated ${e.second.report.stories.updated}, unchanged ${num(e.second.report.stories.unchanged)}`),
    row('dry run (`--dry-run`, no database)', () => runText(dry)),
    row('peak RSS, dry run', () => rssText(dry)),
    row('database size after the import', (e) => e.dbBytes === null ? '–' : `${MB(e.dbBytes).toFixed(0)} MB`),
    row('stories created', (e) => r1(e) === null ? '–' : num(r1(e)!.stories.created)),
    row('by type', (e) => r1(e) === null ? '–' : Object.entries(r1(e)!.stories.byType).map(([k, n]) => `${k} ${num(n)}`).join(', ')),
    row('by status', (e) => r1(e) === null ? '–' : Object.entries(r1(e)!.stories.byStatus).map(([k, n]) => `${k} ${num(n)}`).join(', ')),
    row('reviews by source', (e) => reviewsText(r1(e))),
    row('degraded / score conflicts / errors', (e) => r1(e) === null ? '–' : `${num(r1(e)!.degraded.length)} / ${num(r1(e)!.scoreConflicts.length)} / ${num(r1(e)!.errors.length)}`),
    row('warnings / slug clashes / unresolved media / skipped', (e) => r1(e) === null ? '–' : `${num(r1(e)!.warnings.length)} / ${num(r1(e)!.slugClashes.length)} / ${num(r1(e)!.unresolved.media.length)} / ${num(r1(e)!.skipped.length)}`)
  ]
  const expected = `WP Review ${num(wxr.reviews['wp-review'])}, block ${num(wxr.reviews.block)}, theme box ${num(wxr.reviews.selector)}`
  const notes: string[] = []
  const firstReport = results.find((e) => e.first.report !== null)?.first.report ?? dry?.report ?? null
  if (firstReport !== null) {
    for (const [title, list] of [['Degraded', firstReport.degraded], ['Score conflicts', firstReport.scoreConflicts], ['Warnings', firstReport.warnings],
      ['Unresolved media', firstReport.unresolved.media], ['Errors', firstReport.errors]] as const) {
      if (list.length === 0) continue
      notes.push(`- ${title} (${num(list.length)}), by what they say:`, ...topMessages(list).map((m) => `  - ${m}`))
    }
  }
  const reviewsMatch = results.every((e) => r1(e) === null || (r1(e)!.reviews['wp-review'] === wxr.reviews['wp-review'] && r1(e)!.reviews.block === wxr.reviews.block && r1(e)!.reviews.selector === wxr.reviews.selector))
  // The note is printed below the command rather than twice.
  const given = process.argv.slice(2).flatMap((a, i, all) => all[i - 1] === '--note' ? ['"<the note below>"'] : a.startsWith('--note=') ? ['--note="<the note below>"'] : [/\s/.test(a) ? `"${a}"` : a])
  const command = `npm run bench:import${given.length > 0 ? ` -- ${given.join(' ')}` : ''}`
  const status = Object.entries(wxr.byStatus).map(([k, n]) => `${k} ${num(n)}`).join(', ')
  return `# WordPress import benchmark

Generated by \`npm run bench:import\` (\`bench/import-wordpress.ts\`) on ${startedAt.toISOString()}; the run took ${((performance.now() - began) / 60_000).toFixed(1)} min.

- Command: \`${command}\`; code measured: ${codeLine}.
- Machine: ${machine()}. Load average (1 / 5 / 15 min) ${loadBefore} before the first import.
- Method: the built CLI, \`node dist/src/cli/import-wordpress.js <export.xml> --mapping <mapping.yaml> --report <report.json>\`, as a child process${HAS_TASKSET ? ` pinned to CPU ${IMPORT_CPU} with \`taskset\` (this process on CPU ${BENCH_CPU})` : ' (not pinned: no taskset)'}, \`SEED_DEMO=false\`, \`LOG_LEVEL=warn\`, into a fresh database${HEAP_MB === null ? ` (Node's default heap limit, ${num(heapLimitMb())} MB here)` : `, with its V8 heap limit raised to ${num(HEAP_MB)} MB (\`--heap-mb ${HEAP_MB}\`: \`NODE_OPTIONS=--max-old-space-size=${HEAP_MB}\`; Node's default here is ${num(defaultHeapMb())} MB)`}. The export is read once with \`cat\` before each import so that it is in the page cache. Time is wall time from spawning the process to its exit (Node's start, migrations, both of the importer's passes over the file, the writes, the report); peak RSS is the import process's maximum resident set (${HAS_TIME ? '`/usr/bin/time -f %M`' : '`VmHWM` from `/proc/<pid>/status`, polled every 100 ms'}). The machine may be shared: "CPU 0 busy outside the import" is CPU 0's busy time in \`/proc/stat\` over the run less the import's own CPU time, as a share of the wall time (other processes scheduled there, interrupts); a few percent is the floor. The second run imports the same file into the same database and must find every story unchanged. The dry run (\`--dry-run\`) reads and maps everything and writes nothing. MB = 10⁶ bytes.
${args.note === undefined ? '' : `- Note: ${args.note}\n`}- Timing varies by ±10–15 % from run to run on this VM (shared host, page cache, CPU frequency); compare runs on one machine, not single figures across machines.

## The export

\`bench/wxr-generate.ts\`, seed ${SEED}: a review publication's WXR 1.2 export (\`https://archive.example.com\`, 40 authors, 12 categories, 300 tags), written in ${seconds(wxr.durationMs)}, streamed to disk.

| | |
| --- | --- |
| posts | ${num(wxr.posts)}, each with its featured image as an attachment item: ${num(wxr.items)} items |
| file | ${MB(wxr.bytes).toFixed(1)} MB (${num(Math.round(wxr.bytes / wxr.posts))} bytes per post, its attachment and comments included) |
| statuses | ${status} (drafts and pending posts mostly without GMT dates; ${num(wxr.emptySlugs)} without a slug) |
| reviews (where the verdict is) | ${expected} (theme box: the mapping file's \`verdictBox\` selectors) |
| other posts | ${num(wxr.podcasts)} podcasts with an \`enclosure\`; the rest news and features |
| bodies | ${num(wxr.classic)} classic (wpautop, \`[caption]\`, \`[audio]\`), ${num(wxr.gutenberg)} Gutenberg (paragraph, heading, image, list, quote, embed, audio, code, html blocks) |
| traps | ${num(wxr.duplicateSlugs)} posts given another post's slug, ${num(wxr.offScale)} WP Review totals off their scale, ${num(wxr.cdataSplits)} bodies with \`]]>\` (split CDATA), ${num(wxr.coAuthored)} co-authored (Co-Authors Plus), ${num(wxr.comments)} comments |

## Results

${main.join('\n')}

Reviews the export holds: ${expected}${reviewsMatch ? ' — the import found each where it was.' : ' — **the import\'s count differs** (see the table).'}
${results.map((e) => `\n${ENGINE_LABEL[e.engine]}: ${e.note}.`).join('')}

${notes.length === 0 ? 'The report has no degraded items, conflicts, warnings or errors.' : `What the first import's report says (counts per kind of message; numbers and quoted text replaced by N and "…"):\n\n${notes.join('\n')}`}

${failures.length === 0 ? '**All checks passed**: every post became a story, no errors, and the second run changed nothing.' : `**Checks that failed:**\n\n${failures.map((f) => `- FAIL: ${f}`).join('\n')}`}
`
}

// ---------------------------------------------------------------- main

async function main (): Promise<void> {
  if (!existsSync(CLI)) throw new Error(`${relative(ROOT, CLI)} is missing: npm run build first (npm run bench:import does)`)
  const tmp = mkdtempSync(join(tmpdir(), 'byline-bench-import-'))
  let host: PostgresHost | null = null
  cleanUp = () => {
    for (const pid of children) killGroup(pid, 'SIGKILL')
    host?.stop()
    if (!args.keep) rmSync(tmp, { recursive: true, force: true })
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { cleanUp(); process.exit(130) })
  try {
    console.log(`bench:import: ${num(POSTS)} posts, seed ${SEED}, engines ${ENGINES.join(', ')}; temp dir ${tmp}`)
    const wxr = await generateWxr(join(tmp, 'export.xml'), { posts: POSTS, seed: SEED })
    console.log(`export: ${num(wxr.items)} items, ${MB(wxr.bytes).toFixed(1)} MB in ${seconds(wxr.durationMs)}`)

    if (ENGINES.includes('postgres')) host = await postgresHost()
    const loadBefore = load1()
    const results: EngineResult[] = []
    for (const engine of ENGINES) {
      const result = await runEngine(engine, wxr, tmp, host)
      if (result !== null) results.push(result)
    }
    warmPageCache(wxr.path)
    const dry = await importOnce('dry run', wxr.path, wxr.mappingPath, join(tmp, 'report-dry.json'), { DATABASE_PATH: join(tmp, 'dry-unused.db') }, ['--dry-run'], tmp)
    if (dry.report !== null && dry.report.stories.planned !== wxr.posts) fail(`dry run: ${num(dry.report.stories.planned)} stories planned of ${num(wxr.posts)} posts`)
    if (dry.report !== null && dry.report.errors.length > 0) fail(`dry run: ${dry.report.errors.length} errors (first: post ${dry.report.errors[0]!.postId}: ${dry.report.errors[0]!.message})`)

    const text = document(wxr, results, dry, loadBefore)
    mkdirSync(dirname(resolve(ROOT, args.doc)), { recursive: true })
    writeFileSync(resolve(ROOT, args.doc), text)
    console.log(`\n${text.slice(text.indexOf('## Results'))}`)
    console.log(`written to ${args.doc}${args.keep ? `; files kept in ${tmp}` : ''}`)
  } finally {
    cleanUp()
  }
  if (failures.length > 0) {
    console.error(`\n${failures.length} check(s) failed:\n${failures.map((f) => `FAIL: ${f}`).join('\n')}`)
    process.exitCode = 1
  }
}

await main()
