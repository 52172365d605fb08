/** docs/benchmarks.md (or --report's path): the command, the machine, the targets table, and each archive's figures. */
import { existsSync, readFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join, relative } from 'node:path'
import { key, type DatasetReport, type Row } from './dataset.js'
import type { Figures } from './load.js'
import { percentile } from './load.js'
import { ALL_CPUS, BOTH, CONNECTIONS, DATASETS, DURATION, ENGINE_ARG, ENGINE_LABEL, ENGINES, HAS_TASKSET, ONLY, POSTGRES_CPUS, POSTGRES_URL, ROOT, type EngineName } from './options.js'
import type { PostgresHost } from './postgres-archive.js'
import { GROWN_BY_BENCH_WRITES } from './sqlite-archive.js'
import { EARLIER_TARGETS, TARGETS, verdict, withinTwice, type Target } from './targets.js'

const OBSTACLES = join(ROOT, 'docs', 'performance-obstacles.md')

const version = (pkg: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version
const ms = (n: number) => n.toFixed(1)
const x = (n: number) => `${n.toFixed(2)}×`
const table = (head: string[], lines: string[][]) => [head, head.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n')

function targetsTable (d: DatasetReport, targets: Target[]): string {
  const head = ['target', ...ENGINES.map((e) => ENGINE_LABEL[e]), ...(BOTH ? ['7. PostgreSQL within 2× of SQLite'] : [])]
  return table(head, targets.map((t) => {
    const m = Object.fromEntries(ENGINES.map((e) => [e, t.measure(d, e)]))
    return [t.name, ...ENGINES.map((e) => { const f = m[e]; return f === null || f === undefined ? 'not measured' : typeof f === 'string' ? f : verdict(f) }), ...(BOTH ? [withinTwice(m.sqlite ?? null, m.postgres ?? null)] : [])]
  }))
}

function mainTable (rows: Row[], cache: boolean): string {
  const head = ['endpoint', 'status', 'bytes', ...ENGINES.flatMap((e) => [`${ENGINE_LABEL[e]} req/s`, 'p50 ms', 'p99 ms', 'bare req/s', '× bare']), ...(BOTH ? ['PostgreSQL / SQLite req/s'] : [])]
  return table(head, rows.map((r) => {
    const values = (pick: (e: EngineName) => string) => [...new Set(ENGINES.map(pick))].join(' / ')
    return [r.endpoint.name, values((e) => String(r.status[e])), values((e) => String(r.bytes[e])), ...ENGINES.flatMap((e) => {
      const f = r.real[key(e, cache)]!
      const shed = `${f.shed > 0 ? ` (${f.shed} × 503)` : ''}${f.timeouts > 0 ? ` (${f.timeouts} timeouts)` : ''}`
      if (f.total === 0) return [`0${shed}`, '–', '–', String(Math.round(r.bare[e]!.rps)), '– (no answer within the measured seconds)']
      return [`${Math.round(f.rps)}${f.wrapped ? ' †' : ''}${shed}`, String(f.p50), String(f.p99), String(Math.round(r.bare[e]!.rps)), `**${x(f.rps / r.bare[e]!.rps)}**`]
    }), ...(BOTH ? [`**${x(r.real[key('postgres', cache)]!.rps / r.real[key('sqlite', cache)]!.rps)}**`] : [])]
  }))
}

const figures = (f: Figures) => [String(Math.round(f.rps)), String(f.p50), String(f.p99)]

function datasetSection (d: DatasetReport): string {
  const pgLine = d.postgres === null
    ? ''
    : `\n- PostgreSQL archive: ${d.postgres.how} (${d.postgres.prepareSeconds.toFixed(0)} s in this run${d.postgres.restoreSeconds === null ? '' : `, pg_restore and VACUUM ANALYZE ${d.postgres.restoreSeconds.toFixed(0)} s`}). ${d.postgres.times === null
      ? 'The db:copy timings were not recorded.'
      : `\`npm run db:copy -- --no-verify\` copied it in **${d.postgres.times.copySeconds.toFixed(0)} s**; \`--verify-only\` compared the two apps in ${d.postgres.times.verifySeconds.toFixed(0)} s; VACUUM ANALYZE ${d.postgres.times.settleSeconds.toFixed(0)} s; pg_dump ${d.postgres.times.dumpSeconds.toFixed(0)} s (from the run that copied it).`}`
  const serverLine = ENGINES.map((e) => {
    const on = d.servers.find((s) => s.engine === e && s.cache)!
    const off = d.servers.find((s) => s.engine === e && !s.cache)!
    return `${ENGINE_LABEL[e]}: cold start to first 200 **${Math.round(on.coldStartMs)} ms**, RSS peak over the whole run (the kernel's high-water mark, VmHWM, read as the server stopped) **${Math.round(on.peakRss)} MB** (cache on) / ${Math.round(off.peakRss)} MB (cache off)`
  }).join('; ')
  const hot = d.rows.filter((r) => r.endpoint.paths === undefined)
  const first = d.rows.filter((r) => r.endpoint.paths !== undefined)
  const rowTables = (rows: Row[], what: string) => rows.length === 0
    ? ''
    : `### ${what}, response cache on (as shipped)\n\n${mainTable(rows, true)}\n\n### ${what}, response cache off (\`RESPONSE_CACHE_MB=0\`)\n\n${mainTable(rows, false)}\n`
  const notes = [
    d.rows.some((r) => Object.values(r.real).some((f) => f.wrapped)) ? '† The list of distinct URLs ran out during the measurement and started again: the later requests were repeats (answered from the response cache when it is on).' : '',
    d.rows.some((r) => Object.values(r.real).some((f) => f.shed > 0)) ? '(N × 503): answers the server shed under load (its pressure plugin), left out of req/s; the latency columns include them.' : '',
    d.rows.some((r) => Object.values(r.real).some((f) => f.timeouts > 0)) ? '(N timeouts): requests with no answer within autocannon\'s 10 s (or whose connection failed), left out of req/s and latencies.' : ''
  ].filter((n) => n !== '').join('\n\n')
  const searchSection = d.firstQuery.length === 0
    ? ''
    : `### Search as a first visitor meets it

Distinct queries drawn from the archive's vocabulary (common: words in ≥ 5 % of stories; rare: in 2–20 stories; prefixes: three, four or five letters starting words in ≥ 1 % of stories), with no type or one of three types in turn, each asked once, one at a time, of the cache-on server after its start (nothing cached; ms). Meanwhile another connection asks \`/healthz\` back to back (2 ms apart): its slowest answer is how long the event loop was held at most.

${table(['query', ...ENGINES.flatMap((e) => [`${ENGINE_LABEL[e]} p50`, 'p99', 'max', 'slowest /healthz'])],
  d.firstQuery.map((q) => [`${q.kind} (${q.count})`, ...ENGINES.flatMap((e) => [`**${ms(percentile(q.ms[e]!, 0.5))}**`, ms(percentile(q.ms[e]!, 0.99)), ms(Math.max(...q.ms[e]!)), ms(q.stallMs[e]!)])]))}
`
  const writeEngines = ENGINES.filter((e) => d.writes[e] !== undefined)
  const writeSection = writeEngines.length === 0
    ? ''
    : `### Writes

An editor key (\`npm run keys\`) PATCHes the titles of the ${d.writes[writeEngines[0]!]!.storiesWritten} oldest public stories (each connection a story no other is writing, with \`If-Match\` from its last answer), on the cache-on server, ${CONNECTIONS} connections; then random first-visit reads (stories by slug) alone, and other random reads with as many connections writing at the same time (both load generators in the bench process on CPU 1). The titles are put back afterwards; the change log keeps the writes.

${table(['engine', 'PATCH alone /s', 'p50 ms', 'p99 ms', 'reads alone req/s', 'p50 ms', 'p99 ms', 'reads with writes req/s', 'p50 ms', 'p99 ms', 'with / alone', 'PATCH with reads /s', 'p50 ms', 'p99 ms'],
  writeEngines.map((e) => { const w = d.writes[e]!; return [ENGINE_LABEL[e], ...figures(w.patchAlone), ...figures(w.readsAlone), ...figures(w.readsWithWrites), `**${x(w.readsWithWrites.rps / w.readsAlone.rps)}**`, ...figures(w.writesWithReads)] }))}
`
  const workerSection = d.workers.length === 0
    ? ''
    : `### \`WORKERS=2\` against \`WORKERS=1\`

Both servers allowed both CPUs (\`taskset -c ${ALL_CPUS}\`), cache on; autocannon on CPU 1${ENGINES.includes('postgres') ? `, PostgreSQL on CPU ${POSTGRES_CPUS}` : ''}. No target on this machine: the load generator takes one of the cores the workers would use.

${table(['engine', 'endpoint', 'WORKERS=1 req/s', 'p50 ms', 'p99 ms', 'WORKERS=2 req/s', 'p50 ms', 'p99 ms', '2 / 1'],
  d.workers.map((w) => [ENGINE_LABEL[w.engine], w.endpoint, ...figures(w.one), ...figures(w.two), `**${x(w.two.rps / w.one.rps)}**`]))}
`
  return `## ${d.stories.toLocaleString('en')} stories

- SQLite archive seeded in **${d.seedSeconds === null ? 'n/a' : `${d.seedSeconds.toFixed(0)} s`}** (\`bench/.data/stories-${d.stories}.db.seed.json\`, written by the run of \`npm run bench\` that built the archive; n/a when it was built otherwise).${pgLine}
- ${serverLine}.
- Read once before timing: ${d.filesRead.join('; ')}. Load average (1 / 5 / 15 min, \`uptime\`): ${d.loadBefore} before timing, ${d.loadAfter} after; this archive took ${d.minutes.toFixed(1)} min.
- First-visitor rows: each its own draw from the archive (up to ${d.slugs.toLocaleString('en')} distinct URLs: story and review slugs, Latest Stories and latest-feed cursors signed for random stories, i.e. at random depths; ${d.searchUrls.toLocaleString('en')} distinct word searches, ${d.prefixUrls.toLocaleString('en')} distinct prefix searches, each word with no type and each of three types; the 50-client search row asks the same words at \`limit=10\`, URLs of its own), one URL after the other; a list is started again from its beginning for each measurement (1 s warm-up, then ${DURATION} s), and wraps around when a server answers more requests than it holds (marked †; then, cache on, the later rounds are hits). The Zipf-like row draws stories by recency rank r (newest first) with weight ~1/r, so repeats are expected. Their baseline replays the first URL's answer.

${rowTables(hot, 'Hot rows (one URL throughout)')}
${rowTables(first, 'First-visitor rows (a different URL each time)')}
${notes}

${searchSection}
${writeSection}
${workerSection}`
}

/** What stands in the way of the targets: kept by hand in OBSTACLES (a run measures, people explain), placed under the table. */
function obstacles (): string {
  if (!existsSync(OBSTACLES)) return ''
  return `\n### What stands in the way (\`${relative(ROOT, OBSTACLES)}\`)\n\n${readFileSync(OBSTACLES, 'utf8').replace(/^#.*\n+/, '').trim()}\n`
}

export function report (reports: DatasetReport[], host: PostgresHost | null, began: number): string {
  const largest = reports.at(-1)!
  const commandLine = `npm run bench -- --engine ${ENGINE_ARG} --datasets ${DATASETS.join(',')} --duration ${DURATION} --connections ${CONNECTIONS}${POSTGRES_URL === undefined ? '' : ' --postgres-url <url>'}${ONLY === null ? '' : ` --only ${ONLY.join(',')}`}`
  return `# Benchmarks

Generated by \`npm run bench\` (\`bench/run.ts\`) on ${new Date().toISOString()}; the run took ${((performance.now() - began) / 60_000).toFixed(1)} min.

- Command: \`${commandLine}\`
- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}; shared with other work (see the load averages).
- Versions: fastify ${version('fastify')}, better-sqlite3 ${version('better-sqlite3')}, pg ${version('pg')}, drizzle-orm ${version('drizzle-orm')}, autocannon ${version('autocannon')}${host === null ? '' : `; PostgreSQL ${host.version} (${host.own ? 'a throwaway cluster from `scripts/pg-test-cluster.sh`' : '`--postgres-url`'}: ${host.settings})`}
- Datasets: the demo publication plus a synthetic archive from \`npm run seed:large -- --stories N\` (kept in
  \`bench/.data/\` and reused; the seeding time is from the run that built it)${host === null ? '' : `, copied into PostgreSQL with \`npm run db:copy\` (reused while the row counts of both match, but for ${GROWN_BY_BENCH_WRITES.map((t) => `\`${t}\``).join(' and ')}, which the write rows grow)`}.
- Method: real servers (\`node dist/server/server.js\`, the bundle \`npm start\` runs) with the in-process response cache on (as shipped) and off
  (\`RESPONSE_CACHE_MB=0\`)${BOTH ? ' on each engine' : ''}, and a bare Fastify process returning the same status, headers and
  body from memory, all pinned to CPU 0 and loaded one at a time, endpoint by endpoint (so the columns of a row were
  measured within a minute of each other); autocannon in the bench process on CPU 1${host === null ? '' : `; PostgreSQL ${host.dataDir !== null && HAS_TASKSET ? `pinned to CPU ${POSTGRES_CPUS}${POSTGRES_CPUS === '0' ? ' with the server (two cores: req/s then measures what a request costs the server and the database together, as SQLite\'s in-process work is counted)' : ''}` : 'not pinned (not a cluster on this machine)'}`}; ${CONNECTIONS} connections
  (50 where a row says so), 1 s warm-up, ${DURATION} s measured per endpoint, after one such load of a review on each server (its connections opened). Hot rows ask the same URL throughout (after the first request a cache-on
  server answers from its response cache, as it would a popular URL); first-visitor rows ask a different URL each time.
  Ratios compare figures from this run only (run-to-run noise is ±10–15%, more when the machine is busy).

## Targets (issue 20, ${largest.stories.toLocaleString('en')} stories)

Each figure against its target, met or missed and by what factor; "not measured" when this run left that part out (\`--only\`).${BOTH ? ' Target 7 compares PostgreSQL\'s figure with SQLite\'s: the factor PostgreSQL is behind (a rate or ratio at least half of SQLite\'s, a time or size at most twice).' : ''}

${targetsTable(largest, TARGETS)}
${obstacles()}
### Targets of earlier issues (hot rows)

${targetsTable(largest, EARLIER_TARGETS)}

${reports.map(datasetSection).join('\n')}`
}
