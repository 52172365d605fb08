/**
 * npm run bench:webhooks — webhook delivery on this machine, as the issue asks: 10,000
 * events to 10 endpoints (events/s, the delay from commit to delivery, p50/p99), and the
 * cost to the API's read throughput while deliveries run (req/s with endpoints against the
 * same run without). Writes docs/benchmarks-webhooks.md.
 *
 * Options: --events 10000  --endpoints 10  --concurrency 16 (PATCHes in flight, main phase)
 *          --read-duration 10 (s measured per read phase)  --connections 16 (autocannon)
 *          --write-rate 20 (PATCHes/s during the read phases)  --wait 180 (s from the first write: bound on the main phase)
 *          --engine sqlite|postgres|both (sqlite)  --postgres-url <url> (else a throwaway cluster)
 *          --skip-reads (the main phase only)  --cpu-prof (profile the server; summary printed)
 *
 * As `npm run bench` does (bench/run.ts): the built server (`node dist/src/server.js`) on a
 * fresh database with the demo, pinned to CPU 0 with taskset; this process (the receivers,
 * the writers, autocannon) pins itself to CPU 1; 127.0.0.1 only; every wait bounded.
 *
 * 1. Main phase: 10 receivers (node:http, 204 at once) and 10 endpoints subscribed to every
 *    event; N PATCHes of published stories' dek with an editor key, as fast as the API takes
 *    them with bounded concurrency (each PATCH of a public story is one `story.updated`);
 *    then a bounded wait until every endpoint has every event. Delay = arrival − the
 *    payload's `timestamp`. Exactly-once and order are checked against the PATCH answers
 *    and the server's own message table (webhook-id → change seq).
 * 2. Read cost: autocannon on random public story URLs for a fixed time while PATCHes go on
 *    at a steady rate: (b₁) before the endpoints exist, (a) with them, their deliveries
 *    running, (b₂) after deleting them. Ratio (a)/(b), (b) the mean of the two around (a).
 *
 * Exits 1 when an endpoint missed an event, got one twice or out of order, or the deliveries
 * did not all arrive within --wait; the report is written either way.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { Agent, request } from 'node:http'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import Sqlite from 'better-sqlite3'
import pg from 'pg'
import { openEngine } from '../src/db/engine.js'
import type { EngineChoice } from '../src/config.js'
import { createApiKey } from '../src/repositories/api-keys.js'
import { formatSummary, summarize } from './cpu-profile-summary.js'
import { startReceivers, type Delivery, type Receivers } from './webhook-receivers.js'
import { HAS_TASKSET, pinned, pinPostgres } from './pinning.js'

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '10000' },
    endpoints: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    'read-duration': { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    'write-rate': { type: 'string', default: '20' },
    wait: { type: 'string', default: '180' },
    engine: { type: 'string', default: 'sqlite' },
    'postgres-url': { type: 'string' },
    'skip-reads': { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false }
  }
})
type EngineName = 'sqlite' | 'postgres'
if (!['sqlite', 'postgres', 'both'].includes(args.engine)) throw new Error(`--engine sqlite|postgres|both, not ${args.engine}`)
const ENGINES: EngineName[] = args.engine === 'both' ? ['sqlite', 'postgres'] : [args.engine as EngineName]
const EVENTS = Number(args.events)
const ENDPOINTS = Number(args.endpoints)
const CONCURRENCY = Number(args.concurrency)
const READ_SECONDS = Number(args['read-duration'])
const CONNECTIONS = Number(args.connections)
const WRITE_RATE = Number(args['write-rate'])
const WAIT_SECONDS = Number(args.wait)
const ROOT = join(import.meta.dirname, '..')
const ENGINE_LABEL: Record<EngineName, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' }
const SERVER_CPU = '0'
const LOAD_CPU = cpus().length >= 2 ? '1' : '0'
const began = performance.now()
const load1 = () => loadavg().map((n) => n.toFixed(2)).join(' / ')
const wallNow = () => performance.timeOrigin + performance.now()
// What code is measured: the npm script has just built the working tree.
const git = (...a: string[]) => (spawnSync('git', a, { cwd: ROOT, encoding: 'utf8' }).stdout ?? '').replace(/\s+$/, '')
const dirty = git('status', '--porcelain', '--', 'src').split('\n').filter((l) => l !== '').map((l) => l.replace(/^.. /, ''))
const codeLine = `commit ${git('rev-parse', '--short', 'HEAD') || 'unknown'}${dirty.length === 0 ? '' : `, with uncommitted changes to ${dirty.map((f) => `\`${f}\``).join(', ')}`} (\`npm run build\` compiles the working tree; read when the run began)`
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// The npm script starts this process unpinned: it moves itself (every thread) to the load generator's CPU.
if (HAS_TASKSET) spawnSync('taskset', ['-a', '-p', '-c', LOAD_CPU, String(process.pid)], { stdio: 'ignore' })

// A run is bounded: whatever happens, it ends (its children with it) well within this.
const HARD_LIMIT_MS = ENGINES.length * (WAIT_SECONDS + 2 * (READ_SECONDS + 5) + 60) * 1000
const watchdog = setTimeout(() => {
  console.error(`bench:webhooks: still running after ${Math.round(HARD_LIMIT_MS / 1000)} s; stopping`)
  cleanUp()
  process.exit(1)
}, HARD_LIMIT_MS)
watchdog.unref()

// ---------------------------------------------------------------- processes

const children = new Set<ChildProcess>()
let stopCluster = () => {}
function cleanUp (): void {
  for (const child of children) child.kill('SIGTERM')
  stopCluster()
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { cleanUp(); process.exit(130) })

/** The environment of a child: this one's, without the variables a run sets itself. */
function childEnv (env: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env }
  for (const name of Object.keys(base)) {
    if (/^(DATABASE_|WEBHOOK_|WEBSUB_|RATE_LIMIT_|PRESSURE_|RESPONSE_CACHE_MB$|WORKERS$|PORT$|HOST$|SEED_DEMO$|NODE_OPTIONS$)/.test(name)) delete base[name]
  }
  return { ...base, ...env }
}

async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0))
    })
  })
}

/** CPU time of a process, all its threads (ms). */
function processCpuMs (pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(f[11]) + Number(f[12])) * 10 // utime + stime, in 1/100 s (CLK_TCK)
  } catch {
    return 0
  }
}
const rssMb = (pid: number) => { try { return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024 } catch { return 0 } }
/** Busy time of CPU 0 (ms), from /proc/stat: everything that ran there, the server and any other work. */
function cpu0BusyMs (): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith(`cpu${SERVER_CPU} `))
  if (line === undefined) return 0
  // user nice system idle iowait irq softirq steal: all but idle and iowait.
  const f = line.trim().split(/\s+/).slice(1).map(Number)
  return [0, 1, 2, 5, 6, 7].reduce((sum, i) => sum + (f[i] ?? 0), 0) * 10
}
interface CpuMark { at: number, server: number, self: number, cpu0: number }
const cpuMark = (serverPid: number): CpuMark => {
  const u = process.cpuUsage()
  return { at: performance.now(), server: processCpuMs(serverPid), self: (u.user + u.system) / 1000, cpu0: cpu0BusyMs() }
}
interface CpuUse { serverPct: number, selfPct: number, cpu0Pct: number, othersOnCpu0Pct: number }
function cpuBetween (a: CpuMark, b: CpuMark): CpuUse {
  const span = Math.max(1, b.at - a.at)
  const serverPct = 100 * (b.server - a.server) / span
  const cpu0Pct = 100 * (b.cpu0 - a.cpu0) / span
  return { serverPct, selfPct: 100 * (b.self - a.self) / span, cpu0Pct, othersOnCpu0Pct: Math.max(0, cpu0Pct - serverPct) }
}

// ---------------------------------------------------------------- PostgreSQL (optional)

async function query<T> (url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(text, params)).rows as T[]
  } finally {
    await client.end()
  }
}
const withDatabase = (url: string, name: string) => { const u = new URL(url); u.pathname = `/${name}`; return u.toString() }

interface PostgresHost { url: string, dataDir: string | null, own: boolean, version: string }

/** A throwaway cluster from scripts/pg-test-cluster.sh (this one stopped at the end), or --postgres-url's server. */
async function postgresHost (): Promise<PostgresHost> {
  let url = args['postgres-url']
  let dataDir: string | null = null
  if (url === undefined) {
    const run = spawnSync(join(ROOT, 'scripts', 'pg-test-cluster.sh'), ['start'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    url = /BYLINE_TEST_POSTGRES_URL=(\S+)/.exec(run.stdout ?? '')?.[1]
    if (run.status !== 0 || url === undefined) throw new Error('scripts/pg-test-cluster.sh start failed (it needs root and PostgreSQL 15); or give --postgres-url')
    const port = new URL(url).port
    stopCluster = () => { spawnSync(join(ROOT, 'scripts', 'pg-test-cluster.sh'), ['stop', port], { stdio: 'inherit' }); stopCluster = () => {} }
    dataDir = spawnSync('pg_lsclusters', ['-h'], { encoding: 'utf8' }).stdout.split('\n').map((l) => l.split(/\s+/)).find((f) => f[1] === `byline_test_${port}`)?.[5] ?? null
  }
  const [{ v }] = await query<{ v: string }>(url, "select current_setting('server_version') as v") as [{ v: string }]
  return { url, dataDir, own: args['postgres-url'] === undefined, version: v.split(' ')[0]! }
}

// ---------------------------------------------------------------- the database and the server

/** Migrations and two keys (admin, editor) before the server's first start; the server seeds the demo. */
async function prepareDatabase (choice: EngineChoice): Promise<{ admin: string, editor: string }> {
  const engine = await openEngine(choice)
  try {
    await engine.migrate()
    const admin = await createApiKey(engine.db, { name: 'bench:webhooks admin', role: 'admin', expiresAt: null }, Date.now())
    const editor = await createApiKey(engine.db, { name: 'bench:webhooks editor', role: 'editor', expiresAt: null }, Date.now())
    return { admin: `Bearer ${admin.token}`, editor: `Bearer ${editor.token}` }
  } finally {
    await engine.close()
  }
}

interface Server { child: ChildProcess, port: number, base: string, readyMs: number, output: () => string }

async function startServer (database: Record<string, string>, profileDir: string | null): Promise<Server> {
  const port = await freePort()
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'true',
    RATE_LIMIT_ANONYMOUS: '1000000000',
    RATE_LIMIT_KEY: '1000000000',
    RATE_LIMIT_PARTNER: '1000000000',
    // Every answer counts here (a shed PATCH would be a missing event); bench/run.ts's reason for EVENT_LOOP_NICE=0 holds too.
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    EVENT_LOOP_NICE: '0',
    WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1',
    ...database
  }
  const node = [process.execPath, ...(profileDir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]), 'dist/src/server.js']
  const t = performance.now()
  const child = spawn(pinned(SERVER_CPU, node)[0]!, pinned(SERVER_CPU, node).slice(1), { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  child.once('exit', () => children.delete(child))
  let output = ''
  const keep = (d: Buffer) => { output = (output + d.toString()).slice(-20_000); process.stderr.write(d) }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const base = `http://127.0.0.1:${port}`
  while (performance.now() - t < 60_000) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`)
    const ready = await fetch(`${base}/v1/stories?limit=1`).then(async (r) => { await r.arrayBuffer(); return r.status === 200 }, () => false)
    if (ready) return { child, port, base, readyMs: performance.now() - t, output: () => output }
    await sleep(25)
  }
  throw new Error(`the server did not start within 60 s:\n${output}`)
}

async function stopServer (child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
  await exited
  clearTimeout(timer)
}

/** Reads a file once, so the page cache holds it when timing starts (the VM evicts pages idle for a minute). */
const readOnce = (files: string[]) => { const present = files.filter((f) => existsSync(f)); if (present.length > 0) spawnSync('cat', present, { stdio: 'ignore' }) }

/** Read-only queries on the server's database, from this process (progress and the final check). */
interface Probe { all<T> (sql: string): Promise<T[]>, close (): Promise<void> }
async function openProbe (engine: EngineName, target: string): Promise<Probe> {
  if (engine === 'sqlite') {
    const db = new Sqlite(target, { readonly: true, fileMustExist: true })
    return { all: async <T>(sql: string) => db.prepare(sql).all() as T[], close: async () => { db.close() } }
  }
  const client = new pg.Client({ connectionString: target })
  await client.connect()
  return { all: async <T>(sql: string) => (await client.query(sql)).rows as T[], close: async () => { await client.end() } }
}

// ---------------------------------------------------------------- requests

const agent = new Agent({ keepAlive: true, maxSockets: 256 })
interface Answer { status: number, body: string, ms: number }
function send (base: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const t = performance.now()
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, agent, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }) } }, (res) => {
      let text = ''
      res.setEncoding('utf8').on('data', (c: string) => { text += c }).on('end', () => resolve({ status: res.statusCode ?? 0, body: text, ms: performance.now() - t }))
    })
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: no answer in 30 s`)))
    req.on('error', reject)
    req.end(body)
  })
}

interface Written { storyId: string, at: number, ms: number }
interface WriteLog { ok: Written[], failed: Map<string, number>, firstFailure: string | null }

/** One PATCH of a story's dek; the answer's `updatedAt` is the write's time, which its event's `timestamp` carries. */
async function patchDek (base: string, editor: string, slug: string, n: number, log: WriteLog): Promise<void> {
  try {
    const r = await send(base, 'PATCH', `/v1/stories/${slug}`, { authorization: editor }, JSON.stringify({ dek: `Webhook bench edit ${n}: the standfirst rewritten.` }))
    if (r.status !== 200) {
      log.failed.set(String(r.status), (log.failed.get(String(r.status)) ?? 0) + 1)
      log.firstFailure ??= `${r.status} ${r.body.slice(0, 300)}`
      return
    }
    // The editors' view: `updatedAt` beside the public document in `story`.
    const answer = JSON.parse(r.body) as { updatedAt: string, story: { id: string } }
    log.ok.push({ storyId: answer.story.id, at: Date.parse(answer.updatedAt), ms: r.ms })
  } catch (error) {
    log.failed.set('error', (log.failed.get('error') ?? 0) + 1)
    log.firstFailure ??= String(error)
  }
}

const newLog = (): WriteLog => ({ ok: [], failed: new Map(), firstFailure: null })
let editNumber = 0

/** `count` PATCHes, `concurrency` in flight, over the slugs in turn (never two at once on one story while concurrency < slugs). */
async function writeMany (base: string, editor: string, slugs: string[], count: number, concurrency: number, log: WriteLog): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < count) {
      const n = next++
      await patchDek(base, editor, slugs[n % slugs.length]!, editNumber++, log)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}

/** PATCHes at a steady rate (at most `maxInFlight` outstanding: a tick that finds them all busy skips, counted). */
function steadyWrites (base: string, editor: string, slugs: string[], rate: number, maxInFlight = 32) {
  const log = newLog()
  const start = performance.now()
  let issued = 0
  let skipped = 0
  let inFlight = 0
  const pending = new Set<Promise<void>>()
  const timer = setInterval(() => {
    const due = Math.floor((performance.now() - start) * rate / 1000) - issued - skipped
    for (let i = 0; i < due; i++) {
      if (inFlight >= maxInFlight) { skipped++; continue }
      const n = issued++
      inFlight++
      const p = patchDek(base, editor, slugs[n % slugs.length]!, editNumber++, log).finally(() => { inFlight--; pending.delete(p) })
      pending.add(p)
    }
  }, 10)
  return {
    log,
    get skipped () { return skipped },
    async stop () { clearInterval(timer); await Promise.all(pending) }
  }
}

// ---------------------------------------------------------------- figures

const percentile = (sorted: number[], p: number) => sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
interface Delays { count: number, p50: number, p90: number, p99: number, max: number, min: number }
function delaysOf (deliveries: Delivery[]): Delays {
  const d = deliveries.map((x) => x.arrival - x.timestamp).sort((a, b) => a - b)
  return { count: d.length, min: d[0] ?? NaN, p50: percentile(d, 0.5), p90: percentile(d, 0.9), p99: percentile(d, 0.99), max: d.at(-1) ?? NaN }
}

interface Sample { t: number, written: number, made: number, delivered: number, rssMb: number }

interface Checks {
  perEndpointCounts: number[]
  /** Every endpoint got all the run's events. */
  complete: boolean
  otherTypes: number
  duplicateIds: number
  timestampsOutOfOrder: number
  /** Deliveries whose (story id, timestamp) is not among the PATCH answers (counting multiplicity). */
  notAWrite: number
  example: string | null
  /** Endpoints whose received change seqs (through the server's message table) are not strictly increasing. */
  seqOutOfOrder: number
  /** Endpoints whose change seqs are not the run's first ones in the log's order (a gap, a repeat or a stranger). */
  notLogPrefix: number
  /** The log's entries made by the run (expected: one per PATCH). */
  changeEntries: number
  storyUpdatedEntries: number
  unknownIds: number
  malformed: number
  signaturesChecked: number
  signaturesBad: number
  /** What arrived is right: once each, in order, no gap. */
  correctSoFar: boolean
  ok: boolean
}

interface ReadPhase {
  label: string
  endpoints: number
  rps: number
  p50: number
  p99: number
  requests: number
  non2xx: number
  writesPerSecond: number
  writeFailures: number
  writesSkipped: number
  writeP50: number
  writeP99: number
  /** Deliveries that arrived in the measured window, and those of them of events written in this phase. */
  deliveries: number
  ownDeliveries: number
  delays: Delays
  backlogAtEnd: number
  /** PATCHes answered 200 in the whole phase (its warm-up too). */
  writesTotal: number
  cpu: CpuUse
}

interface EngineReport {
  engine: EngineName
  postgres: PostgresHost | null
  readyMs: number
  storySlugs: number
  main: {
    written: number
    writeFailures: string
    writeSeconds: number
    writeRate: number
    writeP50: number
    writeP99: number
    expected: number
    delivered: number
    complete: boolean
    firstToLastSeconds: number
    deliverySpanSeconds: number
    perEndpointRate: { min: number, median: number, max: number }
    totalRate: number
    delays: Delays
    delaysAfterWrites: Delays
    madeAtWritesEnd: number
    fanOutDoneSeconds: number | null
    timeline: Sample[]
    cpu: CpuUse
    cpuDrain: CpuUse | null
    checks: Checks
    dbBytes: number | null
    /** One endpoint's attempt-to-attempt time while it had a backlog (ms). */
    cycle: { count: number, mean: number, p50: number, p99: number, httpMean: number, httpP50: number, restMean: number, restP50: number } | null
    /** The same PATCHes before any endpoint existed. */
    writesAlone: { count: number, rate: number, p50: number, p99: number }
  }
  reads: ReadPhase[]
  deleteEndpointsMs: number | null
  loadBefore: string
  loadAfter: string
  serverWarnings: string[]
  profiles: string[]
  minutes: number
}

// ---------------------------------------------------------------- one engine

async function publicSlugs (base: string): Promise<string[]> {
  const slugs: string[] = []
  let cursor: string | null = null
  do {
    const r = await send(base, 'GET', `/v1/stories?limit=100${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, {})
    if (r.status !== 200) throw new Error(`/v1/stories: ${r.status} ${r.body.slice(0, 200)}`)
    const page = JSON.parse(r.body) as { data: Array<{ slug: string }>, meta: { nextCursor: string | null } }
    slugs.push(...page.data.map((s) => s.slug))
    cursor = page.meta.nextCursor
  } while (cursor !== null && slugs.length < 20_000)
  return slugs
}

/** A deterministic generator (the same URLs in the same order in each read phase). */
function seeded (seed: number) {
  let s = seed
  return () => { s = (s * 1103515245 + 12345) % 2 ** 31; return s / 2 ** 31 }
}

async function readLoad (base: string, paths: string[], seconds: number) {
  const random = seeded(7)
  // As bench/run.ts passes them (bench/autocannon-requests.d.ts): a different path for every request.
  const options = {
    url: `${base}${paths[0]}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ method: 'GET', path: paths[0]!, setupRequest: (req: { path?: string }) => ({ ...req, path: paths[Math.floor(random() * paths.length)]! }) }]
  }
  return await autocannon(options)
}

async function runEngine (engine: EngineName): Promise<EngineReport> {
  const engineBegan = performance.now()
  const dir = mkdtempSync(join(tmpdir(), 'byline-bench-webhooks-'))
  const profileDir = args['cpu-prof'] ? join(dir, 'profiles') : null
  if (profileDir !== null) mkdirSync(profileDir)
  let host: PostgresHost | null = null
  let database: Record<string, string>
  let choice: EngineChoice
  let probeTarget: string
  const dbPath = join(dir, 'byline.db')
  if (engine === 'sqlite') {
    choice = { kind: 'sqlite', path: dbPath }
    database = { DATABASE_PATH: dbPath }
    probeTarget = dbPath
  } else {
    host = await postgresHost()
    const name = 'byline_bench_webhooks'
    await query(host.url, `drop database if exists "${name}" with (force)`)
    await query(host.url, `create database "${name}"`)
    const url = withDatabase(host.url, name)
    choice = { kind: 'postgres', url, replicaUrls: [] }
    database = { DATABASE_URL: url }
    probeTarget = url
    // Two cores: PostgreSQL shares CPU 0 with the server (CPU 1 is the load generator's), as bench/run.ts does.
    pinPostgres(host.dataDir, cpus().length >= 3 ? `2-${cpus().length - 1}` : SERVER_CPU)
  }
  const keys = await prepareDatabase(choice)
  const receivers: Receivers = await startReceivers(ENDPOINTS)
  const server = await startServer(database, profileDir)
  const serverPid = server.child.pid!
  const base = server.base
  const admin = { authorization: keys.admin }
  console.log(`${ENGINE_LABEL[engine]}: server pid ${serverPid} ready in ${Math.round(server.readyMs)} ms on ${base}${HAS_TASKSET ? ` (CPU ${SERVER_CPU}; this process CPU ${LOAD_CPU})` : ' (not pinned: no taskset)'}`)
  const probe = await openProbe(engine, probeTarget)
  const scalar = async (sql: string) => Number(Object.values((await probe.all<Record<string, unknown>>(sql))[0] ?? {})[0] ?? 0)

  try {
    const slugs = await publicSlugs(base)
    const storyPaths = slugs.map((s) => `/v1/stories/${s}`)
    console.log(`${slugs.length} public stories`)

    // Warm-up before any endpoint exists (their events go nowhere): reads, and writes through every story once.
    readOnce([dbPath, `${dbPath}-wal`])
    await readLoad(base, storyPaths, 1)
    const warm = newLog()
    await writeMany(base, keys.editor, slugs, slugs.length * 2, CONCURRENCY, warm)
    if (warm.failed.size > 0) throw new Error(`warm-up PATCH failed: ${warm.firstFailure}`)
    // The same PATCHes with no endpoint: what the API takes when nothing is delivered.
    const alone = newLog()
    const aloneCount = Math.min(EVENTS, 2000)
    const tAlone = performance.now()
    await writeMany(base, keys.editor, slugs, aloneCount, CONCURRENCY, alone)
    const aloneSeconds = (performance.now() - tAlone) / 1000
    if (alone.failed.size > 0) throw new Error(`PATCH without endpoints failed: ${alone.firstFailure}`)
    const aloneMs = alone.ok.map((w) => w.ms).sort((a, b) => a - b)
    const writesAlone = { count: aloneCount, rate: aloneCount / aloneSeconds, p50: percentile(aloneMs, 0.5), p99: percentile(aloneMs, 0.99) }
    console.log(`${aloneCount} PATCHes with no endpoint: ${writesAlone.rate.toFixed(0)}/s (p50 ${writesAlone.p50.toFixed(1)} ms, p99 ${writesAlone.p99.toFixed(1)} ms)`)

    // ---- Read cost, a phase: reads for a fixed time while PATCHes go on at a steady rate (and their deliveries, when there are endpoints).
    const readPhase = async (label: string, endpoints: number): Promise<ReadPhase> => {
      readOnce([dbPath, `${dbPath}-wal`])
      receivers.phase(label)
      const tPhase = wallNow()
      const writer = steadyWrites(base, keys.editor, slugs, WRITE_RATE)
      await sleep(2000)
      await readLoad(base, storyPaths, 1)
      const okBefore = writer.log.ok.length
      const skippedBefore = writer.skipped
      const failedBefore = [...writer.log.failed.values()].reduce((a, b) => a + b, 0)
      const a = cpuMark(serverPid)
      const tA = wallNow()
      const r = await readLoad(base, storyPaths, READ_SECONDS)
      const tB = wallNow()
      const b = cpuMark(serverPid)
      const writesInWindow = writer.log.ok.slice(okBefore)
      await writer.stop()
      const inWindow = receivers.list.flatMap((x) => x.deliveries).filter((d) => d.arrival >= tA && d.arrival <= tB)
      // Delays of this phase's own events (a backlog from before would say nothing of them).
      const own = inWindow.filter((d) => d.timestamp >= tPhase)
      const writeMsW = writesInWindow.map((w) => w.ms).sort((x, y) => x - y)
      const expectedDeliveries = (writer.log.ok.length) * endpoints
      const phaseDelivered = receivers.list.reduce((n, x) => n + x.deliveries.filter((d) => d.timestamp >= tPhase).length, 0)
      if (r.errors > 0 || r.timeouts > 0 || r.non2xx > 0) console.error(`read phase ${label}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`)
      const phase: ReadPhase = {
        label,
        endpoints,
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        requests: r.requests.total,
        non2xx: r.non2xx + r.errors + r.timeouts,
        writesPerSecond: writesInWindow.length / ((tB - tA) / 1000),
        writeFailures: [...writer.log.failed.values()].reduce((x, y) => x + y, 0) - failedBefore,
        writesSkipped: writer.skipped - skippedBefore,
        writeP50: percentile(writeMsW, 0.5),
        writeP99: percentile(writeMsW, 0.99),
        deliveries: inWindow.length,
        delays: delaysOf(own),
        ownDeliveries: own.length,
        backlogAtEnd: Math.max(0, expectedDeliveries - phaseDelivered),
        writesTotal: writer.log.ok.length,
        cpu: cpuBetween(a, b)
      }
      console.log(`read phase ${label}: ${Math.round(phase.rps)} req/s (p50 ${phase.p50} ms, p99 ${phase.p99} ms); ${phase.writesPerSecond.toFixed(1)} writes/s; ${phase.deliveries} deliveries in the window; server CPU ${phase.cpu.serverPct.toFixed(0)} %, this process ${phase.cpu.selfPct.toFixed(0)} %, CPU 0 busy outside the server ${phase.cpu.othersOnCpu0Pct.toFixed(0)} %`)
      return phase
    }
    const reads: ReadPhase[] = []
    if (!args['skip-reads']) reads.push(await readPhase('(b₁) no endpoints, before any', 0))

    // The endpoints, subscribed to every event (the default).
    const endpointIds: string[] = []
    for (const receiver of receivers.list) {
      const r = await send(base, 'POST', '/v1/webhooks', admin, JSON.stringify({ url: receiver.url, description: 'bench:webhooks receiver' }))
      if (r.status !== 201) throw new Error(`POST /v1/webhooks: ${r.status} ${r.body.slice(0, 300)}`)
      const created = JSON.parse(r.body) as { endpoint: { id: string }, secret: string }
      endpointIds.push(created.endpoint.id)
      receiver.secret = created.secret
    }
    await sleep(1500) // past the endpoints' settle window; nothing is delivered yet
    const logHead = await scalar('select coalesce(max(seq), 0) from changes')
    const messagesBefore = await scalar('select coalesce(max(seq), 0) from webhook_messages')
    const loadBefore = load1()

    // ---- Main phase.
    console.log(`main phase: ${EVENTS.toLocaleString('en')} PATCHes, ${CONCURRENCY} in flight, to ${ENDPOINTS} endpoints`)
    receivers.phase('main')
    const expected = EVENTS * ENDPOINTS
    const mainDeliveries = () => receivers.list.reduce((n, r) => n + r.deliveries.length, 0)
    const log = newLog()
    const timeline: Sample[] = []
    const cpuStart = cpuMark(serverPid)
    const t0 = wallNow()
    let sampling = true
    const sampler = (async () => {
      while (sampling) {
        await sleep(1000)
        const made = (await scalar('select coalesce(max(seq), 0) from webhook_messages').catch(() => NaN)) - messagesBefore
        const s = { t: (wallNow() - t0) / 1000, written: log.ok.length, made, delivered: mainDeliveries(), rssMb: rssMb(serverPid) }
        timeline.push(s)
        console.log(`  t=${s.t.toFixed(0).padStart(3)} s  written ${String(s.written).padStart(6)}  messages made ${String(s.made).padStart(7)}  delivered ${String(s.delivered).padStart(7)}  server RSS ${s.rssMb.toFixed(0)} MB`)
      }
    })()
    await writeMany(base, keys.editor, slugs, EVENTS, CONCURRENCY, log)
    const tWritten = wallNow()
    const cpuWritten = cpuMark(serverPid)
    const madeAtWritesEnd = (await scalar('select coalesce(max(seq), 0) from webhook_messages')) - messagesBefore
    while (mainDeliveries() < expected && wallNow() - t0 < WAIT_SECONDS * 1000) await sleep(50)
    const cpuDone = cpuMark(serverPid)
    sampling = false
    await sampler
    receivers.phase('after')
    const all = receivers.list.flatMap((r) => r.deliveries)
    const complete = all.length >= expected
    const lastArrival = Math.max(...all.map((d) => d.arrival))
    const firstArrival = Math.min(...all.map((d) => d.arrival))
    const endpointSpans = receivers.list.map((r) => (Math.max(...r.deliveries.map((d) => d.arrival)) - t0) / 1000)
    const perEndpointRates = receivers.list.map((r, i) => r.deliveries.length / endpointSpans[i]!).sort((a, b) => a - b)
    const writeMs = log.ok.map((w) => w.ms).sort((a, b) => a - b)
    const fanOutDone = timeline.find((s) => s.made >= expected)
    console.log(`main phase: ${log.ok.length} written in ${((tWritten - t0) / 1000).toFixed(1)} s; ${all.length} of ${expected} delivered, the last ${((lastArrival - t0) / 1000).toFixed(1)} s after the first write`)

    // ---- Exactly once, in order: against the PATCH answers and the server's message table.
    const rows = await probe.all<{ id: string, endpoint_id: string, change_seq: number | string }>(`select id, endpoint_id, change_seq from webhook_messages where seq > ${messagesBefore}`)
    const seqOf = new Map(rows.map((r) => [`${r.endpoint_id} ${r.id}`, Number(r.change_seq)]))
    const runSeqs = (await probe.all<{ seq: number | string }>(`select seq from changes where seq > ${logHead} and resource = 'story' and kind = 'updated' order by seq`)).map((r) => Number(r.seq))
    const changeEntries = await scalar(`select count(*) from changes where seq > ${logHead}`)
    const writtenKeys = new Map<string, number>()
    for (const w of log.ok) writtenKeys.set(`${w.storyId}@${w.at}`, (writtenKeys.get(`${w.storyId}@${w.at}`) ?? 0) + 1)
    const checks: Checks = {
      perEndpointCounts: receivers.list.map((r) => r.deliveries.filter((d) => d.type === 'story.updated').length),
      complete,
      otherTypes: all.filter((d) => d.type !== 'story.updated').length,
      duplicateIds: 0,
      timestampsOutOfOrder: 0,
      notAWrite: 0,
      example: null,
      seqOutOfOrder: 0,
      notLogPrefix: 0,
      changeEntries,
      storyUpdatedEntries: runSeqs.length,
      unknownIds: 0,
      malformed: receivers.list.reduce((n, r) => n + r.malformed, 0),
      signaturesChecked: receivers.list.reduce((n, r) => n + r.signaturesChecked, 0),
      signaturesBad: receivers.list.reduce((n, r) => n + r.signaturesBad, 0),
      correctSoFar: false,
      ok: false
    }
    receivers.list.forEach((r, i) => {
      const ds = r.deliveries
      checks.duplicateIds += ds.length - new Set(ds.map((d) => d.webhookId)).size
      for (let k = 1; k < ds.length; k++) if (ds[k]!.timestamp < ds[k - 1]!.timestamp) checks.timestampsOutOfOrder++
      const left = new Map(writtenKeys)
      for (const d of ds) {
        const key = `${d.resourceId}@${d.timestamp}`
        const n = left.get(key) ?? 0
        if (n === 0) { checks.notAWrite++; checks.example ??= `endpoint ${i} received ${key}, which no PATCH answer (left) has` } else left.set(key, n - 1)
      }
      const seqs = ds.map((d) => seqOf.get(`${endpointIds[i]} ${d.webhookId}`))
      checks.unknownIds += seqs.filter((x) => x === undefined).length
      let increasing = true
      for (let k = 1; k < seqs.length; k++) if (!((seqs[k] ?? -1) > (seqs[k - 1] ?? -1))) increasing = false
      if (!increasing) checks.seqOutOfOrder++
      if (seqs.some((x, k) => x !== runSeqs[k])) checks.notLogPrefix++
    })
    checks.correctSoFar = log.failed.size === 0 && checks.otherTypes === 0 && checks.duplicateIds === 0 && checks.timestampsOutOfOrder === 0 && checks.notAWrite === 0 &&
      checks.seqOutOfOrder === 0 && checks.notLogPrefix === 0 && checks.unknownIds === 0 && checks.malformed === 0 && checks.signaturesBad === 0 &&
      runSeqs.length === log.ok.length && changeEntries === log.ok.length
    checks.ok = checks.correctSoFar && complete && checks.perEndpointCounts.every((n) => n === EVENTS)
    console.log(`checks: ${JSON.stringify(checks)}`)

    // Where an endpoint's time goes once it has a backlog (after the last write): from one attempt's start to the next
    // (the deliverer's \`at\`, ms), of which the HTTP exchange (\`duration_ms\`); the rest is the deliverer's own work and waits.
    const attempts = await probe.all<{ endpoint_id: string, at: number | string, duration_ms: number | string }>(`select endpoint_id, at, duration_ms from webhook_attempts where message_seq > ${messagesBefore} order by endpoint_id, seq`)
    const gaps: number[] = []
    const https: number[] = []
    const rests: number[] = []
    for (let k = 1; k < attempts.length; k++) {
      const [p, q] = [attempts[k - 1]!, attempts[k]!]
      if (p.endpoint_id !== q.endpoint_id || Number(p.at) < tWritten) continue
      const gap = Number(q.at) - Number(p.at)
      gaps.push(gap)
      https.push(Number(p.duration_ms))
      rests.push(gap - Number(p.duration_ms))
    }
    const sortNum = (xs: number[]) => xs.sort((x, y) => x - y)
    const cycle = gaps.length === 0
      ? null
      : { count: gaps.length, mean: gaps.reduce((x, y) => x + y, 0) / gaps.length, p50: percentile(sortNum(gaps), 0.5), p99: percentile(gaps, 0.99), httpMean: https.reduce((x, y) => x + y, 0) / https.length, httpP50: percentile(sortNum(https), 0.5), restMean: rests.reduce((x, y) => x + y, 0) / rests.length, restP50: percentile(sortNum(rests), 0.5) }
    if (cycle !== null) console.log(`per-endpoint cycle after the writes: mean ${cycle.mean.toFixed(1)} ms (p50 ${cycle.p50}, p99 ${cycle.p99}); HTTP mean ${cycle.httpMean.toFixed(1)} ms; the rest mean ${cycle.restMean.toFixed(1)} ms`)
    const dbBytes = engine === 'sqlite' ? [dbPath, `${dbPath}-wal`].filter((f) => existsSync(f)).reduce((n, f) => n + statSync(f).size, 0) : null

    const main: EngineReport['main'] = {
      written: log.ok.length,
      writeFailures: [...log.failed].map(([s, n]) => `${n} × ${s}`).join(', ') + (log.firstFailure === null ? '' : ` (first: ${log.firstFailure})`),
      writeSeconds: (tWritten - t0) / 1000,
      writeRate: log.ok.length / ((tWritten - t0) / 1000),
      writeP50: percentile(writeMs, 0.5),
      writeP99: percentile(writeMs, 0.99),
      expected,
      delivered: all.length,
      complete,
      firstToLastSeconds: (lastArrival - t0) / 1000,
      deliverySpanSeconds: (lastArrival - firstArrival) / 1000,
      perEndpointRate: { min: perEndpointRates[0]!, median: percentile(perEndpointRates, 0.5), max: perEndpointRates.at(-1)! },
      totalRate: all.length / ((lastArrival - t0) / 1000),
      delays: delaysOf(all),
      delaysAfterWrites: delaysOf(all.filter((d) => d.arrival > tWritten)),
      madeAtWritesEnd,
      fanOutDoneSeconds: fanOutDone?.t ?? null,
      timeline,
      cpu: cpuBetween(cpuStart, cpuWritten),
      cpuDrain: cpuDone.at - cpuWritten.at > 1000 ? cpuBetween(cpuWritten, cpuDone) : null,
      checks,
      dbBytes,
      cycle,
      writesAlone
    }

    // ---- Read cost.
    let deleteEndpointsMs: number | null = null
    if (!args['skip-reads']) {
      const a = await readPhase('(a) with endpoints', ENDPOINTS)
      reads.push(a)
      // Whatever phase (a) left to deliver goes out before the endpoints go (bounded).
      const until = performance.now() + 10_000
      const target = (log.ok.length + a.writesTotal) * ENDPOINTS
      while (mainDeliveries() < target && performance.now() < until) await sleep(100)
      const t = performance.now()
      for (const id of endpointIds) {
        const r = await send(base, 'DELETE', `/v1/webhooks/${id}`, admin)
        if (r.status !== 204) throw new Error(`DELETE /v1/webhooks/${id}: ${r.status} ${r.body.slice(0, 300)}`)
      }
      deleteEndpointsMs = performance.now() - t
      console.log(`endpoints deleted in ${Math.round(deleteEndpointsMs)} ms (with their messages and attempts)`)
      await sleep(2000)
      reads.push(await readPhase('(b₂) no endpoints, after deleting them', 0))
    }
    const loadAfter = load1()
    // What the server said beyond its start (LOG_LEVEL=warn): warnings and errors, each kind once.
    const serverWarnings = [...new Set(server.output().split('\n').filter((l) => /Warning|"level":(40|50|60)/.test(l)).map((l) => l.replace(/\(node:\d+\) /, '').replace(/"time":\d+,/, '').slice(0, 300)))].slice(0, 5)
    await probe.close()
    await stopServer(server.child)
    const profiles = profileDir === null ? [] : readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(profileDir, f))
    for (const p of profiles) console.log(formatSummary(summarize(p)))
    return {
      engine,
      postgres: host,
      readyMs: server.readyMs,
      storySlugs: slugs.length,
      main,
      reads,
      deleteEndpointsMs,
      loadBefore,
      loadAfter,
      serverWarnings,
      profiles,
      minutes: (performance.now() - engineBegan) / 60_000
    }
  } finally {
    await probe.close().catch(() => {})
    await stopServer(server.child)
    await receivers.close()
    if (host !== null) await query(host.url, 'drop database if exists "byline_bench_webhooks" with (force)').catch(() => {})
    if (!args['cpu-prof']) rmSync(dir, { recursive: true, force: true })
    else console.log(`profiles kept in ${profileDir}`)
  }
}

// ---------------------------------------------------------------- the run and its report

const reports: EngineReport[] = []
try {
  for (const engine of ENGINES) reports.push(await runEngine(engine))
} finally {
  cleanUp()
  agent.destroy()
}

const version = (pkg: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version
const n0 = (n: number) => Math.round(n).toLocaleString('en')
const ms1 = (n: number) => Number.isFinite(n) ? n.toFixed(1) : '–'
const pct = (n: number) => `${n.toFixed(0)} %`
const yes = (ok: boolean) => ok ? 'yes' : '**no**'

function section (r: EngineReport): string {
  const m = r.main
  const c = m.checks
  const b1 = r.reads.find((p) => p.label.startsWith('(b₁)'))
  const a = r.reads.find((p) => p.label.startsWith('(a)'))
  const b2 = r.reads.find((p) => p.label.startsWith('(b₂)'))
  const bMean = b1 === undefined || b2 === undefined ? null : { rps: (b1.rps + b2.rps) / 2, writesPerSecond: (b1.writesPerSecond + b2.writesPerSecond) / 2 }
  const readRows = r.reads.map((p) => `| ${p.label} | ${p.endpoints} | **${n0(p.rps)}** | ${p.p50} / ${p.p99} | ${p.writesPerSecond.toFixed(1)}${p.writesSkipped > 0 ? ` (${p.writesSkipped} skipped)` : ''}${p.writeFailures > 0 ? ` (**${p.writeFailures} failed**)` : ''} | ${ms1(p.writeP50)} / ${ms1(p.writeP99)} | ${n0(p.deliveries / READ_SECONDS)} | ${p.endpoints === 0 ? '–' : p.ownDeliveries === 0 ? 'none arrived in the window' : `${ms1(p.delays.p50)} / ${ms1(p.delays.p99)} / ${ms1(p.delays.max)} (${n0(p.ownDeliveries)})`} | ${pct(p.cpu.serverPct)} | ${pct(p.cpu.selfPct)} | ${pct(p.cpu.othersOnCpu0Pct)} |`)
  const step = Math.max(1, Math.ceil(m.timeline.length / 20))
  const shown = m.timeline.filter((_, i) => i % step === step - 1 || i === m.timeline.length - 1)
  const timelineRows = shown.map((s, i) => {
    const prev = i === 0 ? { t: 0, delivered: 0 } : shown[i - 1]!
    return `| ${s.t.toFixed(0)} | ${n0(s.written)} | ${n0(s.made)} | ${n0(s.delivered)} | ${n0((s.delivered - prev.delivered) / (s.t - prev.t))} | ${n0(s.rssMb)} |`
  })
  const pgLine = r.postgres === null ? '' : `\n- PostgreSQL ${r.postgres.version} (${r.postgres.own ? 'a throwaway cluster from `scripts/pg-test-cluster.sh`' : '`--postgres-url`'}), ${r.postgres.dataDir !== null && HAS_TASKSET ? `pinned to CPU ${cpus().length >= 3 ? `2-${cpus().length - 1}` : SERVER_CPU}${cpus().length >= 3 ? '' : ' with the server'}` : 'not pinned'}.`
  return `## ${ENGINE_LABEL[r.engine]}
${pgLine}
- Server warnings and errors during the run: ${r.serverWarnings.length === 0 ? 'none' : r.serverWarnings.map((w) => `\`${w.replace(/`/g, "'")}\``).join('; ')}.
- Server ready (demo seeded) in ${n0(r.readyMs)} ms; ${r.storySlugs} public stories. Load average (1 / 5 / 15 min) ${r.loadBefore} before the main phase, ${r.loadAfter} at the end; ${r.minutes.toFixed(1)} min for this engine.

### ${EVENTS.toLocaleString('en')} events to ${ENDPOINTS} endpoints

| figure | value |
| --- | --- |
| events written (PATCH 200) | ${n0(m.written)} in ${m.writeSeconds.toFixed(1)} s: **${n0(m.writeRate)} writes/s** (${CONCURRENCY} in flight; PATCH p50 ${ms1(m.writeP50)} ms, p99 ${ms1(m.writeP99)} ms)${m.writeFailures === '' ? '' : `; failed: ${m.writeFailures}`} |
| the same PATCHes with no endpoint (before the endpoints were made) | ${n0(m.writesAlone.count)}: ${n0(m.writesAlone.rate)} writes/s (p50 ${ms1(m.writesAlone.p50)} ms, p99 ${ms1(m.writesAlone.p99)} ms) |
| deliveries | ${n0(m.delivered)} of ${n0(m.expected)}${m.complete ? '' : ` — **incomplete after the ${WAIT_SECONDS} s wait**`} |
| first write → last delivery | ${m.firstToLastSeconds.toFixed(1)} s |
| **events/s delivered per endpoint** | **${m.perEndpointRate.median.toFixed(0)}** (min ${m.perEndpointRate.min.toFixed(0)}, max ${m.perEndpointRate.max.toFixed(0)}; events ÷ first write → that endpoint's last delivery) |
| **deliveries/s, all endpoints** | **${n0(m.totalRate)}** (first write → last delivery); ${n0(m.delivered / m.deliverySpanSeconds)} from the first delivery to the last |
| messages made (fan-out) when the last write was answered | ${n0(m.madeAtWritesEnd)} of ${n0(m.expected)}; all made by ${m.fanOutDoneSeconds === null ? 'n/a' : `t = ${m.fanOutDoneSeconds.toFixed(0)} s`} (sampled each second) |
| **delay commit → delivery**, all ${n0(m.delays.count)} | **p50 ${ms1(m.delays.p50)} ms, p99 ${ms1(m.delays.p99)} ms**, p90 ${ms1(m.delays.p90)}, max ${ms1(m.delays.max)}, min ${ms1(m.delays.min)} |
| delay of those delivered after the last write | ${m.delaysAfterWrites.count === 0 ? '–' : `${n0(m.delaysAfterWrites.count)}: p50 ${ms1(m.delaysAfterWrites.p50)} ms, p99 ${ms1(m.delaysAfterWrites.p99)} ms`} |
| every endpoint got every event | ${c.complete ? 'yes' : `**no**: ${[...new Set(c.perEndpointCounts)].map(n0).join(' / ')} of ${n0(EVENTS)} per endpoint within the ${WAIT_SECONDS} s bound`} |
| what arrived: exactly once, in order, no gap | ${yes(c.correctSoFar)} (${c.duplicateIds} duplicate webhook-ids; ${c.notAWrite} deliveries not matching a PATCH answer's (story id, \`updatedAt\`); ${c.notLogPrefix} endpoints whose change seqs are not the first of the run's ${n0(c.storyUpdatedEntries)} \`story.updated\` log entries in order; ${c.seqOutOfOrder} out of order; ${c.timestampsOutOfOrder} timestamps going back)${c.example === null ? '' : ` e.g. ${c.example}`} |
| signatures (standardwebhooks, a sample) | ${c.signaturesChecked - c.signaturesBad} of ${c.signaturesChecked} verified${c.malformed > 0 ? `; ${c.malformed} malformed` : ''}${c.otherTypes > 0 ? `; ${c.otherTypes} events of other types` : ''} |
| one endpoint's cycle, attempt to attempt, while it had a backlog | ${m.cycle === null ? '–' : `mean ${ms1(m.cycle.mean)} ms (p50 ${m.cycle.p50}, p99 ${m.cycle.p99}; ${n0(m.cycle.count)} intervals): the HTTP exchange mean ${ms1(m.cycle.httpMean)} ms, the deliverer's own work and waits mean ${ms1(m.cycle.restMean)} ms (from \`webhook_attempts\`)`} |
| server CPU (CPU ${SERVER_CPU}) while writing | ${pct(m.cpu.serverPct)} (this process ${pct(m.cpu.selfPct)} of CPU ${LOAD_CPU}; CPU ${SERVER_CPU} busy outside the server ${pct(m.cpu.othersOnCpu0Pct)}) |
| server CPU after the writes, until the last delivery | ${m.cpuDrain === null ? '–' : `${pct(m.cpuDrain.serverPct)} (this process ${pct(m.cpuDrain.selfPct)}; CPU ${SERVER_CPU} busy outside the server ${pct(m.cpuDrain.othersOnCpu0Pct)})`} |
${m.dbBytes === null ? '' : `| SQLite file + WAL after the main phase | ${(m.dbBytes / 2 ** 20).toFixed(0)} MB |\n`}
Progress (sampled each second; messages made = rows in \`webhook_messages\`, 10 per event):

| t (s) | written | messages made | delivered | deliveries/s since the row above | server RSS MB |
| --- | --- | --- | --- | --- | --- |
${timelineRows.join('\n')}
${a === undefined || b1 === undefined || b2 === undefined || bMean === null
    ? ''
    : `
### Read throughput while webhooks run

autocannon, ${CONNECTIONS} connections, ${READ_SECONDS} s measured after 2 s of writes and a 1 s warm-up, \`GET /v1/stories/{slug}\` over the ${r.storySlugs} public stories in random order; PATCHes at a steady ${WRITE_RATE}/s in every run (each clears the story's cached responses and adds a change-log entry). Three runs: (b₁) before the endpoints were made, (a) right after the main phase with the ${ENDPOINTS} endpoints (whatever the main phase left undelivered is still going out), (b₂) after deleting them; (a) is compared with the two around it, the machine being shared.${a.backlogAtEnd > WRITE_RATE * ENDPOINTS || !m.complete ? `\n\n**(a) ran with a backlog** (${m.complete ? '' : `${n0(m.expected - m.delivered)} main-phase deliveries outstanding when it began; `}${n0(a.backlogAtEnd)} of its own still to make when it ended): the deliverer was working flat out, not keeping pace with ${WRITE_RATE} events/s.` : ''}

| run | endpoints | read req/s | read p50 / p99 ms | PATCH/s achieved | PATCH p50 / p99 ms | deliveries/s | delay p50 / p99 / max ms (of the phase's own events delivered in the window) | server CPU | this process (CPU ${LOAD_CPU}) | CPU ${SERVER_CPU} busy outside the server |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${readRows.join('\n')}
| **(a) / mean of (b₁) and (b₂)** | | **${(a.rps / bMean.rps).toFixed(2)}×** (${(a.rps / b1.rps).toFixed(2)}× of b₁, ${(a.rps / b2.rps).toFixed(2)}× of b₂) | | ${(a.writesPerSecond / bMean.writesPerSecond).toFixed(2)}× | | | | | | |

Deleting the ${ENDPOINTS} endpoints (with their ${n0(m.expected)}+ delivered messages and attempts) took ${r.deleteEndpointsMs === null ? 'n/a' : `${n0(r.deleteEndpointsMs)} ms`}.${a.backlogAtEnd > 0 ? ` Phase (a) ended with ${n0(a.backlogAtEnd)} deliveries still to make.` : ''}
`}${r.profiles.length === 0 ? '' : `\nCPU profiles of the server (\`--cpu-prof\`):\n\n\`\`\`\n${r.profiles.map((p) => formatSummary(summarize(p, 15))).join('\n\n')}\n\`\`\`\n`}`
}

const commandLine = `npm run bench:webhooks${process.argv.slice(2).length === 0 ? '' : ` -- ${process.argv.slice(2).map((a) => a.startsWith('postgres') ? '<url>' : a).join(' ')}`}`
const report = `# Webhook benchmark

Generated by \`npm run bench:webhooks\` (\`bench/webhooks.ts\`) on ${new Date().toISOString()}; the run took ${((performance.now() - began) / 60_000).toFixed(1)} min.

- Command: \`${commandLine}\`; code measured: ${codeLine}.
- Machine: \`nproc\` ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}; fastify ${version('fastify')}, better-sqlite3 ${version('better-sqlite3')}, autocannon ${version('autocannon')}. Shared with other work: see the load averages and "CPU ${SERVER_CPU} busy outside the server" (CPU ${SERVER_CPU}'s busy time from \`/proc/stat\` less the server process's own: other processes, and interrupt work such as the loopback traffic's).
- Method: the built server (\`node dist/src/server.js\`) on a fresh database with the demo publication, ${HAS_TASKSET ? `pinned to CPU ${SERVER_CPU} with \`taskset\`` : 'not pinned (no taskset)'}, \`WEBHOOK_ALLOWED_NETWORKS=127.0.0.1\`, \`WEBHOOK_POLL_MS\` at its default (1000), rate limits and load shedding off (\`PRESSURE_MAX_EVENT_LOOP_DELAY_MS=0\`: a shed PATCH would be a missing event); the bench process on CPU ${LOAD_CPU}: ${ENDPOINTS} receivers (node:http on 127.0.0.1, 204 as soon as the body is in), the writers, autocannon. ${ENDPOINTS} endpoints (\`POST /v1/webhooks\`, every event type) are created after a warm-up (reads, and two PATCHes of each story), so they start at the head of the change log.
- Events: PATCHes of published stories' \`dek\` with an editor key, over every public story in turn; each is one \`story.updated\` per endpoint. The delay is the receiver's clock at arrival minus the payload's \`timestamp\` (the write's time, ms, which is also the PATCH answer's \`updatedAt\`): it includes the commit, the fan-out into messages, the queue, and the HTTP request.
- Exactly once and in order: each endpoint's deliveries against the PATCH answers (the multiset of (story id, timestamp)), and, through the server's \`webhook_messages\` table (webhook-id → change seq), against the change log's entries of the run: the same seqs, strictly increasing in arrival order.

${reports.map(section).join('\n')}`
mkdirSync(join(ROOT, 'docs'), { recursive: true })
writeFileSync(join(ROOT, 'docs', 'benchmarks-webhooks.md'), report)
console.log(`\n${report}`)
console.log('written to docs/benchmarks-webhooks.md')
process.exit(reports.every((r) => r.main.checks.ok) ? 0 : 1)
