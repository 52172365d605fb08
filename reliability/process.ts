/**
 * The server as a child process, for the crash and shutdown checks: started the way
 * production starts it (src/server.ts, through tsx so no build is needed), on a file
 * database and a free port, with rate limits out of the way.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { createServer } from 'node:net'
import { openSqliteEngine } from '../src/db/sqlite/engine.js'
import { projectRoot } from '../src/paths.js'
import { createApiKey } from '../src/repositories/api-keys.js'

export async function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0))
    })
  })
}

export interface Exit { code: number | null, signal: NodeJS.Signals | null, at: number }

export interface ServerProcess {
  child: ChildProcessWithoutNullStreams
  port: number
  base: string
  /** Everything the server wrote to stdout and stderr so far. */
  output (): string
  /** Resolves when the process has exited, with the time it did. */
  exited: Promise<Exit>
}

export interface StartOptions {
  databasePath: string
  port?: number
  /** `tsx` runs src/server.ts (no build needed); `dist` runs the build, about 0.7 s faster to start. */
  runner?: 'tsx' | 'dist'
  logLevel?: string
  env?: Record<string, string>
  /** A command the server runs under, e.g. ['fiu-run', '-x'] for fault injection. */
  prefix?: string[]
}

// Rate limits and load shedding out of the way: these checks judge every answer, and a
// machine busy with other suites must not turn writes into 429s or 503s.
const UNLIMITED = {
  RATE_LIMIT_ANONYMOUS: '1000000',
  RATE_LIMIT_KEY: '1000000',
  RATE_LIMIT_PARTNER: '1000000',
  PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0'
}

export async function startServer (options: StartOptions): Promise<ServerProcess> {
  const port = options.port ?? await freePort()
  const args = options.runner === 'dist' ? ['dist/src/server.js'] : ['--import', 'tsx', 'src/server.ts']
  const command = [...(options.prefix ?? []), process.execPath, ...args]
  const child = spawn(command[0]!, command.slice(1), {
    cwd: projectRoot(),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: options.databasePath,
      LOG_LEVEL: options.logLevel ?? 'warn',
      SEED_DEMO: 'true',
      ...UNLIMITED,
      ...options.env
    },
    stdio: ['pipe', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.on('data', (d: Buffer) => { output += d.toString() })
  child.stderr.on('data', (d: Buffer) => { output += d.toString() })
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })))
  return { child, port, base: `http://127.0.0.1:${port}`, output: () => output, exited }
}

/** Polls /readyz until it answers 200; returns how long that took. Throws if the process exits or time runs out. */
export async function waitReady (server: ServerProcess, timeoutMs = 60_000): Promise<number> {
  const started = Date.now()
  while (Date.now() - started < timeoutMs) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`server exited (${server.child.exitCode ?? server.child.signalCode}) before it was ready:\n${server.output().slice(-4000)}`)
    }
    try {
      const res = await fetch(`${server.base}/readyz`)
      await res.arrayBuffer()
      if (res.ok) return Date.now() - started
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`server not ready after ${timeoutMs} ms:\n${server.output().slice(-4000)}`)
}

/** Ends a server that outlived its test: SIGKILL, then wait for the exit. */
export async function killServer (server: ServerProcess): Promise<Exit> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL')
  return server.exited
}

/**
 * Creates the database (migrations only) with one editor key in it, before any server
 * has run, and returns the bearer header. The server seeds the demo data on first start.
 */
export async function prepareDatabase (databasePath: string): Promise<{ authorization: string }> {
  const database = openSqliteEngine(databasePath)
  try {
    await database.migrate()
    const key = await createApiKey(database.db, { name: 'reliability editor', role: 'editor', expiresAt: null }, Date.now())
    return { authorization: `Bearer ${key.token}` }
  } finally {
    await database.close()
  }
}

export const walPath = (databasePath: string) => `${databasePath}-wal`
