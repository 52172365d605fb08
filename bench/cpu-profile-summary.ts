/**
 * A V8 .cpuprofile (node --cpu-prof) summed up: self time by function and by file, for
 * `npm run bench:webhooks -- --cpu-prof`. Also runs alone: tsx bench/cpu-profile-summary.ts <file>…
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'

interface ProfileNode { id: number, callFrame: { functionName: string, url: string, lineNumber: number }, hitCount?: number }
interface Profile { nodes: ProfileNode[], startTime: number, endTime: number, samples: number[], timeDeltas: number[] }

export interface ProfileSummary { file: string, totalMs: number, idleMs: number, functions: Array<[string, number]>, files: Array<[string, number]> }

const where = (url: string) => {
  if (url === '') return '(native)'
  const m = /\/(dist\/src\/.*|node_modules\/(?:@[^/]+\/)?[^/]+)/.exec(url)
  return m?.[1] ?? (url.startsWith('node:') ? url : basename(url))
}

export function summarize (file: string, top = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<number, number>()
  // Each sample's time is the delta that follows it.
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000))
  const functions = new Map<string, number>()
  const files = new Map<string, number>()
  let idleMs = 0
  let totalMs = 0
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame
    totalMs += ms
    if (functionName === '(idle)') { idleMs += ms; continue }
    const name = `${functionName || '(anonymous)'} ${where(url)}${url === '' ? '' : `:${lineNumber + 1}`}`
    functions.set(name, (functions.get(name) ?? 0) + ms)
    const f = url === '' ? functionName : where(url)
    files.set(f, (files.get(f) ?? 0) + ms)
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top)
  return { file, totalMs, idleMs, functions: sorted(functions), files: sorted(files) }
}

export function formatSummary (s: ProfileSummary): string {
  const busy = s.totalMs - s.idleMs
  const pct = (ms: number) => `${(100 * ms / Math.max(1, busy)).toFixed(1)}%`
  return [
    `${basename(s.file)}: ${(s.totalMs / 1000).toFixed(1)} s profiled, ${(busy / 1000).toFixed(1)} s busy`,
    '  self time by function (share of busy time):',
    ...s.functions.map(([name, ms]) => `    ${pct(ms).padStart(6)}  ${Math.round(ms).toString().padStart(6)} ms  ${name}`),
    '  self time by file:',
    ...s.files.map(([name, ms]) => `    ${pct(ms).padStart(6)}  ${Math.round(ms).toString().padStart(6)} ms  ${name}`)
  ].join('\n')
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  for (const file of process.argv.slice(2)) console.log(formatSummary(summarize(file)))
}
