/**
 * The PostgreSQL cluster the tests run against: BYLINE_TEST_POSTGRES_URL, which .ci/run
 * sets from scripts/pg-test-cluster.sh (`sudo bash scripts/pg-test-cluster.sh start` gives a
 * developer one; `… stop` drops it). Its role may create databases, not more.
 *
 * freshPostgresDatabase(t): a database of the test's own on that cluster, dropped in the
 * test's teardown (its connections terminated first), so parallel test files never meet.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'

interface Teardown { teardown (fn: () => unknown): void }

export const POSTGRES_URL_VARIABLE = 'BYLINE_TEST_POSTGRES_URL'

/** The cluster's URL, or undefined when the variable is unset or empty. */
export function postgresTestUrl (): string | undefined {
  const url = process.env[POSTGRES_URL_VARIABLE]
  return url === undefined || url === '' ? undefined : url
}

/**
 * Why a Postgres test cannot run here, or false when it can. In CI (process.env.CI set) a
 * missing cluster is no reason to skip: callers fail with this text instead.
 */
export function postgresUnavailableReason (): string | false {
  if (postgresTestUrl() !== undefined) return false
  return `${POSTGRES_URL_VARIABLE} is not set (no PostgreSQL cluster for the tests; \`sudo bash scripts/pg-test-cluster.sh start\` makes one, .ci/run does it itself)`
}

/** A client on `url` that gives up connecting after `timeoutMs` instead of hanging. */
export async function connectPostgres (url: string, timeoutMs = 5000): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs })
  // A server that goes away emits 'error' on an idle client; unhandled, that ends the process.
  client.on('error', () => {})
  await client.connect()
  return client
}

/** `url` with its database name replaced. */
export function withDatabase (url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${encodeURIComponent(database)}`
  return parsed.toString()
}

function quoteIdent (name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/**
 * Creates a uniquely named database (byline_test_<pid>_<random>) on the test cluster and
 * returns its URL; the database is dropped when `t` ends. Throws when no cluster is configured.
 */
export async function freshPostgresDatabase (t: Teardown, options: { prefix?: string } = {}): Promise<string> {
  const base = postgresTestUrl()
  if (base === undefined) throw new Error(postgresUnavailableReason() as string)
  const name = `${options.prefix ?? 'byline_test'}_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = await connectPostgres(base)
  try {
    await admin.query(`create database ${quoteIdent(name)}`)
  } finally {
    await admin.end()
  }
  t.teardown(async () => { await dropPostgresDatabase(base, name) })
  return withDatabase(base, name)
}

/**
 * Terminates the connections to `name` on the cluster at `base`, then drops it. An
 * autovacuum worker busy in the database belongs to the superuser, whom the test role may
 * not terminate (42501): it is asked again a little later, and a database that still
 * cannot be dropped is left to the throwaway cluster, never failing the test it served.
 */
export async function dropPostgresDatabase (base: string, name: string): Promise<void> {
  const admin = await connectPostgres(base)
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and usename = current_user', [name])
        await admin.query(`drop database if exists ${quoteIdent(name)} with (force)`)
        return
      } catch (error) {
        if (attempt >= 10) return
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt))
      }
    }
  } finally {
    await admin.end()
  }
}
