/**
 * Search on PostgreSQL (src/db/postgres/search.ts) holds the contract of SQLite's FTS5
 * search (test/routes/search.test.ts): prefixes while typing, AND of words, accents and
 * case ignored, a title hit above a body hit, filters, keyset pages, re-indexing,
 * scheduled stories, escaped highlights, hostile input. The same corpus indexed on an
 * in-memory SQLite database must find the same stories for the same words.
 */
import { join } from 'node:path'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import t from 'tap'
import { MARK_CLOSE, MARK_OPEN, RANK_WINDOW, searchTerms, type SearchTerms } from '../../src/content/search-query.js'
import { migrateDatabase, openDatabase } from '../../src/db/sqlite/open.js'
import * as postgresSchema from '../../src/db/postgres/schema.js'
import { addToIndex, findStories, indexStory, walks, type PgDb, type SearchFilter, type SearchHit } from '../../src/db/postgres/search.js'
import { highlightText, indexedText, tsqueryText } from '../../src/db/postgres/search-query.js'
import { projectRoot } from '../../src/paths.js'
import { searchRepository } from '../../src/repositories/search.js'
import { indexStory as indexStoryOnSqlite, type SearchEntry } from '../../src/repositories/search-index.js'
import { freshPostgresDatabase, postgresUnavailableReason } from '../postgres-helper.js'

const NOW = 1_800_000_000_000
const LATER = NOW + 3_600_000

const entry = (text: Partial<Record<'title' | 'dek' | 'subject' | 'tags' | 'body', string>>,
  filters: { publicAt?: number, type?: string, section?: string, kind?: string | null } = {}): SearchEntry => ({
  filters: [filters.publicAt ?? NOW - 1000, filters.type ?? 'feature', filters.section ?? 'sec_features', filters.kind === undefined ? null : filters.kind],
  text: [text.title ?? 'Untitled', text.dek ?? '', text.subject ?? '', text.tags ?? '', text.body ?? '']
})

/** The corpus both engines index, in this order (row ids follow it). */
const corpus: Array<[string, SearchEntry]> = [
  ['sto_body', entry({ title: 'An ordinary title', body: 'Deep in the text the word xylophonic appears once, next to <b>bold</b> claims & <script>alert("x")</script> tricks.' })],
  ['sto_title', entry({ title: 'The xylophonic years', body: 'Nothing special here.' })],
  ['sto_accent', entry({ title: 'Pokémon, revisited', dek: 'Catch them at the CAFÉ', body: 'A long walk.' }, { type: 'review', section: 'sec_games', kind: 'game' })],
  ['sto_subject', entry({ title: 'A quiet film', subject: 'Her · Spike Jonze', tags: 'Drama · Romance', body: 'Phoenix plays a lonely writer.' }, { type: 'review', section: 'sec_movies', kind: 'film' })],
  ['sto_tokens', entry({ title: 'Mr.Robot and example.com', body: 'Version 3.14 of the co-op game; mail a@b.org or see /path/file and -5 degrees.' }, { type: 'news' })],
  ['sto_scheduled', entry({ title: 'Quokkaflux review', body: 'Not yet.' }, { publicAt: LATER, type: 'review' })],
  ['sto_world', entry({ title: '我们 العربية Ελληνικά', body: 'Emoji 🎮 here and שלום there.' }, { type: 'news' })],
  ['sto_both', entry({ title: 'Marsupial dreams', body: 'A marsupial and a wombat walk into a bar.' }, { section: 'sec_games' })],
  ['sto_wombat', entry({ title: 'Wombat facts', body: 'Nothing about marsupials at all, just wombats.' })],
  ...Array.from({ length: 30 }, (_, i): [string, SearchEntry] => [`sto_common_${String(i).padStart(2, '0')}`, entry({
    // Varied lengths and places, so that ranks differ and some tie.
    title: i % 7 === 0 ? `Common ground ${i}` : `Story number ${i}`,
    dek: i % 5 === 0 ? 'a common thread' : '',
    body: `${'filler words '.repeat(i % 4)}the common case ${i % 3 === 0 ? 'and common again' : ''}`
  }, { type: i % 2 === 0 ? 'news' : 'feature', section: i % 3 === 0 ? 'sec_games' : 'sec_features' })])
]

async function allPages (db: PgDb, q: SearchTerms, filter: SearchFilter, limit: number, now = NOW): Promise<SearchHit[][]> {
  const pages: SearchHit[][] = []
  let after: [number, number] | null = null
  for (;;) {
    const { hits, more } = await findStories(db, q, filter, after, limit, now)
    pages.push(hits)
    if (!more) return pages
    // The key goes through JSON, as it does in a sealed cursor.
    after = JSON.parse(JSON.stringify(hits.at(-1)!.key)) as [number, number]
    if (pages.length > 100) throw new Error('paging does not end')
  }
}

t.test('pure functions', async (t) => {
  t.same(searchTerms('her "phoenix" OR NEAR(x)'), { terms: ['her', 'phoenix', 'OR', 'NEAR', 'x'], prefixLast: true }, 'operators are words')
  t.same(searchTerms('xyloph '), { terms: ['xyloph'], prefixLast: false }, 'a space ends the last word')
  t.equal(searchTerms('🎮 !!'), null)
  t.equal(searchTerms('\u0000'), null)
  t.same(searchTerms('ｃａｆé'), { terms: ['cafe\u0301'.normalize('NFKC')], prefixLast: true }, 'NFKC')
  t.equal(searchTerms('x'.repeat(20_000))?.terms[0]?.length, 64, 'words are cut to 64 characters')
  t.same(searchTerms('a b c d e f g h i j')?.terms.length, 8, 'and to 8 words')
  t.equal(searchTerms('a b c d e f g h i j')?.prefixLast, false, 'the last word kept is not being typed')
  t.equal(tsqueryText({ terms: ["it's", 'a\\b', ':*', '&|!()<->'], prefixLast: true }), "'it''s' & 'a\\\\b' & ':*' & '&|!()<->':*", 'each term is a quoted lexeme')
  t.equal(tsqueryText({ terms: ['\u0000', '\u0001'], prefixLast: false }), null, 'control characters are dropped')
  t.equal(indexedText('Mr.Robot <b>\u0000\u0002x'), 'Mr.\u0001Robot <\u0001b>\u0001x')
  t.equal(highlightText(`a.\u0001${MARK_OPEN}b${MARK_CLOSE}`, null, null), `…a.${MARK_OPEN}b${MARK_CLOSE}…`)
  t.equal(highlightText(`${MARK_OPEN}b${MARK_CLOSE}`, '"', '.\u0001'), `"${MARK_OPEN}b${MARK_CLOSE}.`, 'punctuation left out at the ends comes back')
  t.ok(walks(600_000, 1_000_000, false), 'a word in most stories is walked to')
  t.notOk(walks(19, 1_000_000, true), 'a rare word is read from its matches')
  t.ok(walks(20_001, 1_000_000, false) && !walks(19_999, 1_000_000, false), 'unfiltered, the two meet at √(window × rows × 0.4)')
  t.ok(walks(31_623, 1_000_000, true) && !walks(31_622, 1_000_000, true), 'filtered (random reads both ways), at √(window × rows)')
})

const unavailable = postgresUnavailableReason()
t.test('PostgreSQL', { skip: unavailable !== false && process.env.CI === undefined ? unavailable : false }, async (t) => {
  const url = await freshPostgresDatabase(t)
  const client = new pg.Client({ connectionString: url })
  client.on('notice', () => {})
  await client.connect()
  t.teardown(() => client.end())
  const db = drizzle(client, { schema: postgresSchema })
  await migrate(db, { migrationsFolder: join(projectRoot(), 'migrations-postgres') })
  // search_rows has no foreign key to stories: the index needs no parent rows.
  for (const [i, [id, e]] of corpus.entries()) {
    if (i % 2 === 0) await addToIndex(db, id, e)
    else await indexStory(db, id, e)
  }
  const find = async (input: string, filter: SearchFilter = {}, now = NOW) =>
    (await findStories(db, searchTerms(input)!, filter, null, 100, now)).hits
  const ids = async (input: string, filter: SearchFilter = {}, now = NOW) => (await find(input, filter, now)).map((h) => h.storyId)

  t.test('words, prefixes, accents and case', async (t) => {
    t.same(await ids('xylophonic'), ['sto_title', 'sto_body'], 'a title hit ranks above a body hit')
    t.same((await ids('xyloph')).sort(), ['sto_body', 'sto_title'], 'the last word is a prefix while typing')
    t.same(await ids('xyloph '), [], 'not once a space follows it')
    t.same(await ids('xylo phonic'), [], 'only the last word is a prefix')
    t.same((await ids('XYLOPHONIC')).length, 2, 'case does not matter')
    t.same(await ids('pokemon'), ['sto_accent'], 'accents do not matter')
    t.same(await ids('POKÉMON'), ['sto_accent'])
    t.same(await ids('cafe'), ['sto_accent'], 'cafe finds CAFÉ')
    t.same(await ids('marsupial wombat'), ['sto_both'], 'words are ANDed')
    t.same((await ids('wombat')).sort(), ['sto_both', 'sto_wombat'])
    t.same(await ids('marsupial wom'), ['sto_both'], 'AND with a prefix')
    t.same(await ids('marsupials'), ['sto_wombat'], 'no stemming: marsupials is not marsupial')
    t.same(await ids('marsupial '), ['sto_both'], 'nor the other way')
    t.same(await ids('jonze'), ['sto_subject'], 'the subject is searched')
    t.same(await ids('romance'), ['sto_subject'], 'and tags')
    t.same(await ids('robot'), ['sto_tokens'], 'Mr.Robot is two words, as on SQLite')
    t.same(await ids('example com'), ['sto_tokens'])
    t.same(await ids('14 op path'), ['sto_tokens'], 'numbers, hyphens and paths split too')
    t.same(await ids('我们'), ['sto_world'])
    t.same(await ids('ελληνικα'), ['sto_world'], 'Greek, case and accents folded')
    t.same(await ids('שלום'), ['sto_world'], 'right-to-left text')
  })

  t.test('filters and time', async (t) => {
    t.same(await ids('review'), [], 'a scheduled story is not found before its time')
    t.same(await ids('quokkaflux', {}, LATER), ['sto_scheduled'], 'and found once it has passed')
    t.same(await ids('catch', { type: 'review' }), ['sto_accent'])
    t.same(await ids('catch', { type: 'news' }), [])
    t.same(await ids('marsupial', { sectionId: 'sec_games' }), ['sto_both'])
    t.same(await ids('marsupial ', { sectionId: null }), ['sto_both'], 'a null section filters nothing')
    t.same((await ids('marsupial', { sectionId: null })).sort(), ['sto_both', 'sto_wombat'], 'marsupial (typing) also finds marsupials')
    t.same(await ids('marsupial', { sectionId: 'sec_movies' }), [])
    t.same(await ids('phoenix', { subjectKind: 'film' }), ['sto_subject'])
    t.same(await ids('phoenix', { subjectKind: 'game' }), [])
    const news = await ids('common', { type: 'news', sectionId: 'sec_games' })
    t.same(news.sort(), corpus.map(([id]) => id).filter((id, i) => /common_/.test(id) && (i - 9) % 2 === 0 && (i - 9) % 3 === 0).sort(), 'filters combine')
  })

  t.test('keyset pages return every hit once, in rank order', async (t) => {
    const all = await find('common')
    t.equal(all.length, 30)
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1]!.key, all[i]!.key]
      t.ok(a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]), `key ${i} follows key ${i - 1}`)
    }
    t.ok(new Set(all.map((h) => h.key[0])).size < all.length, 'some ranks tie, so the row breaks ties')
    t.ok(all.slice(0, 5).every((h) => h.titleHtml.startsWith('<mark>Common</mark> ground')), 'title hits first')
    for (const size of [1, 4, 7]) {
      const pages = await allPages(db, searchTerms('common')!, {}, size)
      t.same(pages.flat().map((h) => h.storyId), all.map((h) => h.storyId), `pages of ${size}`)
      t.ok(pages.every((p) => p.length > 0), 'no empty page at the end')
    }
    t.same(await findStories(db, searchTerms('common')!, {}, all.at(-1)!.key, 5, NOW), { hits: [], more: false }, 'nothing after the last')
  })

  t.test('highlights', async (t) => {
    const [title, body] = await find('xylophonic')
    t.equal(title!.titleHtml, 'The <mark>xylophonic</mark> years')
    t.equal(body!.titleHtml, 'An ordinary title', 'a title without a match is shown whole')
    t.equal(body!.snippetHtml, 'Deep in the text the word <mark>xylophonic</mark> appears once, next to &lt;b&gt;bold&lt;/b&gt; claims &amp; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; tricks.',
      'the snippet comes from the body, marked and escaped')
    t.equal((await find('xyloph'))[0]!.titleHtml, 'The <mark>xylophonic</mark> years', 'a prefix marks the whole word')
    t.equal((await find('pokemon'))[0]!.titleHtml, '<mark>Pokémon</mark>, revisited', 'marks keep the accents')
    t.equal((await find('cafe'))[0]!.snippetHtml, 'Catch them at the <mark>CAFÉ</mark>', 'the snippet is the column that matched')
    t.equal((await find('robot'))[0]!.titleHtml, 'Mr.<mark>Robot</mark> and example.com')
    t.equal((await find('jonze'))[0]!.snippetHtml, 'Her · Spike <mark>Jonze</mark>')
    const long = await find('common')
    t.ok(long.every((h) => (h.snippetHtml.match(/<mark>/g) ?? []).length > 0), 'every snippet marks a word')
    await indexStory(db, 'sto_long', entry({ title: 'Long', body: `${'alpha beta gamma '.repeat(40)}needle ${'delta epsilon '.repeat(40)}` }))
    const [cut] = await find('needle')
    t.match(cut!.snippetHtml, /^….* <mark>needle<\/mark> .*…$/, 'a cut snippet has … at both ends')
    t.ok(cut!.snippetHtml.split(/\s+/).length <= 26, `about 24 words: ${cut!.snippetHtml}`)
    await indexStory(db, 'sto_long', null)
  })

  t.test('re-indexing replaces, null removes', async (t) => {
    const before = (await find('wombat')).find((h) => h.storyId === 'sto_wombat')!
    await indexStory(db, 'sto_wombat', entry({ title: 'Numbat notes', body: 'Termites.' }, { section: 'sec_games' }))
    t.same(await ids('wombat'), ['sto_both'], 'the old text is no longer found')
    const [numbat] = await find('numbat')
    t.equal(numbat?.storyId, 'sto_wombat', 'the new text is')
    t.equal(numbat?.key[1], before.key[1], 'the story keeps its row')
    t.same(await ids('numbat', { sectionId: 'sec_games' }), ['sto_wombat'], 'filters follow')
    await indexStory(db, 'sto_wombat', entry({ title: 'Numbat notes', body: 'Termites.' }))
    t.same(await ids('numbat', { sectionId: 'sec_games' }), [])
    const { rows: [count] } = await client.query<{ rows: string, documents: string, texts: string }>(
      "select (select count(*) from search_rows where story_id = 'sto_wombat') as rows, (select count(*) from search.story_documents s join search_rows r on r.id = s.row_id where r.story_id = 'sto_wombat') as documents, (select count(*) from search.story_texts s join search_rows r on r.id = s.row_id where r.story_id = 'sto_wombat') as texts")
    t.same(count, { rows: '1', documents: '1', texts: '1' }, 'no duplicate')
    await indexStory(db, 'sto_wombat', null)
    t.same(await ids('numbat'), [], 'a null entry takes the story out')
    const { rows: [left] } = await client.query<{ n: string }>('select (select count(*) from search.story_texts where row_id not in (select id from search_rows)) + (select count(*) from search.story_documents where row_id not in (select id from search_rows)) as n')
    t.equal(left?.n, '0', 'with its document and text')
    await indexStory(db, 'sto_wombat', null)
    t.pass('taking out a story that is not indexed is no error')
    await db.transaction(async (tx) => { await indexStory(tx, 'sto_wombat', corpus.find(([id]) => id === 'sto_wombat')![1]) })
    t.same((await ids('wombat')).sort(), ['sto_both', 'sto_wombat'], 'indexing inside a transaction')
  })

  t.test('hostile queries never throw', async (t) => {
    const inputs = ['"', "'", "''", '\\', "\\'", ':*', 'a:*', '&|!()<->', "a' & 'b", 'a <-> b', '!a', '(', 'x'.repeat(20_000), `${'x'.repeat(3000)} y`,
      '🎮', '🎮 her', '👩‍🚀', '\u202eevil', 'שלום עולם', 'ß', '我们', "'; DROP TABLE search_rows; --", '\ud800', 'a\u0000b', 'a '.repeat(100), 'NEAR(a b)']
    for (const input of inputs) {
      const q = searchTerms(input)
      if (q === null) continue
      await t.resolves(findStories(db, q, {}, null, 10, NOW), JSON.stringify(input.slice(0, 40)))
    }
    // Terms handed in directly, past searchTerms: still only lexemes.
    const raw: SearchTerms[] = [
      { terms: ["'", '\\', ':*', '&|!()<->'], prefixLast: true },
      { terms: ['a\u0000b', 'c'], prefixLast: false },
      { terms: ['\u0000'], prefixLast: true },
      { terms: ['x'.repeat(20_000)], prefixLast: true },
      { terms: ["xylophonic' | 'wombat"], prefixLast: false },
      { terms: [''], prefixLast: true },
      { terms: [], prefixLast: true }
    ]
    for (const q of raw) await t.resolves(findStories(db, q, {}, null, 10, NOW), JSON.stringify(q).slice(0, 60))
    t.same((await findStories(db, raw[4]!, {}, null, 10, NOW)).hits, [], 'a quote cannot open an operator')
    await t.resolves(findStories(db, searchTerms('common')!, {}, [Number.NaN, 1], 10, NOW), 'a NaN rank')
    await t.resolves(indexStory(db, 'sto_hostile', entry({ title: 'Null\u0000byte \u0002marks\u0003 \\ \' "', body: `${'y'.repeat(20_000)} ok` })), 'hostile text indexes')
    t.same(await ids('marks'), ['sto_hostile'])
    t.equal((await find('marks'))[0]!.titleHtml, 'Nullbyte <mark>marks</mark> \\ &#39; &quot;', 'stray marks and NUL are dropped')
    await indexStory(db, 'sto_hostile', null)
  })

  t.test('the window is the newest matches, walked or read from the index', async (t) => {
    // More matches than the window of every filter used, a gap of row ids between the older
    // and the newer half, and the newest few scheduled: each way must reach past them.
    const group = Math.ceil(RANK_WINDOW * 1.3)
    const made = (n: number) => entry({ title: `Sliceword ${n}`, body: 'far apart' }, {
      type: n % 2 === 0 ? 'news' : 'feature',
      section: n % 3 === 0 ? 'sec_games' : 'sec_features',
      kind: n % 4 === 0 ? 'film' : null,
      publicAt: n >= 2 * group - 5 ? LATER : NOW - 1000
    })
    const add = async (from: number) => { for (let n = from; n < from + group; n++) await addToIndex(db, `sto_slice_${n}`, made(n)) }
    await add(0)
    const older = Number((await client.query<{ top: string }>('select max(id) as top from search_rows')).rows[0]!.top)
    await client.query("select setval(pg_get_serial_sequence('search_rows', 'id'), $1)", [older + 20_000])
    await add(group)
    await client.query('analyze search.story_documents')
    const filters: SearchFilter[] = [{}, { type: 'news' }, { sectionId: 'sec_games' }, { subjectKind: 'film' }, { type: 'news', sectionId: 'sec_games' }]
    for (const filter of filters) {
      const where = ['public_at <= $2', ...Object.entries({ type: filter.type, section_id: filter.sectionId, subject_kind: filter.subjectKind })
        .filter(([, v]) => v !== undefined).map(([c, v]) => `${c} = '${v!}'`)].join(' and ')
      const newest = (await client.query<{ id: number }>(
        `select id from search_rows where story_id like 'sto_slice_%' and ${where} order by id desc limit $1`, [RANK_WINDOW, NOW])).rows.map((r) => Number(r.id))
      for (const read of [undefined, 'walk', 'bitmap'] as const) {
        const { hits } = await findStories(db, searchTerms('sliceword ')!, filter, null, RANK_WINDOW, NOW, read)
        t.same(hits.map((h) => h.key[1]).sort((a, b) => b - a), newest, `${read ?? 'chosen'} ${JSON.stringify(filter)}: the ${newest.length} newest public matches`)
      }
    }
    t.ok((await client.query("select count(*)::int as n from search_rows where story_id like 'sto_slice_%' and type = 'news' and public_at <= $1", [NOW])).rows[0]!.n > RANK_WINDOW, 'a filter keeps more than a window')
    await client.query("delete from search_rows where story_id like 'sto_slice_%'")
  })

  t.test('the same stories as SQLite\'s FTS5 search', async (t) => {
    const sqlite = openDatabase(':memory:')
    t.teardown(() => sqlite.close())
    migrateDatabase(sqlite)
    sqlite.sqlite.prepare("INSERT INTO sections (id, slug, name, updated_at) VALUES ('sec_features', 'features', 'Features', 1)").run()
    const story = sqlite.sqlite.prepare("INSERT INTO stories (id, slug, type, status, section_id, created_at, updated_at, title, card_json) VALUES (?, ?, 'feature', 'published', 'sec_features', 1, 1, ?, ?)")
    for (const [id, e] of corpus) {
      story.run(id, id, e.text[0], JSON.stringify({ id }))
      await indexStoryOnSqlite(sqlite.db, id, e)
    }
    const search = searchRepository(sqlite.db)
    const onSqlite = async (input: string, filter: SearchFilter = {}) =>
      (await search.search(searchTerms(input)!, filter, null, 100, NOW)).items.map((j) => (JSON.parse(j) as { story: { id: string } }).story.id)
    for (const [input, filter] of [['xylophonic'], ['xyloph'], ['pokemon'], ['cafe'], ['marsupial wom'], ['wombat'], ['jonze'], ['robot'], ['example com'], ['14 op path'],
      ['我们'], ['common'], ['common', { type: 'news' }], ['common', { sectionId: 'sec_games' }], ['the'], ['quokkaflux'], ['review'], ['a']] as Array<[string, SearchFilter?]>) {
      const mine = await ids(input, filter)
      t.same([...mine].sort(), (await onSqlite(input, filter)).sort(), `${JSON.stringify(input)} ${JSON.stringify(filter ?? {})}: ${mine.length} stories`)
    }
    t.same((await ids('xylophonic')), await onSqlite('xylophonic'), 'and the same order for title over body')
  })
})
