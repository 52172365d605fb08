/**
 * npm run soak — the built server under a steady mixed load for minutes, from one run:
 *
 *   tsx reliability/soak.ts [--warmup 30] [--minutes 5] [--connections 50] [--keep-stats <file>]
 *
 * Targets (from the issue): after the warm-up, the measured phase at 50 connections, 90 %
 * reads and 10 % writes, has 0 errors, a p99 latency within 5× the p99 of a bare Fastify
 * process replaying the same responses in the same run, RSS growth ≤ 10 % between minute 1
 * and the last minute, and an event-loop delay p99 under 100 ms. Prints a markdown table
 * and exits 1 if a target is missed.
 *
 * - The server is `node dist/src/server.js` (build first; the npm script does) on a fresh
 *   temporary database with the demo data, an editor key made before it starts, rate
 *   limits out of the way, pinned to CPU 0 when taskset exists. The load runs in this
 *   process (the npm script pins it to CPU 1), on 127.0.0.1 only.
 * - Memory and event-loop delay are measured inside the server by the preload
 *   reliability/loop-monitor.mjs (given through NODE_OPTIONS=--import): a JSON line every 5 s.
 * - Each autocannon connection cycles 10 requests: 9 public reads (review, story list
 *   first page and a cursor page, reviews by score, JSON feed, search, author, sections,
 *   verdict) and one PATCH of a published story's dek with the editor key (over 8 stories,
 *   a new text each time; each write clears the server's response cache, and adds a row to
 *   the change log).
 * - Baseline: bench/baseline-server.ts on CPU 0 (the real server stopped by then) replaying
 *   the 10 responses recorded from the real server before the warm-up (the PATCH answer is
 *   replayed for a GET), loaded with the same 10-request cycle for min(60 s, measured).
 * - Latency percentiles (both sides) come from this script's own histogram with 0.05 ms
 *   buckets (autocannon's are whole milliseconds, coarse for a ratio to a baseline p99 of a
 *   few milliseconds); autocannon's p99 is printed beside it.
 * - The machine may be shared: the report says how busy CPU 0 was with other processes
 *   (from /proc/stat and /proc/<pid>/stat) and flags figures taken while it was over 10 %.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { request } from 'node:http'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import type { BaselineRoute } from '../bench/baseline-server.js'
import { freePort, killServer, prepareDatabase, startServer, waitReady, walPath, type ServerProcess } from './process.js'

const { values: args } = parseArgs({
  options: {
    warmup: { type: 'string', default: '30' },
    minutes: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    'keep-stats': { type: 'string' }
  }
})
const WARMUP_S = Number(args.warmup)
const MEASURED_S = Math.round(Number(args.minutes) * 60)
const CONNECTIONS = Number(args.connections)
if (!(WARMUP_S >= 0) || !(MEASURED_S >= 30) || !(CONNECTIONS >= 1)) {
  console.error('usage: tsx reliability/soak.ts [--warmup <s>=30] [--minutes <m>=5 (≥ 0.5)] [--connections <n>=50]')
  process.exit(2)
}
const BASELINE_S = Math.min(60, MEASURED_S)
const BASELINE_WARMUP_S = Math.min(5, WARMUP_S)
const STATS_INTERVAL_MS = 5000
/** Mean RSS over this long around each point (minute 1: 45–75 s; last minute: its last 30 s). */
const RSS_WINDOW_S = 30

const ROOT = join(import.meta.dirname, '..')
const MONITOR = pathToFileURL(join(ROOT, 'reliability', 'loop-monitor.mjs')).href
const hasTaskset = spawnSync('which', ['taskset']).status === 0
const pinned = (cpu: number) => hasTaskset ? ['taskset', '-c', String(cpu)] : []
const TARGETS = { errors: 0, p99Ratio: 5, rssGrowth: 0.10, loopP99Ms: 100 }

// Warm-up + measured + baseline (with its warm-up) + starts, recording and stops: never more.
const watchdogMs = (WARMUP_S + MEASURED_S + BASELINE_WARMUP_S + BASELINE_S + 120) * 1000
const children = new Set<ChildProcess>()
const watchdog = setTimeout(() => {
  console.error(`soak: still running after ${watchdogMs / 1000} s, giving up`)
  for (const child of children) child.kill('SIGKILL')
  process.exit(2)
}, watchdogMs)
watchdog.unref()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of children) child.kill('SIGKILL')
    process.exit(130)
  })
}

// ---------------------------------------------------------------------------------------
// Latency histogram, 0.05 ms buckets up to 10 s (autocannon's own time-out)

class Histogram {
  static readonly STEP_MS = 0.05
  private readonly buckets = new Uint32Array(Math.ceil(10_000 / Histogram.STEP_MS) + 2)
  count = 0
  max = 0
  record (ms: number): void {
    this.buckets[Math.min(this.buckets.length - 1, Math.round(ms / Histogram.STEP_MS))]!++
    this.count++
    if (ms > this.max) this.max = ms
  }

  /** The smallest bucket value at or below which a fraction p of the samples fall. */
  percentile (p: number): number {
    if (this.count === 0) return NaN
    const rank = Math.max(1, Math.ceil(this.count * p))
    let seen = 0
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i]!
      if (seen >= rank) return i * Histogram.STEP_MS
    }
    return this.max
  }
}

// ---------------------------------------------------------------------------------------
// Load

interface Kind { name: string, method: 'GET' | 'PATCH', path: string }

interface SoakRequest {
  kind: number
  method: 'GET' | 'PATCH'
  path: string
  headers?: Record<string, string>
  body?: string
  setupRequest?: (request: SoakRequest) => SoakRequest
  onResponse?: (status: number, body: string) => void
}

interface Client { requestIterator?: { currentRequest?: { kind?: number } } }
type Run = Promise<Awaited<ReturnType<typeof autocannon>>> & {
  on (event: 'response', listener: (client: Client, status: number, bytes: number, ms: number) => void): void
}

interface LoadResult {
  elapsedS: number
  responses: number
  overall: Histogram
  perKind: Histogram[]
  statuses: Record<string, number>
  /** Answers that are neither 2xx nor 304, by kind and status, with a sample body. */
  bad: Map<string, { count: number, body: string }>
  connectionErrors: number
  timeouts: number
  autocannonP99: number
}

const isOk = (status: number) => (status >= 200 && status < 300) || status === 304

async function load (url: string, requests: SoakRequest[], kinds: number, seconds: number): Promise<LoadResult> {
  const overall = new Histogram()
  const perKind = Array.from({ length: kinds }, () => new Histogram())
  const bad = new Map<string, { count: number, body: string }>()
  const withBodies = requests.map((r) => ({
    ...r,
    onResponse: (status: number, body: string) => {
      if (isOk(status)) return
      const key = `${r.kind} ${status}`
      const entry = bad.get(key) ?? { count: 0, body: String(body).slice(0, 300) }
      entry.count++
      bad.set(key, entry)
    }
  }))
  const began = performance.now()
  // bench/autocannon.d.ts leaves out `requests`: a variable, not a literal, passes it through.
  const options = { url, connections: CONNECTIONS, duration: seconds, requests: withBodies }
  const run = autocannon(options) as Run
  run.on('response', (client, _status, _bytes, ms) => {
    overall.record(ms)
    const kind = client.requestIterator?.currentRequest?.kind
    if (kind !== undefined) perKind[kind]?.record(ms)
  })
  const r = await run
  const elapsedS = (performance.now() - began) / 1000
  const statuses = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, { count }]) => [code, count]))
  const responses = Object.values(statuses).reduce((a, b) => a + b, 0)
  return { elapsedS, responses, overall, perKind, statuses, bad, connectionErrors: r.errors - r.timeouts, timeouts: r.timeouts, autocannonP99: r.latency.p99 }
}

const errorCount = (r: LoadResult) => r.connectionErrors + r.timeouts +
  Object.entries(r.statuses).filter(([code]) => !isOk(Number(code))).reduce((sum, [, n]) => sum + n, 0)

// ---------------------------------------------------------------------------------------
// Recording the real responses for the baseline

// node:http rather than fetch, as bench/run.ts: the exact status, headers and body.
const PER_RESPONSE = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'])
function probe (base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<BaselineRoute> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      let text = ''
      const replayed = Object.fromEntries(Object.entries(res.headers)
        .filter(([name]) => !PER_RESPONSE.has(name) && !name.startsWith('x-ratelimit-'))
        .map(([name, value]) => [name, String(value)]))
      res.setEncoding('utf8').on('data', (chunk: string) => { text += chunk }).on('end', () =>
        resolve({ path, status: res.statusCode ?? 0, headers: replayed, body: text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

// ---------------------------------------------------------------------------------------
// The monitor's lines

interface Stat { t: number, rssBytes: number, heapUsedBytes: number, loopP50Ms: number, loopP99Ms: number, loopMaxMs: number }

function readStats (file: string): Stat[] {
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Stat)
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const mb = (bytes: number) => bytes / 2 ** 20
const fileSize = (path: string) => existsSync(path) ? statSync(path).size : 0

// ---------------------------------------------------------------------------------------
// CPU accounting: the machine may be shared, so say how much of each CPU went elsewhere

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100

interface CpuSnapshot { at: number, busy: number[], total: number[], procs: number[], self: number }

/** Per-CPU busy and total jiffies (/proc/stat), the given processes' CPU time and this process's, in seconds. */
function cpuSnapshot (pids: number[]): CpuSnapshot | null {
  try {
    const busy: number[] = []
    const total: number[] = []
    for (const line of readFileSync('/proc/stat', 'utf8').split('\n').filter((l) => /^cpu\d+ /.test(l))) {
      const v = line.trim().split(/\s+/).slice(1, 9).map(Number)
      const sum = v.reduce((a, b) => a + b, 0)
      busy.push(sum - v[3]! - v[4]!)
      total.push(sum)
    }
    const procs = pids.map((pid) => {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)!.split(' ')
      return (Number(fields[11]) + Number(fields[12])) / CLK_TCK
    })
    const { user, system } = process.cpuUsage()
    return { at: performance.now(), busy, total, procs, self: (user + system) / 1e6 }
  } catch {
    return null
  }
}

interface CpuShare { cpuBusy: number[], procs: number[], self: number }

function cpuShare (a: CpuSnapshot | null, b: CpuSnapshot | null): CpuShare | null {
  if (a === null || b === null) return null
  const wall = (b.at - a.at) / 1000
  return {
    cpuBusy: a.busy.map((busy, i) => (b.busy[i]! - busy) / Math.max(1, b.total[i]! - a.total[i]!)),
    procs: a.procs.map((t, i) => (b.procs[i]! - t) / wall),
    self: (b.self - a.self) / wall
  }
}

const loadAverage = () => { try { return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') } catch { return 'n/a' } }
const pct = (x: number) => `${Math.round(x * 100)} %`
/** Over this share of CPU 0 taken by other processes, the figures are marked as disturbed. */
const NOISE_LIMIT = 0.1

const cpuLine = (share: CpuShare | null, who: string) => {
  if (share === null) return 'n/a'
  const cpu0 = share.cpuBusy[0] ?? NaN
  const others = Math.max(0, cpu0 - (share.procs[0] ?? 0))
  const rest = share.cpuBusy.slice(1).map((b, i) => `CPU ${i + 1} ${pct(b)}`).join(', ')
  return `CPU 0 ${pct(cpu0)} busy: ${who} ${pct(share.procs[0] ?? 0)}, other processes ${pct(others)}${others > NOISE_LIMIT ? ' (**disturbed**)' : ''}; ${rest} busy; load generator ${pct(share.self)} of a CPU`
}

// ---------------------------------------------------------------------------------------
// The run

async function stopGracefully (server: ServerProcess): Promise<{ code: number | null, signal: string | null, ms: number }> {
  const began = Date.now()
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM')
  const timer = setTimeout(() => { void killServer(server) }, 15_000)
  const exit = await server.exited
  clearTimeout(timer)
  return { code: exit.code, signal: exit.signal, ms: exit.at - began }
}

function startBaseline (routesFile: string, port: number): Promise<ChildProcess> {
  const command = [...pinned(0), process.execPath, '--import', 'tsx', 'bench/baseline-server.ts', routesFile, String(port)]
  const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env: process.env, stdio: ['ignore', 'ignore', 'inherit'] })
  children.add(child)
  child.once('exit', () => children.delete(child))
  const began = Date.now()
  return new Promise((resolve, reject) => {
    const poll = async () => {
      if (child.exitCode !== null) return reject(new Error(`baseline exited with ${child.exitCode}`))
      if (Date.now() - began > 60_000) return reject(new Error('baseline did not start'))
      const ok = await fetch(`http://127.0.0.1:${port}/baseline/0`).then(async (res) => { await res.arrayBuffer(); return res.ok }, () => false)
      if (ok) return resolve(child)
      setTimeout(poll, 25)
    }
    void poll()
  })
}

const dir = mkdtempSync(join(tmpdir(), 'byline-soak-'))
const databasePath = join(dir, 'soak.db')
const statsFile = join(dir, 'stats.jsonl')

async function main (): Promise<boolean> {
  const { authorization } = await prepareDatabase(databasePath)
  const server = await startServer({
    databasePath,
    runner: 'dist',
    prefix: pinned(0),
    logLevel: 'warn',
    env: {
      NODE_OPTIONS: `--import=${MONITOR}`,
      SOAK_STATS_FILE: statsFile,
      SOAK_STATS_INTERVAL_MS: String(STATS_INTERVAL_MS),
      RATE_LIMIT_ANONYMOUS: '1000000000',
      RATE_LIMIT_KEY: '1000000000',
      RATE_LIMIT_PARTNER: '1000000000'
    }
  })
  children.add(server.child)
  try {
    const readyMs = await waitReady(server)
    const pid = server.child.pid!
    const base = server.base
    console.error(`soak: server pid ${pid} ready in ${readyMs} ms on ${base}${hasTaskset ? ' (CPU 0)' : ' (not pinned: no taskset)'}`)

    // What to ask for, read from the server.
    const getJson = async (path: string) => {
      const res = await fetch(`${base}${path}`)
      if (!res.ok) throw new Error(`${path}: ${res.status}`)
      return await res.json() as { data: Array<{ slug: string }>, meta: { nextCursor: string | null } }
    }
    const latest = await getJson('/v1/stories?limit=50')
    const firstPage = await getJson('/v1/stories?limit=20')
    if (firstPage.meta.nextCursor === null) throw new Error('the demo data has a single page of stories')
    const review = 'her-2013-review'
    const editable = latest.data.map((s) => s.slug).filter((slug) => slug !== review).filter((_, i) => i % 6 === 0).slice(0, 8)
    const kinds: Kind[] = [
      { name: 'review by slug', method: 'GET', path: `/v1/reviews/${review}` },
      { name: 'story list, first page', method: 'GET', path: '/v1/stories?limit=20' },
      { name: 'story list, cursor page', method: 'GET', path: `/v1/stories?limit=20&cursor=${encodeURIComponent(firstPage.meta.nextCursor)}` },
      { name: 'reviews by score', method: 'GET', path: '/v1/reviews?sort=score&limit=20' },
      { name: 'JSON feed', method: 'GET', path: '/v1/feeds/reviews.json' },
      { name: 'search', method: 'GET', path: '/v1/search?q=game' },
      { name: 'author', method: 'GET', path: '/v1/authors/rhys-calloway' },
      { name: 'sections', method: 'GET', path: '/v1/sections' },
      { name: 'verdict', method: 'GET', path: `/v1/reviews/${review}/verdict` },
      { name: `PATCH story dek (${editable.length} stories)`, method: 'PATCH', path: `/v1/stories/${editable[0]!}` }
    ]
    const WRITE = kinds.length - 1
    const writeHeaders = { authorization, 'content-type': 'application/json' }
    let writes = 0
    const nextWrite = () => {
      const n = writes++
      return { path: `/v1/stories/${editable[n % editable.length]!}`, body: JSON.stringify({ dek: `Soak edit ${n}: a standfirst rewritten under load.` }) }
    }

    // The real answers, for the baseline to replay (and a check that each kind answers 2xx).
    const routes: BaselineRoute[] = []
    for (const [i, k] of kinds.entries()) {
      const write = i === WRITE ? nextWrite() : null
      const route = await probe(base, k.method, write?.path ?? k.path, write === null ? {} : writeHeaders, write?.body)
      if (!isOk(route.status)) throw new Error(`${k.method} ${route.path}: ${route.status} ${route.body.slice(0, 500)}`)
      routes.push(route)
    }
    const routesFile = join(dir, 'routes.json')
    writeFileSync(routesFile, JSON.stringify(routes))

    const requests: SoakRequest[] = kinds.map((k, i) => i === WRITE
      ? { kind: i, method: 'PATCH', path: k.path, headers: writeHeaders, setupRequest: (r: SoakRequest) => ({ ...r, ...nextWrite() }) }
      : { kind: i, method: 'GET', path: k.path })
    const dbBefore = fileSize(databasePath) + fileSize(walPath(databasePath))

    console.error(`soak: warm-up ${WARMUP_S} s at ${CONNECTIONS} connections`)
    const warm = WARMUP_S > 0 ? await load(base, requests, kinds.length, WARMUP_S) : null
    console.error(`soak: measured phase ${MEASURED_S} s`)
    const loadBefore = loadAverage()
    const cpuStart = cpuSnapshot([pid])
    const tStart = Date.now()
    const real = await load(base, requests, kinds.length, MEASURED_S)
    const tEnd = Date.now()
    const realCpu = cpuShare(cpuStart, cpuSnapshot([pid]))
    const loadAfter = loadAverage()
    // The last interval's line is written up to 5 s after the phase ends.
    await new Promise((resolve) => setTimeout(resolve, STATS_INTERVAL_MS + 500))
    const stats = readStats(statsFile)
    const dbAfter = fileSize(databasePath) + fileSize(walPath(databasePath))
    const logTail = server.output()
    const shutdown = await stopGracefully(server)

    console.error(`soak: baseline ${BASELINE_WARMUP_S} s warm-up + ${BASELINE_S} s`)
    const baselinePort = await freePort()
    const baseline = await startBaseline(routesFile, baselinePort)
    const baselineRequests: SoakRequest[] = kinds.map((_, i) => ({ kind: i, method: 'GET', path: `/baseline/${i}` }))
    const baselineUrl = `http://127.0.0.1:${baselinePort}`
    if (BASELINE_WARMUP_S > 0) await load(baselineUrl, baselineRequests, kinds.length, BASELINE_WARMUP_S)
    const baseCpuStart = cpuSnapshot([baseline.pid!])
    const base0 = await load(baselineUrl, baselineRequests, kinds.length, BASELINE_S)
    const baseCpu = cpuShare(baseCpuStart, cpuSnapshot([baseline.pid!]))
    baseline.kill('SIGTERM')
    await new Promise((resolve) => baseline.exitCode !== null ? resolve(null) : baseline.once('exit', resolve))

    // ---- figures
    const errors = errorCount(real)
    const p99 = real.overall.percentile(0.99)
    const baseP99 = base0.overall.percentile(0.99)
    const ratio = p99 / baseP99

    const at = (from: number, to: number) => stats.filter((s) => s.t >= tStart + from * 1000 && s.t <= tStart + to * 1000)
    const earlyCentre = Math.min(60, MEASURED_S / 2)
    const early = at(Math.max(0, earlyCentre - RSS_WINDOW_S / 2), earlyCentre + RSS_WINDOW_S / 2)
    const late = stats.filter((s) => s.t >= tEnd - RSS_WINDOW_S * 1000 && s.t <= tEnd)
    const lastMinute = MEASURED_S / 60
    const earlyLabel = earlyCentre === 60 ? 'minute 1' : `${earlyCentre} s`
    const lateLabel = Number.isInteger(lastMinute) ? `minute ${lastMinute}` : `${MEASURED_S} s`
    if (early.length === 0 || late.length === 0) throw new Error(`no memory samples in a window (${stats.length} lines in ${statsFile})`)
    const rss1 = mean(early.map((s) => s.rssBytes))
    const rss5 = mean(late.map((s) => s.rssBytes))
    const growth = (rss5 - rss1) / rss1
    const heap1 = mean(early.map((s) => s.heapUsedBytes))
    const heap5 = mean(late.map((s) => s.heapUsedBytes))
    // Intervals wholly inside the measured phase (a line covers the 5 s before its t).
    const measured = stats.filter((s) => s.t - STATS_INTERVAL_MS >= tStart - 250 && s.t <= tEnd + 250)
    const loopP99s = measured.map((s) => s.loopP99Ms)
    const loopP99Max = Math.max(...loopP99s)
    const loopP99Median = median(loopP99s)
    const loopMax = Math.max(...measured.map((s) => s.loopMaxMs))
    const peakRss = Math.max(...measured.map((s) => s.rssBytes))
    const warnLines = logTail.split('\n').filter((l) => l.trim() !== '').length

    const othersOn0 = (share: CpuShare | null) => share === null ? 0 : Math.max(0, (share.cpuBusy[0] ?? 0) - (share.procs[0] ?? 0))
    const disturbed = othersOn0(realCpu) > NOISE_LIMIT || othersOn0(baseCpu) > NOISE_LIMIT
      ? `\n> **Not a quiet machine:** other processes used ${pct(othersOn0(realCpu))} of CPU 0 during the measured phase and ${pct(othersOn0(baseCpu))} during the baseline; latency, throughput and event-loop figures are disturbed by them.\n`
      : ''
    const check = (met: boolean) => met ? 'met' : '**missed**'
    const met = {
      errors: errors <= TARGETS.errors,
      p99: ratio <= TARGETS.p99Ratio,
      rss: growth <= TARGETS.rssGrowth,
      loop: loopP99Max < TARGETS.loopP99Ms
    }
    const f = (ms: number) => ms.toFixed(2)
    const statusList = (r: LoadResult) => Object.entries(r.statuses).map(([code, n]) => `${code}: ${n}`).join(', ')
    const badList = (r: LoadResult) => [...r.bad].map(([key, { count, body }]) => {
      const [kind, status] = key.split(' ')
      return `${kinds[Number(kind)]!.name} → ${status} ×${count} (${body.replace(/\s+/g, ' ').slice(0, 120)})`
    }).join('; ')
    const version = (pkg: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version

    const report = `## Soak

- Command: \`npm run soak -- --warmup ${WARMUP_S} --minutes ${MEASURED_S / 60} --connections ${CONNECTIONS}\` (${new Date(tStart).toISOString()})
- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}; fastify ${version('fastify')}, better-sqlite3 ${version('better-sqlite3')}, autocannon ${version('autocannon')}
- Server \`node dist/src/server.js\` on the demo data (fresh file database)${hasTaskset ? ', pinned to CPU 0; load from the soak process (the npm script pins it to CPU 1)' : ' (not pinned: no taskset)'}. ${CONNECTIONS} connections, each cycling 9 reads and 1 PATCH and sending its next request as soon as the last is answered; ${WARMUP_S} s warm-up not counted, then ${MEASURED_S} s measured. Baseline: bare Fastify replaying the 10 recorded answers, same cycle, ${BASELINE_S} s, after the server stopped.

| target | measured | |
| --- | --- | --- |
| 0 errors | ${errors} (${real.connectionErrors} connection errors, ${real.timeouts} time-outs, ${errors - real.connectionErrors - real.timeouts} answers neither 2xx nor 304) of ${real.responses.toLocaleString('en')} | ${check(met.errors)} |
| p99 ≤ ${TARGETS.p99Ratio}× bare-Fastify p99 | ${f(p99)} ms / ${f(baseP99)} ms = **${ratio.toFixed(2)}×** | ${check(met.p99)} |
| RSS growth ${earlyLabel} → ${lateLabel} ≤ ${TARGETS.rssGrowth * 100} % | ${mb(rss1).toFixed(1)} MB → ${mb(rss5).toFixed(1)} MB (**${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} %**) | ${check(met.rss)} |
| event-loop delay p99 < ${TARGETS.loopP99Ms} ms | **${f(loopP99Max)} ms** worst 5 s interval (median interval ${f(loopP99Median)} ms) | ${check(met.loop)} |
${disturbed}
| figure | server | baseline |
| --- | --- | --- |
| duration | ${real.elapsedS.toFixed(0)} s | ${base0.elapsedS.toFixed(0)} s |
| responses | ${real.responses.toLocaleString('en')} (${statusList(real)}) | ${base0.responses.toLocaleString('en')} (${statusList(base0)}) |
| throughput | ${Math.round(real.responses / real.elapsedS).toLocaleString('en')} req/s (${Math.round(real.perKind[WRITE]!.count / real.elapsedS)} writes/s) | ${Math.round(base0.responses / base0.elapsedS).toLocaleString('en')} req/s |
| latency p50 / p99 / max | ${f(real.overall.percentile(0.5))} / ${f(p99)} / ${f(real.overall.max)} ms | ${f(base0.overall.percentile(0.5))} / ${f(baseP99)} / ${f(base0.overall.max)} ms |
| autocannon's p99 (whole ms) | ${real.autocannonP99} ms | ${base0.autocannonP99} ms |
| errors | ${errors} | ${errorCount(base0)} |
| RSS mean at ${earlyLabel} / ${lateLabel}; peak | ${mb(rss1).toFixed(1)} / ${mb(rss5).toFixed(1)} MB (${early.length} and ${late.length} samples); peak ${mb(peakRss).toFixed(1)} MB | |
| V8 heap used, same windows | ${mb(heap1).toFixed(1)} / ${mb(heap5).toFixed(1)} MB | |
| event-loop delay, per-5 s-interval p99: worst / median; worst single delay | ${f(loopP99Max)} / ${f(loopP99Median)} ms (${measured.length} intervals); ${f(loopMax)} ms | |
| warm-up (not counted) | ${warm === null ? 'none' : `${warm.responses.toLocaleString('en')} responses, ${errorCount(warm)} errors, p99 ${f(warm.overall.percentile(0.99))} ms`} | |
| database + WAL | ${mb(dbBefore).toFixed(1)} MB → ${mb(dbAfter).toFixed(1)} MB (${writes.toLocaleString('en')} writes) | |
| server log lines at warn or above | ${warnLines} | |
| CPU during the measured phase | ${cpuLine(realCpu, 'server')} | ${cpuLine(baseCpu, 'baseline')} |
| load average before / after the measured phase | ${loadBefore} / ${loadAfter} | |
| shutdown on SIGTERM after the run | exit ${shutdown.code ?? shutdown.signal} in ${shutdown.ms} ms | |

| request | path | bytes | server p50 / p99 / max ms | baseline p99 ms |
| --- | --- | --- | --- | --- |
${kinds.map((k, i) => `| ${k.name} | \`${k.method} ${k.path.length > 60 ? `${k.path.slice(0, 57)}...` : k.path}\` | ${routes[i]!.body.length} | ${f(real.perKind[i]!.percentile(0.5))} / ${f(real.perKind[i]!.percentile(0.99))} / ${f(real.perKind[i]!.max)} | ${f(base0.perKind[i]!.percentile(0.99))} |`).join('\n')}

Errors are autocannon's connection errors and time-outs (10 s) plus answers other than 2xx and 304. Latency
percentiles are over every response of the phase, from this script's histogram (0.05 ms buckets).
RSS is the mean of the in-process monitor's 5 s samples in ${earlyCentre - RSS_WINDOW_S / 2}–${earlyCentre + RSS_WINDOW_S / 2} s and in the last ${RSS_WINDOW_S} s of the
measured phase; growth = (last − first) / first. Event-loop delay is \`monitorEventLoopDelay\` (10 ms
resolution) inside the server, the p99 of each 5 s interval minus the 10 ms timer period (delay beyond
what the timer asked for); the target is checked against the worst interval.
${real.bad.size > 0 ? `\nAnswers that were not 2xx/304: ${badList(real)}\n` : ''}${warnLines > 0 ? `\nServer log (last lines):\n\n\`\`\`\n${logTail.split('\n').slice(-20).join('\n')}\n\`\`\`\n` : ''}`
    console.log(report)
    return met.errors && met.p99 && met.rss && met.loop
  } finally {
    await killServer(server)
  }
}

let passed = false
try {
  passed = await main()
} finally {
  for (const child of children) child.kill('SIGKILL')
  // The monitor's 5 s lines (memory by kind, event-loop delay), for a closer look.
  if (args['keep-stats'] !== undefined && existsSync(statsFile)) copyFileSync(statsFile, args['keep-stats'])
  rmSync(dir, { recursive: true, force: true })
}
process.exit(passed ? 0 : 1)
