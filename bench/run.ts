/**
 * npm run bench — the real server and a bare-Fastify baseline, each its own process on
 * 127.0.0.1 pinned to CPU 0, loaded one at a time by autocannon from this process
 * (pinned to CPU 1 by the npm script). Writes docs/benchmarks.md.
 *
 * Options: --duration <s> per endpoint (default 5), --connections <n> (default 16).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { get } from 'node:http'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import type { BaselineRoute } from './baseline-server.js'

const { values: args } = parseArgs({ options: { duration: { type: 'string', default: '5' }, connections: { type: 'string', default: '16' } } })
const DURATION = Number(args.duration)
const CONNECTIONS = Number(args.connections)
const ROOT = join(import.meta.dirname, '..')
const SERVER_PORT = 3901
const BASELINE_PORT = 3902
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
const server = `http://127.0.0.1:${SERVER_PORT}`
const ok = (url: string) => async () => (await fetch(url)).status === 200

const dir = mkdtempSync(join(tmpdir(), 'byline-bench-'))
const dbPath = join(dir, 'bench.db')
// The limiter still runs on every request (its cost is measured); one client must not hit it.
const serverEnv = { PORT: String(SERVER_PORT), DATABASE_PATH: dbPath, LOG_LEVEL: 'warn', SEED_DEMO: 'true', RATE_LIMIT_ANONYMOUS: '1000000000' }
const serverCommand = pinned(0, [process.execPath, 'dist/src/server.js'])

// First start seeds the demo data; the second is the cold start we report.
const seeding = await start(serverCommand, serverEnv, ok(`${server}/readyz`))
await stop(seeding.child)
readFileSync(dbPath) // pull the file into the page cache before timing
const { child: app, ms: coldStartMs } = await start(serverCommand, serverEnv, ok(`${server}/v1/reviews/her-2013-review`))

// What to load: each endpoint's real response becomes the baseline's bytes.
const page = async (url: string) => (await (await fetch(`${server}${url}`)).json()) as { meta: { nextCursor: string | null } }
let cursor = (await page('/v1/stories?limit=20')).meta.nextCursor
const depth: string[] = []
while (cursor !== null) { depth.push(cursor); cursor = (await page(`/v1/stories?limit=20&cursor=${cursor}`)).meta.nextCursor }
const deepCursor = depth[Math.max(0, Math.floor(depth.length * 0.9) - 1)]!
const etag = (await fetch(`${server}/v1/reviews/her-2013-review`)).headers.get('etag')!

const endpoints: Array<{ name: string, path: string, headers?: Record<string, string> }> = [
  { name: 'review by slug', path: '/v1/reviews/her-2013-review' },
  { name: 'verdict', path: '/v1/reviews/her-2013-review/verdict' },
  { name: 'story list, first page', path: '/v1/stories?limit=20' },
  { name: 'story list, cursor at 90% depth', path: `/v1/stories?limit=20&cursor=${deepCursor}` },
  { name: 'reviews by score', path: '/v1/reviews?sort=score&limit=20' },
  { name: 'stories by author', path: '/v1/stories?author=rhys-calloway&limit=20' },
  { name: 'subject with reviews', path: '/v1/subjects/her-2013' },
  { name: 'conditional GET → 304', path: '/v1/reviews/her-2013-review', headers: { 'if-none-match': etag } }
]
// Headers every server sets for itself, per response.
const PER_RESPONSE = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'])
// node:http rather than fetch: fetch treats a caller's If-None-Match as its own cache's business.
const probe = (path: string, headers: Record<string, string> = {}) => new Promise<BaselineRoute>((resolve, reject) => {
  get(`${server}${path}`, { headers }, (res) => {
    let body = ''
    const replayed = Object.fromEntries(Object.entries(res.headers)
      .filter(([name]) => !PER_RESPONSE.has(name) && !name.startsWith('x-ratelimit-'))
      .map(([name, value]) => [name, String(value)]))
    res.setEncoding('utf8').on('data', (chunk: string) => { body += chunk }).on('end', () =>
      resolve({ path, status: res.statusCode ?? 0, headers: replayed, body }))
  }).on('error', reject)
})
const routes: BaselineRoute[] = []
for (const e of endpoints) routes.push(await probe(e.path, e.headers))
const routesFile = join(dir, 'routes.json')
writeFileSync(routesFile, JSON.stringify(routes))
const baseline = await start(pinned(0, [process.execPath, '--import', 'tsx', 'bench/baseline-server.ts', routesFile, String(BASELINE_PORT)]), {},
  ok(`http://127.0.0.1:${BASELINE_PORT}/baseline/0`))

async function load (url: string, headers: Record<string, string> = {}) {
  await autocannon({ url, connections: CONNECTIONS, duration: 1, headers }) // warm-up
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers })
  if (r.errors > 0 || r.timeouts > 0) throw new Error(`${url}: ${r.errors} errors, ${r.timeouts} timeouts`)
  // A 429 or 5xx is fast and would flatter the figures.
  if (r['4xx'] > 0 || r['5xx'] > 0) throw new Error(`${url}: ${r['4xx']} 4xx and ${r['5xx']} 5xx answers`)
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 }
}

const rows: string[] = []
let peakRss = 0
for (const [i, e] of endpoints.entries()) {
  const base = await load(`http://127.0.0.1:${BASELINE_PORT}/baseline/${i}`)
  const real = await load(`${server}${e.path}`, e.headers)
  peakRss = Math.max(peakRss, rssMb(app.pid!))
  const ratio = real.rps / base.rps
  const row = `| ${e.name} | ${routes[i]!.status} | ${routes[i]!.body.length} | ${Math.round(real.rps)} | ${real.p50} | ${real.p99} | ${Math.round(base.rps)} | **${ratio.toFixed(2)}×** |`
  rows.push(row)
  console.log(row)
}
await stop(baseline.child)
await stop(app)
rmSync(dir, { recursive: true, force: true })

const version = (pkg: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version
const report = `# Benchmarks

Generated by \`npm run bench\` (\`bench/run.ts\`) on ${new Date().toISOString()}.

- Command: \`npm run bench -- --duration ${DURATION} --connections ${CONNECTIONS}\`
- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}
- Versions: fastify ${version('fastify')}, better-sqlite3 ${version('better-sqlite3')}, drizzle-orm ${version('drizzle-orm')}, autocannon ${version('autocannon')}
- Dataset: the demo publication (${depth.length + 1} pages of 20 stories)
- Method: real server (\`node dist/src/server.js\`) and a bare Fastify process returning the same
  status, headers and body from memory, both pinned to CPU 0 and loaded one at a time;
  autocannon in the bench process on CPU 1; ${CONNECTIONS} connections, 1 s warm-up, ${DURATION} s measured
  per endpoint. Ratios compare figures from this run only (run-to-run noise is ±10–15%).

Cold start to first 200 (\`/v1/reviews/her-2013-review\`, seeded database): **${Math.round(coldStartMs)} ms**.
Server RSS, peak after an endpoint's load: **${Math.round(peakRss)} MB**.

| endpoint | status | bytes | req/s | p50 ms | p99 ms | baseline req/s | ratio |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
`
writeFileSync(join(ROOT, 'docs', 'benchmarks.md'), report)
console.log(`\ncold start ${Math.round(coldStartMs)} ms, peak RSS ${Math.round(peakRss)} MB — written to docs/benchmarks.md`)
