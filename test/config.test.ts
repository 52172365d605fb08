import t from 'tap'
import { loadConfig } from '../src/config.js'

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
