/**
 * Process entry: config, app, listen, graceful shutdown.
 *
 * On SIGTERM or SIGINT (or the other termination signals close-with-grace listens to):
 * stop accepting connections, let the requests already received finish, answer any
 * request that still arrives on an open keep-alive connection with a 503 problem+json and
 * Retry-After, close the app (the database plugin checkpoints the WAL), and exit 0.
 * Connections still open after 8 s are cut so the database closes cleanly; if closing
 * takes more than 10 s in all, or a second signal comes, exit 1. An uncaught error
 * closes the same way and exits 1.
 *
 * WORKERS > 1: this process becomes the cluster primary (src/cluster/primary.ts), which
 * runs this file again in each worker. A worker serves as above, but leaves the stopping
 * signals to the primary (a terminal's Ctrl-C and systemd's SIGTERM reach every process
 * at once): it drains when the primary tells it to (src/cluster/worker.ts).
 */
import cluster from 'node:cluster'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { fileURLToPath } from 'node:url'
import closeWithGrace from 'close-with-grace'
import type { FastifyBaseLogger } from 'fastify'
import { buildApp } from './app.js'
import { runPrimary } from './cluster/primary.js'
import { PRIMARY_SIGNALS, followPrimary, isClusterWorker, whenPrimaryShutsDown } from './cluster/worker.js'
import { ConfigError, databaseEngine, loadConfig } from './config.js'
import { EngineUnavailable } from './db/engine.js'
import { problemBody } from './http/problem-reply.js'
import { SECURITY_HEADERS } from './http/security-headers.js'

/** How long a graceful shutdown may take before the process exits 1 anyway. */
const SHUTDOWN_GRACE_MS = 10_000
/** Connections still open this long into a shutdown are cut, leaving time to close the database. */
const HARD_CLOSE_MS = SHUTDOWN_GRACE_MS - 2_000
/** A restart takes about a second (cold start to ready); clients retry after this. */
const RETRY_AFTER_SECONDS = 2

/**
 * Puts itself in front of the server's request handler. Until start() it only tracks the
 * requests in progress; after, every new request is refused with a 503, and connections
 * are closed as soon as the request in progress on them is answered, so server.close()
 * (which waits for every connection) returns without waiting for keep-alive timeouts.
 * A connection still open `hardCloseMs` after start() (a client that never finishes its
 * request) is cut, so the database still closes cleanly before the grace period ends.
 *
 * Fastify's own `return503OnClosing` answers a plain application/json body without
 * Retry-After; this answers first, so that path is never reached.
 */
function drainer (server: Server, log: FastifyBaseLogger, hardCloseMs: number) {
  const handlers = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>
  if (handlers.length === 0) throw new Error('drainer: the server has no request handler yet')
  server.removeAllListeners('request')
  const inProgress = new Set<ServerResponse>()
  let draining = false

  const closeIdle = () => { setImmediate(() => server.closeIdleConnections()) }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (draining) {
      refuse(req, res)
      return
    }
    inProgress.add(res)
    res.once('close', () => {
      inProgress.delete(res)
      if (draining) closeIdle()
    })
    for (const handler of handlers) handler.call(server, req, res)
  })

  return {
    get inProgress () { return inProgress.size },
    start () {
      draining = true
      // Answers not yet started say the connection ends with them; the rest are closed
      // when idle (above).
      for (const res of inProgress) if (!res.headersSent) res.setHeader('Connection', 'close')
      setTimeout(() => {
        log.warn({ inProgress: inProgress.size }, `connections still open ${hardCloseMs} ms into shutdown: closing them`)
        server.closeAllConnections()
      }, hardCloseMs).unref()
    }
  }
}

function refuse (req: IncomingMessage, res: ServerResponse): void {
  const body = JSON.stringify(problemBody({ status: 503, code: 'shutting_down', detail: 'The server is shutting down; retry shortly' }, req.url ?? '/'))
  res.writeHead(503, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'Retry-After': String(RETRY_AFTER_SECONDS),
    Connection: 'close'
  })
  res.end(body)
}

async function main (): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(78) // EX_CONFIG
    }
    throw err
  }
  if (cluster.isPrimary && config.workers > 1) {
    // Each worker would have a database of its own, and see none of the others' writes.
    const engine = databaseEngine(config)
    if (engine.kind === 'sqlite' && engine.path === ':memory:') {
      console.error('Invalid configuration:\n  WORKERS: more than one worker needs a database file or PostgreSQL, not :memory:')
      process.exit(78) // EX_CONFIG
    }
    runPrimary({ workers: config.workers, exec: fileURLToPath(import.meta.url), logLevel: config.logLevel })
    return
  }
  const worker = isClusterWorker()
  if (worker) followPrimary()
  let app
  try {
    app = await buildApp(config)
  } catch (err) {
    // A database that cannot be reached: the message names the variable to fix, no stack trace.
    if (err instanceof EngineUnavailable) {
      console.error(err.message)
      process.exit(69) // EX_UNAVAILABLE
    }
    throw err
  }
  const drain = drainer(app.server, app.log, HARD_CLOSE_MS)
  const closing = closeWithGrace({
    delay: SHUTDOWN_GRACE_MS,
    skip: worker ? [...PRIMARY_SIGNALS] : [],
    logger: { error: (message: unknown) => app.log.error(message) },
    onTimeout: (delay) => app.log.error({ inProgress: drain.inProgress }, `shutdown took longer than ${delay} ms, exiting`),
    onSecondSignal: (signal) => app.log.error({ signal }, 'second signal during shutdown, exiting')
  }, async ({ signal, err }) => {
    if (err !== undefined) app.log.error({ err }, 'uncaught error, shutting down')
    else app.log.info({ signal: signal ?? (worker ? 'cluster primary' : undefined), inProgress: drain.inProgress }, 'shutting down')
    const started = Date.now()
    drain.start()
    await app.close()
    app.log.info({ ms: Date.now() - started }, 'closed')
  })
  await app.listen({ port: config.port, host: config.host })
  if (worker) whenPrimaryShutsDown(() => { void closing.close() })
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
