// The SQL paths of a first-visit SQLite search, timed on one archive in the same run:
// bm25 over the newest 1,000 matches (before issue 20) against the window plus four column
// filters (now); a prefix (`word*`) also as FTS5 expands it against the OR of its most
// common completions from search_terms (dist/src/db/sqlite/search-vocabulary.js: run `npm run build` first).
// node bench/search-probe.mjs bench/.data/stories-1000000.db game "game light" "play*" "camer*"
import Database from 'better-sqlite3'
import { sqliteSearchVocabulary } from '../dist/src/db/sqlite/search-vocabulary.js'

const db = new Database(process.argv[2], { readonly: true })
const vocabulary = sqliteSearchVocabulary(db)
const words = process.argv.slice(3)
const now = Date.now()
const ms = (fn) => { const t0 = performance.now(); const r = fn(); return [performance.now() - t0, r] }
const ranked = db.prepare('SELECT row, rank FROM (SELECT f.rowid AS row, f.rank AS rank FROM story_search f JOIN search_rows r ON r.id = f.rowid WHERE story_search MATCH :q AND r.public_at <= :now ORDER BY f.rowid DESC LIMIT 1000) ORDER BY rank, row LIMIT 21')
const windowOnly = db.prepare('SELECT f.rowid AS row, r.story_id FROM story_search f JOIN search_rows r ON r.id = f.rowid WHERE story_search MATCH :q AND r.public_at <= :now ORDER BY f.rowid DESC LIMIT 1000')
const inRange = db.prepare('SELECT rowid FROM story_search WHERE story_search MATCH :q AND rowid BETWEEN CAST(:lo AS INTEGER) AND CAST(:hi AS INTEGER)').pluck()
const count = db.prepare('SELECT count(*) FROM story_search WHERE story_search MATCH :q').pluck()
const windowAndColumns = (q) => {
  const [tWin, win] = ms(() => windowOnly.all({ q, now }))
  const lo = win.at(-1)?.row ?? 0; const hi = win[0]?.row ?? 0
  const [tCols] = ms(() => { for (const col of ['title', 'subject', 'dek', 'tags']) inRange.all({ q: `{${col}} : (${q})`, lo, hi }) })
  return [tWin, tCols]
}
console.log('query'.padEnd(14), 'matches'.padStart(9), 'bm25 ms'.padStart(9), 'window ms'.padStart(10), 'columns ms'.padStart(11), 'new total'.padStart(10), 'expanded'.padStart(9), 'terms'.padStart(6))
for (const w of words) {
  const q = w.endsWith('*') ? `"${w.slice(0, -1)}"*` : w.split(' ').map((x) => `"${x}"`).join(' ')
  const [tOld] = ms(() => ranked.all({ q, now }))
  const [tWin, tCols] = windowAndColumns(q)
  const n = count.get({ q })
  let expanded = ''
  let terms = ''
  const completions = w.endsWith('*') ? vocabulary.complete(w.slice(0, -1)) : null
  if (completions !== null) {
    const [eWin, eCols] = windowAndColumns(`(${completions.map((c) => `"${c}"`).join(' OR ')})`)
    expanded = (eWin + eCols).toFixed(1)
    terms = String(completions.length)
  }
  console.log(w.padEnd(14), String(n).padStart(9), tOld.toFixed(1).padStart(9), tWin.toFixed(1).padStart(10), tCols.toFixed(1).padStart(11), (tWin + tCols).toFixed(1).padStart(10), expanded.padStart(9), terms.padStart(6))
}
