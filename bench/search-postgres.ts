/**
 * npm run bench:search-postgres -- <postgres://…/database> [--rounds 2] [--per-kind 40]
 *
 * Full-text search on PostgreSQL as `findStories` (src/db/postgres/search.ts) runs it,
 * without HTTP: distinct words drawn from the archive's own vocabulary (ts_stat over the
 * documents: a few seconds per 100,000 stories), each asked once per round on one
 * connection, one in four with no type filter and the others with review, news or
 * feature, as `npm run bench` asks them. Kinds: common (in ≥ 5% of stories), middle
 * (0.5–5%), rare (2–20 stories), prefixes (3–4 letters of words in ≥ 1%). The first
 * round meets cold pages; later rounds show the search with its pages in shared_buffers.
 * Prints p50, p90 and max per kind and round. Read-only; bounded by rounds × 160 queries.
 */
import { parseArgs } from 'node:util'
import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { searchTerms } from '../src/content/search-query.js'
import { findStories } from '../src/db/postgres/search.js'

const { positionals, values: args } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '2' }, 'per-kind': { type: 'string', default: '40' } }
})
const url = positionals[0]
if (url === undefined || !url.startsWith('postgres')) {
  console.error('usage: npm run bench:search-postgres -- postgres://user:pw@host/database [--rounds 2] [--per-kind 40]')
  process.exit(2)
}
const perKind = Number(args['per-kind'])
// The connection settings the app's pools use (src/db/postgres/engine.ts).
const { sessionOptions } = await import('../src/db/postgres/engine.js')
const pool = new pg.Pool({ connectionString: url, max: 1, options: sessionOptions() })
const db = drizzle(pool)

const client = await pool.connect()
const stories = Number((await client.query<{ n: string }>('select count(*) as n from search.story_documents')).rows[0]!.n)
console.log(`${stories.toLocaleString('en')} stories in the index; reading the vocabulary…`)
await client.query("create temp table vocabulary as select word, ndoc from ts_stat('select document from search.story_documents') where word ~ '^[a-z]+$'")
const words = async (where: string, ...params: number[]) =>
  (await client.query<{ w: string }>(`select word as w from vocabulary where ${where} order by md5(word) limit ${perKind}`, params)).rows.map((r) => r.w)
const kinds: Array<[string, string[], boolean]> = [
  ['common word', await words('ndoc >= $1 and length(word) >= 4', Math.ceil(stories * 0.05)), false],
  ['middle word', await words('ndoc between $1 and $2 and length(word) >= 4', Math.ceil(stories * 0.005), Math.ceil(stories * 0.05)), false],
  ['rare word', await words('ndoc between 2 and 20 and length(word) >= 5'), false],
  ['prefix', (await client.query<{ w: string }>(`select w from (select distinct substr(word, 1, 3) as w from vocabulary where ndoc >= $1 and length(word) >= 5
    union select distinct substr(word, 1, 4) from vocabulary where ndoc >= $1 and length(word) >= 6) p order by md5(w) limit ${perKind}`, [Math.ceil(stories * 0.01)])).rows.map((r) => r.w), true]
]
client.release()

const TYPES = [undefined, 'review', 'news', 'feature']
const at = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN
for (let round = 1; round <= Number(args.rounds); round++) {
  for (const [kind, list, prefix] of kinds) {
    const ms: number[] = []
    for (const [i, word] of list.entries()) {
      const began = performance.now()
      await findStories(db, searchTerms(prefix ? word : `${word} `)!, { type: TYPES[i % TYPES.length] }, null, 20, Date.now())
      ms.push(performance.now() - began)
    }
    ms.sort((a, b) => a - b)
    console.log(`round ${round} | ${kind} (${list.length}) | p50 ${at(ms, 0.5).toFixed(1)} ms | p90 ${at(ms, 0.9).toFixed(1)} ms | max ${(ms.at(-1) ?? NaN).toFixed(1)} ms`)
  }
}
await pool.end()
