/**
 * The rendering half of seed:large, in a worker thread: while the main thread writes
 * one batch, this one renders the next.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { syntheticStory } from '../demo/synthetic.js'
import { batchWords, renderRow, type BulkRow, type Pools } from '../repositories/bulk-loader.js'

export interface RenderJob { pools: Pools, siteUrl: string, now: number }
export interface RenderRequest { start: number, end: number }
export interface RenderedBatch { rows: BulkRow[], words: Map<string, number> }

const job = workerData as RenderJob
const counts = { sections: job.pools.sections.length, authors: job.pools.authors.length, tags: job.pools.tags.length, heroes: job.pools.heroes.length }
parentPort!.on('message', ({ start, end }: RenderRequest) => {
  const rows: BulkRow[] = []
  for (let n = start; n < end; n++) rows.push(renderRow(syntheticStory(n, counts), job.pools, job.siteUrl, job.now))
  parentPort!.postMessage({ rows, words: batchWords(rows) } satisfies RenderedBatch)
})
