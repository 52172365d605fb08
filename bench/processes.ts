/** The bench's child processes: started, waited for, measured (memory) and stopped, each one by its own handle. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { ROOT } from './options.js'

/** The environment of a child: this one's, without the variables a run sets itself. */
export function childEnv (env: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env }
  for (const name of ['DATABASE_URL', 'DATABASE_PATH', 'DATABASE_REPLICA_URLS', 'WORKERS', 'RESPONSE_CACHE_MB', 'PORT']) delete base[name]
  return { ...base, ...env }
}

export const children = new Set<ChildProcess>()

export function start (command: string[], env: Record<string, string>, ready: () => Promise<boolean>): Promise<{ child: ChildProcess, ms: number }> {
  const began = performance.now()
  const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'ignore', 'inherit'] })
  children.add(child)
  child.once('exit', () => children.delete(child))
  return new Promise((resolve, reject) => {
    const poll = async () => {
      if (child.exitCode !== null) return reject(new Error(`${command.join(' ')} exited with ${child.exitCode}`))
      if (performance.now() - began > 60_000) return reject(new Error(`${command.join(' ')} did not start`))
      if (await ready().catch(() => false)) return resolve({ child, ms: performance.now() - began })
      setTimeout(poll, 5)
    }
    void poll()
  })
}

export async function stop (child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

const status = (pid: number, field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024
/**
 * The most resident memory the process has had since it started (the kernel's high-water
 * mark, VmHWM), in MB: read just before the server stops, it covers every load of the run,
 * peaks between samples included. Under `taskset` the pid is taskset's, which execs node.
 */
export const peakRssMb = (pid: number) => status(pid, 'VmHWM')
export const rssMb = (pid: number) => status(pid, 'VmRSS')

export const ok = (url: string) => async () => (await fetch(url)).status === 200
/** Reads files once, so that the page cache holds them when timing starts (the VM evicts pages idle for a minute). */
export const readOnce = (files: string[]) => { for (let i = 0; i < files.length; i += 500) spawnSync('cat', files.slice(i, i + 500), { stdio: 'ignore' }) }
export const load1 = () => loadavg().map((n) => n.toFixed(2)).join(' / ')
