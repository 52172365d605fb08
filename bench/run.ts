/**
 * npm run bench — the real server over prepared archives (10k and 1M stories by
 * default), each endpoint against a bare-Fastify process replaying the same bytes, in
 * the same run. Server and baseline run pinned to CPU 0, one at a time; autocannon runs
 * in this process on CPU 1 (the npm script pins it). Writes docs/benchmarks.md.
 *
 * Options: --datasets 10000,1000000  --duration <s> per endpoint (5)  --connections <n> (16)
 * Archives are built by `seed:large` into bench/.data/ and kept: a later run reuses them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { get } from 'node:http'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import Sqlite from 'better-sqlite3'
import { cursorCodec } from '../src/content/cursor.js'
import type { BaselineRoute } from './baseline-server.js'

const { values: args } = parseArgs({
  options: {
    datasets: { type: 'string', default: '10000,1000000' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '16' }
  }
})
const DATASETS = args.datasets.split(',').map(Number)
const DURATION = Number(args.duration)
const CONNECTIONS = Number(args.connections)
const ROOT = join(import.meta.dirname, '..')
const DATA = join(ROOT, 'bench', '.data')
const SERVER_PORT = 3901
const BASELINE_PORT = 3902
const server = `http://127.0.0.1:${SERVER_PORT}`
const pinned = (cpu: number, command: string[]) => spawnSync('which', ['taskset']).status === 0 ? ['taskset', '-c', String(cpu), ...command] : command

function start (command: string[], env: Record<string, string>, ready: () => Promise<boolean>): Promise<{ child: ChildProcess, ms: number }> {
  const began = performance.now()
  const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] })
  return new Promise((resolve, reject) => {
    const poll = async () => {
      if (child.exitCode !== null) return reject(new Error(`${command.join(' ')} exited with ${child.exitCode}`))
      if (performance.now() - began > 60_000) return reject(new Error(`${command.join(' ')} did not start`))
      if (await ready().catch(() => false)) return resolve({ child, ms: performance.now() - began })
      setTimeout(poll, 5)
    }
    void poll()
  })
}

async function stop (child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024
const ok = (url: string) => async () => (await fetch(url)).status === 200

/** Builds (or resumes, or finds complete) the archive of `stories` stories; returns its file and build time. */
function prepare (stories: number): { path: string, seedSeconds: number | null } {
  mkdirSync(DATA, { recursive: true })
  const path = join(DATA, `stories-${stories}.db`)
  const timing = `${path}.seed.json`
  const began = performance.now()
  const run = spawnSync(process.execPath, ['dist/src/cli/seed-large.js', '--stories', String(stories)], {
    cwd: ROOT, env: { ...process.env, DATABASE_PATH: path, LOG_LEVEL: 'warn' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']
  })
  if (run.status !== 0) throw new Error(`seed:large failed for ${stories} stories`)
  if (!/already complete/.test(run.stdout)) writeFileSync(timing, JSON.stringify({ seconds: (performance.now() - began) / 1000 }))
  const seedSeconds = existsSync(timing) ? (JSON.parse(readFileSync(timing, 'utf8')) as { seconds: number }).seconds : null
  // The VM evicts file pages idle for a minute: read the database once before timing.
  for (const file of [path, `${path}-wal`]) if (existsSync(file)) spawnSync('cat', [file], { stdio: 'ignore' })
  return { path, seedSeconds }
}

// node:http rather than fetch: fetch treats a caller's If-None-Match as its own cache's business.
const PER_RESPONSE = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'])
const probe = (path: string, headers: Record<string, string> = {}) => new Promise<BaselineRoute & { ms: number }>((resolve, reject) => {
  const began = performance.now()
  get(`${server}${path}`, { headers }, (res) => {
    let body = ''
    const replayed = Object.fromEntries(Object.entries(res.headers)
      .filter(([name]) => !PER_RESPONSE.has(name) && !name.startsWith('x-ratelimit-'))
      .map(([name, value]) => [name, String(value)]))
    res.setEncoding('utf8').on('data', (chunk: string) => { body += chunk }).on('end', () =>
      resolve({ path, status: res.statusCode ?? 0, headers: replayed, body, ms: performance.now() - began }))
  }).on('error', reject)
})

async function load (url: string, headers: Record<string, string> = {}) {
  await autocannon({ url, connections: CONNECTIONS, duration: 1, headers }) // warm-up
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers })
  if (r.errors > 0 || r.timeouts > 0) throw new Error(`${url}: ${r.errors} errors, ${r.timeouts} timeouts`)
  // A 429 or 5xx is fast and would flatter the figures.
  if (r['4xx'] > 0 || r['5xx'] > 0) throw new Error(`${url}: ${r['4xx']} 4xx and ${r['5xx']} 5xx answers`)
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 }
}

/** A signed cursor to the story 90 % of the way down Latest Stories, read from the file. */
function deepCursor (path: string): string {
  const db = new Sqlite(path, { readonly: true })
  const secret = (db.prepare("SELECT value FROM settings WHERE key = 'cursor_secret'").get() as { value: string }).value
  const now = Date.now()
  const { n } = db.prepare('SELECT COUNT(*) AS n FROM stories WHERE public_at <= ?').get(now) as { n: number }
  const row = db.prepare('SELECT public_at AS at, id FROM stories WHERE public_at <= ? ORDER BY public_at DESC, id DESC LIMIT 1 OFFSET ?')
    .get(now, Math.floor(n * 0.9)) as { at: number, id: string }
  db.close()
  return cursorCodec(secret).encode('stories', [row.at, row.id])
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!

interface DatasetReport { stories: number, seedSeconds: number | null, coldStartMs: number, peakRss: number, rows: string[], ratios: Record<string, number>, firstQuery: string[] }

async function bench (stories: number): Promise<DatasetReport> {
  const { path, seedSeconds } = prepare(stories)
  const env = { PORT: String(SERVER_PORT), DATABASE_PATH: path, LOG_LEVEL: 'warn', RATE_LIMIT_ANONYMOUS: '1000000000' }
  const { child: app, ms: coldStartMs } = await start(pinned(0, [process.execPath, 'dist/src/server.js']), env, ok(`${server}/v1/reviews/her-2013-review`))
  const etag = (await probe('/v1/reviews/her-2013-review')).headers.etag!
  const endpoints: Array<{ name: string, path: string, headers?: Record<string, string> }> = [
    { name: 'review by slug', path: '/v1/reviews/her-2013-review' },
    { name: 'verdict', path: '/v1/reviews/her-2013-review/verdict' },
    { name: 'story list, first page', path: '/v1/stories?limit=20' },
    { name: 'story list, cursor at 90% depth', path: `/v1/stories?limit=20&cursor=${deepCursor(path)}` },
    { name: 'reviews by score', path: '/v1/reviews?sort=score&limit=20' },
    { name: 'stories by author', path: '/v1/stories?author=rhys-calloway&limit=20' },
    { name: 'search, common word', path: '/v1/search?q=game' },
    { name: 'search, rare word', path: '/v1/search?q=phoenix' },
    { name: 'search, prefix', path: '/v1/search?q=adv' },
    { name: 'conditional GET → 304', path: '/v1/reviews/her-2013-review', headers: { 'if-none-match': etag } }
  ]

  // Search as the first visitor meets it: distinct queries, each answered once, no cache.
  const firstQuery: string[] = []
  for (const [label, queries] of [
    ['common word', ['game', 'story', 'light', 'music', 'level', 'world', 'city', 'friend', 'season', 'team']],
    ['rare word', ['phoenix', 'joaquin', 'kalomi', 'zanren', 'torvel', 'quidor', 'shabel', 'noxari', 'celfen', 'garhol']],
    ['prefix', ['adv', 'mach', 'dete', 'cont', 'batt', 'puzz', 'engi', 'ghos', 'fore', 'isla']]
  ] as const) {
    const times: number[] = []
    for (const q of queries) {
      const res = await probe(`/v1/search?q=${q}&limit=20&type=${['review', 'news', 'feature'][times.length % 3]}`)
      if (res.status !== 200) throw new Error(`search ${q}: ${res.status}`)
      times.push(res.ms)
    }
    firstQuery.push(`| ${label} | ${percentile(times, 0.5).toFixed(1)} | ${percentile(times, 0.99).toFixed(1)} | ${Math.max(...times).toFixed(1)} |`)
  }

  const routes: BaselineRoute[] = []
  for (const e of endpoints) {
    const { ms: _, ...route } = await probe(e.path, e.headers)
    if (route.status !== 200 && route.status !== 304) throw new Error(`${e.path}: ${route.status} ${route.body}`)
    routes.push(route)
  }
  const dir = mkdtempSync(join(tmpdir(), 'byline-bench-'))
  const routesFile = join(dir, 'routes.json')
  writeFileSync(routesFile, JSON.stringify(routes))
  const baseline = await start(pinned(0, [process.execPath, '--import', 'tsx', 'bench/baseline-server.ts', routesFile, String(BASELINE_PORT)]), {},
    ok(`http://127.0.0.1:${BASELINE_PORT}/baseline/0`))

  const rows: string[] = []
  const ratios: Record<string, number> = {}
  let peakRss = 0
  for (const [i, e] of endpoints.entries()) {
    const base = await load(`http://127.0.0.1:${BASELINE_PORT}/baseline/${i}`)
    const real = await load(`${server}${e.path}`, e.headers)
    peakRss = Math.max(peakRss, rssMb(app.pid!))
    ratios[e.name] = real.rps / base.rps
    ratios[`${e.name} rps`] = real.rps
    ratios[`${e.name} p50`] = real.p50
    ratios[`${e.name} p99`] = real.p99
    const row = `| ${e.name} | ${routes[i]!.status} | ${routes[i]!.body.length} | ${Math.round(real.rps)} | ${real.p50} | ${real.p99} | ${Math.round(base.rps)} | **${ratios[e.name]!.toFixed(2)}×** |`
    rows.push(row)
    console.log(`${stories} stories ${row}`)
  }
  await stop(baseline.child)
  await stop(app)
  rmSync(dir, { recursive: true, force: true })
  return { stories, seedSeconds, coldStartMs, peakRss, rows, ratios, firstQuery }
}

const reports: DatasetReport[] = []
for (const stories of DATASETS) reports.push(await bench(stories))

const version = (pkg: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version
const largest = reports.at(-1)!
const r = largest.ratios
const check = (ok: boolean) => ok ? 'met' : '**missed**'
const targets = [
  ['review by slug ≥ 0.8×', `${r['review by slug']!.toFixed(2)}×`, r['review by slug']! >= 0.8],
  ['verdict ≥ 0.8×', `${r.verdict!.toFixed(2)}×`, r.verdict! >= 0.8],
  ['304 ≥ 0.9×', `${r['conditional GET → 304']!.toFixed(2)}×`, r['conditional GET → 304']! >= 0.9],
  ['story list first page ≥ 0.5×', `${r['story list, first page']!.toFixed(2)}×`, r['story list, first page']! >= 0.5],
  ['cursor at 90% ≥ 0.9× first page', `${(r['story list, cursor at 90% depth rps']! / r['story list, first page rps']!).toFixed(2)}×`, r['story list, cursor at 90% depth rps']! / r['story list, first page rps']! >= 0.9],
  ...(['common word', 'rare word', 'prefix'] as const).map((kind) => {
    const p50 = r[`search, ${kind} p50`]!
    const p99 = r[`search, ${kind} p99`]!
    return [`search (${kind}) p50 ≤ 5 ms, p99 ≤ 25 ms`, `${p50} ms / ${p99} ms`, p50 <= 5 && p99 <= 25] as const
  }),
  ['cold start to first 200 ≤ 1 s', `${Math.round(largest.coldStartMs)} ms`, largest.coldStartMs <= 1000],
  ['server RSS under load ≤ 250 MB', `${Math.round(largest.peakRss)} MB`, largest.peakRss <= 250],
  ['1M seed ≤ 5 min', largest.seedSeconds === null ? 'n/a' : `${(largest.seedSeconds / 60).toFixed(1)} min`, largest.seedSeconds !== null && largest.seedSeconds <= 300]
] as const

const report = `# Benchmarks

Generated by \`npm run bench\` (\`bench/run.ts\`) on ${new Date().toISOString()}.

- Command: \`npm run bench -- --datasets ${DATASETS.join(',')} --duration ${DURATION} --connections ${CONNECTIONS}\`
- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}
- Versions: fastify ${version('fastify')}, better-sqlite3 ${version('better-sqlite3')}, drizzle-orm ${version('drizzle-orm')}, autocannon ${version('autocannon')}
- Datasets: the demo publication plus a synthetic archive from \`npm run seed:large -- --stories N\` (kept in
  \`bench/.data/\` and reused; the seeding time is from the run that built it).
- Method: real server (\`node dist/src/server.js\`, in-process response cache on, as shipped) and a bare
  Fastify process returning the same status, headers and body from memory, both pinned to CPU 0 and loaded
  one at a time; autocannon in the bench process on CPU 1; ${CONNECTIONS} connections, 1 s warm-up, ${DURATION} s
  measured per endpoint, the same URL throughout (so after the first request the server answers from
  its response cache, as it would a popular URL). Ratios compare figures from this run only
  (run-to-run noise is ±10–15%).

## Targets (${largest.stories.toLocaleString('en')} stories)

| target | measured | |
| --- | --- | --- |
${targets.map(([name, value, met]) => `| ${name} | ${value} | ${check(met)} |`).join('\n')}

${reports.map((d) => `## ${d.stories.toLocaleString('en')} stories

Seeded in **${d.seedSeconds === null ? 'n/a' : `${d.seedSeconds.toFixed(0)} s`}**; cold start to first 200 **${Math.round(d.coldStartMs)} ms**; server RSS, peak after an endpoint's load, **${Math.round(d.peakRss)} MB**.

| endpoint | status | bytes | req/s | p50 ms | p99 ms | baseline req/s | ratio |
| --- | --- | --- | --- | --- | --- | --- | --- |
${d.rows.join('\n')}

Search as a first visitor meets it (10 distinct queries of each kind, one request each, nothing cached; ms):

| query | p50 | p99 | max |
| --- | --- | --- | --- |
${d.firstQuery.join('\n')}
`).join('\n')}`
writeFileSync(join(ROOT, 'docs', 'benchmarks.md'), report)
console.log('written to docs/benchmarks.md')
