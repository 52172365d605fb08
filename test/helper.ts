/**
 * build(t): the real app on a fresh in-memory database with the demo data, closed after the test.
 *
 * With BYLINE_TEST_WRITES=thread, an app that would run in memory runs instead on a database
 * file of its own (in a new temporary directory, removed when the app closes) with its writes
 * on the writer thread, the path production takes: the same tests then check both ways
 * (test/routes/editorial-on-writer-thread.test.ts runs the editorial ones so).
 *
 * With BYLINE_TEST_ENGINE=postgres, it runs instead on a PostgreSQL database of its own on
 * the test cluster (BYLINE_TEST_POSTGRES_URL), copied from a seeded template and dropped
 * when the app closes: .ci/run runs the whole suite so a second time.
 */
import type Sqlite from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql as sqlTag, type SQL } from 'drizzle-orm'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import type { FastifyInstance } from 'fastify'
import { buildApp, type BuildOptions } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'
import type { Role } from '../src/content/api-key.js'
import { openEngine, type Engine } from '../src/db/engine.js'
import { openSqliteEngine } from '../src/db/sqlite/engine.js'
import { projectRoot } from '../src/paths.js'
import { demoDataset } from '../src/demo/index.js'
import { createApiKey } from '../src/repositories/api-keys.js'
import { refreshRenderings, RENDER_VERSION } from '../src/repositories/renderings.js'
import { seedDataset } from '../src/repositories/seed-writer.js'
import { connectPostgres, dropPostgresDatabase, postgresTestUrl, postgresUnavailableReason, withDatabase } from './postgres-helper.js'

interface Teardown { teardown (fn: () => unknown): void }

// Suites that walk every list send thousands of requests from one address; the rate
// limiter has its own test with small limits.
const UNLIMITED = { windowSeconds: 60, anonymous: 1_000_000, key: 1_000_000, partner: 1_000_000 }

export function testConfig (overrides: Partial<Config> = {}): Config {
  // Load shedding is off: a test machine busy with other suites is not an overloaded server. test/battery/pressure.test.ts turns it on.
  // The event loop keeps its priority (a nice value cannot be raised again): test/reliability/writer-thread.test.ts lowers it.
  return loadConfig({}, { databasePath: ':memory:', seedDemo: true, logLevel: 'silent', rateLimit: UNLIMITED, pressure: { maxEventLoopDelayMs: 0 }, eventLoopNice: 0, ...overrides })
}

/** A new API key of `role` straight in the app's database; returns the bearer header. */
export async function keyFor (app: FastifyInstance, role: Role, options: { expiresAt?: number | null } = {}): Promise<{ authorization: string, id: string, token: string }> {
  const key = await createApiKey(app.database.db, { name: `test ${role}`, role, expiresAt: options.expiresAt ?? null }, Date.now())
  return { authorization: `Bearer ${key.token}`, id: key.id, token: key.token }
}

// The demo publication is seeded once per test process (and site URL) and each app starts
// from a copy of it: seeding every app took 0.5–1.3 s, most of a typical test's time.
const demoImages = new Map<string, Buffer>()

async function demoImage (siteUrl: string): Promise<Buffer> {
  let image = demoImages.get(siteUrl)
  if (image === undefined) {
    const database = openSqliteEngine(':memory:')
    await database.migrate()
    await refreshRenderings(database, siteUrl)
    await seedDataset(database, demoDataset(), siteUrl)
    image = database.sqlite.serialize()
    await database.close()
    demoImages.set(siteUrl, image)
  }
  return image
}

export type TestEngine = 'sqlite' | 'postgres'

/** The environment variable `name` as one of `values` (unset or empty: the first). */
function testSetting<T extends string> (name: string, values: readonly [T, ...T[]]): T {
  const value = process.env[name]
  if (value === undefined || value === '') return values[0]
  if ((values as readonly string[]).includes(value)) return value as T
  throw new Error(`${name} must be ${values.map((v) => `"${v}"`).join(' or ')}, got "${value}"`)
}

/** Which engine the tests' apps run on: BYLINE_TEST_ENGINE, read when an app is built. */
export const testEngine = (): TestEngine => testSetting('BYLINE_TEST_ENGINE', ['sqlite', 'postgres'])

/** Rows of a query written for both engines (lower-case column aliases: Postgres folds unquoted ones). */
export async function rows<T = Record<string, unknown>> (app: FastifyInstance, query: SQL): Promise<T[]> {
  if (app.database.kind === 'sqlite') return app.database.db.all(query)
  return (await (app.database.db as unknown as NodePgDatabase).execute(query)).rows as T[]
}

/**
 * A write made behind the API's back, as another process or an operator would make it:
 * on SQLite the app's caches see it through the connection's counters; on Postgres it is
 * announced to every process (what a Byline process would do) and the app has heard it.
 */
export async function writeBehindTheApi (app: FastifyInstance, query: SQL): Promise<void> {
  const database: Engine = app.database
  if (database.kind !== 'postgres') {
    database.db.run(query)
    return
  }
  await rows(app, query)
  const heard = new Promise<void>((resolve) => { database.onAnnouncement(() => resolve()) })
  await rows(app, sqlTag`select pg_notify('byline_committed', ${JSON.stringify({ o: 'test', e: true })})`)
  await heard
}

/** The app's SQLite connection, for tests of what only SQLite has (pragmas, files, closing it under the app). */
export function sqliteOf (app: FastifyInstance): Sqlite.Database {
  const database: Engine = app.database
  if (database.kind !== 'sqlite') throw new Error('this check is of SQLite itself')
  return database.sqlite
}

/** The version of the seeded Postgres template: the migrations, the renderer, the site URL and the demo data. */
function templateName (siteUrl: string): string {
  const folder = join(projectRoot(), 'migrations-postgres')
  const hash = createHash('sha256').update(`${RENDER_VERSION} ${siteUrl}`).update(JSON.stringify(demoDataset()))
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.sql')).sort()) hash.update(readFileSync(join(folder, file)))
  return `byline_tpl_${hash.digest('hex').slice(0, 16)}`
}

const TEMPLATE_LOCK = 7_302_117_100

/**
 * A new database on the test cluster: a copy of the seeded demo template (made once per
 * cluster, under a lock: test files run in parallel) or an empty one; dropped on `remove`.
 */
export async function postgresTestDatabase (config: Config): Promise<{ url: string, remove (): Promise<void> }> {
  const base = postgresTestUrl()
  if (base === undefined) throw new Error(postgresUnavailableReason() as string)
  const name = `byline_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
  const admin = await connectPostgres(base)
  try {
    if (config.seedDemo) {
      const template = templateName(config.siteUrl)
      await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK])
      try {
        const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [template])
        if (rowCount === 0) {
          const building = `${template}_building`
          await admin.query(`drop database if exists ${building} with (force)`)
          await admin.query(`create database ${building}`)
          const engine = await openEngine({ kind: 'postgres', url: withDatabase(base, building), replicaUrls: [] })
          try {
            await engine.migrate()
            await refreshRenderings(engine, config.siteUrl)
            await seedDataset(engine, demoDataset(), config.siteUrl)
          } finally {
            await engine.close()
          }
          await admin.query(`alter database ${building} rename to ${template}`)
        }
      } finally {
        await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK])
      }
      await admin.query(`create database ${name} template ${template}`)
    } else {
      await admin.query(`create database ${name}`)
    }
  } finally {
    await admin.end()
  }
  return { url: withDatabase(base, name), remove: () => dropPostgresDatabase(base, name) }
}

export type TestWrites = 'in-process' | 'thread'

/** Where the tests' in-memory apps run their writes: BYLINE_TEST_WRITES, read when an app is built. */
export const testWrites = (): TestWrites => testSetting('BYLINE_TEST_WRITES', ['in-process', 'thread'])

/**
 * A new database file in a new temporary directory: the seeded demo image when the config
 * seeds the demo, otherwise none yet (the app starts on an empty database, as in memory).
 */
export async function databaseFile (config: Config): Promise<{ path: string, remove (): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'byline-test-'))
  const path = join(dir, 'byline.db')
  // serialize() is the image of a database file (rollback journal); opening it turns on WAL.
  if (config.seedDemo) writeFileSync(path, await demoImage(config.siteUrl))
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Once the app has closed (its connection and writer thread with it), `then` runs. */
function afterClose (app: FastifyInstance, then: () => unknown): void {
  const close = app.close.bind(app)
  let closed: Promise<undefined> | undefined
  const closeThen = (callback?: (error?: Error) => void) => {
    closed ??= close().finally(async () => { await then() })
    if (callback === undefined) return closed
    closed.then(() => callback(), callback)
    return app
  }
  app.close = closeThen as FastifyInstance['close']
}

/**
 * buildApp, where an in-memory demo database starts from the seeded image; with
 * BYLINE_TEST_WRITES=thread, an in-memory app runs on a database file with the writer
 * thread instead (unless the test turned the thread off).
 */
export async function buildTestApp (config: Config, options: BuildOptions): Promise<FastifyInstance> {
  if (config.databasePath === ':memory:' && config.databaseUrl === null && testEngine() === 'postgres') {
    const database = await postgresTestDatabase(config)
    let app: FastifyInstance
    try {
      app = await buildApp({ ...config, databaseUrl: database.url }, options)
    } catch (error) {
      await database.remove()
      throw error
    }
    afterClose(app, database.remove)
    return app
  }
  if (config.databasePath === ':memory:' && config.writerThread && testWrites() === 'thread') {
    const file = await databaseFile(config)
    let app: FastifyInstance
    try {
      app = await buildApp({ ...config, databasePath: file.path, writerThread: true }, options)
    } catch (error) {
      file.remove()
      throw error
    }
    afterClose(app, file.remove)
    return app
  }
  const seeded = config.databasePath === ':memory:' && config.databaseUrl === null && config.seedDemo
  return buildApp(config, { ...options, ...(seeded ? { databaseImage: await demoImage(config.siteUrl) } : {}) })
}

export async function build (t: Teardown, overrides: Partial<Config> = {}): Promise<FastifyInstance> {
  const app = await buildTestApp(testConfig(overrides), { logger: false })
  t.teardown(() => app.close())
  return app
}

export async function getJson<T = any> (app: FastifyInstance, url: string, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'GET', url, headers })
  return { res, body: res.body === '' ? undefined as T : JSON.parse(res.body) as T }
}

/** Follows meta.nextCursor from `url` to the last page; returns every item in order. */
export async function walk<T = any> (app: FastifyInstance, url: string, limit = 7): Promise<{ items: T[], pages: number }> {
  const items: T[] = []
  let pages = 0
  let next: string | null = `${url}${url.includes('?') ? '&' : '?'}limit=${limit}`
  while (next !== null) {
    const { res, body }: { res: { statusCode: number, body: string }, body: any } = await getJson(app, next)
    if (res.statusCode !== 200) throw new Error(`${next} answered ${res.statusCode}: ${res.body}`)
    items.push(...body.data)
    pages++
    if (pages > 1000) throw new Error('pagination does not end')
    const cursor: string | null = body.meta.nextCursor
    next = cursor === null ? null : `${url}${url.includes('?') ? '&' : '?'}limit=${limit}&cursor=${cursor}`
  }
  return { items, pages }
}
