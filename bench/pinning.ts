/** Pinning processes to CPUs for the benches (bench/run.ts, bench/webhooks.ts): taskset where it exists. */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export const HAS_TASKSET = spawnSync('which', ['taskset']).status === 0

/** `command` run on `cpu` (a taskset CPU list), or as it is without taskset. */
export const pinned = (cpu: string, command: string[]) => HAS_TASKSET ? ['taskset', '-c', cpu, ...command] : command

/** A PostgreSQL cluster's postmaster and its children onto `cpuList` (backends forked later inherit it). */
export function pinPostgres (dataDir: string | null, cpuList: string): void {
  if (dataDir === null || !HAS_TASKSET || !existsSync(join(dataDir, 'postmaster.pid'))) return
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
  const pids = [postmaster]
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster) pids.push(Number(entry))
    } catch { /* gone */ }
  }
  for (const pid of pids) spawnSync('taskset', ['-a', '-p', '-c', cpuList, String(pid)], { stdio: 'ignore' })
}
