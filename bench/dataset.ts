/**
 * One archive's measurements: its servers (each engine, cache on and off), the rows
 * against the same-bytes baseline, search as a first visitor meets it, the write rows,
 * and WORKERS=2 against WORKERS=1.
 */
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BaselineRoute } from './baseline-server.js'
import { block, feedPaths, firstVisitors, searchPaths, TYPES, type FirstVisitors } from './first-visitors.js'
import { load, probe, type Endpoint, type Figures } from './load.js'
import { ALL_CPUS, BASELINE_PORT, CONNECTIONS, ENGINES, pinned, POSTGRES_CPUS, runs, type EngineName } from './options.js'
import { pinPostgres, preparePostgres, readPostgresFiles, type PostgresArchive, type PostgresHost } from './postgres-archive.js'
import { load1, ok, peakRssMb, readOnce, start, stop } from './processes.js'
import { prepare } from './sqlite-archive.js'
import { writeRows, type WriteFigures } from './writes.js'

export interface Server { engine: EngineName, cache: boolean, port: number, child: ChildProcess, coldStartMs: number, peakRss: number }
export interface Row { endpoint: Endpoint, status: Record<string, number>, bytes: Record<string, number>, bare: Record<string, Figures>, real: Record<string, Figures> }
/** `stallMs`: the slowest answer of a /healthz probe asked every few ms meanwhile (how long the event loop was held). */
export interface FirstQuery { kind: string, count: number, ms: Record<string, number[]>, stallMs: Record<string, number> }
export interface WorkersRow { engine: EngineName, endpoint: string, one: Figures, two: Figures }
export interface DatasetReport {
  stories: number
  seedSeconds: number | null
  postgres: PostgresArchive | null
  filesRead: string[]
  loadBefore: string
  loadAfter: string
  servers: Server[]
  rows: Row[]
  firstQuery: FirstQuery[]
  writes: Partial<Record<EngineName, WriteFigures>>
  workers: WorkersRow[]
  slugs: number
  searchUrls: number
  prefixUrls: number
  minutes: number
}

export const key = (engine: EngineName, cache: boolean) => `${engine} ${cache ? 'on' : 'off'}`
const WARM_SLUG = '/v1/reviews/her-2013-review'
/** Distinct URLs per first-visitor row (each row its own block of the archive's stories, so no row meets another's cached answers). */
const BLOCK = 40_000
/** First-visit searches asked one at a time, per kind. */
const FIRST_QUERIES = { common: 100, rare: 40, prefix: 100 }

async function startServer (engine: EngineName, database: Record<string, string>, port: number, cache: boolean, cpu = '0', workers?: number): Promise<Server> {
  // EVENT_LOOP_NICE=0: CPU 0 is shared (the idle servers, PostgreSQL, other work on this VM), the case its doc says to lower it for;
  // at nice 19 an idle SQLite server's event loop starves while another is loaded, and it sheds its next requests with 503.
  // RATE_LIMIT_KEY: the write rows' editor key writes thousands of times a minute.
  const env = { PORT: String(port), LOG_LEVEL: 'warn', RATE_LIMIT_ANONYMOUS: '1000000000', RATE_LIMIT_KEY: '1000000000', EVENT_LOOP_NICE: '0', ...database, ...(cache ? {} : { RESPONSE_CACHE_MB: '0' }), ...(workers === undefined ? {} : { WORKERS: String(workers) }) }
  const { child, ms } = await start(pinned(cpu, [process.execPath, 'dist/server/server.js']), env, ok(`http://127.0.0.1:${port}${WARM_SLUG}`))
  return { engine, cache, port, child, coldStartMs: ms, peakRss: 0 }
}

/** Each query asked once, one at a time, while another connection asks /healthz back to back. */
async function firstSearches (port: number, paths: string[]): Promise<{ ms: number[], stallMs: number }> {
  const ms: number[] = []
  let done = false
  let stallMs = 0
  const health = (async () => {
    while (!done) {
      stallMs = Math.max(stallMs, (await probe(port, '/healthz')).ms)
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
  })()
  for (const q of paths) {
    const res = await probe(port, q)
    if (res.status !== 200) throw new Error(`${q}: ${res.status} ${res.body.slice(0, 200)}`)
    ms.push(res.ms)
  }
  done = true
  await health
  return { ms, stallMs }
}

function endpointsOf (v: FirstVisitors): { hot: Endpoint[], first: Endpoint[], readsForWrites: { alone: string[], withWrites: string[] }, searchUrls: number, prefixUrls: number } {
  const { queries } = v
  const searchWords = searchPaths([...queries.common.slice(FIRST_QUERIES.common), ...queries.rare.slice(FIRST_QUERIES.rare)])
  const searchPrefixes = searchPaths(queries.prefix.slice(FIRST_QUERIES.prefix))
  // The 50 clients ask the same words at another page size: URLs of their own, first visits on a cache-on server too.
  const searchCrowd = searchPaths([...queries.common.slice(FIRST_QUERIES.common), ...queries.rare.slice(FIRST_QUERIES.rare)], 10)
  const distinct = (name: string, paths: string[], connections?: number): Endpoint => ({ name, path: paths[0]!, paths, ...(connections === undefined ? {} : { connections }) })
  const storyPaths = (slugs: string[]) => slugs.map((s) => `/v1/stories/${s}`)
  const hot: Endpoint[] = [
    { name: 'review by slug', path: WARM_SLUG },
    { name: 'verdict', path: `${WARM_SLUG}/verdict` },
    { name: 'story list, first page', path: '/v1/stories?limit=20' },
    { name: 'story list, cursor at 90% depth', path: `/v1/stories?limit=20&cursor=${v.deepCursor}` },
    { name: 'reviews by score', path: '/v1/reviews?sort=score&limit=20' },
    { name: 'stories by author', path: '/v1/stories?author=rhys-calloway&limit=20' },
    { name: 'search, common word', path: '/v1/search?q=game' },
    { name: 'search, rare word', path: '/v1/search?q=phoenix' },
    { name: 'search, prefix', path: '/v1/search?q=adv' },
    { name: 'conditional GET → 304', path: WARM_SLUG, headers: { 'if-none-match': '' } },
    { name: 'conditional GET → 304, 50 connections', path: WARM_SLUG, headers: { 'if-none-match': '' }, connections: 50 }
  ]
  const first: Endpoint[] = [
    distinct('first visitor: random stories by slug', storyPaths(block(v.slugs, 0, BLOCK))),
    distinct('first visitor: random reviews', block(v.reviews, 0, BLOCK).map((s) => `/v1/reviews/${s}`)),
    distinct('first visitor: random verdicts', block(v.reviews, 1, BLOCK).map((s) => `/v1/reviews/${s}/verdict`)),
    distinct('first visitor: story list at random cursors', v.listCursors.map((c) => `/v1/stories?limit=20&cursor=${c}`)),
    distinct('first visitor: latest-stories feed at random cursors (RSS, Atom, JSON Feed)', feedPaths(v.feedCursors)),
    distinct('Zipf-like mix: stories by slug, most traffic on recent ones', storyPaths(v.zipf)),
    distinct('first visitor: distinct search words', searchWords),
    distinct('first visitor: distinct search prefixes', searchPrefixes),
    distinct('first visitor: 50 clients searching distinct words', searchCrowd, 50)
  ]
  return { hot, first, readsForWrites: { alone: storyPaths(block(v.slugs, 1, BLOCK)), withWrites: storyPaths(block(v.slugs, 2, BLOCK)) }, searchUrls: searchWords.length, prefixUrls: searchPrefixes.length }
}

export async function bench (stories: number, host: PostgresHost | null): Promise<DatasetReport> {
  const datasetBegan = performance.now()
  const { path, seedSeconds } = prepare(stories)
  const archive = host === null ? null : await preparePostgres(host, stories, path)
  const databases: Record<EngineName, Record<string, string>> = { sqlite: { DATABASE_PATH: path }, postgres: archive === null ? {} : { DATABASE_URL: archive.url } }
  const visitors = firstVisitors(path, CONNECTIONS * 2)
  const { hot, first, readsForWrites, searchUrls, prefixUrls } = endpointsOf(visitors)
  const endpoints = [...(runs('hot') ? hot : []), ...(runs('first') ? first : [])]

  // Read every database file once before timing: the VM evicts file pages idle for ~60 s.
  const filesRead: string[] = []
  if (ENGINES.includes('sqlite')) { readOnce([path, `${path}-wal`].filter((f) => existsSync(f))); filesRead.push('SQLite file') }
  if (host !== null && archive !== null) {
    pinPostgres(host, POSTGRES_CPUS)
    filesRead.push(await readPostgresFiles(host, archive.url) ? 'PostgreSQL database directory' : 'PostgreSQL files not read ahead (not a local cluster of this bench)')
  }
  const loadBefore = load1()

  const servers: Server[] = []
  let port = 3903
  for (const engine of ENGINES) for (const cache of [true, false]) servers.push(await startServer(engine, databases[engine], port++, cache))
  const server = (engine: EngineName, cache: boolean) => servers.find((s) => s.engine === engine && s.cache === cache)!

  // Search as the first visitor meets it: distinct queries, each asked once, one at a time, of the cache-on server.
  const firstQuery: FirstQuery[] = []
  if (runs('search')) {
    const { queries } = visitors
    for (const [kind, words] of [['common word', queries.common.slice(0, FIRST_QUERIES.common)], ['rare word', queries.rare.slice(0, FIRST_QUERIES.rare)], ['prefix', queries.prefix.slice(0, FIRST_QUERIES.prefix)]] as const) {
      const asked = words.map((w, i) => `/v1/search?q=${encodeURIComponent(w)}&limit=20${TYPES[i % TYPES.length]}`)
      const ms: Record<string, number[]> = {}
      const stallMs: Record<string, number> = {}
      for (const engine of ENGINES) {
        const asker = await firstSearches(server(engine, true).port, asked)
        ms[engine] = asker.ms
        stallMs[engine] = asker.stallMs
      }
      firstQuery.push({ kind, count: asked.length, ms, stallMs })
    }
  }

  // Each server's connections opened before timing, as a server in service has them: a
  // pool's first burst opens its connections (new backends on PostgreSQL, each with cold
  // caches) and was charged to whichever endpoint came first (review by slug, cache off:
  // 922 req/s in the 1M run, ~2,100 once warm).
  for (const s of servers) await load(s.port, { path: WARM_SLUG })

  const etags = Object.fromEntries(await Promise.all(ENGINES.map(async (e) => [e, (await probe(server(e, true).port, WARM_SLUG)).headers.etag!] as const)))
  const headersOf = (e: Endpoint, engine: EngineName) => e.headers === undefined ? undefined : { 'if-none-match': etags[engine]! }

  const routes: BaselineRoute[] = []
  const rows: Row[] = []
  for (const e of endpoints) {
    const row: Row = { endpoint: e, status: {}, bytes: {}, bare: {}, real: {} }
    for (const engine of ENGINES) {
      const { ms: _, ...route } = await probe(server(engine, true).port, e.path, headersOf(e, engine))
      if (route.status !== 200 && route.status !== 304) throw new Error(`${engine} ${e.path}: ${route.status} ${route.body.slice(0, 200)}`)
      row.status[engine] = route.status
      row.bytes[engine] = Buffer.byteLength(route.body)
      routes.push({ ...route, path: `${engine} ${e.name}` })
    }
    rows.push(row)
  }
  // The baseline replays each engine's bytes (for distinct paths: the first one's answer).
  if (rows.length > 0) {
    const dir = mkdtempSync(join(tmpdir(), 'byline-bench-'))
    const routesFile = join(dir, 'routes.json')
    writeFileSync(routesFile, JSON.stringify(routes))
    const baseline = await start(pinned('0', [process.execPath, '--import', 'tsx', 'bench/baseline-server.ts', routesFile, String(BASELINE_PORT)]), {},
      ok(`http://127.0.0.1:${BASELINE_PORT}/baseline/0`))

    for (const [i, row] of rows.entries()) {
      const e = row.endpoint
      for (const [j, engine] of ENGINES.entries()) row.bare[engine] = await load(BASELINE_PORT, { path: `/baseline/${i * ENGINES.length + j}`, connections: e.connections })
      for (const engine of ENGINES) {
        for (const cache of [true, false]) {
          const s = server(engine, cache)
          row.real[key(engine, cache)] = await load(s.port, { path: e.path, headers: headersOf(e, engine), paths: e.paths, connections: e.connections })
        }
      }
      console.log(`${stories} stories | ${e.name} | ${ENGINES.map((engine) => `${engine} bare ${Math.round(row.bare[engine]!.rps)} on ${Math.round(row.real[key(engine, true)]!.rps)} off ${Math.round(row.real[key(engine, false)]!.rps)}`).join(' | ')}`)
    }
    await stop(baseline.child)
    rmSync(dir, { recursive: true, force: true })
  }

  // Writes on the cache-on servers (the defaults), last: they change what the other rows read.
  const writes: DatasetReport['writes'] = {}
  if (runs('writes')) {
    for (const engine of ENGINES) {
      const w = writes[engine] = await writeRows(server(engine, true).port, databases[engine], visitors.writable, readsForWrites)
      console.log(`${stories} stories | ${engine} | PATCH alone ${Math.round(w.patchAlone.rps)}/s p99 ${w.patchAlone.p99} ms | reads alone ${Math.round(w.readsAlone.rps)} with writes ${Math.round(w.readsWithWrites.rps)} (writes ${Math.round(w.writesWithReads.rps)}/s)`)
    }
  }
  // The high-water mark of each server's resident memory over everything above.
  for (const s of servers) {
    s.peakRss = peakRssMb(s.child.pid!)
    await stop(s.child)
  }

  // WORKERS=2 against WORKERS=1, both allowed every CPU (cache on, as shipped); autocannon stays on CPU 1.
  const workers: WorkersRow[] = []
  if (runs('workers')) {
    for (const engine of ENGINES) {
      const one = await startServer(engine, databases[engine], 3909, true, ALL_CPUS, 1)
      const two = await startServer(engine, databases[engine], 3910, true, ALL_CPUS, 2)
      for (const e of [hot[0]!, hot[2]!, first[0]!]) {
        const w1 = await load(one.port, e)
        const w2 = await load(two.port, e)
        workers.push({ engine, endpoint: e.name, one: w1, two: w2 })
        console.log(`${stories} stories | ${engine} | ${e.name} | WORKERS=1 ${Math.round(w1.rps)} WORKERS=2 ${Math.round(w2.rps)}`)
      }
      await stop(one.child)
      await stop(two.child)
    }
  }
  return {
    stories,
    seedSeconds,
    postgres: archive,
    filesRead,
    loadBefore,
    loadAfter: load1(),
    servers,
    rows,
    firstQuery,
    writes,
    workers,
    slugs: block(visitors.slugs, 0, BLOCK).length,
    searchUrls,
    prefixUrls,
    minutes: (performance.now() - datasetBegan) / 60_000
  }
}
