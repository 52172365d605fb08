/**
 * The SQLite archive of N stories: built by `seed:large` into bench/.data/ (or found
 * there, complete), and counted, table by table, to tell whether a PostgreSQL copy holds it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import Sqlite from 'better-sqlite3'
import { DATA, ROOT } from './options.js'
import { childEnv } from './processes.js'

/**
 * Tables the bench's own write rows append to, on the engine they ran on only: every
 * PATCH is a row of the change log (`changes`, whose triggers refuse DELETE), and each run
 * creates an editor key (`api_keys`, revoked at its end). The write rows restore every
 * title they change, so the other tables of both engines still hold the same rows; these
 * two are left out of the comparison, or a SQLite-only run would make the next PostgreSQL
 * run copy the whole archive again (30 minutes at 1M stories).
 */
export const GROWN_BY_BENCH_WRITES = ['changes', 'api_keys']

/**
 * Builds (or resumes, or finds complete) the archive of `stories` stories; returns its file
 * and build time: `<archive>.seed.json`, written by the run that built it (null when it was
 * built otherwise, e.g. by `npm run seed:large` itself).
 */
export function prepare (stories: number): { path: string, seedSeconds: number | null } {
  mkdirSync(DATA, { recursive: true })
  const path = join(DATA, `stories-${stories}.db`)
  const timing = `${path}.seed.json`
  const began = performance.now()
  const run = spawnSync(process.execPath, ['dist/src/cli/seed-large.js', '--stories', String(stories)], {
    cwd: ROOT, env: childEnv({ DATABASE_PATH: path, LOG_LEVEL: 'warn' }), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']
  })
  if (run.status !== 0) throw new Error(`seed:large failed for ${stories} stories`)
  if (!/already complete/.test(run.stdout)) writeFileSync(timing, JSON.stringify({ seconds: (performance.now() - began) / 1000 }))
  const seedSeconds = existsSync(timing) ? (JSON.parse(readFileSync(timing, 'utf8')) as { seconds: number }).seconds : null
  return { path, seedSeconds }
}

/** Row counts of every table both engines hold (the search index as its row count) but those the bench's writes grow, from the SQLite file. */
export function sqliteCounts (path: string): Record<string, number> {
  const db = new Sqlite(path, { readonly: true })
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'story_search%' AND name <> '__drizzle_migrations'").all() as Array<{ name: string }>)
    .map((t) => t.name).filter((t) => !GROWN_BY_BENCH_WRITES.includes(t))
  const counts = Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n]))
  counts['search.story_documents'] = counts['search.story_texts'] = counts.search_rows ?? 0
  db.close()
  return counts
}
