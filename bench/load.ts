/** Requests: one at a time (probe), and under load with autocannon (load), read or write. */
import { get } from 'node:http'
import autocannon from 'autocannon'
import type { BaselineRoute } from './baseline-server.js'
import { CONNECTIONS, DURATION } from './options.js'

// node:http rather than fetch: fetch treats a caller's If-None-Match as its own cache's business.
const PER_RESPONSE = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'])
export const probe = (port: number, path: string, headers: Record<string, string> = {}) => new Promise<BaselineRoute & { ms: number }>((resolve, reject) => {
  const began = performance.now()
  get(`http://127.0.0.1:${port}${path}`, { headers }, (res) => {
    let body = ''
    const replayed = Object.fromEntries(Object.entries(res.headers)
      .filter(([name]) => !PER_RESPONSE.has(name) && !name.startsWith('x-ratelimit-'))
      .map(([name, value]) => [name, String(value)]))
    res.setEncoding('utf8').on('data', (chunk: string) => { body += chunk }).on('end', () =>
      resolve({ path, status: res.statusCode ?? 0, headers: replayed, body, ms: performance.now() - began }))
  }).on('error', reject)
})

/** A request autocannon builds anew each time (a write: its body and If-Match), and what it learns from the answer. */
export interface Dynamic {
  next: () => { method: string, path: string, headers: Record<string, string>, body?: string }
  answered: (status: number, body: string, headers: Record<string, string>) => void
  /** Before each autocannon run: state an interrupted run may have left stale (ETags) is read again. */
  reset?: () => Promise<void>
}

export interface Endpoint {
  name: string
  path: string
  headers?: Record<string, string>
  /** distinct paths, one per request in turn */
  paths?: string[]
  /** connections, when not --connections */
  connections?: number
}

export interface Figures {
  rps: number
  p50: number
  p99: number
  /** answers in the measured seconds (0: latency unknown) */
  total: number
  /** distinct paths ran out and started again */
  wrapped: boolean
  /** 503s: the server shed load (counted apart, not in rps) */
  shed: number
  /** requests with no answer within autocannon's 10 s, or whose connection failed: reported, not fatal (an uncached feed did that) */
  timeouts: number
}

type Loaded = Pick<Endpoint, 'path' | 'headers' | 'paths' | 'connections'> & { dynamic?: Dynamic }

/** One autocannon run: 1 s of warm-up (for distinct paths: the first part of the list), then DURATION s measured. */
export async function load (port: number, e: Loaded): Promise<Figures> {
  const url = `http://127.0.0.1:${port}`
  let next = 0
  const { paths, dynamic } = e
  const requests = dynamic !== undefined
    ? [{ method: 'GET', path: e.path, setupRequest: () => dynamic.next(), onResponse: (status: number, body: string, _context: unknown, headers: Record<string, string>) => dynamic.answered(status, body, headers) }]
    : paths !== undefined
      ? [{ method: 'GET', path: paths[0]!, setupRequest: (request: { path?: string }) => ({ ...request, path: paths[next++ % paths.length]! }) }]
      : undefined
  const options = { url: `${url}${e.path}`, connections: e.connections ?? CONNECTIONS, headers: e.headers ?? {}, ...(requests === undefined ? {} : { requests }) }
  await dynamic?.reset?.()
  await autocannon({ ...options, duration: 1 })
  await dynamic?.reset?.()
  const r = await autocannon({ ...options, duration: DURATION })
  // A 429 or 5xx is fast and would flatter the figures. Load shedding (503, the pressure
  // plugin's answer) is a result to report, counted apart; anything else is a failure.
  const shed = r.statusCodeStats['503']?.count ?? 0
  // A write whose If-Match lost a race (412) is what an editor's client meets and retries:
  // rare (about 1 in 300 on PostgreSQL), not counted as served, and no failure of the run.
  const conflicts = dynamic !== undefined ? r.statusCodeStats['412']?.count ?? 0 : 0
  if (r['4xx'] > conflicts || r['5xx'] > shed) throw new Error(`${url}${e.path}: ${r['4xx']} 4xx and ${r['5xx']} 5xx answers (${JSON.stringify(r.statusCodeStats)})`)
  const served = r.requests.total - shed - conflicts
  return { rps: shed === 0 ? r.requests.average : served / DURATION, p50: r.latency.p50, p99: r.latency.p99, total: served, wrapped: paths !== undefined && next > paths.length, shed, timeouts: Math.max(r.errors, r.timeouts) }
}

export const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? NaN
