/**
 * npm run bench — the real server over prepared archives (10k and 1M stories by
 * default), each endpoint against a bare-Fastify process replaying the same bytes, in
 * the same run, on SQLite, PostgreSQL or both, with the in-process response cache on and
 * off: hot rows (one URL), first-visitor rows (URLs drawn from the archive), search as a
 * first visitor meets it, writes alone and with reads, WORKERS=2. The servers run pinned
 * to CPU 0, loaded one at a time; autocannon runs in this process on CPU 1 (the npm
 * script pins it). Writes the report with the targets of issue 20 met or missed.
 *
 * Options: --datasets 10000,1000000  --duration <s> per endpoint (5)  --connections <n> (16)
 *          --engine sqlite|postgres|both (sqlite)  --postgres-url <url> (else a throwaway cluster)
 *          --only hot,first,search,writes,workers (every part)  --report <path> (docs/benchmarks.md)
 * Archives are built by `seed:large` into bench/.data/ and kept: a later run reuses them.
 * On PostgreSQL each archive is a database byline_bench_<N>, filled from the SQLite file by
 * `npm run db:copy` and kept as a dump (bench/.data/stories-<N>.pgdump) for the next
 * throwaway cluster; a database or dump is reused when its row counts match the file's.
 *
 * Modules: options.ts (the command line), processes.ts (children, memory), sqlite-archive.ts
 * and postgres-archive.ts (the archives), first-visitors.ts (what to ask), load.ts
 * (autocannon), writes.ts (the write rows), dataset.ts (one archive's measurements),
 * targets.ts and report.ts (the report).
 */
import { writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import { bench, type DatasetReport } from './dataset.js'
import { DATASETS, ENGINES, REPORT, ROOT } from './options.js'
import { postgresHost } from './postgres-archive.js'
import { children } from './processes.js'
import { report } from './report.js'

const began = performance.now()
const host = ENGINES.includes('postgres') ? await postgresHost() : null
const cleanUp = () => {
  for (const child of children) child.kill('SIGTERM')
  host?.stop()
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { cleanUp(); process.exit(130) })
// An error thrown in a load generator's callback is no rejection the try below sees: the servers would outlive the run.
process.once('uncaughtException', (error) => { console.error(error); cleanUp(); process.exit(1) })
const reports: DatasetReport[] = []
try {
  for (const stories of DATASETS) reports.push(await bench(stories, host))
} finally {
  cleanUp()
}
writeFileSync(REPORT, report(reports, host, began))
console.log(`written to ${relative(ROOT, REPORT)}`)
