/** SQLite's search vocabulary (search_terms): kept by every write, filled like the index, and expanding prefixes to what FTS5 would match. */
import { readFileSync } from 'node:fs'
import t from 'tap'
import { searchTerms } from '../../src/content/search-query.js'
import { ftsQuery } from '../../src/db/sqlite/search.js'
import { foldWord, MAX_COMPLETIONS, sqliteSearchVocabulary, vocabularyOf } from '../../src/db/sqlite/search-vocabulary.js'
import { build, sqliteOf, testEngine } from '../helper.js'
import { editorClient } from '../editorial-helper.js'

if (testEngine() === 'postgres') t.plan(0, 'SQLite only: PostgreSQL expands prefixes in its own index')

const article = (slug: string, title: string, bodyMarkdown: string) => ({
  type: 'feature', slug, title, bodyMarkdown, section: 'features', authors: ['rhys-calloway'], status: 'published'
})

t.test('words are cut and folded as unicode61 with remove_diacritics 2 cuts them', async (t) => {
  t.equal(foldWord('Pokémon'), 'pokemon')
  t.equal(foldWord('NAÏVE'), 'naive')
  t.same([...vocabularyOf(['Pokémon: the PS5-era, re-visited!', 'don’t stop; ok 2024 café'])].sort(),
    ['2024', 'cafe', 'era', 'pokemon', 'visited', 'stop', 'don'].filter((w) => w.length > 3).sort(), 'words of 4 characters or more')
})

t.test('the vocabulary writes keep holds the index\'s own words, as the migration fills it', async (t) => {
  const app = await build(t)
  const sqlite = sqliteOf(app)
  const editor = await editorClient(t, app)
  await editor.post('/v1/stories', article('ordinary', 'Crème brûlée for Þórr', 'Straße, façade, and ﬁne ligatures; 12th-century naïveté.'))
  sqlite.exec('CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, story_search, row)')
  const indexWords = sqlite.prepare('SELECT term FROM temp.vocab WHERE length(term) >= 4 ORDER BY term').pluck().all() as string[]
  const kept = sqlite.prepare('SELECT term FROM search_terms ORDER BY term').pluck().all() as string[]
  t.ok(indexWords.length > 500, `the demo has words (${indexWords.length})`)
  const missing = indexWords.filter((w) => !kept.includes(w))
  // Only what JavaScript folds apart from unicode61 may be missing, and then only non-ASCII words, which are never expanded.
  t.same(missing.filter((w) => /^[a-z0-9]+$/.test(w)), [], 'every plain word of the index is in the vocabulary')

  // The migration's backfill, run again on an emptied table, gives the index's words with their story counts.
  sqlite.exec('DELETE FROM search_terms')
  const migration = readFileSync(new URL('../../migrations/0015_search_terms.sql', import.meta.url), 'utf8')
  for (const statement of migration.split('--> statement-breakpoint').slice(1)) sqlite.exec(statement)
  t.same(sqlite.prepare('SELECT term FROM search_terms ORDER BY term').pluck().all(), indexWords, 'the backfill holds the same words')
  t.equal(sqlite.prepare("SELECT docs FROM search_terms WHERE term = 'phoenix'").pluck().get(),
    sqlite.prepare("SELECT doc FROM temp.vocab WHERE term = 'phoenix'").pluck().get(), 'counted in stories')
})

t.test('a prefix expands to the completions FTS5 itself would match', async (t) => {
  const app = await build(t)
  const sqlite = sqliteOf(app)
  const vocabulary = sqliteSearchVocabulary(sqlite)
  const rowsOf = (q: string) => sqlite.prepare('SELECT rowid FROM story_search WHERE story_search MATCH ? ORDER BY rowid').pluck().all(q)
  const words = sqlite.prepare('SELECT term FROM search_terms ORDER BY docs DESC LIMIT 150').pluck().all() as string[]
  let compared = 0
  for (const word of words) {
    for (const length of [4, 5, 6]) {
      if (word.length < length) continue
      const prefix = word.slice(0, length)
      const completions = vocabulary.complete(prefix)
      if (completions === null || completions.length === MAX_COMPLETIONS) continue
      const expanded = ftsQuery(searchTerms(prefix)!, vocabulary)
      t.not(expanded, `"${prefix}"*`)
      if (rowsOf(expanded).join() !== rowsOf(`"${prefix}"*`).join()) t.fail(`${prefix}: ${expanded} finds other rows than "${prefix}"*`)
      compared++
    }
  }
  t.ok(compared > 100, `${compared} prefixes find the same stories either way`)
  t.equal(ftsQuery(searchTerms('her pho')!, vocabulary), '"her" AND "pho"*', 'three characters are the prefix index\'s')
  t.equal(ftsQuery(searchTerms('her phoenix ')!, vocabulary), '"her" AND "phoenix"', 'a finished word is no prefix')
  t.equal(ftsQuery(searchTerms('Þórr')!, vocabulary), '"Þórr"*', 'a prefix that is not plain ASCII is FTS5\'s')
  t.equal(ftsQuery(searchTerms('zqxj')!, vocabulary), '"zqxj"*', 'so is one no stored word completes')
  t.equal(ftsQuery(searchTerms('PHOEN')!, vocabulary), '("phoenix")', 'folded before it is looked up')
})

t.test('new words are completable at once, and a crowded prefix takes its most common completions', async (t) => {
  const app = await build(t)
  const editor = await editorClient(t, app)
  const vocabulary = sqliteSearchVocabulary(sqliteOf(app))
  const slugs = async (q: string) => ((await app.inject(`/v1/search?q=${encodeURIComponent(q)}&limit=100`)).json().data as Array<{ story: { slug: string } }>).map((h) => h.story.slug).sort()
  t.same(await slugs('quorvan'), [])
  await editor.post('/v1/stories', article('quorvantic', 'The quorvantic era', 'Nothing else.'))
  t.same(await slugs('quorvan'), ['quorvantic'], 'a new story\'s word')
  const patched = await editor.patch('/v1/stories/quorvantic', { bodyMarkdown: 'Now with zyntharine glass.' })
  t.equal(patched.statusCode, 200, 'edited')
  t.same(await slugs('zynthar'), ['quorvantic'], 'an edit\'s new word')

  const many = Array.from({ length: MAX_COMPLETIONS + 6 }, (_, i) => `vextra${String.fromCharCode(97 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`)
  await editor.post('/v1/stories', article('crowded', 'A crowded prefix', many.join(' ')))
  await editor.post('/v1/stories', article('common', 'The common one', `${many.at(-1)!} again`))
  const completions = vocabulary.complete('vextra')!
  t.equal(completions.length, MAX_COMPLETIONS, 'at most MAX_COMPLETIONS words')
  t.equal(completions[0], many.at(-1), 'the word in most stories first')
  t.same(await slugs('vextra'), ['common', 'crowded'])
})
