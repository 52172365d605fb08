/**
 * npm run bench:compare -- <label>=<tree> <label>=<tree> … : server CPU time per request
 * of several builds of Byline (each tree's dist/, built beforehand), in alternating
 * rounds on CPU 0 (the load generator on CPU 1, as the npm script pins it). Throughput
 * swings 2–3× between runs on these VMs; the CPU a request costs the server, read from
 * /proc, moves ±10%. Used for before/after checks of a change (docs/decisions.md).
 *
 * Options: --rounds <n> (3)  --requests <n> per measurement (40000)  --only <case name part>
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '3' }, requests: { type: 'string', default: '40000' }, only: { type: 'string' } }
})
const trees = positionals.map((p) => {
  const [label, tree] = p.split('=')
  if (label === undefined || tree === undefined) throw new Error(`expected <label>=<tree>, got "${p}"`)
  return { label, tree }
})
if (trees.length === 0) throw new Error('give at least one <label>=<tree>, e.g. before=/tmp/byline-main after=.')
const PORT = 3911

/** User + system CPU of a process, in ms (clock ticks of 10 ms). */
function cpuMs (pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

async function measure (tree: string, path: string, env: Record<string, string>): Promise<{ us: number, rps: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'byline-compare-'))
  const child = spawn('taskset', ['-c', '0', process.execPath, 'dist/src/server.js'], {
    cwd: tree,
    env: { ...process.env, PORT: String(PORT), DATABASE_PATH: join(dir, 'byline.db'), LOG_LEVEL: 'warn', RATE_LIMIT_ANONYMOUS: '1000000000', ...env },
    stdio: 'ignore'
  })
  try {
    for (let i = 0; i < 300; i++) {
      if (await fetch(`http://127.0.0.1:${PORT}/readyz`).then((r) => r.ok, () => false)) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const url = `http://127.0.0.1:${PORT}${path}`
    await autocannon({ url, connections: 16, amount: 10_000 })
    const before = cpuMs(child.pid!)
    const n = Number(args.requests)
    const result = await autocannon({ url, connections: 16, amount: n })
    return { us: ((cpuMs(child.pid!) - before) * 1000) / n, rps: Math.round(result.requests.average) }
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
    rmSync(dir, { recursive: true, force: true })
  }
}

interface Case { name: string, path: string, env: Record<string, string> }
const CASES: Case[] = [
  { name: 'review, from the response cache', path: '/v1/reviews/her-2013-review', env: {} },
  { name: 'review, cache off', path: '/v1/reviews/her-2013-review', env: { RESPONSE_CACHE_MB: '0' } },
  { name: 'story list, cache off', path: '/v1/stories?limit=20', env: { RESPONSE_CACHE_MB: '0' } }
]
const cases = CASES.filter((c) => args.only === undefined || c.name.includes(args.only))

const results = new Map<string, Map<string, number[]>>()
for (let round = 0; round < Number(args.rounds); round++) {
  for (const c of cases) {
    for (const { label, tree } of trees) {
      const { us, rps } = await measure(tree, c.path, c.env)
      const byTree = results.get(c.name) ?? new Map<string, number[]>()
      results.set(c.name, byTree.set(label, [...(byTree.get(label) ?? []), us]))
      console.log(`round ${round + 1}  ${label.padEnd(8)} ${c.name.padEnd(32)} ${us.toFixed(1).padStart(7)} µs CPU/request  ${rps} req/s`)
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
console.log(`\n| case | ${trees.map((t) => t.label).join(' | ')} |\n| --- |${trees.map(() => ' --- |').join('')}`)
for (const [name, byTree] of results) {
  console.log(`| ${name} | ${trees.map((t) => `${median(byTree.get(t.label)!).toFixed(1)} µs`).join(' | ')} |`)
}
