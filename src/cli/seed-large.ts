/**
 * npm run seed:large -- --stories 1000000 — a deterministic synthetic archive on top of
 * the demo publication in DATABASE_PATH, in batched transactions. Running it again
 * resumes where it stopped (or does nothing when the archive is complete). A worker
 * thread renders the next batch while this thread writes the current one.
 */
import { parseArgs } from 'node:util'
import { Worker } from 'node:worker_threads'
import { databaseEngine, loadConfig } from '../config.js'
import { openSqliteEngine } from '../db/sqlite/engine.js'
import { demoDataset } from '../demo/index.js'
import { bulkLoader, loadPools, syntheticCount } from '../repositories/bulk-loader.js'
import { refreshRenderings } from '../repositories/renderings.js'
import { isEmpty, seedDataset } from '../repositories/seed-writer.js'
import type { RenderedBatch, RenderJob, RenderRequest } from './seed-large-render.js'

const { values } = parseArgs({ options: { stories: { type: 'string', default: '10000' }, batch: { type: 'string', default: '10000' } } })
const total = Number(values.stories)
const batchSize = Number(values.batch)
if (!Number.isInteger(total) || total < 1 || !Number.isInteger(batchSize) || batchSize < 1) {
  console.error('usage: npm run seed:large -- --stories <N ≥ 1> [--batch <N ≥ 1>]')
  process.exit(2)
}

const config = loadConfig()
const engine = databaseEngine(config)
if (engine.kind !== 'sqlite') {
  console.error('seed:large writes a SQLite file: unset DATABASE_URL, load the archive, then copy it with npm run db:copy')
  process.exit(2)
}
const database = openSqliteEngine(engine.path)
// A loader, not a server: a crash loses at most the batch in flight, and a rerun resumes.
database.sqlite.pragma('synchronous = OFF')
database.sqlite.pragma('cache_size = -262144')
await database.migrate()
await refreshRenderings(database, config.siteUrl)
if (await isEmpty(database.db)) await seedDataset(database, demoDataset(), config.siteUrl)

const now = Date.now()
const job: RenderJob = { pools: await loadPools(database.db), siteUrl: config.siteUrl, now }
const worker = new Worker(new URL('./seed-large-render.js', import.meta.url), { workerData: job })
worker.on('error', (error) => { console.error(error); process.exit(1) })
// One listener for good: a listener per request would keep every resolved batch alive.
let delivered: ((batch: RenderedBatch) => void) | null = null
worker.on('message', (batch: RenderedBatch) => { const resolve = delivered!; delivered = null; resolve(batch) })
const render = (start: number): Promise<RenderedBatch> => new Promise((resolve) => {
  delivered = resolve
  worker.postMessage({ start, end: Math.min(total, start + batchSize) } satisfies RenderRequest)
})

const loader = bulkLoader(database)
const began = performance.now()
const from = await syntheticCount(database.db)
let pending = from < total ? render(from) : null
for (let start = from; start < total; start += batchSize) {
  const { rows, words } = await pending!
  const next = start + batchSize
  pending = next < total ? render(next) : null
  loader.insert(rows, words, start + rows.length, now)
  const done = start + rows.length
  process.stdout.write(`\r${done.toLocaleString('en')} / ${total.toLocaleString('en')} stories, ${Math.round((done - from) / ((performance.now() - began) / 1000)).toLocaleString('en')}/s`)
}
await worker.terminate()
database.sqlite.pragma('wal_checkpoint(TRUNCATE)')
await database.close()
const seconds = (performance.now() - began) / 1000
console.log(`\n${from >= total ? 'already complete' : `added ${(total - from).toLocaleString('en')} stories`} in ${seconds.toFixed(1)} s: ${engine.path}`)
