/**
 * Preload for the soak test (`node --import ./reliability/loop-monitor.mjs dist/src/server.js`):
 * measures the server from inside its own process without touching production code.
 * Does nothing unless SOAK_STATS_FILE is set. Every SOAK_STATS_INTERVAL_MS (5000) it appends
 * one JSON line { t, rssBytes, heapUsedBytes, heapTotalBytes, externalBytes, arrayBuffersBytes,
 * loopP50Ms, loopP99Ms, loopMaxMs, loopMeanMs }
 * with the event-loop delay percentiles of that interval alone (the histogram is reset
 * after each line). The timer is unref()ed so it never keeps the process alive.
 *
 * Node's histogram records the whole time between two 10 ms timer ticks, so an idle loop
 * reads about 10 ms; the figures here are that raw value minus the resolution (floored at
 * 0), i.e. the delay beyond what was asked for, as @fastify/under-pressure reports it.
 */
import { appendFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { isMainThread } from 'node:worker_threads'

const file = process.env.SOAK_STATS_FILE
// NODE_OPTIONS reaches worker threads too: only the event loop answering requests is measured.
if (file && isMainThread) {
  const RESOLUTION_MS = 10
  const interval = Number(process.env.SOAK_STATS_INTERVAL_MS || 5000)
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
  histogram.enable()
  const delay = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS)
  const round = (ms) => Math.round(ms * 1000) / 1000
  setInterval(() => {
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage()
    const line = {
      t: Date.now(),
      rssBytes: rss,
      heapUsedBytes: heapUsed,
      heapTotalBytes: heapTotal,
      externalBytes: external,
      arrayBuffersBytes: arrayBuffers,
      loopP50Ms: round(delay(histogram.percentile(50))),
      loopP99Ms: round(delay(histogram.percentile(99))),
      loopMaxMs: round(delay(histogram.max)),
      loopMeanMs: round(delay(histogram.mean)),
      samples: histogram.count
    }
    histogram.reset()
    appendFileSync(file, `${JSON.stringify(line)}\n`)
  }, interval).unref()
}
