import t from 'tap'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Value } from 'typebox/value'
import { availableParallelism } from 'node:os'
import { ConfigError, ConfigSchema, databaseEngine, loadConfig, writesOnThread, type Config } from '../src/config.js'
import { variableList } from '../src/config-variables.js'
import { configTable } from '../scripts/config-table.js'

t.test('defaults', async (t) => {
  const c = loadConfig({})
  t.equal(c.port, 3000)
  t.equal(c.host, '127.0.0.1')
  t.equal(c.databasePath, './data/byline.db')
  t.equal(c.seedDemo, true)
  t.equal(c.eventLoopNice, 19)
})

t.test('values from the environment', async (t) => {
  const c = loadConfig({ PORT: '8080', HOST: '0.0.0.0', DATABASE_PATH: '/tmp/x.db', SEED_DEMO: 'false', LOG_LEVEL: 'warn', CACHE_MAX_AGE: '0' })
  t.same([c.port, c.host, c.databasePath, c.seedDemo, c.logLevel, c.cache.maxAge], [8080, '0.0.0.0', '/tmp/x.db', false, 'warn', 0])
})

t.test('bad values stop the boot with a message naming the variable', async (t) => {
  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'abc' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ SEED_DEMO: 'maybe' }, /SEED_DEMO/],
    [{ SITE_URL: 'byline.example' }, /SITE_URL/],
    [{ SITE_URL: 'https://byline.example/' }, /SITE_URL/],
    [{ CACHE_S_MAXAGE: '-1' }, /CACHE_S_MAXAGE/],
    [{ CURSOR_SECRET: 'short' }, /CURSOR_SECRET/],
    [{ RATE_LIMIT_PARTNER: '0' }, /RATE_LIMIT_PARTNER/],
    [{ TRUST_PROXY: '0' }, /TRUST_PROXY/],
    [{ EVENT_LOOP_NICE: '20' }, /EVENT_LOOP_NICE/]
  ]
  for (const [env, message] of bad) t.throws(() => loadConfig(env), { name: 'ConfigError', message }, JSON.stringify(env))
})

t.test('TRUST_PROXY: off, on, a hop count or proxy addresses', async (t) => {
  t.equal(loadConfig({}).trustProxy, false)
  t.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true)
  t.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2)
  t.same(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy, ['10.0.0.0/8', '127.0.0.1'])
})

// Below: the table in src/config-variables.ts is the one declaration of each variable.

const VARIABLES = variableList().map(({ variable }) => variable)
const refusal = (env: Record<string, string>, overrides: Partial<Config> = {}): string | null => {
  try {
    loadConfig(env, overrides)
    return null
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    return error.message
  }
}
const names = (message: string | null, name: string): boolean => message !== null && message.includes(`\n  ${name}: `)

t.test('the README\'s table of variables is what scripts/config-table.ts prints', async (t) => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const section = readme.slice(readme.indexOf('\n## Configuration\n'))
  const table = /^(?:\|.*\n)+/m.exec(section)?.[0]
  t.equal(table, configTable(), 'README.md drifted from the variables: run npx tsx scripts/config-table.ts and paste its output')
  const printed = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../scripts/config-table.ts', import.meta.url))], { encoding: 'utf8' })
  t.equal(printed.status, 0, printed.stderr)
  t.equal(printed.stdout, configTable(), 'the script prints that table')
  t.same(table?.match(/^\| `([A-Z0-9_]+)`/gm)?.map((row) => row.slice(3, -1)), VARIABLES.map((v) => v.name), 'one row per variable, in the table\'s order')
})

t.test('each variable is declared once, under a name of its own', async (t) => {
  const all = VARIABLES.map((v) => v.name)
  t.same([...new Set(all)], all, 'no name twice')
  for (const name of all) t.match(name, /^[A-Z][A-Z0-9_]*$/)
  t.ok(Value.Check(ConfigSchema, loadConfig({})), 'the defaults fit the schema')
})

t.test('every variable is read: a bad value is refused with its name', async (t) => {
  // Accepted whatever their text; checked below for being read at all.
  const anyString = ['HOST', 'DATABASE_PATH']
  const candidates = ['not valid!', '-1', '0', 'x'.repeat(5000), 'mysql://db.example/x']
  for (const { name } of VARIABLES) {
    const refused = candidates.find((value) => names(refusal({ [name]: value }), name))
    if (anyString.includes(name)) t.equal(refused, undefined, `${name} takes any text`)
    else t.not(refused, undefined, `${name} refuses a bad value`)
  }
  for (const name of anyString) t.ok(JSON.stringify(loadConfig({ [name]: 'probe.example' })).includes('probe.example'), `${name} is read`)
})

t.test('one message lists every bad variable, each once', async (t) => {
  const message = refusal({ PORT: 'abc', LOG_LEVEL: 'loud', CACHE_MAX_AGE: '-1', RATE_LIMIT_KEY: '0', SITE_URL: 'x' })
  t.match(message, /^Invalid configuration:\n {2}PORT: must be a non-negative integer, got "abc"\n/)
  for (const name of ['PORT', 'LOG_LEVEL', 'CACHE_MAX_AGE', 'RATE_LIMIT_KEY', 'SITE_URL']) t.equal(message?.split(`\n  ${name}: `).length, 2, name)
  t.match(refusal({ SEED_DEMO: 'maybe' }), 'SEED_DEMO: must be true or false, got "maybe"')
})

t.test('defaults that follow other variables', async (t) => {
  t.equal(loadConfig({}).publicUrl, 'http://127.0.0.1:3000')
  t.equal(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).publicUrl, 'http://0.0.0.0:8080')
  t.equal(loadConfig({ HOST: '0.0.0.0', PUBLIC_URL: 'https://api.example.org' }).publicUrl, 'https://api.example.org', 'set, it wins')
  t.equal(loadConfig({}, { port: 9000 }).publicUrl, 'http://127.0.0.1:3000', 'they follow the environment, not overrides')
  const podcast = loadConfig({ PUBLICATION_NAME: 'Example', SITE_URL: 'https://news.example.org:8443/site' }).podcast
  t.same([podcast.author, podcast.ownerName, podcast.ownerEmail, podcast.imageUrl], ['Example', 'Example', 'podcasts@news.example.org', 'https://news.example.org:8443/site/podcast.jpg'])
  t.same([loadConfig({}).podcast.author, loadConfig({}).podcast.ownerEmail], ['Byline', 'podcasts@byline.example'])
  t.equal(loadConfig({ PUBLICATION_NAME: 'Example', PODCAST_AUTHOR: 'Someone' }).podcast.author, 'Someone')
})

t.test('empty means unset; blank means unset where a blank list would make no sense', async (t) => {
  t.same(loadConfig(Object.fromEntries(VARIABLES.map((v) => [v.name, '']))), loadConfig({}), 'every variable set to ""')
  t.equal(loadConfig({ TRUST_PROXY: '  ' }).trustProxy, false)
  t.same(loadConfig({ PODCAST_CATEGORY: '  ' }).podcast.categories, [{ text: 'Leisure', sub: 'Video Games' }])
  t.match(refusal({ CORS_ORIGINS: '  ' }), /CORS_ORIGINS/)
  t.same([loadConfig({}).podcast.title, loadConfig({}).cursorSecret], [null, null])
})

t.test('lists, booleans and the other parsers', async (t) => {
  t.equal(loadConfig({}).corsOrigins, '*')
  t.same(loadConfig({ CORS_ORIGINS: 'https://a.example, http://b.example:8080' }).corsOrigins, ['https://a.example', 'http://b.example:8080'])
  t.same(['YES', 'on', '1', 'False', 'off', '0'].map((v) => loadConfig({ FEEDS_FULL_TEXT: v }).feedsFullText), [true, true, true, false, false, false])
  t.same(loadConfig({ PODCAST_CATEGORY: 'Technology, TV & Film > Film Reviews' }).podcast.categories, [{ text: 'Technology', sub: null }, { text: 'TV & Film', sub: 'Film Reviews' }])
  const c = loadConfig({ RATE_LIMIT_ANONYMOUS: '5', PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0', CACHE_STALE_IF_ERROR: '7' })
  t.same([c.rateLimit.anonymous, c.pressure.maxEventLoopDelayMs, c.cache.staleIfError], [5, 0, 7])
})

t.test('overrides are merged over the environment and validated', async (t) => {
  const c = loadConfig({ PORT: '8080', LOG_LEVEL: 'warn' }, { port: 9000, databasePath: ':memory:' })
  t.same([c.port, c.logLevel, c.databasePath], [9000, 'warn', ':memory:'])
  t.match(refusal({}, { port: -1 }), /\n {2}PORT: /)
  t.match(refusal({}, { cache: { maxAge: -1, sMaxAge: 0, staleWhileRevalidate: 0, staleIfError: 0 } }), /\n {2}CACHE_MAX_AGE: /, 'a nested value names its variable')
  t.match(refusal({}, { podcast: { ...loadConfig({}).podcast, categories: [{ text: 'Leisure', sub: 'Chess' }] } }), /PODCAST_CATEGORY: not an Apple Podcasts category/)
  t.equal(writesOnThread(loadConfig({})), true)
  t.equal(writesOnThread(c), false, 'not for :memory:')
})

t.test('the engine: DATABASE_URL (postgres://) wins over DATABASE_PATH; a file path is SQLite\'s', async (t) => {
  t.same(databaseEngine(loadConfig({})), { kind: 'sqlite', path: './data/byline.db' })
  t.same(databaseEngine(loadConfig({ DATABASE_PATH: '/tmp/a.db' })), { kind: 'sqlite', path: '/tmp/a.db' })
  t.same(databaseEngine(loadConfig({ DATABASE_PATH: '/tmp/a.db', DATABASE_URL: './b.db' })), { kind: 'sqlite', path: './b.db' })
  const url = 'postgres://byline:secret@127.0.0.1:5433/byline'
  t.same(databaseEngine(loadConfig({ DATABASE_PATH: '/tmp/a.db', DATABASE_URL: url, DATABASE_REPLICA_URLS: 'postgres://r1/byline, postgresql://r2/byline' })),
    { kind: 'postgres', url, replicaUrls: ['postgres://r1/byline', 'postgresql://r2/byline'] })
  t.equal(writesOnThread(loadConfig({ DATABASE_URL: url })), false, 'Postgres has no writer thread')
  t.equal(writesOnThread(loadConfig({ DATABASE_URL: '/tmp/c.db' })), true)
  const refusedReplicas = refusal({ DATABASE_REPLICA_URLS: 'postgres://r1/byline' })
  t.ok(names(refusedReplicas, 'DATABASE_REPLICA_URLS'), 'replicas without a Postgres primary are refused')
  const badUrl = refusal({ DATABASE_URL: 'postgres://user:hunter2@[bad/x' })
  t.ok(names(badUrl, 'DATABASE_URL'))
  t.notMatch(badUrl, /hunter2/, 'the message never shows the password')
  t.equal(loadConfig({ WORKERS: 'auto' }).workers, availableParallelism())
  t.equal(loadConfig({ WORKERS: '3' }).workers, 3)
  t.ok(names(refusal({ WORKERS: '0' }), 'WORKERS'))
})
