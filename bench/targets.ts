/**
 * The targets of issue 20 (first visitors, search, memory, cold start, writes, seeding,
 * PostgreSQL within 2× of SQLite), and those of earlier issues the hot rows still answer,
 * each measured from the largest archive of the run.
 */
import { key, type DatasetReport } from './dataset.js'
import { percentile } from './load.js'
import { BOTH, type EngineName } from './options.js'

/** A figure, its target, and which way is better; null: not measured in this run (--only, or not this engine). */
export interface Measure { shown: string, value: number, goal: number, higherIsBetter: boolean }
/** A string: why there is no figure (shown as is). */
export interface Target { name: string, measure: (d: DatasetReport, engine: EngineName) => Measure | string | null }

const x = (n: number) => `${n.toFixed(2)}×`
const row = (d: DatasetReport, name: string) => d.rows.find((r) => r.endpoint.name === name)
const toBare = (name: string, cache: boolean, goal: number) => (d: DatasetReport, e: EngineName): Measure | null => {
  const r = row(d, name)
  if (r === undefined) return null
  const value = r.real[key(e, cache)]!.rps / r.bare[e]!.rps
  return { shown: x(value), value, goal, higherIsBetter: true }
}
const ms = (value: number, goal: number): Measure => ({ shown: `${value.toFixed(1)} ms`, value, goal, higherIsBetter: false })
const firstSearch = (kind: string, p: number, goal: number) => (d: DatasetReport, e: EngineName): Measure | null => {
  const q = d.firstQuery.find((f) => f.kind === kind)
  return q === undefined ? null : ms(percentile(q.ms[e]!, p), goal)
}
const crowd = 'first visitor: 50 clients searching distinct words'
const server = (d: DatasetReport, e: EngineName) => d.servers.find((s) => s.engine === e && s.cache)!

export const TARGETS: Target[] = [
  ...([['random review', 'first visitor: random reviews', 0.5], ['random verdict', 'first visitor: random verdicts', 0.5],
    ['story list at a random cursor', 'first visitor: story list at random cursors', 0.3], ['uncached feed page', 'first visitor: latest-stories feed at random cursors (RSS, Atom, JSON Feed)', 0.3]] as const)
    .flatMap(([what, name, goal]) => [true, false].map((cache): Target => ({ name: `1. ${what}, cache ${cache ? 'on (first visit)' : 'off'}, ≥ ${goal}× bare`, measure: toBare(name, cache, goal) }))),
  { name: '1. 304 at 50 connections ≥ 0.9× bare', measure: toBare('conditional GET → 304, 50 connections', true, 0.9) },
  { name: '2. search, distinct common words, first visit: p50 ≤ 10 ms', measure: firstSearch('common word', 0.5, 10) },
  { name: '2. … p99 ≤ 50 ms', measure: firstSearch('common word', 0.99, 50) },
  { name: '2. search, distinct 3–5 letter prefixes, first visit: p50 ≤ 10 ms', measure: firstSearch('prefix', 0.5, 10) },
  { name: '2. … p99 ≤ 50 ms', measure: firstSearch('prefix', 0.99, 50) },
  {
    name: '2. longest event-loop hold during those searches ≤ 20 ms (slowest /healthz asked meanwhile)',
    measure: (d, e) => d.firstQuery.length === 0 ? null : ms(Math.max(...d.firstQuery.map((q) => q.stallMs[e]!)), 20)
  },
  { name: '2. 50 clients searching distinct words: no 503', measure: (d, e) => { const r = row(d, crowd); if (r === undefined) return null; const n = r.real[key(e, true)]!.shed; return { shown: `${n} × 503`, value: n, goal: 0, higherIsBetter: false } } },
  { name: '2. … ≥ 1,000 req/s', measure: (d, e) => { const r = row(d, crowd); if (r === undefined) return null; const n = r.real[key(e, true)]!.rps; return { shown: `${Math.round(n)} req/s`, value: n, goal: 1000, higherIsBetter: true } } },
  { name: '3. RSS peak through the whole bench, defaults (cache on) ≤ 250 MB', measure: (d, e) => { const n = server(d, e).peakRss; return { shown: `${Math.round(n)} MB`, value: n, goal: 250, higherIsBetter: false } } },
  { name: '4. cold start to the first 200 ≤ 1 s', measure: (d, e) => { const n = server(d, e).coldStartMs; return { shown: `${Math.round(n)} ms`, value: n, goal: 1000, higherIsBetter: false } } },
  { name: '5. PATCH alone ≥ 1,000/s', measure: (d, e) => { const w = d.writes[e]; return w === undefined ? null : { shown: `${Math.round(w.patchAlone.rps)}/s`, value: w.patchAlone.rps, goal: 1000, higherIsBetter: true } } },
  { name: '5. … p99 ≤ 50 ms', measure: (d, e) => { const w = d.writes[e]; return w === undefined ? null : ms(w.patchAlone.p99, 50) } },
  { name: '5. random reads with concurrent writes ≥ 0.8× the same reads alone', measure: (d, e) => { const w = d.writes[e]; if (w === undefined) return null; const n = w.readsWithWrites.rps / w.readsAlone.rps; return { shown: x(n), value: n, goal: 0.8, higherIsBetter: true } } },
  {
    name: '6. seeding 1M stories (`seed:large`) ≤ 300 s',
    measure: (d, e) => e !== 'sqlite' ? '– (SQLite\'s `seed:large`; PostgreSQL is filled by `db:copy`)' : d.seedSeconds === null ? 'n/a: the archive was built before this run and not by `npm run bench` (no `.seed.json`)' : { shown: `${d.seedSeconds.toFixed(0)} s${d.stories === 1_000_000 ? '' : ` (${d.stories.toLocaleString('en')} stories)`}`, value: d.seedSeconds, goal: 300, higherIsBetter: false }
  }
]

/** Targets of earlier issues, answered by the hot rows (one URL asked throughout). */
export const EARLIER_TARGETS: Target[] = [
  { name: 'review by slug ≥ 0.8× bare', measure: toBare('review by slug', true, 0.8) },
  { name: 'verdict ≥ 0.8× bare', measure: toBare('verdict', true, 0.8) },
  { name: '304 ≥ 0.9× bare', measure: toBare('conditional GET → 304', true, 0.9) },
  { name: 'story list first page ≥ 0.5× bare', measure: toBare('story list, first page', true, 0.5) },
  {
    name: 'cursor at 90% ≥ 0.9× first page',
    measure: (d, e) => {
      const deep = row(d, 'story list, cursor at 90% depth')
      const top = row(d, 'story list, first page')
      if (deep === undefined || top === undefined) return null
      const n = deep.real[key(e, true)]!.rps / top.real[key(e, true)]!.rps
      return { shown: x(n), value: n, goal: 0.9, higherIsBetter: true }
    }
  },
  ...(['common word', 'rare word', 'prefix'] as const).flatMap((kind): Target[] => [
    { name: `search (${kind}), one URL, p50 ≤ 5 ms`, measure: (d, e) => { const r = row(d, `search, ${kind}`); return r === undefined ? null : ms(r.real[key(e, true)]!.p50, 5) } },
    { name: '… p99 ≤ 25 ms', measure: (d, e) => { const r = row(d, `search, ${kind}`); return r === undefined ? null : ms(r.real[key(e, true)]!.p99, 25) } }
  ])
]

const met = (m: Measure) => m.higherIsBetter ? m.value >= m.goal : m.value <= m.goal
/** "met", or "missed" and by how much: the factor the figure is off its target by (or the count over it). */
export function verdict (m: Measure): string {
  if (met(m)) return `${m.shown} met`
  if (m.goal === 0) return `${m.shown} **missed**`
  if (m.higherIsBetter && m.value === 0) return `${m.shown} **missed** (no answer within the measured seconds)`
  const factor = m.higherIsBetter ? m.goal / Math.max(m.value, 1e-9) : m.value / m.goal
  return `${m.shown} **missed** (${factor.toFixed(1)}× off)`
}

/** Target 7: PostgreSQL's figure within 2× of SQLite's (a ratio or rate at least half; a time, size or count at most double). */
export function withinTwice (sqlite: Measure | string | null, postgres: Measure | string | null): string {
  if (!BOTH || sqlite === null || postgres === null || typeof sqlite === 'string' || typeof postgres === 'string') return ''
  // A time, size or count below 1 is below what is measured (autocannon's latencies are whole milliseconds).
  const factor = postgres.higherIsBetter ? sqlite.value / Math.max(postgres.value, 1e-9) : postgres.value / Math.max(sqlite.value, 1)
  if (postgres.goal === 0 && !postgres.higherIsBetter) return postgres.value <= Math.max(2 * sqlite.value, 0) ? 'met' : `**missed** (${postgres.value} against ${sqlite.value})`
  return factor <= 2 ? `${x(factor)} met` : `${x(factor)} **missed**`
}
