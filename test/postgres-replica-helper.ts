/**
 * A PostgreSQL primary and a streaming replica for a battery test, made with
 * scripts/pg-dev.sh on a free pair of ports under a name of the test's own, and dropped in
 * the test's teardown (and on process exit), whatever failed. Needs root and PostgreSQL 15;
 * `replicaPairUnavailable` says why not, and `replicaPairSkip` is that reason outside CI
 * (in CI a missing PostgreSQL is a failure: the test fails with the reason instead).
 */
import { execFile, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const SCRIPT = fileURLToPath(new URL('../scripts/pg-dev.sh', import.meta.url))
const PSQL = '/usr/lib/postgresql/15/bin/psql'

interface Teardown { teardown (fn: () => unknown): void }

export const replicaPairUnavailable: string | false = process.getuid?.() !== 0
  ? 'pg-dev.sh needs root (pg_createcluster)'
  : !existsSync('/usr/bin/pg_createcluster') || !existsSync('/usr/lib/postgresql/15/bin/postgres')
      ? 'PostgreSQL 15 is not installed (apt-get install -y postgresql)'
      : false
// CI installs PostgreSQL and runs as root, so there a missing one is a failure, not a skip.
export const replicaPairSkip: string | false = replicaPairUnavailable !== false && process.env.CI === undefined ? replicaPairUnavailable : false

export function portFree (port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

async function clusterPorts (): Promise<Set<number>> {
  const { stdout } = await run('pg_lsclusters', ['-h'])
  return new Set(stdout.split('\n').map((line) => Number(line.split(/\s+/)[2])).filter((n) => n > 0))
}

/** A base port with base and base+1 free (no listener, no cluster), in `from`..`from + 2 × pairs`. */
export async function freePortPair (from = 55500, pairs = 50): Promise<number> {
  const taken = await clusterPorts()
  const start = Math.floor(Math.random() * pairs)
  for (let i = 0; i < pairs; i++) {
    const base = from + 2 * ((start + i) % pairs)
    if (!taken.has(base) && !taken.has(base + 1) && await portFree(base) && await portFree(base + 1)) return base
  }
  throw new Error(`no free pair of ports in ${from}-${from + 2 * pairs - 1}`)
}

export interface ReplicaPair {
  /** The prefix of the two clusters' names (`${name}_primary`, `${name}_replica`). */
  name: string
  primaryPort: number
  replicaPort: number
  primaryUrl: string
  replicaUrl: string
  /** pg-dev.sh's progress lines. */
  log: string
  /** Runs `sql` as the postgres superuser on the cluster at `port` (replay control is superuser-only); returns psql's unaligned output. */
  asSuperuser (port: number, sql: string): Promise<string>
  stopReplica (mode?: 'fast' | 'immediate'): Promise<void>
  /** Starts the replica again; resolves once it accepts connections (pg_ctl -w). */
  startReplica (): Promise<void>
  /** Stops and drops both clusters (idempotent; teardown does it too). */
  down (): void
}

/** Runs `sql` as the postgres superuser on the cluster at `port` (replay control is superuser-only); returns psql's unaligned output. */
export async function asSuperuser (port: number, sql: string): Promise<string> {
  const { stdout } = await run('runuser', ['-u', 'postgres', '--', PSQL, '-X', '-At', '-v', 'ON_ERROR_STOP=1',
    '-h', '/var/run/postgresql', '-p', String(port), '-d', 'postgres', '-c', sql], { cwd: '/' })
  return stdout.trim()
}

export async function startReplicaPair (t: Teardown, prefix = 'byline_battery'): Promise<ReplicaPair> {
  const base = await freePortPair()
  const name = `${prefix}_${base}`
  const down = (): void => { spawnSync('bash', [SCRIPT, 'down', '--name', name], { stdio: 'ignore' }) }
  // Registered before `up`, so that a half-made pair is dropped too; `down` is idempotent.
  process.once('exit', down)
  t.teardown(down)
  const { stdout, stderr } = await run('bash', [SCRIPT, 'up', '--port', String(base), '--name', name])
  const primaryUrl = /^DATABASE_URL=(postgres:\/\/\S+)$/m.exec(stdout)?.[1]
  const replicaUrl = /^DATABASE_REPLICA_URLS=(postgres:\/\/\S+)$/m.exec(stdout)?.[1]
  if (primaryUrl === undefined || replicaUrl === undefined) throw new Error(`pg-dev.sh up printed no URLs: ${stdout}\n${stderr}`)
  const replicaCluster = `${name}_replica`
  return {
    name,
    primaryPort: base,
    replicaPort: base + 1,
    primaryUrl,
    replicaUrl,
    log: stderr.trim(),
    asSuperuser,
    async stopReplica (mode = 'fast') {
      await run('pg_ctlcluster', ['15', replicaCluster, 'stop', '-m', mode])
    },
    async startReplica () {
      await run('pg_ctlcluster', ['15', replicaCluster, 'start'])
    },
    down
  }
}

export async function waitFor (what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 5): Promise<number> {
  const started = performance.now()
  for (;;) {
    if (await check()) return performance.now() - started
    if (performance.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}
