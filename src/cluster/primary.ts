/**
 * WORKERS > 1: this process becomes a node:cluster primary that serves nothing itself.
 * It forks the workers (each runs src/server.ts: buildApp and listen on the same
 * PORT/HOST, the port shared by node:cluster), counts their rate limits
 * (src/cluster/rate-limits.ts), replaces a worker that dies, and drains them all on
 * SIGTERM or SIGINT.
 *
 * Boot work: the first worker starts alone, and the others are forked once it listens.
 * By then it has migrated the database, refreshed stale renderings and seeded an empty
 * one, so the others find all of it done and never race on it. This runs the boot work
 * with the very code a single process runs, on either engine, and the primary never
 * opens the database (it holds no connection, no writer thread and nothing to close).
 *
 * Replacing: a worker that exits while the primary is not shutting down is forked again
 * after a backoff (100 ms, doubling with each recent death, up to 5 s). More than
 * MAX_DEATHS deaths within DEATH_WINDOW_MS means something is wrong with every worker
 * (a disk, the database): the primary drains the rest and exits 1. A first worker that
 * exits before it ever listened (a boot failure) ends the primary at once, with the
 * worker's exit code, as a single process would exit.
 *
 * Shutdown: SIGTERM, SIGINT, SIGHUP or SIGQUIT to the primary tells every worker to
 * drain, as a single process does on SIGTERM (src/server.ts); the primary exits 0 when
 * all have exited cleanly, 1 otherwise. On a second signal, or with workers still
 * running SHUTDOWN_GRACE_MS after the first, it kills them (SIGKILL) and exits 1.
 * Workers ignore those signals, which often reach every process at once (a terminal's
 * Ctrl-C, systemd's SIGTERM to the control group): see src/cluster/worker.ts.
 */
import cluster, { type Worker } from 'node:cluster'
import { hostname } from 'node:os'
import { primaryRateLimitCounters } from './rate-limits.js'
import { PRIMARY_SIGNALS, SHUTDOWN, WORKER_ARG } from './worker.js'

const MAX_DEATHS = 5
const DEATH_WINDOW_MS = 60_000
const FIRST_BACKOFF_MS = 100
const MAX_BACKOFF_MS = 5_000
/** A worker's own grace (10 s, src/server.ts) and a little more. */
const SHUTDOWN_GRACE_MS = 12_000

export interface PrimaryOptions {
  workers: number
  /** The worker's script: src/server.ts (or its build), run with this process's execArgv. */
  exec: string
  logLevel: string
}

const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity }
type Log = (fields: Record<string, unknown>, msg: string) => void

/** Lines in pino's shape (the workers' logger), so one log stream reads the same throughout. */
function primaryLogger (level: string): { info: Log, warn: Log, error: Log } {
  const least = LEVELS[level] ?? 30
  const host = hostname()
  const at = (value: number): Log => (fields, msg) => {
    if (value < least) return
    process.stdout.write(`${JSON.stringify({ level: value, time: Date.now(), pid: process.pid, hostname: host, role: 'primary', ...fields, msg })}\n`)
  }
  return { info: at(30), warn: at(40), error: at(50) }
}

export function runPrimary (options: PrimaryOptions): void {
  const log = primaryLogger(options.logLevel)
  cluster.setupPrimary({ exec: options.exec, args: [WORKER_ARG] })
  const counters = primaryRateLimitCounters()
  cluster.on('message', counters.answer)

  let shuttingDown = false
  let exitCode = 0
  let everListening = false
  let deaths: number[] = []
  const respawns = new Set<NodeJS.Timeout>()

  const fork = (): Worker => {
    const worker = cluster.fork()
    // A send to a worker that just died fails here rather than as an uncaught error.
    worker.on('error', (err) => log.warn({ err: { message: err.message }, worker: worker.id }, 'worker IPC error'))
    log.info({ worker: worker.id, workerPid: worker.process.pid }, 'worker forked')
    return worker
  }
  const alive = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead())

  log.info({ workers: options.workers }, `cluster primary: ${options.workers} workers will serve the port`)

  cluster.on('listening', (worker, address) => {
    log.info({ worker: worker.id, workerPid: worker.process.pid, port: address.port }, 'worker listening')
    // Booting when the shutdown began: it may not have been listening for messages yet.
    if (shuttingDown) tellToDrain(worker)
    if (everListening) return
    everListening = true
    // The boot work is done (see above): the others may start.
    if (!shuttingDown) for (let i = 1; i < options.workers; i++) fork()
  })

  cluster.on('exit', (worker, code, signal) => {
    if (shuttingDown) {
      if (code !== 0) exitCode = 1
      log.info({ worker: worker.id, workerPid: worker.process.pid, code, signal }, 'worker exited')
      if (alive().length === 0) finish()
      return
    }
    log.error({ worker: worker.id, workerPid: worker.process.pid, code, signal }, 'worker exited unexpectedly')
    if (!everListening) {
      log.error({}, 'the first worker exited before it listened: not starting the others')
      // Its own code says why (78: configuration, 69: database unreachable), as a single process's would.
      shutdown(null, code !== null && code !== 0 ? code : 1)
      return
    }
    const now = Date.now()
    deaths = [...deaths.filter((at) => at > now - DEATH_WINDOW_MS), now]
    if (deaths.length > MAX_DEATHS) {
      log.error({ deaths: deaths.length, windowMs: DEATH_WINDOW_MS }, `more than ${MAX_DEATHS} workers died within ${DEATH_WINDOW_MS / 1000} s: giving up`)
      shutdown(null, 1)
      return
    }
    const delay = Math.min(FIRST_BACKOFF_MS * 2 ** (deaths.length - 1), MAX_BACKOFF_MS)
    log.info({ delayMs: delay }, 'replacing the worker')
    const timer = setTimeout(() => {
      respawns.delete(timer)
      if (!shuttingDown) fork()
    }, delay)
    respawns.add(timer)
  })

  let graceTimer: NodeJS.Timeout | undefined
  function finish (): void {
    clearTimeout(graceTimer)
    log.info({ code: exitCode }, 'all workers exited')
    process.exit(exitCode)
  }

  function tellToDrain (worker: Worker): void {
    if (worker.isConnected()) worker.send(SHUTDOWN, undefined, () => {})
  }

  function killAll (): void {
    for (const worker of alive()) worker.process.kill('SIGKILL')
  }

  function shutdown (signal: NodeJS.Signals | null, code: number): void {
    if (shuttingDown) {
      log.error({ signal }, 'second signal during shutdown: killing the workers, exiting')
      killAll()
      process.exit(1)
    }
    shuttingDown = true
    exitCode = code
    for (const timer of respawns) clearTimeout(timer)
    const workers = alive()
    log.info({ signal, workers: workers.length }, 'shutting down: draining the workers')
    if (workers.length === 0) {
      finish()
      return
    }
    for (const worker of workers) tellToDrain(worker)
    graceTimer = setTimeout(() => {
      log.error({ workers: alive().length }, `workers still running ${SHUTDOWN_GRACE_MS} ms into shutdown: killing them, exiting`)
      killAll()
      process.exit(1)
    }, SHUTDOWN_GRACE_MS)
  }

  for (const signal of PRIMARY_SIGNALS) process.on(signal, () => shutdown(signal, 0))

  fork()
}
