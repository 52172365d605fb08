/**
 * PostgreSQL for the bench: a throwaway cluster (or --postgres-url's server), and on it
 * the database byline_bench_<N> holding the archive of N stories: reused when its row
 * counts match the SQLite file's, else restored from the kept dump, else copied with
 * `db:copy` (and dumped for the next throwaway cluster).
 */
import { spawnSync } from 'node:child_process'
import { cpus, totalmem } from 'node:os'
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { ALL_CPUS, DATA, POSTGRES_URL, ROOT } from './options.js'
import { pinPostgres as pinCluster } from './pinning.js'
import { childEnv, readOnce } from './processes.js'
import { sqliteCounts } from './sqlite-archive.js'

export interface PostgresHost { url: string, dataDir: string | null, own: boolean, version: string, settings: string, stop: () => void }

/** The server's postmaster and its children (the backends a new connection gets are forked from the postmaster: they inherit its CPUs). */
export const pinPostgres = (host: PostgresHost, cpuList: string): void => { pinCluster(host.dataDir, cpuList) }

export async function query<T> (url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(text, params)).rows as T[]
  } finally {
    await client.end()
  }
}

/** A throwaway cluster from scripts/pg-test-cluster.sh (stopped on exit: exactly this one), or the server of --postgres-url. */
export async function postgresHost (): Promise<PostgresHost> {
  let url = POSTGRES_URL
  let dataDir: string | null = null
  let stopCluster = () => {}
  if (url === undefined) {
    // shared_buffers as a production server sets it (a quarter of memory, here at most 4 GB: the SQLite file of a 1M archive shares the page cache), not the tests' 128 MB.
    const run = spawnSync(join(ROOT, 'scripts', 'pg-test-cluster.sh'), ['start'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BYLINE_PG_SHARED_BUFFERS: `${Math.max(128, Math.min(4096, Math.round(totalmem() / 4 / 2 ** 20)))}MB` } })
    url = /BYLINE_TEST_POSTGRES_URL=(\S+)/.exec(run.stdout ?? '')?.[1]
    if (run.status !== 0 || url === undefined) throw new Error('scripts/pg-test-cluster.sh start failed (it needs root and PostgreSQL 15); or give --postgres-url')
    const port = new URL(url).port
    stopCluster = () => { spawnSync(join(ROOT, 'scripts', 'pg-test-cluster.sh'), ['stop', port], { stdio: 'inherit' }) }
    const cluster = spawnSync('pg_lsclusters', ['-h'], { encoding: 'utf8' }).stdout.split('\n').map((l) => l.split(/\s+/)).find((f) => f[1] === `byline_test_${port}`)
    dataDir = cluster?.[5] ?? null
  } else {
    // Files can be read ahead (and the server pinned) only when the server is this machine's: a cluster
    // pg_lsclusters lists on the URL's port, or one that says where its files are (a superuser's URL).
    const port = new URL(url).port || '5432'
    const local = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)
      ? spawnSync('pg_lsclusters', ['-h'], { encoding: 'utf8' }).stdout?.split('\n').map((l) => l.split(/\s+/)).find((f) => f[2] === port)?.[5]
      : undefined
    const dir = local !== undefined ? [{ setting: local }] : await query<{ setting: string }>(url, "select setting from pg_settings where name = 'data_directory'").catch(() => [])
    dataDir = dir[0] !== undefined && existsSync(dir[0].setting) ? dir[0].setting : null
  }
  const host = { url, dataDir, own: POSTGRES_URL === undefined, version: '', settings: '', stop: stopCluster }
  try {
    const [{ v }] = await query<{ v: string }>(url, "select current_setting('server_version') as v") as [{ v: string }]
    host.version = v.split(' ')[0]!
    const settings = await query<{ name: string, setting: string }>(url, "select name, current_setting(name) as setting from pg_settings where name in ('shared_buffers', 'huge_pages', 'fsync', 'synchronous_commit', 'full_page_writes') order by name")
    host.settings = settings.map((s) => `${s.name} ${s.setting}`).join(', ')
    pinPostgres(host, ALL_CPUS) // started from this process, it inherited the load generator's CPU
  } catch (error) {
    stopCluster()
    throw error
  }
  return host
}

export const withDatabase = (url: string, name: string) => { const u = new URL(url); u.pathname = `/${name}`; return u.toString() }

const quoted = (table: string) => table.split('.').map((p) => `"${p}"`).join('.')

/**
 * Which of the SQLite file's tables this database has: SQLite keeps tables of its own
 * (`search_terms`, the full-text index's vocabulary, which db:copy does not carry over).
 */
async function sharedTables (url: string, tables: string[]): Promise<string[]> {
  const present = await query<{ t: string }>(url, 'select t from unnest($1::text[]) as t where to_regclass(t) is not null', [tables.map(quoted)])
  return tables.filter((t) => present.some((p) => p.t === quoted(t)))
}

async function postgresCounts (url: string, tables: string[]): Promise<Record<string, number> | null> {
  try {
    const shared = await sharedTables(url, tables)
    if (shared.length === 0) return null
    const sql = shared.map((t) => `select '${t}' as t, count(*)::int as n from ${quoted(t)}`).join(' union all ')
    return Object.fromEntries((await query<{ t: string, n: number }>(url, sql)).map((r) => [r.t, r.n]))
  } catch {
    return null
  }
}

/** Every table both hold has as many rows in each (`b`: the database's, only its tables of `a`'s). */
const sameCounts = (a: Record<string, number>, b: Record<string, number> | null) => b !== null && Object.entries(b).every(([t, n]) => a[t] === n)

export interface CopyTimes { copySeconds: number, verifySeconds: number, settleSeconds: number, dumpSeconds: number }
export interface PostgresArchive { url: string, how: string, times: CopyTimes | null, restoreSeconds: number | null, prepareSeconds: number }

/** The database byline_bench_<N> holding the archive: reused, restored from the kept dump, or copied with db:copy. */
export async function preparePostgres (host: PostgresHost, stories: number, path: string): Promise<PostgresArchive> {
  const began = performance.now()
  const name = `byline_bench_${stories}`
  const url = withDatabase(host.url, name)
  const dump = join(DATA, `stories-${stories}.pgdump`)
  const metaFile = join(DATA, `stories-${stories}.pg.json`)
  const meta = existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) as CopyTimes : null
  const expected = sqliteCounts(path)
  const tables = Object.keys(expected)
  const fresh = async () => {
    await query(host.url, `drop database if exists "${name}" with (force)`)
    await query(host.url, `create database "${name}"`)
  }
  // Statistics and the visibility map, as a long-lived database has them (its own tables only: the shared catalogs are a superuser's).
  const settle = async () => { await query(url, `vacuum (analyze) ${(await sharedTables(url, tables)).map(quoted).join(', ')}`) }
  const exists = (await query(host.url, 'select 1 from pg_database where datname = $1', [name])).length > 0
  const dumpTo = () => {
    const dumped = spawnSync('pg_dump', ['--format', 'custom', '--compress', '1', '--file', `${dump}.partial`, url], { stdio: 'inherit' })
    if (dumped.status !== 0) throw new Error(`pg_dump of ${name} failed`)
    renameSync(`${dump}.partial`, dump) // a run stopped mid-dump leaves no dump to restore
  }
  if (exists && sameCounts(expected, await postgresCounts(url, tables))) {
    if (!existsSync(dump)) {
      // A run stopped between the copy and its dump: the database was maybe never analyzed.
      await settle()
      dumpTo()
      return { url, how: `database ${name} reused (copied by a run that stopped before its VACUUM ANALYZE and dump: both done now)`, times: meta, restoreSeconds: null, prepareSeconds: (performance.now() - began) / 1000 }
    }
    return { url, how: `database ${name} reused`, times: meta, restoreSeconds: null, prepareSeconds: (performance.now() - began) / 1000 }
  }
  if (existsSync(dump)) {
    await fresh()
    const t = performance.now()
    const run = spawnSync('pg_restore', ['--no-owner', '--no-acl', '--jobs', String(cpus().length), '--dbname', url, dump], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' })
    if (run.status !== 0) console.error(`pg_restore said (exit ${run.status}):\n${run.stderr.slice(0, 2000)}`)
    // A dump made before the newest migrations is brought up to date, as a start would.
    const migrated = spawnSync(process.execPath, ['dist/src/cli/migrate.js'], { cwd: ROOT, env: childEnv({ DATABASE_URL: url, LOG_LEVEL: 'warn' }), stdio: 'inherit' })
    if (migrated.status !== 0) throw new Error(`npm run db:migrate on ${name} failed (exit ${migrated.status})`)
    await settle()
    const restoreSeconds = (performance.now() - t) / 1000
    if (sameCounts(expected, await postgresCounts(url, tables))) {
      return { url, how: `restored from ${dump.slice(ROOT.length + 1)}`, times: meta, restoreSeconds, prepareSeconds: (performance.now() - began) / 1000 }
    }
    console.error(`${dump}: row counts differ from ${path}; copying again`)
  }
  await fresh()
  // The copy, then db:copy's own check that both engines answer every public URL alike (sampled past 500 stories), timed apart.
  const dbCopy = (...flags: string[]) => {
    const t = performance.now()
    // `npm run db:copy` is a build, then this (npm run bench has just built): the time is the copy's alone.
    const run = spawnSync(process.execPath, ['dist/src/cli/db-copy.js', '--from', path, '--to', url, ...flags], { cwd: ROOT, env: childEnv({ LOG_LEVEL: 'warn' }), stdio: 'inherit' })
    if (run.status !== 0) throw new Error(`npm run db:copy -- --from ${path} --to ${url} ${flags.join(' ')} failed (exit ${run.status})`)
    return (performance.now() - t) / 1000
  }
  const copySeconds = dbCopy('--no-verify')
  const verifySeconds = dbCopy('--verify-only')
  let t = performance.now()
  await settle()
  const settleSeconds = (performance.now() - t) / 1000
  // Counted again: db:copy stores the cursor secret in a source that never served (a fresh archive).
  const source = sqliteCounts(path)
  const counts = await postgresCounts(url, tables)
  if (!sameCounts(source, counts)) throw new Error(`after db:copy the row counts differ: ${JSON.stringify({ source, counts })}`)
  t = performance.now()
  dumpTo()
  const dumpSeconds = (performance.now() - t) / 1000
  writeFileSync(metaFile, JSON.stringify({ copySeconds, verifySeconds, settleSeconds, dumpSeconds } satisfies CopyTimes))
  return { url, how: `copied with db:copy in this run, then dumped to ${dump.slice(ROOT.length + 1)}`, times: { copySeconds, verifySeconds, settleSeconds, dumpSeconds }, restoreSeconds: null, prepareSeconds: (performance.now() - began) / 1000 }
}

/** Reads the database's files once (the throwaway cluster's, or --postgres-url's when it is local and says where they are). */
export async function readPostgresFiles (host: PostgresHost, url: string): Promise<boolean> {
  if (host.dataDir === null) return false
  const [{ oid }] = await query<{ oid: number }>(url, 'select oid from pg_database where datname = current_database()') as [{ oid: number }]
  const dir = join(host.dataDir, 'base', String(oid))
  readOnce(readdirSync(dir).map((f) => join(dir, f)))
  return true
}
