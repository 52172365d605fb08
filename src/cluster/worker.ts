/**
 * What a process needs to know about being one of Byline's cluster workers (WORKERS > 1,
 * src/cluster/primary.ts). The primary starts its workers with WORKER_ARG on their
 * command line: a process that node:cluster started for someone else (pm2's cluster
 * mode, say) is not ours, counts its own rate limits and handles its own signals.
 */
import cluster from 'node:cluster'

export const WORKER_ARG = '--byline-cluster-worker'

/** Whether this process is a worker forked by Byline's own cluster primary. */
export const isClusterWorker = (): boolean => cluster.isWorker && process.argv.includes(WORKER_ARG)

/**
 * The signals that stop the server. They often reach every process at once: a terminal
 * sends Ctrl-C (SIGINT), Ctrl-\ and its hangup to the whole process group, and systemd
 * sends SIGTERM to the whole control group. Only the primary acts on them; it asks each
 * worker to drain with a message (SHUTDOWN). A worker acting on the signal as well would
 * take the primary's request for a second signal and exit 1, or exit before the primary
 * knew it was shutting down, and be replaced.
 */
export const PRIMARY_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP'] as const

/** Primary → worker: drain and exit, as a single process does on SIGTERM. */
export const SHUTDOWN = { type: 'byline:shutdown' } as const

let shutdownRequested = false
let onShutdown: (() => void) | null = null

/**
 * In a worker, first thing: ignore PRIMARY_SIGNALS (their default action would end the
 * worker at once), and note the primary's SHUTDOWN even before the server can act on it.
 */
export function followPrimary (): void {
  for (const signal of PRIMARY_SIGNALS) process.on(signal, () => {})
  process.on('message', (message: unknown) => {
    if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== SHUTDOWN.type || shutdownRequested) return
    shutdownRequested = true
    onShutdown?.()
  })
}

/** Runs `drain` on the primary's SHUTDOWN, at once if it already came. */
export function whenPrimaryShutsDown (drain: () => void): void {
  onShutdown = drain
  if (shutdownRequested) drain()
}
