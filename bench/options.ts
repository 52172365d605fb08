/** The command line of `npm run bench` and what follows from it and from the machine (bench/run.ts documents the options). */
import { cpus } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const { values: args } = parseArgs({
  options: {
    datasets: { type: 'string', default: '10000,1000000' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '16' },
    engine: { type: 'string', default: 'sqlite' },
    'postgres-url': { type: 'string' },
    only: { type: 'string' },
    report: { type: 'string', default: 'docs/benchmarks.md' }
  }
})
export type EngineName = 'sqlite' | 'postgres'
if (!['sqlite', 'postgres', 'both'].includes(args.engine)) throw new Error(`--engine sqlite|postgres|both, not ${args.engine}`)

/** The parts of a run --only can pick (the default: all). */
export const PARTS = ['hot', 'first', 'search', 'writes', 'workers'] as const
export type Part = typeof PARTS[number]
const only = args.only?.split(',').map((p) => p.trim()) ?? [...PARTS]
for (const p of only) if (!(PARTS as readonly string[]).includes(p)) throw new Error(`--only takes ${PARTS.join(',')}, not ${p}`)
export const runs = (part: Part) => only.includes(part)
export const ONLY = args.only === undefined ? null : only

export const ENGINE_ARG = args.engine
export const ENGINES: EngineName[] = args.engine === 'both' ? ['sqlite', 'postgres'] : [args.engine as EngineName]
export const BOTH = ENGINES.length === 2
export const DATASETS = args.datasets.split(',').map(Number)
export const DURATION = Number(args.duration)
export const CONNECTIONS = Number(args.connections)
export const POSTGRES_URL = args['postgres-url']
export const ROOT = join(import.meta.dirname, '..')
export const REPORT = resolve(ROOT, args.report)
export const DATA = join(ROOT, 'bench', '.data')
export const BASELINE_PORT = 3902
export const ENGINE_LABEL: Record<EngineName, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' }
export { HAS_TASKSET, pinned } from './pinning.js'
export const ALL_CPUS = `0-${cpus().length - 1}`
/** Postgres gets a core of its own when there are three; on two it shares CPU 0 with the server (CPU 1 is the load generator's). */
export const POSTGRES_CPUS = cpus().length >= 3 ? `2-${cpus().length - 1}` : '0'
